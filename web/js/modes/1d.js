// The 1-D mode of the component (interface 3): fold, shift, multiply, sum on a signal and
// a kernel, the output growing as it is computed, a continuous view beside it.
// mount(root, …) renders into a ShadowRoot or an Element and never touches document,
// location or a global. State → derive (engine) → one render per animation frame;
// hover, edits, playback and the shift tween all go through that one path.
import { signalSpecs, defaultState, validateState, swap, setSample, setList, setOption, snap, parseSamples } from '../signal/model.js';
import { PRESETS, applyPreset } from '../signal/presets.js';
import { deriveSignal, explainAt, deriveSampled } from '../signal/derive.js';
import { phaseOf, clampStep, knownOutputs, stepOf, axisRange } from '../signal/steps.js';
import { title, arithmetic, announce, kernelLabel } from '../signal/words.js';
import { encodeState as encode, decodeState as decode } from '../signal/link.js';
import { ease } from '../signal/plot.js';
import { h } from '../signal/dom.js';
import { play as playSound, close as closeSound } from '../signal/sound.js';
import { createStage } from '../signal/stage-view.js';
import { createEditors } from '../signal/editor-view.js';
import { createSettings } from '../signal/settings-view.js';
import { createContinuous } from '../signal/continuous-view.js';
import { parseNumber } from '../shared/numbers.js';
import { showPanels, problemBox } from '../signal/mount-util.js';
import { linkStyles } from '../shared/styles.js';
import { openMount, modeController, clearTexts, reporter, frameLoop, startPlaying, timedFrame, presetChooser, bindPlayer } from './stepping.js';

export const PANELS = Object.freeze(['presets', 'editor', 'stepper', 'plot', 'arithmetic', 'output', 'settings', 'formula', 'commute', 'continuous']);
/** The stylesheets the mode needs, in web/css/; a host that renders into a shadow root links them there (styleBase). */
export const STYLE_FILES = Object.freeze(['common.css', 'signal.css']);
export const encodeState = (state) => encode(state);
export const decodeState = (hash, engineOptions) => decode(hash, engineOptions);

const STEPS_PER_SECOND = 1.5;
const TWEEN_MS = 320;
let mounts = 0;

export async function mount(root, { engine, state: initial, panels = null, readonly: readonlyAtStart = false, onStateChange = () => {}, idPrefix, styleBase = null, problems: linkProblems = [] } = {}) {
  const { doc, win, p, specs, ...start } = openMount(root, { engine, initial, idPrefix, linkProblems },
    { prefix: () => `cp1d${++mounts}-`, specsOf: signalSpecs, defaultState, validateState });
  let readonly = Boolean(readonlyAtStart);
  let { state, problems } = start;
  const ui = {
    playing: false, texts: {}, textErrors: {}, fieldErrors: [], width: 600, lastAdvance: 0,
    tweenFrom: null, tweenStart: 0, presetNote: '', lastWorkMs: 0, maxWorkMs: 0, frames: 0, history: [],
  };
  let derived = null;
  let sampled = null;
  let sampledKey = '';
  let shown = {};
  const loop = frameLoop(win, frame);
  const notify = reporter(onStateChange, () => getState(), win);
  const reduced = win?.matchMedia?.('(prefers-reduced-motion: reduce)');

  const host = h(doc, 'div', { class: 'cp-mode cp-1d' });
  const problemsEl = problemBox(doc);
  const on = {
    readonly: () => readonly,
    preset: presetChooser(PRESETS, { ui, readonly: () => readonly, state: () => state, change, applyPreset }),
    text: (which, text) => {
      if (readonly) return;
      ui.texts[which] = text;
      const r = parseSamples(text, parseNumber, which);
      ui.textErrors[which] = r.error ?? null;
      if (!r.error) change(setList(state, which, r.values));
      else invalidate();
    },
    commitText: (which) => {
      if (!ui.textErrors[which]) { delete ui.texts[which]; invalidate(); }
    },
    sample: (which, i, v, done) => {
      if (readonly) return;
      if (done) { notify(true); return; }
      change(setSample(state, which, i, snap(v)), false);
    },
    nudge: (which, i, by) => !readonly && change(setSample(state, which, i, snap(state[which][i] + by))),
    swap: () => { if (readonly) return; clearTexts(ui); change(swap(state)); },
    option: (name, value) => !readonly && change(setOption(state, name, value)),
    fieldErrors: (list) => { ui.fieldErrors = list; invalidate(); },
    fn: (k, id) => !readonly && change({ ...state, [k]: id }),
    t: (t) => change({ ...state, t }),
  };
  const stage = createStage(doc, p);
  const editors = createEditors(doc, p, on);
  const settings = createSettings(doc, p, specs, on);
  const cont = createContinuous(doc, p, on);
  const s = { ...stage.sections, ...editors.sections, ...settings.sections, ...cont.sections };
  const stageCol = h(doc, 'div', { class: 'cp-stage-col' }, s.stepper, s.plot, s.arithmetic, s.output);
  const sideCol = h(doc, 'div', { class: 'cp-side-col' }, s.presets, s.editor, s.settings, s.formula);
  const wide = h(doc, 'div', { class: 'cp-wide' }, s.commute, s.continuous);
  host.append(problemsEl, h(doc, 'div', { class: 'cp-1d-grid' }, stageCol, sideCol), wide);
  s.plot.tabIndex = 0;
  s.plot.setAttribute('aria-describedby', stage.el.title.id);
  showPanels(s, panels);
  const sheets = linkStyles(root, styleBase, STYLE_FILES);
  root.append(host);

  function change(next, tell = true) {
    state = next;
    if (tell) notify(true);
    invalidate();
  }
  function invalidate() { loop.request(); }
  function derive() {
    const key = optionKey();
    if (!derived || derived.key !== key) {
      derived = deriveSignal(state, engine);
      derived.key = key;
    }
    const k = `${state.f},${state.g}`;
    if (k !== sampledKey) { sampled = deriveSampled(state, engine); sampledKey = k; }
    return derived;
  }
  // Derived data depends on everything but the step and the continuous view.
  const optionKey = () => JSON.stringify([state.signal, state.kernel, state.stride, state.dilation, state.padding, state.border, state.constant, state.flip]);
  const total = () => derive().total;

  function setStep(step, { user = true, tween = true } = {}) {
    const n = total();
    const next = clampStep(step, n);
    const before = phaseOf(state.step, derived.output?.length ?? 0);
    const after = phaseOf(next, derived.output?.length ?? 0);
    if (tween && after.phase === 'shift' && before.t !== after.t && !reduced?.matches) {
      ui.tweenFrom = before.phase === 'fold' ? null : before.t;
      ui.tweenStart = win.performance.now();
    } else ui.tweenFrom = null;
    if (next !== state.step) { state = { ...state, step: next }; notify(user); }
    invalidate();
  }
  function play() {
    const n = total();
    if (n <= 1) return;
    if (state.step >= n - 1) state = { ...state, step: 0 };
    startPlaying(ui, win);
    invalidate();
  }
  function pause() { ui.playing = false; invalidate(); }

  function frame(now) {
    timedFrame(ui, win, problemsEl, 'Your signal and kernel are kept; change a value or pick an example.', () => {
      const d = derive();
      if (ui.playing && now - ui.lastAdvance >= 1000 / STEPS_PER_SECOND) {
        ui.lastAdvance = now;
        if (state.step >= d.total - 1) ui.playing = false;
        else setStep(state.step + 1, { user: false });
        if (state.step >= d.total - 1) ui.playing = false;
      }
      // A step past the end (a link made for a longer signal) shows the last move.
      if (d.total && state.step !== clampStep(state.step, d.total)) state = { ...state, step: clampStep(state.step, d.total) };
      render(now);
    });
    if (ui.playing || ui.tweenFrom !== null) invalidate();
  }

  function render(now) {
    const d = derived;
    const n = d.output?.length ?? 0;
    const { phase, t } = phaseOf(state.step, n);
    const geo = {
      stride: state.stride, dilation: state.dilation, left: d.plan?.left ?? 0,
      length: state.kernel.length, flip: state.flip,
    };
    let tween = 1;
    if (ui.tweenFrom !== null) {
      tween = ease((now - ui.tweenStart) / TWEEN_MS);
      if (tween >= 1) ui.tweenFrom = null;
    }
    const e = d.output && phase !== 'fold' ? explainAt(d, state, engine, t) : null;
    const width = Math.max(260, Math.floor(ui.width));
    problemsEl.hidden = problems.length === 0;
    problemsEl.textContent = problems.join('\n');
    if (d.output) {
      stage.render({
        key: `${derived.key}|${state.step}|${width}|${ui.playing}`,
        state, d, phase, t, e, width, total: d.total, step: state.step, playing: ui.playing, geo,
        compact: width < 520, known: knownOutputs(state.step, n), tween, tweenFrom: ui.tweenFrom,
        axis: axisRange({ signalLength: state.signal.length, left: d.plan.left, right: d.plan.right, kernelLength: state.kernel.length, dilation: state.dilation, flip: state.flip }),
        titleText: title(phase, t, geo), kernelLabel: phase === 'fold' ? (state.flip ? 'k[−n]' : 'k[n]') : kernelLabel(t, geo),
        arith: arithmetic(phase, e ?? { taps: [] }, geo), announceText: announce(phase, t, e, geo, state.step, d.total),
      });
    } else stage.render({ state, d, total: 0, step: 0, playing: false, width });
    // The side views only redraw when what they show changed, so a frame of playback
    // (only the step moves) redraws the stage alone.
    const keys = {
      editors: JSON.stringify([state.signal, state.kernel, state.preset, width, readonly, ui.texts, ui.textErrors, ui.presetNote]),
      settings: JSON.stringify([derived.key, ui.fieldErrors, width, readonly, Boolean(d.error)]),
      cont: JSON.stringify([state.f, state.g, state.t, width, readonly]),
    };
    if (keys.editors !== shown.editors) editors.render({ state, width: Math.min(width, 560), readonly, texts: ui.texts, textErrors: ui.textErrors, presetNote: ui.presetNote });
    if (keys.settings !== shown.settings) settings.render({ state, d, readonly, fieldErrors: ui.fieldErrors, width: Math.min(width, 640) });
    if (keys.cont !== shown.cont) cont.render({ state, sampled, width: Math.min(Math.max(width, 300), 760), readonly });
    shown = keys;
  }

  const el = stage.el;
  // A jump (first, last, the slider) lands without the shift tween; a single step slides.
  const unbindKeys = bindPlayer(root, el, {
    toggle: () => (ui.playing ? pause() : play()),
    stop: () => { ui.playing = false; },
    go: (step, jump) => setStep(step, { tween: !jump }),
    step: () => state.step,
    total,
  });
  const audio = {};
  for (const b of [el.hearX, el.hearY]) {
    b.addEventListener('click', () => {
      const values = b.dataset.hear === 'signal' ? state.signal : derive().output;
      if (values) playSound(win, values, audio).catch(() => { b.disabled = true; b.title = 'This browser cannot play sound here.'; });
    });
  }
  el.outPlot.addEventListener('click', (ev) => {
    const tt = ev.target.dataset?.t;
    if (tt !== undefined) { ui.playing = false; setStep(stepOf(Number(tt), 'sum'), { tween: false }); }
  });

  const ro = win?.ResizeObserver ? new win.ResizeObserver((entries) => {
    const w = entries[0].contentRect.width - 26;
    if (Math.abs(w - ui.width) >= 1) { ui.width = w; invalidate(); }
  }) : null;
  ro?.observe(s.plot);
  ui.width = (s.plot.getBoundingClientRect?.().width || 626) - 26;

  // The state names its mode, as every mode's does, so a host can tell states apart.
  function getState() { return { mode: '1d', ...JSON.parse(JSON.stringify(state)) }; }
  const controller = modeController({
    mode: '1d', label: '1-D', specs, validateState, ui, invalidate, keys: unbindKeys, loop, host, sheets,
    state: () => state,
    take: (next) => { state = next; notify(false); },
    problems: () => problems,
    setProblems: (list) => { problems = list; },
    readonly: () => readonly,
    setView: (names, locked) => { showPanels(s, names); readonly = locked; },
    decode: (hash) => decode(hash, engine.options),
    release: () => { ro?.disconnect(); closeSound(audio); },
  }, {
    getState,
    get step() { return state.step; },
    set step(v) { ui.playing = false; setStep(Number(v), { user: false, tween: false }); },
    play,
    pause,
    get output() {
      const d = derive();
      return d.output ? { height: 1, width: d.output.length, length: d.output.length, data: d.output.slice() } : null;
    },
  });
  await sheets.done;
  derive();
  invalidate();
  return controller;
}
