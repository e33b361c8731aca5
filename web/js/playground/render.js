// The view: builds the grids when a shape changes and otherwise touches only
// what differs from the previous frame, so an edit of a 32×32 input re-renders
// well inside one frame. All numbers shown come from the derived data (engine).
import { stepToCell, windowRect, outputsFedBy } from './geometry.js';
import { formatDisplay, formatPrecise } from '../shared/numbers.js';
import { SPEEDS } from './state.js';

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);
// Factors in the arithmetic, bracketed when negative as the course writes them: 0×(−1).
const factor = (v) => (v < 0 ? `(${formatPrecise(v)})` : formatPrecise(v));
const COMPACT_FROM = 11;

// Writing an identical text or attribute still invalidates layout; these skip no-op writes.
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** One editable matrix cell, named for screen readers by its matrix, row and column (1-based). */
function cellInput(matrix, label, className, r, c) {
  const cell = document.createElement('input');
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

export function createView() {
  const el = {
    main: $('playground'),
    padded: $('padded-grid'), kernel: $('kernel-grid'), folded: $('folded'), foldedGrid: $('folded-grid'),
    output: $('output-grid'), inputScroll: $('input-scroll'), outputScroll: $('output-scroll'), inputShape: $('input-shape'), kernelShape: $('kernel-shape'), outputShape: $('output-shape'),
    inputRows: $('input-rows'), inputCols: $('input-cols'), kernelRows: $('kernel-rows'), kernelCols: $('kernel-cols'),
    strideY: $('stride-y'), strideX: $('stride-x'), dilationY: $('dilation-y'), dilationX: $('dilation-x'),
    padding: $('padding'), explicit: $('explicit-padding'), padTop: $('pad-top'), padBottom: $('pad-bottom'),
    padLeft: $('pad-left'), padRight: $('pad-right'), border: $('border'), constantField: $('constant-field'),
    constant: $('constant'), flip: $('flip'),
    sizeErrors: $('size-errors'), cellErrors: $('cell-errors'), settingErrors: $('setting-errors'),
    formula: $('formula'), fitError: $('fit-error'), macs: $('macs'), outputMessage: $('output-message'),
    first: $('first'), back: $('back'), play: $('play'), forward: $('forward'), last: $('last'),
    step: $('step'), stepText: $('step-text'), speed: $('speed'), speedText: $('speed-text'),
    arithmetic: $('arithmetic'), pseudocode: $('pseudocode'), announce: $('announce'),
    presetNote: $('preset-note'), notice: $('notice'), feedNote: $('feed-note'),
  };

  // What the DOM currently shows, to skip work that would not change anything.
  const shown = {
    paddedKey: '', kernelKey: '', outputKey: '', foldedKey: '',
    padCells: [], inCells: [], kernelCells: [], outCells: [], foldedCells: [],
    outText: [], outClass: [], padText: [],
    overlay: null, marks: [],
    taps: [], feeds: [], focusKey: '', staticVersion: -1, announced: '', invalid: [],
  };

  const settingFields = [
    ['strideY', el.strideY], ['strideX', el.strideX], ['dilationY', el.dilationY], ['dilationX', el.dilationX],
    ['padTop', el.padTop], ['padBottom', el.padBottom], ['padLeft', el.padLeft], ['padRight', el.padRight],
    ['constant', el.constant],
  ];

  function setValue(input, text) {
    if (document.activeElement !== input && input.value !== text) input.value = text;
  }

  function setMessage(box, messages) {
    const text = messages.join('\n');
    if (box.textContent !== text) box.textContent = text;
    box.hidden = messages.length === 0;
  }

  function buildPadded(d) {
    const { height: H, width: W } = d.inputShape;
    const { top, bottom, left, right } = d.padding;
    const rows = H + top + bottom;
    const cols = W + left + right;
    const focused = document.activeElement?.dataset?.matrix === 'input'
      ? [Number(document.activeElement.dataset.r), Number(document.activeElement.dataset.c)] : null;
    const frag = document.createDocumentFragment();
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
          cell = document.createElement('div');
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
    shown.overlay = document.createElement('div');
    shown.overlay.className = 'window-overlay';
    shown.overlay.hidden = true;
    shown.overlay.setAttribute('aria-hidden', 'true');
    const box = document.createElement('div');
    box.className = 'window-box';
    shown.overlay.append(box);
    frag.append(shown.overlay);
    shown.marks = [];
    el.padded.style.setProperty('--cols', cols);
    el.padded.classList.toggle('compact', cols >= COMPACT_FROM);
    el.padded.replaceChildren(frag);
    el.padded.setAttribute('aria-label', `Input matrix, ${H} by ${W}, with ${top} ${top === 1 ? 'row' : 'rows'} of padding above, ${bottom} below, ${left} ${left === 1 ? 'column' : 'columns'} left and ${right} right`);
    shown.feeds = [];
    if (focused) shown.inCells[focused[0]]?.[focused[1]]?.focus();
  }

  function buildKernel(M, N) {
    const frag = document.createDocumentFragment();
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
    const frag = document.createDocumentFragment();
    shown.outCells = [];
    for (let s = 0; s < outH * outW; s++) {
      const cell = document.createElement('div');
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
    shown.feeds = [];
  }

  function syncControls(state, d) {
    const s = state.settings;
    for (const [key, input] of settingFields) setValue(input, s[key]);
    if (el.padding.value !== s.padding) el.padding.value = s.padding;
    if (el.border.value !== s.border) el.border.value = s.border;
    el.flip.checked = s.flip;
    el.explicit.hidden = s.padding !== 'explicit';
    el.constantField.hidden = s.border !== 'constant';
    setValue(el.inputRows, state.sizeText.inputRows);
    setValue(el.inputCols, state.sizeText.inputCols);
    setValue(el.kernelRows, state.sizeText.kernelRows);
    setValue(el.kernelCols, state.sizeText.kernelCols);
    for (const [key, input] of settingFields) {
      const bad = d.settingErrors.some((e) => e.field === key);
      input.toggleAttribute('aria-invalid', bad);
    }
    setText(el.presetNote, state.presetNote);
    setText(el.notice, state.notice);
  }

  function syncMatrices(state, d) {
    const H = d.inputShape.height;
    const W = d.inputShape.width;
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) setValue(shown.inCells[r][c], state.input[r][c]);
    for (let r = 0; r < d.kernelShape.height; r++) {
      for (let c = 0; c < d.kernelShape.width; c++) setValue(shown.kernelCells[r][c], state.kernel[r][c]);
    }
    for (const cell of shown.invalid) cell.removeAttribute('aria-invalid');
    shown.invalid = [];
    for (const e of d.cellErrors) {
      const cell = e.message.startsWith('Input') ? shown.inCells[e.r][e.c] : shown.kernelCells[e.r][e.c];
      cell.setAttribute('aria-invalid', 'true');
      shown.invalid.push(cell);
    }
    const rows = shown.padCells.length;
    const cols = rows ? shown.padCells[0].length : 0;
    for (let pr = 0; pr < rows; pr++) {
      for (let pc = 0; pc < cols; pc++) {
        const cell = shown.padCells[pr][pc];
        if (cell.tagName === 'INPUT') continue;
        // Padding values are read off the engine's padded copy of the input.
        const text = d.padded ? formatDisplay(d.padded.data[pr * d.padded.width + pc]) : '?';
        if (shown.padText[pr * cols + pc] !== text) {
          cell.textContent = text;
          shown.padText[pr * cols + pc] = text;
        }
      }
    }
  }

  /** Scrolls a matrix's own box (never the page) so the cells first…last are visible. */
  function keepInView(scroller, first, last) {
    if (!first || !last) return;
    if (scroller.scrollWidth <= scroller.clientWidth && scroller.scrollHeight <= scroller.clientHeight) return;
    const box = scroller.getBoundingClientRect();
    const a = first.getBoundingClientRect();
    const b = last.getBoundingClientRect();
    // When the cells leave the box, centre them: the box then scrolls once every
    // few steps instead of a cell at a time, which would re-raster it every step.
    const m = 6;
    const centre = (lo, hi, boxLo, boxHi) => {
      if (lo >= boxLo + m && hi <= boxHi - m) return 0;
      return (lo + hi) / 2 - (boxLo + boxHi) / 2;
    };
    const dx = centre(a.left, b.right, box.left, box.right);
    const dy = centre(a.top, b.bottom, box.top, box.bottom);
    if (dx || dy) scroller.scrollBy(dx, dy);
  }

  function renderFormula(d) {
    const o = d.options;
    if (!o) {
      el.formula.innerHTML = '<p>Fix the settings above to see the output size.</p>';
      el.macs.textContent = '';
      return;
    }
    const { height: H, width: W } = d.inputShape;
    const { height: M, width: N } = d.kernelShape;
    const p = d.padding;
    const axis = (name, size, a, b, k, dil, stride, extent, out, sym) => {
      const ext = dil > 1
        ? `<div>E${sym} = D${sym}·(${sym === 'y' ? 'M' : 'N'} − 1) + 1 = ${dil}·(${k} − 1) + 1${extent !== null ? ` = ${extent}` : ''}</div>`
        : '';
      const e = extent ?? (dil > 1 ? `E${sym}` : k);
      const res = out !== null ? ` = ${out}` : ' < 1';
      // Unbreakable pieces: a narrow column wraps between them, never inside the floor brackets.
      return `${ext}<div class="formula-line"><span class="formula-name">${name}</span> = <span>⌊(${size} + ${a} + ${b} − ${e}) / ${stride}⌋</span> <span>+ 1${res}</span></div>`;
    };
    const pl = d.plan ?? d.partial;
    const extY = pl.extentY ?? d.fit.find((f) => f.axis === 'rows')?.extent ?? null;
    const extX = pl.extentX ?? d.fit.find((f) => f.axis === 'columns')?.extent ?? null;
    const formulaHtml =
      `<div class="formula-general">out = ⌊(size + pad before + pad after − kernel extent) / stride⌋ + 1</div>` +
      axis('rows', H, p.top, p.bottom, M, o.dilationY, o.strideY, extY, pl.outHeight ?? null, 'y') +
      axis('columns', W, p.left, p.right, N, o.dilationX, o.strideX, extX, pl.outWidth ?? null, 'x');
    if (el.formula.innerHTML !== formulaHtml) el.formula.innerHTML = formulaHtml;
    if (d.plan) {
      const total = pl.outHeight * pl.outWidth * M * N;
      setText(el.macs, `Multiply-adds for the whole output: ${pl.outHeight} × ${pl.outWidth} × ${M} × ${N} = ${total.toLocaleString('en')}`);
    } else {
      setText(el.macs, '');
    }
  }

  function fitMessages(d) {
    // The engine's message already names the axis, the sizes and the remedies.
    return d.planError ? [d.planError] : [];
  }

  function outputMessages(d) {
    if (d.cellErrors.length) return ['The output waits for every cell to hold a number; fix the cells marked above.'];
    if (d.settingErrors.length) return ['The output waits for valid settings; fix the settings marked in the Settings panel.'];
    if (d.planError) return ['No output: the kernel does not fit with these settings (see Output size).'];
    if (d.engineError) return [`The engine refused these values: ${d.engineError}`];
    return [];
  }

  function clearHighlights() {
    if (shown.overlay) shown.overlay.hidden = true;
  }

  function mark(k) {
    let m = shown.marks[k];
    if (!m) {
      m = document.createElement('span');
      m.className = 'tap-mark';
      const w = document.createElement('span');
      w.className = 'weight';
      m.append(w);
      shown.overlay.append(m);
      shown.marks[k] = m;
    }
    return m;
  }

  function renderWindow(d, e) {
    if (!e) {
      clearHighlights();
      return;
    }
    const { top, left } = d.padding;
    const rect = windowRect(e.row, e.col, d.geo);
    const o = shown.overlay;
    o.style.setProperty('--r0', rect.row);
    o.style.setProperty('--c0', rect.col);
    if (o.dataset.size !== `${rect.rows}x${rect.cols}`) {
      o.style.setProperty('--nr', rect.rows);
      o.style.setProperty('--nc', rect.cols);
      o.dataset.size = `${rect.rows}x${rect.cols}`;
    }
    o.hidden = false;
    e.taps.forEach((t, k) => {
      const pr = t.inputRow + top;
      const pc = t.inputCol + left;
      const m = mark(k);
      // Offsets inside the window only change with the kernel shape or dilation.
      const at = `${pr - rect.row},${pc - rect.col}`;
      if (m.dataset.at !== at) {
        m.style.setProperty('--dr', pr - rect.row);
        m.style.setProperty('--dc', pc - rect.col);
        m.dataset.at = at;
      }
      m.dataset.pr = pr;
      m.dataset.pc = pc;
      setText(m.firstChild, `×${formatDisplay(t.weight)}`);
      m.hidden = false;
    });
    for (let k = e.taps.length; k < shown.marks.length; k++) shown.marks[k].hidden = true;
  }

  function renderFolded(state, d, e) {
    const show = state.settings.flip && e;
    el.folded.hidden = !show;
    if (!show) return;
    const { height: M, width: N } = d.kernelShape;
    const key = `${M}x${N}`;
    if (shown.foldedKey !== key) {
      shown.foldedCells = [];
      const frag = document.createDocumentFragment();
      for (let k = 0; k < M * N; k++) {
        const cell = document.createElement('div');
        cell.className = 'cell fold';
        shown.foldedCells.push(cell);
        frag.append(cell);
      }
      el.foldedGrid.style.setProperty('--cols', N);
      el.foldedGrid.replaceChildren(frag);
      shown.foldedKey = key;
    }
    // The taps are in window order, so their weights are the folded kernel K′[m][n].
    const words = [];
    e.taps.forEach((t, k) => {
      const text = formatDisplay(t.weight);
      if (shown.foldedCells[k].textContent !== text) shown.foldedCells[k].textContent = text;
      words.push(text);
    });
    el.foldedGrid.setAttribute('aria-label', `Folded kernel, row by row: ${words.join(', ')}`);
  }

  function renderOutputCells(d, step, focus, feeds) {
    const out = d.output;
    const cells = shown.outCells;
    const feedSet = feeds.length ? new Set(feeds) : null;
    for (let s = 0; s < cells.length; s++) {
      const visible = s <= step || s === focus;
      const text = visible ? formatDisplay(out.data[s]) : '';
      if (shown.outText[s] !== text) {
        cells[s].textContent = text;
        shown.outText[s] = text;
      }
      let cls = 'cell out';
      if (s <= step) cls += ' done';
      if (s === focus) cls += ' current';
      if (feedSet?.has(s)) cls += ' feed';
      if (shown.outClass[s] !== cls) {
        cells[s].className = cls;
        shown.outClass[s] = cls;
      }
    }
  }

  function arithmeticHtml(state, d, e, total, step) {
    const N = d.kernelShape.width;
    const groups = [];
    const products = [];
    for (let k = 0; k < e.taps.length; k += N) {
      const row = e.taps.slice(k, k + N);
      groups.push(`(${row.map((t) => {
        const v = t.inside ? factor(t.value) : `<span class="padv" title="padding value (input row ${t.inputRow}, column ${t.inputCol} is outside)">${factor(t.value)}</span>`;
        return `<span class="term">${v}×${factor(t.weight)}</span>`;
      }).join(' + ')})`);
      products.push(`(${row.map((t) => factor(t.product)).join(' + ')})`);
    }
    const padCount = e.taps.filter((t) => !t.inside).length;
    const legend = padCount
      ? `<p class="hint"><span class="padv">Underlined italic</span> values (${padCount}) come from padding: ${esc(borderWords(state, d))}.</p>`
      : '';
    const where = `<p class="arith-title">Step ${step + 1} of ${total}: output position (${e.row}, ${e.col}), window from padded row ${e.row * d.geo.strideY}, column ${e.col * d.geo.strideX}</p>`;
    return `${where}<div class="sum-lines mono"><div><span class="formula-name">Sum</span> = ${groups.join('<br>  + ')}</div>`
      + `<div>  = ${products.join(' + ')}</div><div class="sum-total">  = <strong>${formatPrecise(e.sum)}</strong></div></div>${legend}`;
  }

  function borderWords(state, d) {
    const b = d.options.border;
    if (b === 'constant') return `constant ${formatDisplay(d.options.constant ?? 0)}`;
    return `${b} border (copied from the input)`;
  }

  function announceText(d, e, total, step) {
    const terms = e.taps.map((t) => `${factor(t.value)}${t.inside ? '' : ' (padding)'} × ${factor(t.weight)}`);
    const body = e.taps.length <= 25 ? `${terms.join(' + ')} = ${formatPrecise(e.sum)}` : `sum of ${e.taps.length} products = ${formatPrecise(e.sum)}`;
    return `Step ${step + 1} of ${total}, output position (${e.row}, ${e.col}): ${body}`;
  }

  function pseudocodeHtml(d, e) {
    const g = d.geo;
    const flip = d.options.flip;
    const line = (text, cls = '', note = '') =>
      `<span class="code-line${cls ? ` ${cls}` : ''}">${cls.includes('current') ? '▶ ' : '  '}${text}${note ? `<span class="code-note">  # ${note}</span>` : ''}</span>`;
    const iOn = e ? ' active' : '';
    return [
      line(`for i in 0 … ${g.outHeight - 1}:`, iOn, e ? `i = ${e.row}` : ''),
      line(`  for j in 0 … ${g.outWidth - 1}:`, iOn, e ? `j = ${e.col}` : ''),
      line('    sum = 0'),
      line(`    for m in 0 … ${g.kernelHeight - 1}:`),
      line(`      for n in 0 … ${g.kernelWidth - 1}:`),
      line(`        sum += P[${g.strideY}·i + ${g.dilationY}·m][${g.strideX}·j + ${g.dilationX}·n] × ${flip ? 'K′' : 'K'}[m][n]`),
      line('    O[i][j] = sum', e ? 'current' : '', e ? `O[${e.row}][${e.col}] = ${esc(formatPrecise(e.sum))}` : ''),
    ].join('') + `<span class="code-note">P = padded input (0, 0 is its top-left cell)${flip ? '; K′ = kernel folded 180°' : ''}</span>`;
  }

  /** The one render path: called once per animation frame when something changed. */
  function render(state, d, explain) {
    const staticChanged = shown.staticVersion !== d.version;
    const { height: H, width: W } = d.inputShape;
    const p = d.padding;
    const paddedKey = `${H}x${W}|${p.top},${p.bottom},${p.left},${p.right}`;
    if (paddedKey !== shown.paddedKey) {
      buildPadded(d);
      shown.paddedKey = paddedKey;
    }
    const kernelKey = `${d.kernelShape.height}x${d.kernelShape.width}`;
    if (kernelKey !== shown.kernelKey) {
      buildKernel(d.kernelShape.height, d.kernelShape.width);
      shown.kernelKey = kernelKey;
    }
    const outputKey = d.output ? `${d.output.height}x${d.output.width}` : 'none';
    if (outputKey !== shown.outputKey) {
      if (d.output) buildOutput(d.output.height, d.output.width);
      else {
        el.output.replaceChildren();
        shown.outCells = [];
      }
      shown.outputKey = outputKey;
    }

    if (staticChanged) {
      syncControls(state, d);
      syncMatrices(state, d);
      setText(el.inputShape, `${H} × ${W}`);
      setText(el.kernelShape, `${d.kernelShape.height} × ${d.kernelShape.width}`);
      setText(el.outputShape, d.plan ? `${d.plan.outHeight} × ${d.plan.outWidth}` : '');
      setMessage(el.cellErrors, d.cellErrors.slice(0, 6).map((e) => e.message)
        .concat(d.cellErrors.length > 6 ? [`…and ${d.cellErrors.length - 6} more cells.`] : []));
      setMessage(el.settingErrors, d.settingErrors.map((e) => e.message));
      setMessage(el.sizeErrors, state.sizeErrors);
      setMessage(el.fitError, fitMessages(d));
      setMessage(el.outputMessage, outputMessages(d));
      renderFormula(d);
      shown.staticVersion = d.version;
      shown.focusKey = '';
    }
    setText(el.notice, state.notice);

    const total = d.output ? d.output.height * d.output.width : 0;
    const step = Math.min(state.step, Math.max(total - 1, 0));
    const focus = total ? (state.hoverStep !== null && state.hoverStep < total ? state.hoverStep : step) : -1;

    // Player controls.
    setAttr(el.step, 'max', String(Math.max(total - 1, 0)));
    if (el.step.value !== String(step)) el.step.value = String(step);
    el.step.disabled = total === 0;
    setAttr(el.step, 'aria-valuetext', total ? `step ${step + 1} of ${total}` : 'no steps');
    setText(el.stepText, total ? `${step + 1} / ${total}` : '–');
    const speed = SPEEDS[state.speedIndex];
    if (el.speed.value !== String(state.speedIndex)) el.speed.value = String(state.speedIndex);
    setText(el.speedText, `${speed} steps/s`);
    setAttr(el.speed, 'aria-valuetext', `${speed} steps per second`);
    setText(el.play, state.playing ? 'Pause' : 'Play');
    el.play.disabled = total <= 1;
    el.first.disabled = el.back.disabled = total === 0 || step === 0;
    el.forward.disabled = el.last.disabled = total === 0 || step >= total - 1;

    // Feeding cells of a hovered input or padding cell.
    let feeds = [];
    if (state.hoverCell && d.geo && total) {
      feeds = outputsFedBy(state.hoverCell.row, state.hoverCell.col, d.geo);
      const hc = state.hoverCell;
      const r = hc.row - p.top;
      const c = hc.col - p.left;
      const inside = r >= 0 && r < H && c >= 0 && c < W;
      const name = inside ? `Input cell (${r}, ${c})` : `Padding cell at padded (${hc.row}, ${hc.col})`;
      setText(el.feedNote, feeds.length
        ? `${name} feeds ${feeds.length} output ${feeds.length === 1 ? 'cell' : 'cells'} (dashed outline).`
        : `${name} feeds no output cell with this stride and dilation.`);
    } else {
      setText(el.feedNote, '');
    }

    if (!total) {
      clearHighlights();
      el.folded.hidden = true;
      if (shown.focusKey !== 'none') {
        el.arithmetic.innerHTML = '<p class="hint">No computation to show until the settings and cells are valid.</p>';
        el.pseudocode.textContent = 'for each output cell (i, j):\n  O[i][j] = Σ over m, n of P[…] × K[m][n]\n(the numbers appear once every cell and setting is valid)';
        shown.focusKey = 'none';
      }
      return;
    }

    const { i, j } = stepToCell(focus, d.output.width);
    const e = explain(i, j);
    renderOutputCells(d, step, focus, feeds);
    const focusKey = `${d.version}:${focus}:${step}`;
    if (focusKey !== shown.focusKey) {
      renderWindow(d, e);
      renderFolded(state, d, e);
      el.arithmetic.innerHTML = arithmeticHtml(state, d, e, total, focus);
      el.pseudocode.innerHTML = pseudocodeHtml(d, e);
      shown.focusKey = focusKey;
      const scrolls = [];
      if (e) {
        const r = windowRect(e.row, e.col, d.geo);
        scrolls.push([el.inputScroll, shown.padCells[r.row]?.[r.col], shown.padCells[r.row + r.rows - 1]?.[r.col + r.cols - 1]]);
      }
      // The output is not scrolled under a hovering pointer: the cell would slide away from it.
      if (state.hoverStep === null) scrolls.push([el.outputScroll, shown.outCells[step], shown.outCells[step]]);
      // Measured at the start of the next frame, when layout is already clean, so
      // keeping the window in view never forces an extra layout of a big grid.
      requestAnimationFrame(() => { for (const args of scrolls) keepInView(...args); });
    }
    // Announce the step the learner moved to, not hover previews, and not every
    // frame of playback (a screen reader would fall behind); playback announces when it stops.
    if (!state.playing && state.hoverStep === null) {
      const text = announceText(d, e, total, step);
      if (text !== shown.announced) {
        el.announce.textContent = text;
        shown.announced = text;
      }
    }
  }

  return { el, render, shown };
}
