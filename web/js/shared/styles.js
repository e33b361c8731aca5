// How every mode gets its stylesheets into a shadow root: the host (the element) gives
// styleBase, the URL of web/css/ as it is served, and the mode links its own files from
// there. A page that renders a mode into a container links the sheets in its <head>
// and gives no styleBase; the offline single file, which has no files to link, gives
// INLINE_STYLES and the sheets come from its own copy of their text. (Never
// new URL(…, import.meta.url) here: bundled, that URL is the bundle's, and in the offline
// single file it is empty.)

/**
 * The styleBase of a page with no stylesheet files to link: the offline single file,
 * which carries every sheet of web/css/ as text (globalThis.__cpStyleTexts, by file name).
 */
export const INLINE_STYLES = 'inline-styles:';

function inlineStyleTexts() {
  const t = globalThis.__cpStyleTexts;
  return t && typeof t === 'object' ? t : null;
}

/** INLINE_STYLES where the page carries the sheets as text, else null. */
export function inlineStyleBase() {
  return inlineStyleTexts() ? INLINE_STYLES : null;
}

/**
 * Links `files` (names in web/css/) from `styleBase` at the start of `root`, in order,
 * so the mode's markup after them is styled by them. Returns { done, remove }: done
 * resolves once every sheet has loaded or failed (a missing sheet must not stop the
 * mode), remove takes the links out again. Without styleBase nothing is linked.
 */
export function linkStyles(root, styleBase, files) {
  if (!styleBase) return { done: Promise.resolve(), remove() {} };
  const doc = root.ownerDocument;
  if (styleBase === INLINE_STYLES) {
    const sheets = files.map((file) => {
      const style = doc.createElement('style');
      style.textContent = inlineStyleTexts()?.[file] ?? '';
      style.dataset.modeStyle = '';
      return style;
    });
    root.prepend(...sheets);
    return { done: Promise.resolve(), remove: () => sheets.forEach((s) => s.remove()) };
  }
  const links = files.map((file) => {
    const link = doc.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL(file, styleBase).href;
    link.dataset.modeStyle = '';
    return link;
  });
  const done = Promise.all(links.map((link) => new Promise((resolve) => {
    link.addEventListener('load', resolve, { once: true });
    link.addEventListener('error', resolve, { once: true });
  })));
  root.prepend(...links);
  return { done, remove: () => links.forEach((l) => l.remove()) };
}
