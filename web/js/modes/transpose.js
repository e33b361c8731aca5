// The transposed-convolution mode of the component (interface 3): every input cell
// scatters a weighted copy of the kernel into the output, stepped cell by cell with the
// output accumulating and the contribution count of every output cell; the forward
// convolution beside it shows the two are adjoint. Bound to the root it is given;
// state → derive (engine) → one render per animation frame.
import { transposeSpecs, defaultState, validateState, PRESETS, applyPreset, setOption, setGrid, totalSteps, cellOfStep, SIZES } from '../transpose/model.js';
import { deriveTranspose, partialAt, feedersOf } from '../transpose/derive.js';
import { title, arithmetic, announce, formula, feedText, goesText } from '../transpose/words.js';
import { encodeState as encode, decodeState as decode } from '../transpose/link.js';
import { createTransposeView } from '../transpose/view.js';
import { h } from '../signal/dom.js';
import { showPanels, problemBox } from '../signal/mount-util.js';
import { linkStyles } from '../shared/styles.js';
import { openMount, modeController, reporter, frameLoop, startPlaying, timedFrame, presetChooser, bindPlayer } from './stepping.js';
import { parseMatrix } from '../shared/paste.js';
import { readOption } from '../shared/options.js';

export const PANELS = Object.freeze(['presets', 'editor', 'stepper', 'scatter', 'arithmetic', 'formula', 'adjoint', 'settings']);
/** The stylesheets the mode needs, in web/css/; a host that renders into a shadow root links them there (styleBase). */
export const STYLE_FILES = Object.freeze(['common.css', 'signal.css', 'transpose.css']);
export const encodeState = (state) => encode(state);
export const decodeState = (hash, engineOptions) => decode(hash, engineOptions);

const STEPS_PER_SECOND = 1.2;
let mounts = 0;

export async function mount(root, { engine, state: initial, panels = null, readonly: readonlyAtStart = false, onStateChange = () => {}, idPrefix, styleBase = null, problems: linkProblems = [] } = {}) {
  const { doc, win, p, specs, ...start } = openMount(root, { engine, initial, idPrefix, linkProblems },
    { prefix: () => `cptr${++mounts}-`, specsOf: transposeSpecs, defaultState, validateState });
  let readonly = Boolean(readonlyAtStart);
  let { state, problems } = start;
  const ui = { playing: false, lastAdvance: 0, hover: null, texts: {}, textErrors: {}, fieldErrors: new Map(), presetNote: '', lastWorkMs: 0, maxWorkMs: 0, frames: 0, history: [] };
  let derived = null;
  let derivedKey = '';
  let shownKey = '';
  const loop = frameLoop(win, frame);
  const notify = reporter(onStateChange, () => getState(), win);

  const on = {
    preset: presetChooser(PRESETS, { ui, readonly: () => readonly, state: () => state, change, applyPreset }),
    text: (which, text) => {
      if (readonly) return;
      ui.texts[which] = text;
      const lim = SIZES[which];
      try {
        // "1, 2; 3, 4" on one line: the semicolons are the rows (as the link writes them).
        const m = parseMatrix(text.includes('[') ? text : text.replace(/;/g, '\n'), { maxSide: lim.max });
        const rows = [];
        for (let r = 0; r < m.height; r++) rows.push(m.data.slice(r * m.width, (r + 1) * m.width));
        ui.textErrors[which] = null;
        change(setGrid(state, which, rows));
      } catch (err) {
        ui.textErrors[which] = `${err.message} The ${which} can be 1 to ${lim.max} rows of 1 to ${lim.max} numbers.`;
        invalidate();
      }
    },
    commitText: (which) => { if (!ui.textErrors[which]) { delete ui.texts[which]; invalidate(); } },
    option: (name, raw) => {
      if (readonly) return;
      const r = readOption(specs[name], raw, name);
      if (r.error) ui.fieldErrors.set(name, r.error.message); else ui.fieldErrors.delete(name);
      if (!r.error) change(setOption(state, name, r.value)); else invalidate();
    },
    padding: (side, raw) => {
      if (readonly) return;
      const r = readOption({ type: 'integer', name: `padding.${side}`, min: specs.padding.min, max: specs.padding.max }, raw, `Padding ${side}`);
      if (r.error) ui.fieldErrors.set(side, r.error.message); else ui.fieldErrors.delete(side);
      if (!r.error) change(setOption(state, 'padding', { ...state.padding, [side]: r.value })); else invalidate();
    },
    probe: () => change({ ...state, probe: (state.probe + 1) % 1000 }),
  };
  const view = createTransposeView(doc, p, specs, on);
  const s = view.sections;
  const host = h(doc, 'div', { class: 'cp-mode cp-transpose' });
  const problemsEl = problemBox(doc);
  host.append(problemsEl,
    h(doc, 'div', { class: 'cp-tr-grid' },
      h(doc, 'div', { class: 'cp-stage-col' }, s.stepper, s.scatter, s.arithmetic, s.adjoint),
      h(doc, 'div', { class: 'cp-side-col' }, s.presets, s.formula, s.editor, s.settings)));
  showPanels(s, panels);
  const sheets = linkStyles(root, styleBase, STYLE_FILES);
  root.append(host);

  function change(next) { state = next; notify(true); invalidate(); }
  function invalidate() { loop.request(); }
  function derive() {
    const key = JSON.stringify([state.input, state.kernel, state.strideY, state.strideX, state.dilationY, state.dilationX, state.padding, state.outputPaddingY, state.outputPaddingX, state.probe]);
    if (key !== derivedKey) { derived = deriveTranspose(state, engine); derivedKey = key; }
    return derived;
  }
  const total = () => totalSteps(state);
  function setStep(step, user = true) {
    const n = total();
    const next = Math.min(Math.max(Math.trunc(Number.isFinite(step) ? step : 0), 0), n - 1);
    if (next !== state.step) { state = { ...state, step: next }; notify(user); }
    invalidate();
  }
  function play() {
    if (total() <= 1) return;
    if (state.step >= total() - 1) state = { ...state, step: 0 };
    startPlaying(ui, win);
    invalidate();
  }
  function pause() { ui.playing = false; invalidate(); }

  function frame(now) {
    timedFrame(ui, win, problemsEl, 'Your input and kernel are kept.', () => {
      derive();
      if (state.step >= total()) state = { ...state, step: total() - 1 };
      if (ui.playing && now - ui.lastAdvance >= 1000 / STEPS_PER_SECOND) {
        ui.lastAdvance = now;
        if (state.step < total() - 1) setStep(state.step + 1, false);
        if (state.step >= total() - 1) ui.playing = false;
      }
      render();
    });
    if (ui.playing) invalidate();
  }

  function render() {
    const d = derived;
    // A playback frame between steps changes nothing on screen: skip it.
    const key = JSON.stringify([derivedKey, state.step, state.preset, ui.hover, ui.playing, readonly, ui.texts, ui.textErrors, [...ui.fieldErrors.values()], ui.presetNote, problems]);
    if (key === shownKey) return;
    shownKey = key;
    const W = state.input[0].length;
    const cell = cellOfStep(state.step, W);
    problemsEl.hidden = problems.length === 0;
    problemsEl.textContent = problems.join('\n');
    const e = d.output ? d.explain[state.step] : null;
    const partial = d.output ? partialAt(d, state, engine, state.step) : null;
    // What to highlight: the hovered cell if any, else the current input cell's scatter.
    const hv = ui.hover;
    let fedBy = [];
    let hoverText = '';
    let targets = e ? e.targets : [];
    let source = cell;
    if (d.output && hv?.kind === 'out') {
      fedBy = feedersOf(d, hv.r, hv.c);
      const inside = hv.r >= 0 && hv.c >= 0 && hv.r < d.output.height && hv.c < d.output.width;
      const value = inside ? d.output.data[hv.r * d.output.width + hv.c] : fedBy.reduce((a, f) => a + f.product, 0);
      hoverText = feedText(hv.r, hv.c, fedBy, value) + (inside ? '' : ' (this cell is cropped away)');
      targets = [];
      source = null;
    } else if (d.output && hv?.kind === 'in') {
      const ex = d.explain[hv.r * W + hv.c];
      targets = ex.targets;
      source = { i: hv.r, j: hv.c };
      hoverText = goesText(ex);
    }
    const fedInputs = new Set(fedBy.map((f) => `${f.i},${f.j}`));
    const fedKernel = new Set(fedBy.map((f) => `${f.m},${f.n}`));
    const targetSet = new Set(targets.map((t) => `${t.outputRow},${t.outputCol}`));
    view.render({
      state, d, readonly, total: total(), playing: ui.playing, presetNote: ui.presetNote, texts: ui.texts, textErrors: ui.textErrors,
      fieldErrors: [...ui.fieldErrors.values()], formula: formula(state, d.output), cell, partial,
      title: e ? title(e) : '', arith: e ? arithmetic(e) : '', announce: e ? announce(e, state.step, total()) : '', hoverText,
      inputClass: (r, c) => `${source && r === source.i && c === source.j ? 'current' : ''} ${fedInputs.has(`${r},${c}`) ? 'fed' : ''} ${r * W + c > state.step ? 'later' : ''}`,
      kernelClass: (m, n) => `${fedKernel.has(`${m},${n}`) ? 'fed' : ''} ${targets.length ? 'stamp' : ''}`,
      outClass: (r, c) => `${targetSet.has(`${r},${c}`) ? 'target' : ''} ${hv?.kind === 'out' && hv.r === r && hv.c === c ? 'hovered' : ''}`,
    });
  }

  const unbindKeys = bindPlayer(root, view.el, {
    toggle: () => (ui.playing ? pause() : play()),
    stop: () => { ui.playing = false; },
    go: (step) => setStep(step),
    step: () => state.step,
    total,
  });
  const hoverFrom = (target) => {
    const b = target.closest?.('.tcell');
    if (!b) return null;
    const grid = b.parentElement;
    if (grid.classList.contains('g-input')) return { kind: 'in', r: Number(b.dataset.r), c: Number(b.dataset.c) };
    if (grid.classList.contains('g-out')) return { kind: 'out', r: Number(b.dataset.r), c: Number(b.dataset.c) };
    return null;
  };
  const setHover = (hv) => {
    const same = JSON.stringify(hv) === JSON.stringify(ui.hover);
    if (!same) { ui.hover = hv; invalidate(); }
  };
  s.scatter.addEventListener('pointerover', (ev) => setHover(hoverFrom(ev.target)));
  s.scatter.addEventListener('pointerleave', () => setHover(null));
  s.scatter.addEventListener('focusin', (ev) => setHover(hoverFrom(ev.target)));
  s.scatter.addEventListener('focusout', (ev) => { if (!s.scatter.contains(ev.relatedTarget)) setHover(null); });
  s.scatter.addEventListener('click', (ev) => {
    const hv = hoverFrom(ev.target);
    if (hv?.kind === 'in') { ui.playing = false; setStep(hv.r * state.input[0].length + hv.c); }
  });

  // The state names its mode, as every mode's does, so a host can tell states apart.
  function getState() { return { mode: 'transpose', ...JSON.parse(JSON.stringify(state)) }; }
  const controller = modeController({
    mode: 'transpose', label: 'transposed', specs, validateState, ui, invalidate, keys: unbindKeys, loop, host, sheets,
    state: () => state,
    take: (next) => { state = next; notify(false); },
    problems: () => problems,
    setProblems: (list) => { problems = list; },
    readonly: () => readonly,
    setView: (names, locked) => { showPanels(s, names); readonly = locked; },
    decode: (hash) => decode(hash, engine.options),
  }, {
    getState,
    get step() { return state.step; },
    set step(v) { ui.playing = false; setStep(Number(v), false); },
    play,
    pause,
    get output() {
      const d = derive();
      return d.output ? { height: d.output.height, width: d.output.width, data: Array.from(d.output.data) } : null;
    },
  });
  await sheets.done;
  derive();
  invalidate();
  return controller;
}
