// Building the grids of the matrix mode: made once per shape (the render path only
// updates their text and classes), inside the root's document, never document itself.

const COMPACT_FROM = 11;

/** `el` the view's elements, `shown` its record of what the DOM holds, `active()` the focused element. */
export function createGrids(doc, el, shown, active) {
  function cellInput(matrix, label, className, r, c) {
    const cell = doc.createElement('input');
    cell.type = 'text';
    cell.inputMode = 'decimal';
    cell.autocomplete = 'off';
    cell.spellcheck = false;
    cell.className = className;
    cell.dataset.matrix = matrix;
    cell.dataset.r = r;
    cell.dataset.c = c;
    cell.setAttribute('aria-label', `${label} row ${r + 1} column ${c + 1}`);
    return cell;
  }

  function buildPadded(d) {
    const { height: H, width: W } = d.inputShape;
    const { top, bottom, left, right } = d.padding;
    const rows = H + top + bottom;
    const cols = W + left + right;
    const a = active();
    const focused = a?.dataset?.matrix === 'input' ? [Number(a.dataset.r), Number(a.dataset.c)] : null;
    const frag = doc.createDocumentFragment();
    shown.padCells = [];
    shown.inCells = [];
    shown.padText = [];
    for (let pr = 0; pr < rows; pr++) {
      const line = [];
      for (let pc = 0; pc < cols; pc++) {
        const r = pr - top;
        const c = pc - left;
        let cell;
        if (r >= 0 && r < H && c >= 0 && c < W) {
          cell = cellInput('input', 'Input', 'cell in', r, c);
          (shown.inCells[r] ??= [])[c] = cell;
        } else {
          cell = doc.createElement('div');
          cell.className = 'cell pad';
          cell.title = 'Padding: value supplied by the border mode';
        }
        cell.dataset.pr = pr;
        cell.dataset.pc = pc;
        line.push(cell);
        frag.append(cell);
      }
      shown.padCells.push(line);
    }
    // The window, its tap marks and weights live in one overlay that moves with a
    // transform, so stepping repaints neither the grid nor its thousand inputs.
    shown.overlay = doc.createElement('div');
    shown.overlay.className = 'window-overlay';
    shown.overlay.hidden = true;
    shown.overlay.setAttribute('aria-hidden', 'true');
    const box = doc.createElement('div');
    box.className = 'window-box';
    shown.overlay.append(box);
    frag.append(shown.overlay);
    shown.marks = [];
    el.padded.style.setProperty('--cols', cols);
    el.padded.classList.toggle('compact', cols >= COMPACT_FROM);
    el.padded.replaceChildren(frag);
    el.padded.setAttribute('aria-label', `Input matrix, ${H} by ${W}, with ${top} ${top === 1 ? 'row' : 'rows'} of padding above, ${bottom} below, ${left} ${left === 1 ? 'column' : 'columns'} left and ${right} right`);
    if (focused) shown.inCells[focused[0]]?.[focused[1]]?.focus();
  }

  function buildKernel(M, N) {
    const frag = doc.createDocumentFragment();
    shown.kernelCells = [];
    for (let r = 0; r < M; r++) {
      const line = [];
      for (let c = 0; c < N; c++) {
        const cell = cellInput('kernel', 'Kernel', 'cell kin', r, c);
        line.push(cell);
        frag.append(cell);
      }
      shown.kernelCells.push(line);
    }
    el.kernel.style.setProperty('--cols', N);
    el.kernel.replaceChildren(frag);
  }

  function buildOutput(outH, outW) {
    const frag = doc.createDocumentFragment();
    shown.outCells = [];
    for (let s = 0; s < outH * outW; s++) {
      const cell = doc.createElement('div');
      cell.className = 'cell out';
      cell.dataset.step = s;
      shown.outCells.push(cell);
      frag.append(cell);
    }
    shown.outText = new Array(outH * outW).fill('');
    shown.outClass = new Array(outH * outW).fill('');
    el.output.style.setProperty('--cols', outW);
    el.output.classList.toggle('compact', outW >= COMPACT_FROM);
    el.output.replaceChildren(frag);
    el.output.setAttribute('aria-label', `Output matrix, ${outH} by ${outW}`);
  }

  return { buildPadded, buildKernel, buildOutput };
}

/** Scrolls a matrix's own box (never the page) so the cells first…last are visible. */
export function keepInView(scroller, first, last) {
  if (!first || !last) return;
  if (scroller.scrollWidth <= scroller.clientWidth && scroller.scrollHeight <= scroller.clientHeight) return;
  const box = scroller.getBoundingClientRect();
  const a = first.getBoundingClientRect();
  const b = last.getBoundingClientRect();
  // When the cells leave the box, centre them: the box then scrolls once every
  // few steps instead of a cell at a time, which would re-raster it every step.
  const m = 6;
  const centre = (lo, hi, boxLo, boxHi) => (lo >= boxLo + m && hi <= boxHi - m ? 0 : (lo + hi) / 2 - (boxLo + boxHi) / 2);
  const dx = centre(a.left, b.right, box.left, box.right);
  const dy = centre(a.top, b.bottom, box.top, box.bottom);
  if (dx || dy) scroller.scrollBy(dx, dy);
}
