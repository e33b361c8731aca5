// The 1-D mode's state: a plain JSON object, its defaults, its validation and its
// actions. Pure (no DOM, no engine calls), so Node tests run it and the link, the
// element's setState and the page's own edits all pass through the same checks.
// Option names, defaults and ranges are the engine's (engine.options.convolve1d),
// narrowed to what a teaching plot can show.
import { optionTable } from '../../../wasm/options.js';
import { specsOf, narrow } from '../shared/options.js';
import { quote } from '../shared/numbers.js';
import { FUNCTION_IDS } from './continuous.js';

// The engine's own table, for callers that have no engine yet (a link decoded in Node,
// a state checked before the wasm has loaded). The page passes engine.options.
const FALLBACK_OPTIONS = optionTable({ maxSide: 65536, maxMagnitude: 1e100 }, []);

export const SAMPLES = Object.freeze({ min: 1, max: 64 });
// Past these a 64-sample plot stops being readable.
const TEACHING = { stride: { max: 8 }, dilation: { max: 8 }, padding: { max: 64 } };
// Not an engine preset: the page turns it into { left: E − 1, right: 0 } (see engineOptions).
export const CAUSAL = 'causal';

/** The 1-D option specs: the engine's, narrowed. */
export function signalSpecs(engineOptions = FALLBACK_OPTIONS) {
  const m = specsOf(engineOptions, 'convolve1d');
  const get = (n) => {
    const s = m.get(n);
    if (!s) throw new Error(`engine.options.convolve1d has no "${n}"`);
    return narrow(s, TEACHING[n]);
  };
  return {
    stride: get('stride'), dilation: get('dilation'), padding: get('padding'),
    border: get('border'), constant: get('constant'), flip: get('flip'),
  };
}

/** Every padding the mode offers: the engine's presets, causal, or explicit { left, right }. */
export const paddingChoices = (specs) => [...specs.padding.values, CAUSAL, 'explicit'];

export function defaultState(specs = signalSpecs()) {
  return {
    signal: [1, 1, 1, 1],
    kernel: [1, 1, 1, 1],
    stride: specs.stride.default,
    dilation: specs.dilation.default,
    padding: 'full',
    border: specs.border.default,
    constant: specs.constant.default,
    flip: true,
    step: 0,
    preset: 'rect-rect',
    f: 'rect',
    g: 'rect',
    t: 1,
  };
}

export const T_RANGE = Object.freeze({ min: -3, max: 6 });
const MAX_PROBLEMS = 4;

function checkSamples(v, label, problems) {
  if (!Array.isArray(v)) { problems.push(`The ${label} must be a list of 1 to ${SAMPLES.max} numbers.`); return null; }
  if (v.length < SAMPLES.min || v.length > SAMPLES.max) {
    problems.push(`The ${label} has ${v.length} samples; it can have ${SAMPLES.min} to ${SAMPLES.max}. The default ${label} is used.`);
    return null;
  }
  const bad = v.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) > 1e100);
  if (bad >= 0) {
    problems.push(`The ${label}'s sample ${bad + 1} "${quote(String(v[bad]), 20)}" is not a finite number (at most 1e100 in size). The default ${label} is used.`);
    return null;
  }
  return v.slice();
}

function checkInt(v, spec, label, problems) {
  if (Number.isSafeInteger(v) && v >= spec.min && v <= spec.max) return v;
  problems.push(`The ${label} "${quote(String(v), 20)}" is not a whole number from ${spec.min} to ${spec.max}; ${spec.default} is used.`);
  return undefined;
}

function checkPadding(v, specs, problems) {
  const { min, max } = specs.padding;
  if (typeof v === 'string' && (specs.padding.values.includes(v) || v === CAUSAL)) return v;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const ok = (x) => Number.isSafeInteger(x) && x >= min && x <= max;
    if (ok(v.left) && ok(v.right)) return { left: v.left, right: v.right };
  }
  problems.push(`The padding "${quote(typeof v === 'object' ? JSON.stringify(v) : String(v), 30)}" is not allowed; it is ${paddingChoices(specs).slice(0, -1).join(', ')}, or two whole numbers from ${min} to ${max} for left and right. "${specs.padding.default}" is used.`);
  return undefined;
}

/**
 * Any object (a decoded link, setState's argument) → { state, problems }: every part that
 * is valid is kept, everything else takes the value of `base` and is named (at most a few
 * sentences). Unknown keys are named too, so a typo in a course page's script shows.
 */
export function validateState(obj, specs = signalSpecs(), base = defaultState(specs)) {
  const problems = [];
  const state = { ...base, signal: base.signal.slice(), kernel: base.kernel.slice() };
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    return { state, problems: ['The state must be an object such as { signal: [1, 2, 3], kernel: [1, 1] }.'] };
  }
  const known = new Set(Object.keys(base));
  const unknown = Object.keys(obj).filter((k) => !known.has(k));
  if (unknown.length) problems.push(`${unknown.slice(0, 3).map((k) => `"${quote(k, 20)}"`).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''} ${unknown.length === 1 ? 'is' : 'are'} not part of the 1-D state (it has ${[...known].join(', ')}); ignored.`);
  const has = (k) => Object.prototype.hasOwnProperty.call(obj, k);
  for (const k of ['signal', 'kernel']) {
    if (has(k)) {
      const v = checkSamples(obj[k], k, problems);
      if (v) state[k] = v;
    }
  }
  for (const k of ['stride', 'dilation']) {
    if (has(k)) {
      const v = checkInt(obj[k], specs[k], k, problems);
      if (v !== undefined) state[k] = v;
    }
  }
  if (has('padding')) {
    const v = checkPadding(obj.padding, specs, problems);
    if (v !== undefined) state.padding = v;
  }
  if (has('border')) {
    if (specs.border.values.includes(obj.border)) state.border = obj.border;
    else problems.push(`The border "${quote(String(obj.border), 20)}" is not known; it is one of ${specs.border.values.join(', ')}. "${state.border}" is used.`);
  }
  if (has('constant')) {
    const c = obj.constant;
    if (typeof c === 'number' && Number.isFinite(c) && c >= specs.constant.min && c <= specs.constant.max) state.constant = c;
    else problems.push(`The constant "${quote(String(c), 20)}" is not a finite number; ${state.constant} is used.`);
  }
  if (has('flip')) {
    if (typeof obj.flip === 'boolean') state.flip = obj.flip;
    else problems.push(`Flip must be true (convolution) or false (cross-correlation); "${quote(String(obj.flip), 20)}" is neither.`);
  }
  if (has('step')) {
    if (Number.isSafeInteger(obj.step) && obj.step >= 0) state.step = obj.step;
    else problems.push(`The step "${quote(String(obj.step), 20)}" is not a whole number from 0; step 0 is shown.`);
  }
  if (has('preset')) state.preset = typeof obj.preset === 'string' && obj.preset.length <= 40 ? obj.preset : null;
  for (const k of ['f', 'g']) {
    if (has(k)) {
      if (FUNCTION_IDS.includes(obj[k])) state[k] = obj[k];
      else problems.push(`The function "${quote(String(obj[k]), 20)}" is not one of ${FUNCTION_IDS.join(', ')}; "${state[k]}" is used.`);
    }
  }
  if (has('t')) {
    const t = obj.t;
    if (typeof t === 'number' && t >= T_RANGE.min && t <= T_RANGE.max) state.t = t;
    else problems.push(`The shift t "${quote(String(t), 20)}" is not a number from ${T_RANGE.min} to ${T_RANGE.max}; t = ${state.t} is used.`);
  }
  return { state, problems: capProblems(problems) };
}

/** At most a few sentences: the rest are counted, never listed. */
export function capProblems(problems) {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS - 1), `…and ${problems.length - MAX_PROBLEMS + 1} more problems; those parts keep their defaults.`];
}

/** Effective extent of the kernel: D·(M − 1) + 1. */
export const extentOf = (state) => state.dilation * (state.kernel.length - 1) + 1;

/** The state → the engine's convolve1d options (causal resolved to explicit padding). */
export function engineOptions(state) {
  const padding = state.padding === CAUSAL ? { left: extentOf(state) - 1, right: 0 } : state.padding;
  return {
    stride: state.stride, dilation: state.dilation, padding,
    border: state.border, constant: state.constant, flip: state.flip,
  };
}

// ---- Actions: state → new state (never mutated in place) ------------------

export function swap(state) {
  return { ...state, signal: state.kernel.slice(), kernel: state.signal.slice(), step: 0, preset: null };
}

export function setSample(state, which, index, value) {
  if (index < 0 || index >= state[which].length || !Number.isFinite(value)) return state;
  const list = state[which].slice();
  list[index] = value;
  return { ...state, [which]: list, preset: null };
}

/** Round a dragged value to the nearest 0.1 so the numbers stay readable. */
export const snap = (v) => Math.round(v * 10) / 10;

export function setList(state, which, values) {
  return { ...state, [which]: values.slice(), step: 0, preset: null };
}

export function setOption(state, name, value) {
  return { ...state, [name]: value, step: 0, preset: null };
}

/**
 * A sample as the learner reads and types it: short decimals as they are (2.1, 0.25),
 * values with no short decimal as an exact fraction when there is one (1/3).
 */
export function sampleText(v, formatCellValue) {
  const plain = String(v);
  return plain.length <= 8 ? plain : formatCellValue(v);
}

/** Text typed into a sample box ("1, 2, −1" or "[1 2 3]") → { values } or { error }. */
export function parseSamples(text, parseNumber, label) {
  const s = String(text ?? '');
  if (s.length > 4096) return { error: `The ${label} text is ${s.length} characters; at most 4096.` };
  const parts = s.replace(/^[\s[(]+|[\s\])]+$/g, '').split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length === 0) return { error: `The ${label} is empty; type 1 to ${SAMPLES.max} numbers such as 1, 2, −1.` };
  if (parts.length > SAMPLES.max) return { error: `The ${label} has ${parts.length} numbers; at most ${SAMPLES.max}.` };
  const values = [];
  for (let i = 0; i < parts.length; i++) {
    const v = parseNumber(parts[i]);
    if (Number.isNaN(v)) return { error: `The ${label}'s number ${i + 1}, "${quote(parts[i], 20)}", is not a number (numbers look like 3, −1.5 or 1/4).` };
    values.push(v);
  }
  return { values };
}
