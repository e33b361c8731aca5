// The view: builds the grids when a shape changes and otherwise touches only what
// differs from the previous frame, so stepping or an edit of a 32×32 input re-renders
// well inside one frame. It is bound to the root it is given; every number shown
// comes from the derived data (the engine).
import { stepToCell, windowRect, outputsFedBy } from './geometry.js';
import { createGrids, keepInView } from './grids.js';
import { formatDisplay, formatScaledMatrix, commonDenominator } from '../shared/numbers.js';
import { SPEEDS } from './state.js';
import {
  arithmeticHtml, announceText, pseudocodeHtml, formulaHtml, macsText, outputMessages, settingsSummary,
} from './words.js';
import { setAttr, setText } from '../shared/dom-write.js';

// Cell width in characters of the cell font: the longest value, or weight badge, must fit.
const MIN_CELL_CH = 4;

/** The output's cell texts, formatted once per derived version (playback reuses them every frame). */
function outputTexts(d) {
  d.outputTexts ??= Array.from(d.output.data, (v) => formatDisplay(v));
  return d.outputTexts;
}
function setMessage(box, messages) {
  setText(box, messages.join('\n'));
  box.hidden = messages.length === 0;
}

/**
 * `root` is the ShadowRoot or Element the mode renders into, `p` its id prefix,
 * `controls` the option controls built from engine.options (name → element).
 */
export function createView(root, p, controls) {
  const doc = root.ownerDocument;
  const $ = (id) => root.querySelector(`#${p}${id}`);
  const active = () => root.getRootNode().activeElement;
  const el = {
    main: $('playground'),
    padded: $('padded-grid'), kernel: $('kernel-grid'), folded: $('folded'), foldedGrid: $('folded-grid'),
    output: $('output-grid'), inputScroll: $('input-scroll'), outputScroll: $('output-scroll'),
    inputShape: $('input-shape'), kernelShape: $('kernel-shape'), outputShape: $('output-shape'), kernelScaled: $('kernel-scaled'),
    inputRows: $('input-rows'), inputCols: $('input-cols'), kernelRows: $('kernel-rows'), kernelCols: $('kernel-cols'),
    explicit: $('explicit-padding'), padTop: $('pad-top'), padBottom: $('pad-bottom'), padLeft: $('pad-left'), padRight: $('pad-right'),
    sizeErrors: $('size-errors'), cellErrors: $('cell-errors'), settingErrors: $('setting-errors'),
    formula: $('formula'), fitError: $('fit-error'), macs: $('macs'), outputMessage: $('output-message'),
    first: $('first'), back: $('back'), play: $('play'), forward: $('forward'), last: $('last'),
    step: $('step'), stepText: $('step-text'), speed: $('speed'), speedText: $('speed-text'),
    arithmetic: $('arithmetic'), pseudocode: $('pseudocode'), announce: $('announce'),
    presetNote: $('preset-note'), presetCurrent: $('preset-current'), settingsSummary: $('settings-summary'),
    notice: $('notice'), feedNote: $('feed-note'), status: $('mode-status'), linkMessage: $('link-message'),
  };
  const settingFields = [
    ...['strideY', 'strideX', 'dilationY', 'dilationX', 'constant'].map((k) => [k, controls.get(k)]),
    ['padTop', el.padTop], ['padBottom', el.padBottom], ['padLeft', el.padLeft], ['padRight', el.padRight],
  ];

  // What the DOM currently shows, to skip work that would not change anything.
  const shown = {
    paddedKey: '', kernelKey: '', outputKey: '', foldedKey: '',
    padCells: [], inCells: [], kernelCells: [], outCells: [], foldedCells: [],
    outText: [], outClass: [], padText: [], overlay: null, marks: [],
    focusKey: '', staticVersion: -1, announced: '', invalid: [], presetId: null, readonly: null,
  };

  // The focused element, read once per render: a control being typed in is never overwritten.
  let focused = null;
  function setValue(input, text) {
    if (focused !== input && input.value !== text) input.value = text;
  }

  const { buildPadded, buildKernel, buildOutput } = createGrids(doc, el, shown, active);

  /** Widens a grid's cells so its longest text fits whole (no clipped −2.667). */
  function fitCells(grid, longest) {
    const ch = String(Math.max(MIN_CELL_CH, longest));
    if (grid.dataset.ch === ch) return;
    grid.dataset.ch = ch;
    grid.style.setProperty('--cell-ch', ch);
  }

  function syncControls(state, d) {
    const s = state.settings;
    for (const [key, input] of settingFields) setValue(input, s[key]);
    const padding = controls.get('padding');
    const border = controls.get('border');
    if (padding.value !== s.padding) padding.value = s.padding;
    if (border.value !== s.border) border.value = s.border;
    controls.get('flip').checked = s.flip;
    el.explicit.hidden = s.padding !== 'explicit';
    controls.get('constant').closest('.field').hidden = s.border !== 'constant';
    setValue(el.inputRows, state.sizeText.inputRows);
    setValue(el.inputCols, state.sizeText.inputCols);
    setValue(el.kernelRows, state.sizeText.kernelRows);
    setValue(el.kernelCols, state.sizeText.kernelCols);
    for (const [key, input] of settingFields) input.toggleAttribute('aria-invalid', d.settingErrors.some((e) => e.key === key));
    setText(el.presetNote, state.presetNote);
    setText(el.settingsSummary, settingsSummary(state, d));
  }

  function syncMatrices(state, d) {
    const H = d.inputShape.height;
    const W = d.inputShape.width;
    let longest = 0;
    for (let r = 0; r < H; r++) {
      for (let c = 0; c < W; c++) {
        setValue(shown.inCells[r][c], state.input[r][c]);
        longest = Math.max(longest, state.input[r][c].length);
      }
    }
    let kLongest = 0;
    for (let r = 0; r < d.kernelShape.height; r++) {
      for (let c = 0; c < d.kernelShape.width; c++) {
        setValue(shown.kernelCells[r][c], state.kernel[r][c]);
        kLongest = Math.max(kLongest, state.kernel[r][c].length);
        // The badge of this weight sits under an input value, so the input cell must hold it too.
        // Badge characters are about two thirds of a cell character; "×" comes first.
        if (d.kernel) longest = Math.max(longest, Math.ceil((formatDisplay(d.kernel.data[r * d.kernelShape.width + c]).length + 1) * 0.7));
      }
    }
    for (const cell of shown.invalid) cell.removeAttribute('aria-invalid');
    shown.invalid = [];
    for (const e of d.cellErrors) {
      const cell = e.which === 'input' ? shown.inCells[e.r][e.c] : shown.kernelCells[e.r][e.c];
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
        longest = Math.max(longest, text.length);
        if (shown.padText[pr * cols + pc] !== text) {
          cell.textContent = text;
          shown.padText[pr * cols + pc] = text;
        }
      }
    }
    fitCells(el.padded, longest);
    fitCells(el.kernel, kLongest);
    if (d.output) {
      let outLongest = 0;
      for (const t of outputTexts(d)) outLongest = Math.max(outLongest, t.length);
      fitCells(el.output, outLongest);
    }
    const scale = d.kernel ? commonDenominator(d.kernel.data) : 1;
    if (d.kernel && scale > 1) {
      const rowsK = [];
      for (let r = 0; r < d.kernel.height; r++) rowsK.push(Array.from(d.kernel.data.slice(r * d.kernel.width, (r + 1) * d.kernel.width)));
      setText(el.kernelScaled, `= ${formatScaledMatrix(rowsK)}`);
    } else setText(el.kernelScaled, '');
  }

  function mark(k) {
    let m = shown.marks[k];
    if (!m) {
      m = doc.createElement('span');
      m.className = 'tap-mark';
      const w = doc.createElement('span');
      w.className = 'weight';
      m.append(w);
      shown.overlay.append(m);
      shown.marks[k] = m;
    }
    return m;
  }

  function renderWindow(d, e) {
    if (!e) {
      if (shown.overlay) shown.overlay.hidden = true;
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
      const frag = doc.createDocumentFragment();
      for (let k = 0; k < M * N; k++) {
        const cell = doc.createElement('div');
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
    let longest = 0;
    e.taps.forEach((t, k) => {
      const text = formatDisplay(t.weight);
      longest = Math.max(longest, text.length);
      setText(shown.foldedCells[k], text);
      words.push(text);
    });
    fitCells(el.foldedGrid, longest);
    setAttr(el.foldedGrid, 'aria-label', `Folded kernel, row by row: ${words.join(', ')}`);
  }

  function renderOutputCells(d, step, focus, feeds) {
    const texts = outputTexts(d);
    const cells = shown.outCells;
    const feedSet = feeds.length ? new Set(feeds) : null;
    for (let s = 0; s < cells.length; s++) {
      const visible = s <= step || s === focus;
      const text = visible ? texts[s] : '';
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

  function renderPresets(state, presetButtons, presetName) {
    if (shown.presetId === state.presetId) return;
    shown.presetId = state.presetId;
    for (const b of presetButtons) b.setAttribute('aria-pressed', String(b.dataset.preset === state.presetId));
    setText(el.presetCurrent, presetName(state.presetId));
  }

  function renderReadonly(readonly) {
    if (shown.readonly === readonly) return;
    shown.readonly = readonly;
    el.main.classList.toggle('readonly', readonly);
    for (const cell of root.querySelectorAll('input.cell')) cell.readOnly = readonly;
  }

  /** The one render path: called once per animation frame when something changed. */
  function render(state, d, explain, extra) {
    focused = active();
    const staticChanged = shown.staticVersion !== d.version;
    const { height: H, width: W } = d.inputShape;
    const p0 = d.padding;
    const paddedKey = `${H}x${W}|${p0.top},${p0.bottom},${p0.left},${p0.right}`;
    if (paddedKey !== shown.paddedKey) {
      buildPadded(d);
      shown.paddedKey = paddedKey;
      shown.readonly = null;
    }
    const kernelKey = `${d.kernelShape.height}x${d.kernelShape.width}`;
    if (kernelKey !== shown.kernelKey) {
      buildKernel(d.kernelShape.height, d.kernelShape.width);
      shown.kernelKey = kernelKey;
      shown.readonly = null;
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
    renderReadonly(extra.readonly);
    renderPresets(state, extra.presetButtons, extra.presetName);

    if (staticChanged) {
      syncControls(state, d);
      syncMatrices(state, d);
      setText(el.inputShape, `${H} × ${W}`);
      setText(el.kernelShape, `${d.kernelShape.height} × ${d.kernelShape.width}`);
      setText(el.outputShape, d.plan ? `${d.plan.outHeight} × ${d.plan.outWidth}` : '');
      setMessage(el.cellErrors, d.cellErrors.slice(0, 6).map((e) => e.message)
        .concat(d.cellErrors.length > 6 ? [`…and ${d.cellErrors.length - 6} more cells.`] : []));
      setMessage(el.settingErrors, d.settingErrors.map((e) => e.message));
      setMessage(el.sizeErrors, state.sizeErrors.map((e) => e.message));
      setMessage(el.fitError, d.planError ? [d.planError] : []);
      setMessage(el.outputMessage, outputMessages(d));
      const formula = formulaHtml(d);
      if (el.formula.innerHTML !== formula) el.formula.innerHTML = formula;
      setText(el.macs, macsText(d));
      shown.staticVersion = d.version;
      shown.focusKey = '';
    }
    setText(el.notice, state.notice);

    const total = d.output ? d.output.height * d.output.width : 0;
    const step = Math.min(state.step, Math.max(total - 1, 0));
    const focus = total ? (state.hoverStep !== null && state.hoverStep < total ? state.hoverStep : step) : -1;

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

    let feeds = [];
    if (state.hoverCell && d.geo && total) {
      feeds = outputsFedBy(state.hoverCell.row, state.hoverCell.col, d.geo);
      const hc = state.hoverCell;
      const r = hc.row - p0.top;
      const c = hc.col - p0.left;
      const inside = r >= 0 && r < H && c >= 0 && c < W;
      const name = inside ? `Input cell (${r}, ${c})` : `Padding cell at padded (${hc.row}, ${hc.col})`;
      setText(el.feedNote, feeds.length
        ? `${name} feeds ${feeds.length} output ${feeds.length === 1 ? 'cell' : 'cells'} (dashed outline).`
        : `${name} feeds no output cell with this stride and dilation.`);
    } else setText(el.feedNote, '');

    if (!total) {
      renderWindow(d, null);
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
    if (focusKey !== shown.focusKey && e) {
      renderWindow(d, e);
      renderFolded(state, d, e);
      el.arithmetic.innerHTML = arithmeticHtml(d, e, total, focus);
      el.pseudocode.innerHTML = pseudocodeHtml(d, e);
      shown.focusKey = focusKey;
      const scrolls = [];
      const r = windowRect(e.row, e.col, d.geo);
      scrolls.push([el.inputScroll, shown.padCells[r.row]?.[r.col], shown.padCells[r.row + r.rows - 1]?.[r.col + r.cols - 1]]);
      // The output is not scrolled under a hovering pointer: the cell would slide away from it.
      if (state.hoverStep === null) scrolls.push([el.outputScroll, shown.outCells[step], shown.outCells[step]]);
      // Measured at the start of the next frame, when layout is already clean, so
      // keeping the window in view never forces an extra layout of a big grid.
      requestAnimationFrame(() => { for (const args of scrolls) keepInView(...args); });
    }
    // Announce the step the learner moved to, not hover previews, and not every
    // frame of playback (a screen reader would fall behind); playback announces when it stops.
    if (!state.playing && state.hoverStep === null && e) {
      const text = announceText(e, total, step);
      if (text !== shown.announced) {
        el.announce.textContent = text;
        shown.announced = text;
      }
    }
  }

  return { el, render, shown, $ };
}
