// The "Export as code" panel: one collapsible section per library, each with its code
// and a Copy button. Bound to the container it is given; elements are made through
// container.ownerDocument, and snippet text only ever goes in as textContent.
//
//   import { exportCode } from '../shared/export-code.js';
//   import { renderExport } from '../shared/export-view.js';
//   const view = renderExport(panelElement, exportCode({ input, kernel, options }), { copy });
//   view.update(exportCode(next));   // on a new derive; open/closed sections are kept
//   view.destroy();                  // empties the container
//
// copy(text) is the page's clipboard helper (may return a promise). When it is missing
// or fails (say, an iframe without clipboard permission), the code is selected instead
// and the status line says to press Ctrl+C. Styles: web/css/export.css (classes export-*).

const LIBRARIES = [
  { key: 'numpy', label: 'NumPy / SciPy' },
  { key: 'torch', label: 'PyTorch' },
  { key: 'opencv', label: 'OpenCV' },
];

export function renderExport(container, snippets, { copy } = {}) {
  const doc = container.ownerDocument;
  const make = (tag, className, text) => {
    const el = doc.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  };
  let current = snippets;
  const root = make('div', 'export-code');
  const parts = LIBRARIES.map(({ key, label }, index) => {
    const details = make('details', 'export-item');
    details.open = index === 0;
    const summary = make('summary', 'export-summary', label);
    const bar = make('div', 'export-bar');
    const button = make('button', 'export-copy', 'Copy');
    button.type = 'button';
    button.setAttribute('aria-label', `Copy the ${label} code`);
    const status = make('span', 'export-status');
    status.setAttribute('role', 'status');
    const pre = make('pre', 'export-pre');
    pre.tabIndex = 0; // long lines scroll sideways; the keyboard must reach them
    pre.setAttribute('aria-label', `${label} code`);
    const code = make('code', 'language-python');
    pre.append(code);
    bar.append(button, status);
    details.append(summary, bar, pre);
    button.addEventListener('click', () => copyCode(key, code, status));
    return { key, code, status };
  });
  root.append(...parts.map((p) => p.code.closest('details')));
  container.replaceChildren(root);

  async function copyCode(key, code, status) {
    try {
      if (typeof copy !== 'function') throw new Error('no clipboard');
      await copy(current[key]);
      status.textContent = 'Copied.';
    } catch {
      const selection = doc.defaultView?.getSelection();
      if (selection) {
        const range = doc.createRange();
        range.selectNodeContents(code);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      status.textContent = 'Could not copy here; the code is selected: press Ctrl+C (⌘C on a Mac), or long-press and Copy.';
    }
  }

  function update(next) {
    current = next;
    for (const { key, code, status } of parts) {
      code.textContent = next[key];
      status.textContent = '';
    }
  }

  update(snippets);
  return { update, destroy: () => container.replaceChildren() };
}
