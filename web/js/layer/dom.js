// A tiny element builder for the layer and quiz views: elements come from the root's
// own document, text always goes in as text (never as HTML).
export function maker(doc) {
  return function h(tag, props = {}, ...children) {
    const el = doc.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k in el && typeof v !== 'string') el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
    return el;
  };
}

/** The first link of each stylesheet inside `root` (a shadow root or container); resolves when they have loaded. */
export function linkStyles(root, hrefs) {
  const doc = root.ownerDocument;
  const links = [];
  const done = Promise.all(hrefs.map((href) => new Promise((resolve) => {
    const link = doc.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.addEventListener('load', resolve);
    link.addEventListener('error', resolve);
    links.push(link);
  })));
  root.prepend(...links);
  return { done, remove: () => links.forEach((l) => l.remove()) };
}
