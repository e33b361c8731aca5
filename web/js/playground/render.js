// The view: builds the grids when a shape changes and otherwise touches only
// what differs from the previous frame, so an edit of a 32×32 input re-renders
// well inside one frame. All numbers shown come from the derived data (engine).
import { stepToCell, windowRect, outputsFedBy } from './geometry.js';
import { formatDisplay } from './parse.js';
import { SPEEDS } from './state.js';

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);
const factor = (v) => (v < 0 ? `(${formatDisplay(v)})` : formatDisplay(v));
const COMPACT_FROM = 11;

export function createView() {
  const el = {
    main: $('playground'),
    padded: $('padded-grid'), kernel: $('kernel-grid'), folded: $('folded'), foldedGrid: $('folded-grid'),
    output: $('output-grid'), inputShape: $('input-shape'), kernelShape: $('kernel-shape'), outputShape: $('output-shape'),
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
    windowBox: null, badges: [],
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
          cell = document.createElement('input');
          cell.type = 'text';
          cell.inputMode = 'decimal';
          cell.autocomplete = 'off';
          cell.spellcheck = false;
          cell.className = 'cell in';
          cell.dataset.matrix = 'input';
          cell.dataset.r = r;
          cell.dataset.c = c;
          cell.setAttribute('aria-label', `Input row ${r + 1} column ${c + 1}`);
          (shown.inCells[r] ??= [])[c] = cell;
        } else {
          cell = document.createElement('div');
          cell.className = 'cell pad';
          cell.title = 'Padding: value supplied by the border mode';
        }
        cell.dataset.pr = pr;
        cell.dataset.pc = pc;
        cell.style.gridArea = `${pr + 1} / ${pc + 1}`;
        line.push(cell);
        frag.append(cell);
      }
      shown.padCells.push(line);
    }
    shown.windowBox = document.createElement('div');
    shown.windowBox.className = 'window-box';
    shown.windowBox.hidden = true;
    shown.windowBox.setAttribute('aria-hidden', 'true');
    frag.append(shown.windowBox);
    shown.badges = [];
    el.padded.style.setProperty('--cols', cols);
    el.padded.classList.toggle('compact', cols >= COMPACT_FROM);
    el.padded.replaceChildren(frag);
    el.padded.setAttribute('aria-label', `Input matrix, ${H} by ${W}, with ${top} ${top === 1 ? 'row' : 'rows'} of padding above, ${bottom} below, ${left} ${left === 1 ? 'column' : 'columns'} left and ${right} right`);
    shown.taps = [];
    shown.feeds = [];
    if (focused) shown.inCells[focused[0]]?.[focused[1]]?.focus();
  }

  function buildKernel(M, N) {
    const frag = document.createDocumentFragment();
    shown.kernelCells = [];
    for (let r = 0; r < M; r++) {
      const line = [];
      for (let c = 0; c < N; c++) {
        const cell = document.createElement('input');
        cell.type = 'text';
        cell.inputMode = 'decimal';
        cell.autocomplete = 'off';
        cell.spellcheck = false;
        cell.className = 'cell kin';
        cell.dataset.matrix = 'kernel';
        cell.dataset.r = r;
        cell.dataset.c = c;
        cell.setAttribute('aria-label', `Kernel row ${r + 1} column ${c + 1}`);
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
    el.presetNote.textContent = state.presetNote;
    el.notice.textContent = state.notice;
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
      return `${ext}<div class="formula-line"><span class="formula-name">${name}</span> = ⌊(${size} + ${a} + ${b} − ${e}) / ${stride}⌋ + 1${res}</div>`;
    };
    const pl = d.plan;
    const extY = pl ? pl.extentY : (d.fit.find((f) => f.axis === 'rows')?.extent ?? null);
    const extX = pl ? pl.extentX : (d.fit.find((f) => f.axis === 'columns')?.extent ?? null);
    el.formula.innerHTML =
      `<div class="formula-general">out = ⌊(size + pad before + pad after − kernel extent) / stride⌋ + 1</div>` +
      axis('rows', H, p.top, p.bottom, M, o.dilationY, o.strideY, extY, pl ? pl.outHeight : null, 'y') +
      axis('columns', W, p.left, p.right, N, o.dilationX, o.strideX, extX, pl ? pl.outWidth : null, 'x');
    if (pl) {
      const total = pl.outHeight * pl.outWidth * M * N;
      el.macs.textContent = `Multiply-adds for the whole output: ${pl.outHeight} × ${pl.outWidth} × ${M} × ${N} = ${total.toLocaleString('en')}`;
    } else {
      el.macs.textContent = '';
    }
  }

  function fitMessages(d) {
    if (!d.planError) return [];
    const lines = [`The kernel does not fit: ${d.planError}`];
    for (const f of d.fit) {
      const what = f.dilation > 1 ? `${f.extent} ${f.axis} (kernel ${f.kernel} with dilation ${f.dilation})` : `${f.extent} ${f.axis}`;
      lines.push(`The window spans ${what}, but the padded input has only ${f.padded} (${f.size} + ${f.pad} padding).`);
    }
    lines.push('Make the kernel smaller, lower the dilation, add padding, or choose "same" or "full" padding.');
    return lines;
  }

  function outputMessages(d) {
    if (d.cellErrors.length) return ['The output waits for every cell to hold a number; fix the cells marked above.'];
    if (d.settingErrors.length) return ['The output waits for valid settings; fix the settings marked in the Settings panel.'];
    if (d.planError) return ['No output: the kernel does not fit with these settings (see Output size).'];
    if (d.engineError) return [`The engine refused these values: ${d.engineError}`];
    return [];
  }

  function clearHighlights() {
    for (const cell of shown.taps) cell.classList.remove('tap');
    shown.taps = [];
    for (const b of shown.badges) b.hidden = true;
    if (shown.windowBox) shown.windowBox.hidden = true;
  }

  function badge(k) {
    let b = shown.badges[k];
    if (!b) {
      b = document.createElement('span');
      b.className = 'weight';
      b.setAttribute('aria-hidden', 'true');
      el.padded.append(b);
      shown.badges[k] = b;
    }
    return b;
  }

  function renderWindow(d, e) {
    clearHighlights();
    if (!e) return;
    const { top, left } = d.padding;
    const rect = windowRect(e.row, e.col, d.geo);
    const box = shown.windowBox;
    box.style.gridArea = `${rect.row + 1} / ${rect.col + 1} / span ${rect.rows} / span ${rect.cols}`;
    box.hidden = false;
    e.taps.forEach((t, k) => {
      const pr = t.inputRow + top;
      const pc = t.inputCol + left;
      const cell = shown.padCells[pr]?.[pc];
      if (!cell) return;
      cell.classList.add('tap');
      shown.taps.push(cell);
      const b = badge(k);
      b.textContent = `×${formatDisplay(t.weight)}`;
      b.style.gridArea = `${pr + 1} / ${pc + 1}`;
      b.hidden = false;
    });
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
      + `<div>  = ${products.join(' + ')}</div><div class="sum-total">  = <strong>${formatDisplay(e.sum)}</strong></div></div>${legend}`;
  }

  function borderWords(state, d) {
    const b = d.options.border;
    if (b === 'constant') return `constant ${formatDisplay(d.options.constant ?? 0)}`;
    return `${b} border (copied from the input)`;
  }

  function announceText(d, e, total, step) {
    const terms = e.taps.map((t) => `${factor(t.value)}${t.inside ? '' : ' (padding)'} × ${factor(t.weight)}`);
    const body = e.taps.length <= 25 ? `${terms.join(' + ')} = ${formatDisplay(e.sum)}` : `sum of ${e.taps.length} products = ${formatDisplay(e.sum)}`;
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
      line('    O[i][j] = sum', e ? 'current' : '', e ? `O[${e.row}][${e.col}] = ${esc(formatDisplay(e.sum))}` : ''),
    ].join('\n') + `\n<span class="code-note">P = padded input (0, 0 is its top-left cell)${flip ? '; K′ = kernel folded 180°' : ''}</span>`;
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
      el.inputShape.textContent = `${H} × ${W}`;
      el.kernelShape.textContent = `${d.kernelShape.height} × ${d.kernelShape.width}`;
      el.outputShape.textContent = d.plan ? `${d.plan.outHeight} × ${d.plan.outWidth}` : '';
      setMessage(el.cellErrors, d.cellErrors.slice(0, 6).map((e) => e.message)
        .concat(d.cellErrors.length > 6 ? [`…and ${d.cellErrors.length - 6} more cells.`] : []));
      setMessage(el.settingErrors, d.settingErrors.map((e) => e.message));
      setMessage(el.sizeErrors, state.sizeErrors ?? []);
      setMessage(el.fitError, fitMessages(d));
      setMessage(el.outputMessage, outputMessages(d));
      renderFormula(d);
      shown.staticVersion = d.version;
      shown.focusKey = '';
    }
    if (el.notice.textContent !== state.notice) el.notice.textContent = state.notice;

    const total = d.output ? d.output.height * d.output.width : 0;
    const step = Math.min(state.step, Math.max(total - 1, 0));
    const focus = total ? (state.hoverStep !== null && state.hoverStep < total ? state.hoverStep : step) : -1;

    // Player controls.
    el.step.max = String(Math.max(total - 1, 0));
    if (el.step.value !== String(step)) el.step.value = String(step);
    el.step.disabled = total === 0;
    el.step.setAttribute('aria-valuetext', total ? `step ${step + 1} of ${total}` : 'no steps');
    el.stepText.textContent = total ? `${step + 1} / ${total}` : '–';
    const speed = SPEEDS[state.speedIndex];
    if (el.speed.value !== String(state.speedIndex)) el.speed.value = String(state.speedIndex);
    el.speedText.textContent = `${speed} steps/s`;
    el.speed.setAttribute('aria-valuetext', `${speed} steps per second`);
    const playLabel = state.playing ? 'Pause' : 'Play';
    if (el.play.textContent !== playLabel) el.play.textContent = playLabel;
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
      el.feedNote.textContent = feeds.length
        ? `${name} feeds ${feeds.length} output ${feeds.length === 1 ? 'cell' : 'cells'} (dashed outline).`
        : `${name} feeds no output cell with this stride and dilation.`;
    } else if (el.feedNote.textContent) {
      el.feedNote.textContent = '';
    }

    if (!total) {
      clearHighlights();
      el.folded.hidden = true;
      if (shown.focusKey !== 'none') {
        el.arithmetic.innerHTML = '<p class="hint">No computation to show until the settings and cells are valid.</p>';
        el.pseudocode.textContent = '';
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
