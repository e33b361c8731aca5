// The transposed mode's state: a plain JSON object, its defaults, validation, presets
// and actions. Pure. Option names, defaults and ranges are the engine's
// (engine.options.convolveTranspose), narrowed to grids a learner can read.
import { optionTable } from '../../../wasm/options.js';
import { specsOf, narrow } from '../shared/options.js';
import { quote } from '../shared/numbers.js';
import { capProblems } from '../signal/model.js';

const FALLBACK_OPTIONS = optionTable({ maxSide: 65536, maxMagnitude: 1e100 }, []);
export const SIZES = Object.freeze({ input: { min: 1, max: 6 }, kernel: { min: 1, max: 4 } });
const TEACHING = {
  strideY: { max: 4 }, strideX: { max: 4 }, dilationY: { max: 3 }, dilationX: { max: 3 },
  padding: { max: 4 }, outputPaddingY: { max: 3 }, outputPaddingX: { max: 3 },
};
export const INT_OPTIONS = ['strideY', 'strideX', 'dilationY', 'dilationX', 'outputPaddingY', 'outputPaddingX'];
export const SIDES = ['top', 'bottom', 'left', 'right'];

export function transposeSpecs(engineOptions = FALLBACK_OPTIONS) {
  const m = specsOf(engineOptions, 'convolveTranspose');
  const out = {};
  for (const n of [...INT_OPTIONS, 'padding']) {
    const s = m.get(n);
    if (!s) throw new Error(`engine.options.convolveTranspose has no "${n}"`);
    out[n] = narrow(s, TEACHING[n]);
  }
  return out;
}

const padObject = (p) => (typeof p === 'number' ? { top: p, bottom: p, left: p, right: p } : { ...p });

export const PRESETS = Object.freeze([
  {
    id: 'stride2-k2', name: '2×2, stride 2 (no overlap)',
    note: 'Each input value stamps a 2×2 copy of the kernel, two cells apart: the copies tile the 4×4 output without overlapping, so every output cell has exactly one contribution.',
    input: [[1, 2], [3, 4]], kernel: [[1, 0], [2, 1]], options: { strideY: 2, strideX: 2 },
  },
  {
    id: 'stride2-k3', name: '3×3, stride 2 (checkerboard)',
    note: 'A 3×3 kernel with stride 2: neighbouring copies overlap on every second row and column, so some output cells get 1, some 2 and some 4 contributions. That uneven count is the checkerboard artefact of transposed convolutions.',
    input: [[1, 1, 1], [1, 1, 1], [1, 1, 1]], kernel: [[1, 1, 1], [1, 1, 1], [1, 1, 1]], options: { strideY: 2, strideX: 2 },
  },
  {
    id: 'stride1', name: 'Stride 1 (full convolution)',
    note: 'With stride 1 the copies overlap everywhere: the output is the full (true, flipped) convolution X ∗ K, of size (H + M − 1) × (W + N − 1).',
    input: [[1, 2], [3, 4]], kernel: [[1, 2], [3, 4]], options: {},
  },
  {
    id: 'crop', name: 'Padding 1 (cropping)',
    note: 'In a transposed convolution padding removes cells: one row and column is cropped from every side of the full result, the inverse of what padding does to a forward convolution.',
    input: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], kernel: [[1, 1, 1], [1, 1, 1], [1, 1, 1]], options: { strideY: 2, strideX: 2, padding: 1 },
  },
  {
    id: 'output-padding', name: 'Output padding',
    note: 'A forward convolution with stride 2 maps both 5×5 and 6×6 inputs to 3×3. Output padding 1 picks the larger size: one more row and column at the bottom and right.',
    input: [[1, 2, 1], [2, 4, 2], [1, 2, 1]], kernel: [[1, 1, 1], [1, 1, 1], [1, 1, 1]], options: { strideY: 2, strideX: 2, padding: 1, outputPaddingY: 1, outputPaddingX: 1 },
  },
]);

export function defaultState(specs = transposeSpecs()) {
  const base = {
    input: [[1]], kernel: [[1]], step: 0, preset: null, probe: 0,
    padding: padObject(specs.padding.default),
  };
  for (const n of INT_OPTIONS) base[n] = specs[n].default;
  return applyPreset(base, PRESETS[0]);
}

export function applyPreset(base, preset) {
  const o = preset.options;
  return {
    ...base,
    input: preset.input.map((r) => r.slice()),
    kernel: preset.kernel.map((r) => r.slice()),
    strideY: o.strideY ?? 1, strideX: o.strideX ?? 1, dilationY: 1, dilationX: 1,
    padding: padObject(o.padding ?? 0),
    outputPaddingY: o.outputPaddingY ?? 0, outputPaddingX: o.outputPaddingX ?? 0,
    step: 0, preset: preset.id,
  };
}

function checkGrid(v, label, lim, problems) {
  const ok = Array.isArray(v) && v.length >= lim.min && v.length <= lim.max
    && v.every((r) => Array.isArray(r) && r.length === v[0].length && r.length >= lim.min && r.length <= lim.max);
  if (!ok) {
    problems.push(`The ${label} must be ${lim.min} to ${lim.max} rows of ${lim.min} to ${lim.max} numbers each, every row the same length. The default ${label} is used.`);
    return null;
  }
  for (let r = 0; r < v.length; r++) {
    for (let c = 0; c < v[r].length; c++) {
      const x = v[r][c];
      if (typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) > 1e100) {
        problems.push(`The ${label} at row ${r + 1}, column ${c + 1} has "${quote(String(x), 20)}", which is not a finite number. The default ${label} is used.`);
        return null;
      }
    }
  }
  return v.map((r) => r.slice());
}

/** Any object → { state, problems }; valid parts kept, the rest from `base`, named. */
export function validateState(obj, specs = transposeSpecs(), base = defaultState(specs)) {
  const problems = [];
  const state = { ...base, padding: { ...base.padding } };
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    return { state, problems: ['The state must be an object such as { input: [[1, 2], [3, 4]], kernel: [[1, 1], [1, 1]], strideY: 2, strideX: 2 }.'] };
  }
  const has = (k) => Object.prototype.hasOwnProperty.call(obj, k);
  const known = new Set(Object.keys(base));
  const unknown = Object.keys(obj).filter((k) => !known.has(k));
  if (unknown.length) problems.push(`${unknown.slice(0, 3).map((k) => `"${quote(k, 20)}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not part of the transposed state (it has ${[...known].join(', ')}); ignored.`);
  if (has('input')) { const g = checkGrid(obj.input, 'input', SIZES.input, problems); if (g) state.input = g; }
  if (has('kernel')) { const g = checkGrid(obj.kernel, 'kernel', SIZES.kernel, problems); if (g) state.kernel = g; }
  for (const n of INT_OPTIONS) {
    if (!has(n)) continue;
    const v = obj[n];
    const s = specs[n];
    if (Number.isSafeInteger(v) && v >= s.min && v <= s.max) state[n] = v;
    else problems.push(`${n} "${quote(String(v), 20)}" is not a whole number from ${s.min} to ${s.max}; ${state[n]} is used.`);
  }
  if (has('padding')) {
    const p = obj.padding;
    const { min, max } = specs.padding;
    const ok = (x) => Number.isSafeInteger(x) && x >= min && x <= max;
    if (ok(p)) state.padding = padObject(p);
    else if (p && typeof p === 'object' && SIDES.every((k) => ok(p[k]))) state.padding = padObject(p);
    else problems.push(`The padding "${quote(typeof p === 'object' ? JSON.stringify(p) : String(p), 40)}" must be one whole number from ${min} to ${max} or { top, bottom, left, right } of them; ${JSON.stringify(state.padding)} is used.`);
  }
  if (has('step')) {
    if (Number.isSafeInteger(obj.step) && obj.step >= 0) state.step = obj.step;
    else problems.push(`The step "${quote(String(obj.step), 20)}" is not a whole number from 0; step 0 is shown.`);
  }
  if (has('probe')) {
    if (Number.isSafeInteger(obj.probe) && obj.probe >= 0 && obj.probe <= 999) state.probe = obj.probe;
    else problems.push(`The probe "${quote(String(obj.probe), 20)}" is not a whole number from 0 to 999; 0 is used.`);
  }
  if (has('preset')) state.preset = typeof obj.preset === 'string' && obj.preset.length <= 40 ? obj.preset : null;
  return { state, problems: capProblems(problems) };
}

/** The state → engine.convolveTranspose options. */
export function engineOptions(state) {
  const o = { padding: { ...state.padding } };
  for (const n of INT_OPTIONS) o[n] = state[n];
  return o;
}

/** The forward convolution with the same stride, dilation and padding (no flip, zero border). */
export function forwardOptions(state) {
  return {
    strideY: state.strideY, strideX: state.strideX, dilationY: state.dilationY, dilationX: state.dilationX,
    padding: { ...state.padding }, border: 'constant', constant: 0, flip: false,
  };
}

/**
 * A deterministic test grid Y of the output's size for the adjoint check: small integers
 * from a linear congruential sequence, so the numbers can be redone by hand and a
 * "new Y" button only bumps `probe`.
 */
export function probeGrid(height, width, probe) {
  let x = (probe * 7919 + 17) % 2147483647;
  const rows = [];
  for (let r = 0; r < height; r++) {
    const row = [];
    for (let c = 0; c < width; c++) {
      x = (x * 48271) % 2147483647;
      row.push((x % 7) - 3);
    }
    rows.push(row);
  }
  return rows;
}

/** Step (input cell, row-major) ↔ (i, j); the step count is H·W. */
export const cellOfStep = (step, width) => ({ i: Math.floor(step / width), j: step % width });
export const totalSteps = (state) => state.input.length * state.input[0].length;

export const setOption = (state, name, value) => ({ ...state, [name]: value, step: 0, preset: null });
export const setGrid = (state, which, grid) => ({ ...state, [which]: grid, step: 0, preset: null });
