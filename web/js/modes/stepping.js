// What the 1-D and the transposed mode do the same way when they mount: the state they
// start from, the one animation frame they wait for at a time, the timing of Play and
// of every frame, the player's buttons and keys, the example buttons, and the half of
// the controller that does not depend on what the mode draws (a state or a link from
// outside, the view, the problems). Bound to the root and window it is given.
import { bindPlayerKeys } from '../signal/mount-util.js';
import { quote } from '../shared/numbers.js';
import { frameLoop } from '../shared/frame-loop.js';

export { frameLoop };

/**
 * What a mount starts from: the root's document and window, the id prefix (prefix() when
 * none is given), the engine's specs, and the state (the defaults when none is given)
 * with the link's problems first.
 */
export function openMount(root, { engine, initial, idPrefix, linkProblems }, { prefix, specsOf, defaultState, validateState }) {
  if (!engine) throw new Error('mount needs { engine } (await createConvolution())');
  const doc = root.ownerDocument ?? root;
  const win = doc.defaultView;
  const p = idPrefix ?? prefix();
  const specs = specsOf(engine.options);
  const checked = initial === undefined ? { state: defaultState(specs), problems: [] } : validateState(initial, specs);
  return { doc, win, p, specs, state: checked.state, problems: [...linkProblems, ...checked.problems].slice(0, 4) };
}

/**
 * setState's reading of outside state: validated over the current state, and a state
 * that names another mode is read for what this mode knows, with a problem saying so.
 * `mode` is this mode's id, `label` its name in that problem ("1-D", "transposed").
 */
function readOutsideState(obj, { mode: own, label, specs, current, validateState }) {
  const { mode, ...rest } = obj && typeof obj === 'object' && !Array.isArray(obj) ? obj : { mode: undefined };
  const r = validateState(obj && typeof obj === 'object' && !Array.isArray(obj) ? rest : obj, specs, { ...current, preset: obj && 'preset' in obj ? obj.preset : null });
  if (mode !== undefined && mode !== own) r.problems.unshift(`The state is for the "${quote(String(mode), 20)}" mode; this is the ${label} mode. Its ${label} parts are read anyway.`);
  return r;
}

/** Play starts: the frame timing (controller.timing) counts from here. */
export function startPlaying(ui, win) {
  ui.playing = true;
  ui.maxWorkMs = 0;
  ui.frames = 0;
  ui.history = [];
  ui.lastAdvance = win.performance.now();
}

/** One frame's script work, kept for controller.timing (the last 600 frames). */
function recordWork(ui, ms) {
  ui.lastWorkMs = ms;
  ui.maxWorkMs = Math.max(ui.maxWorkMs, ms);
  ui.frames++;
  ui.history.push(ms);
  if (ui.history.length > 600) ui.history.shift();
}

/**
 * One frame's drawing, timed for controller.timing. A frame that throws stops playback,
 * and the problem box says what happened and what is kept (`kept`).
 */
export function timedFrame(ui, win, box, kept, draw) {
  const t0 = win.performance.now();
  try {
    draw();
  } catch (err) {
    ui.playing = false;
    box.hidden = false;
    box.textContent = `Something went wrong while drawing: ${err.message}. ${kept}`;
    win.console?.error(err);
  }
  recordWork(ui, win.performance.now() - t0);
}

/**
 * The player's buttons (el.play, first, last, back, forward, the step slider) and keys.
 * Every move stops playback first; go(step, jump) moves there, `jump` for the moves
 * that skip (first, last, the slider) rather than take one step. Returns the keys' unbind.
 */
export function bindPlayer(root, el, { toggle, stop, go, step, total }) {
  const to = (n, jump) => { stop(); go(n, jump); };
  const unbind = bindPlayerKeys(root, {
    toggle: () => toggle(),
    step: (by) => to(step() + by, false),
    first: () => to(0, true),
    last: () => to(total() - 1, true),
  });
  el.play.addEventListener('click', () => toggle());
  el.first.addEventListener('click', () => to(0, true));
  el.last.addEventListener('click', () => to(total() - 1, true));
  el.back.addEventListener('click', () => to(step() - 1, false));
  el.forward.addEventListener('click', () => to(step() + 1, false));
  el.step.addEventListener('input', () => to(Number(el.step.value), true));
  return unbind;
}

/** Typed texts give way to values set another way (a preset, a swap, a state from outside). */
export function clearTexts(ui) {
  ui.texts = {};
  ui.textErrors = {};
}

/** on.preset: an example replaces the state and the typed texts and shows its note; never while locked. */
export function presetChooser(presets, { ui, readonly, state, change, applyPreset }) {
  return (id) => {
    const pr = presets.find((x) => x.id === id);
    if (!pr || readonly()) return;
    ui.presetNote = pr.note;
    clearTexts(ui);
    change(applyPreset(state(), pr));
  };
}

/** onStateChange(state, userInitiated), kept from breaking the frame when the host's handler throws. */
export const reporter = (onStateChange, getState, win) => (user) => {
  try { onStateChange(getState(), user); } catch (err) { win?.console?.error(err); }
};

/**
 * The mode's controller: the methods both modes share, then the mode's own (`own`, its
 * getState, step, play, pause and output). The shared ones work on the mode's live
 * parts, `m`: ui; state() and take(state), which makes a checked state the mode's and
 * tells the host (not user-initiated); problems() and setProblems(list); readonly() and
 * setView(names, locked); decode(hash); invalidate(); keys (bindPlayer's unbind); loop,
 * host, sheets and release() for destroy; and what readOutsideState needs (mode,
 * label, specs, validateState).
 */
export function modeController(m, own) {
  const shared = {
    setState(obj) {
      const r = readOutsideState(obj, { mode: m.mode, label: m.label, specs: m.specs, current: m.state(), validateState: m.validateState });
      m.setProblems(r.problems);
      m.ui.playing = false;
      clearTexts(m.ui);
      m.take(r.state);
      m.invalidate();
      return r.problems.slice();
    },
    /** Applies a share-link hash (the page's, the element's state attribute); returns its problems. */
    setHash(hash, viewProblems = []) {
      const r = m.decode(hash);
      const out = controller.setState(r.state);
      m.setProblems([...viewProblems, ...r.problems, ...out].slice(0, 4));
      m.invalidate();
      return m.problems().slice();
    },
    /** Which panels show and whether the example is locked. */
    setView({ panels: names = null, readonly: locked = m.readonly() } = {}) {
      m.setView(names, Boolean(locked));
      m.invalidate();
    },
    /** Shows a link's problems (the page or the element decoded it). */
    showProblems(list) { m.setProblems(list.slice(0, 4)); m.invalidate(); },
    get problems() { return m.problems().slice(); },
    /** Player keys pressed outside the root (a page forwards them when nothing has focus). */
    handleKey(ev) { m.keys.handle(ev); },
    get timing() { return { lastWorkMs: m.ui.lastWorkMs, maxWorkMs: m.ui.maxWorkMs, frames: m.ui.frames, history: m.ui.history.slice() }; },
    get playing() { return m.ui.playing; },
    destroy() {
      m.loop.stop();
      m.release?.();
      m.keys();
      m.host.remove();
      m.sheets.remove();
    },
  };
  // Descriptors, not a spread: the getters must stay getters.
  const controller = Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(shared), ...Object.getOwnPropertyDescriptors(own) });
  return controller;
}
