// Copying text from inside a page, an element's shadow root or a cross-origin iframe.
// The async Clipboard API needs permission that a course page's iframe usually lacks;
// then a selection copy (execCommand) inside the given root is tried, and when that
// is refused too the text is shown, selected, in a read-only box the caller owns,
// so it can always be copied by hand.

/**
 * Copies `text`. `root` is the element or shadow root to work in (never `document`);
 * `box` an optional <input>/<textarea> to show and select the text in when copying is
 * refused. Resolves to 'clipboard' | 'selection' | 'manual'.
 */
export async function copyText(text, { root, box = null, clipboard = globalThis.navigator?.clipboard } = {}) {
  const doc = root?.ownerDocument ?? null;
  // A frame whose permissions policy blocks the Clipboard API: asking anyway only logs a violation.
  const policy = doc?.permissionsPolicy ?? doc?.featurePolicy;
  const blocked = typeof policy?.allowsFeature === 'function' && !policy.allowsFeature('clipboard-write');
  try {
    if (blocked || !clipboard?.writeText) throw new Error('no clipboard');
    await clipboard.writeText(text);
    if (box) box.hidden = true;
    return 'clipboard';
  } catch {
    // Fall through to the selection copy.
  }
  if (doc && selectionCopy(text, root, doc)) {
    if (box) box.hidden = true;
    return 'selection';
  }
  if (box) {
    box.value = text;
    box.hidden = false;
    box.closest?.('[hidden]')?.removeAttribute('hidden');
    box.focus();
    box.select();
  }
  return 'manual';
}

function selectionCopy(text, root, doc) {
  if (typeof doc.execCommand !== 'function') return false;
  const ta = doc.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.setAttribute('aria-hidden', 'true');
  ta.className = 'visually-hidden';
  const previous = root.activeElement ?? doc.activeElement;
  // Inside the root, not the document: a ShadowRoot and an Element both take children.
  root.append(ta);
  let ok = false;
  try {
    ta.select();
    ok = doc.execCommand('copy');
  } catch {
    ok = false;
  }
  ta.remove();
  previous?.focus?.({ preventScroll: true });
  return ok;
}
