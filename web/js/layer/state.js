// The layer mode's model: one plain state object and the actions on it. Cells are the
// text the learner typed (a typo stays visible and is explained in place). Option
// names, defaults and ranges are the engine's (engine.options.convLayer and .pool),
// narrowed to what a teaching view can draw. Pure: no DOM, no engine.
import { formatCellValue } from '../shared/numbers.js';
import { specsOf, narrow } from '../shared/options.js';
import { PRESETS } from './presets.js';

export const LIMITS = Object.freeze({
  channels: { min: 1, max: 3 }, side: { min: 1, max: 12 },
  kernels: { min: 1, max: 4 }, kernel: { min: 1, max: 5 },
  stride: { min: 1, max: 4 }, dilation: { min: 1, max: 3 }, pool: { min: 1, max: 4 },
});
export const SPEEDS = [0.5, 1, 2, 4, 8, 16];
export const STAGES = ['conv', 'relu', 'pool'];
export const CONV_OPTIONS = ['strideY', 'strideX', 'dilationY', 'dilationX', 'padding', 'border'];
export const POOL_OPTIONS = ['mode', 'height', 'width', 'strideY', 'strideX'];

/** engine.options → { conv, pool } spec maps narrowed to this mode's limits. */
export function layerSpecs(engineOptions) {
  const c = specsOf(engineOptions, 'convLayer');
  const p = specsOf(engineOptions, 'pool');
  const conv = new Map();
  for (const n of CONV_OPTIONS) {
    const lim = n.startsWith('stride') ? LIMITS.stride : n.startsWith('dilation') ? LIMITS.dilation : {};
    conv.set(n, narrow(c.get(n), lim));
  }
  const pool = new Map();
  for (const n of POOL_OPTIONS) pool.set(n, n === 'mode' ? p.get(n) : narrow(p.get(n), n.startsWith('stride') ? LIMITS.stride : LIMITS.pool));
  return { conv, pool };
}

const text = (v) => (typeof v === 'string' ? v : formatCellValue(v));
const texts = (x) => (Array.isArray(x) ? x.map(texts) : text(x));

export function defaultOptions(specs) {
  const o = {};
  for (const [n, s] of specs.conv) o[n] = s.default;
  return o;
}

export function createState(specs, preset = PRESETS[0]) {
  const state = { version: 0, step: 0, playing: false, speedIndex: 2, presetId: '', presetNote: '', image: false, hover: null };
  applyPreset(state, specs, preset);
  return state;
}

export function applyPreset(state, specs, p) {
  Object.assign(state, {
    input: texts(p.input), kernels: texts(p.kernels), bias: texts(p.bias),
    options: { ...defaultOptions(specs), ...p.options },
    relu: p.relu, pool: { ...p.pool }, inspect: { ...p.inspect },
    presetId: p.id, presetNote: p.description, image: Boolean(p.image), step: 0, playing: false,
  });
  state.version++;
}

function edited(state) {
  state.presetId = '';
  state.presetNote = '';
  state.playing = false;
  state.version++;
}

const grid = (h, w, old = []) => Array.from({ length: h }, (_, r) => Array.from({ length: w }, (_, c) => old[r]?.[c] ?? '0'));
const clamp = (v, { min, max }) => Math.max(min, Math.min(max, Math.trunc(Number(v)) || min));

export const shapeOf = (state) => ({
  channels: state.input.length, height: state.input[0].length, width: state.input[0][0].length,
  kernels: state.kernels.length, kernelHeight: state.kernels[0][0].length, kernelWidth: state.kernels[0][0][0].length,
});

/** Resizes one dimension (channels, height, width, kernels, kernelHeight, kernelWidth), keeping what fits. */
export function setShape(state, dim, value) {
  const s = shapeOf(state);
  const lim = { channels: LIMITS.channels, height: LIMITS.side, width: LIMITS.side, kernels: LIMITS.kernels, kernelHeight: LIMITS.kernel, kernelWidth: LIMITS.kernel }[dim];
  if (!lim) return;
  s[dim] = clamp(value, lim);
  state.input = Array.from({ length: s.channels }, (_, c) => grid(s.height, s.width, state.input[c]));
  state.kernels = Array.from({ length: s.kernels }, (_, o) => Array.from({ length: s.channels }, (_, c) => grid(s.kernelHeight, s.kernelWidth, state.kernels[o]?.[c])));
  state.bias = Array.from({ length: s.kernels }, (_, o) => state.bias[o] ?? '0');
  if (dim === 'channels') state.image = state.image && s.channels === 3;
  state.inspect = { ...state.inspect, channel: Math.min(state.inspect.channel, s.kernels - 1) };
  edited(state);
}

/**
 * A picture as the input: `pixels` is RGBA bytes of width × height (already small);
 * the R, G and B planes become three channels and the kernels follow.
 */
export function setImage(state, { width, height, data }) {
  const w = Math.min(width, LIMITS.side.max);
  const hgt = Math.min(height, LIMITS.side.max);
  state.input = [0, 1, 2].map((k) => Array.from({ length: hgt }, (_, r) => Array.from({ length: w }, (_, c) => String(data[(r * width + c) * 4 + k]))));
  const s = shapeOf(state);
  setShape(state, 'channels', 3);
  state.image = true;
  state.inspect = { stage: 'conv', channel: 0, row: 0, col: 0 };
  state.step = 0;
  return s;
}

/** One cell: which ∈ input | kernel | bias; at = [c, r, col] | [o, c, r, col] | [o]. */
export function setCell(state, which, at, value) {
  const t = String(value).slice(0, 64);
  if (which === 'bias') {
    if (at[0] >= 0 && at[0] < state.bias.length) state.bias[at[0]] = t;
  } else {
    let g = which === 'input' ? state.input : state.kernels;
    const path = [...at];
    const last = path.pop();
    for (const k of path) g = g?.[k];
    if (!Array.isArray(g) || last < 0 || last >= g.length) return;
    g[last] = t;
  }
  edited(state);
}

export function setOption(state, name, value) {
  state.options[name] = value;
  edited(state);
}

export function setPool(state, name, value) {
  state.pool[name] = value;
  edited(state);
}

export function setRelu(state, on) {
  state.relu = Boolean(on);
  edited(state);
}

/** Which cell the views inspect: a feature map cell (conv, relu) or a pooled one. */
export function inspect(state, stage, channel, row, col) {
  if (!STAGES.includes(stage)) return;
  const same = state.inspect.stage === stage && state.inspect.channel === channel && state.inspect.row === row && state.inspect.col === col;
  state.inspect = { stage, channel, row, col };
  if (!same) state.step = 0;
  state.playing = false;
}

export function setStep(state, step, total) {
  state.playing = false;
  state.step = total > 0 ? Math.max(0, Math.min(total - 1, Math.trunc(Number(step)) || 0)) : 0;
}

export function play(state, total) {
  if (total <= 1 || state.playing) return false;
  if (state.step >= total - 1) state.step = 0;
  state.playing = true;
  return true;
}

export function pause(state) {
  const was = state.playing;
  state.playing = false;
  return was;
}

export function advance(state, total, now, last) {
  if (now - last < 1000 / SPEEDS[state.speedIndex]) return last;
  if (state.step < total - 1) state.step++;
  if (state.step >= total - 1) state.playing = false;
  return now;
}
