// A grid of cells bound to one container: rebuilt only when its size changes, so a
// focused cell keeps focus while its text and classes are updated every render.
import { h } from '../signal/dom.js';

export function createGrid(doc, { label, className, cellLabel, badges = false }) {
  const el = h(doc, 'div', { class: `tgrid ${className}`, role: 'group', 'aria-label': label });
  let cells = [];
  let shape = '';
  return {
    el,
    /** cells: rows × cols of { text, badge?, cls, r, c } (r, c: the coordinates the data attributes carry). */
    render(rows, cols, cellOf) {
      const key = `${rows}x${cols}`;
      if (key !== shape) {
        const root = el.getRootNode();
        const focused = el.contains(root.activeElement) ? root.activeElement.dataset.k : null;
        el.replaceChildren();
        el.style.setProperty('--cols', String(cols));
        cells = [];
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            const value = h(doc, 'span', { class: 'v' });
            const badge = badges ? h(doc, 'span', { class: 'badge', 'aria-hidden': 'true' }) : null;
            const b = h(doc, 'button', { type: 'button', class: 'tcell', 'data-k': `${r},${c}` }, value, badge);
            el.append(b);
            cells.push({ b, value, badge });
          }
        }
        shape = key;
        if (focused) el.querySelector(`[data-k="${focused}"]`)?.focus();
      }
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const cell = cells[r * cols + c];
          const info = cellOf(r, c);
          if (cell.value.textContent !== info.text) cell.value.textContent = info.text;
          if (cell.badge) cell.badge.textContent = info.badge ?? '';
          const cls = `tcell ${info.cls ?? ''}`;
          if (cell.b.className !== cls) cell.b.className = cls;
          cell.b.dataset.r = String(info.r ?? r);
          cell.b.dataset.c = String(info.c ?? c);
          cell.b.setAttribute('aria-label', cellLabel(r, c, info));
          if (info.current) cell.b.setAttribute('aria-current', 'true'); else cell.b.removeAttribute('aria-current');
        }
      }
    },
  };
}
