// Building DOM and SVG inside the document of the root a view is given. Text is always
// set as textContent, never parsed as HTML.
const SVG_NS = 'http://www.w3.org/2000/svg';

/** h(doc, 'button', { class: 'x', type: 'button' }, 'text', child…) */
export function h(doc, tag, attrs = {}, ...children) {
  const el = doc.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children) if (c !== null && c !== undefined) el.append(typeof c === 'string' ? doc.createTextNode(c) : c);
  return el;
}

export function svg(doc, tag, attrs = {}, text) {
  const el = doc.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  if (text !== undefined) el.textContent = text;
  return el;
}

export function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) el.removeAttribute(k);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

export function clear(el) {
  while (el.firstChild) el.lastChild.remove();
}

let ids = 0;
/** A document-unique id prefix for one mounted view (labels need ids; two mounts must differ). */
export const uid = (base) => `${base}${++ids}-`;
