// What the 1-D and the transposed mode share when they mount: panels chosen by name,
// the link-problem box and the player keys, which are listened for on the root (never
// on document), so two mounts on a page stay apart.
import { h } from './dom.js';

/** Shows only the named panels (null: all). Unknown names are the caller's to report. */
export function showPanels(sections, panels) {
  for (const [name, el] of Object.entries(sections)) el.hidden = Array.isArray(panels) && !panels.includes(name);
}

export const problemBox = (doc) => h(doc, 'div', { class: 'error link-message', role: 'alert', hidden: true });

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const ACTIVATES = new Set(['BUTTON', 'A', 'SUMMARY']);

/** Space, ← →, Home and End anywhere in the root, except while typing or on a slider. */
export function bindPlayerKeys(root, { toggle, step, first, last }) {
  const onKey = (ev) => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const t = ev.composedPath?.()[0] ?? ev.target;
    const tag = t.tagName?.toUpperCase?.() ?? '';
    if (TYPING.has(tag) || t.isContentEditable || t.getAttribute?.('role') === 'slider') return;
    switch (ev.key) {
      case ' ':
      case 'Spacebar':
        if (ACTIVATES.has(tag)) return;
        toggle();
        break;
      case 'ArrowRight': step(1); break;
      case 'ArrowLeft': step(-1); break;
      case 'Home': first(); break;
      case 'End': last(); break;
      default: return;
    }
    ev.preventDefault();
  };
  root.addEventListener('keydown', onKey);
  const unbind = () => root.removeEventListener('keydown', onKey);
  // A full page forwards keys pressed while nothing is focused (the target is <body>).
  unbind.handle = onKey;
  return unbind;
}
