// The layer mode's public state, what getState() returns, setState() takes and a link
// encodes (link.js):
//
//   { mode: 'layer', input: [c][y][x], kernels: [o][c][m][n], bias: [o], image: false,
//     options: { strideY, strideX, dilationY, dilationX, padding, border },
//     relu: true, pool: { mode: 'max' | 'average' | 'none', height, width, strideY, strideX },
//     inspect: { stage: 'conv' | 'relu' | 'pool', channel, row, col }, step: 0 }
//
// Cells are numbers (a cell being fixed is its text). Anything from outside is
// validated here: valid parts kept, the rest named in at most a few lines.
import { parseNumber, formatCellValue, quote } from '../shared/numbers.js';
import { readOption } from '../shared/options.js';
import { createProblems } from '../shared/problems.js';
import { LIMITS, STAGES, defaultOptions, setShape, shapeOf } from './state.js';

const OPTION_LABELS = { strideY: 'Stride rows', strideX: 'Stride columns', dilationY: 'Dilation rows', dilationX: 'Dilation columns', padding: 'Padding', border: 'Border' };

const cellJSON = (t) => {
  const v = parseNumber(t);
  return Number.isNaN(v) ? t : v;
};
const mapCells = (x, f) => (Array.isArray(x) ? x.map((y) => mapCells(y, f)) : f(x));

export function toJSON(state) {
  return {
    mode: 'layer',
    input: mapCells(state.input, cellJSON), kernels: mapCells(state.kernels, cellJSON), bias: state.bias.map(cellJSON),
    image: state.image, options: { ...state.options }, relu: state.relu, pool: { ...state.pool },
    inspect: { ...state.inspect }, step: state.step,
  };
}

/** A nested list of `depth` levels with the given limits per level → text cells, or a problem. */
function readNested(x, limits, name) {
  const dims = [];
  const walk = (v, level) => {
    if (level === limits.length) {
      if (typeof v === 'number' && Number.isFinite(v)) return formatCellValue(v);
      if (typeof v === 'string' && v.length <= 64) return v;
      throw new Error(`${name} holds ${quote(JSON.stringify(v) ?? String(v), 30)}, which is not a number`);
    }
    const lim = limits[level];
    if (!Array.isArray(v) || v.length < lim.min || v.length > lim.max) {
      throw new Error(`${name} must be ${limits.map((l) => `${l.min}–${l.max}`).join(' × ')} nested lists of numbers${Array.isArray(v) ? ` (a list at depth ${level + 1} has ${v.length})` : ''}`);
    }
    if (dims[level] === undefined) dims[level] = v.length;
    else if (dims[level] !== v.length) throw new Error(`${name} has lists of different lengths at depth ${level + 1} (${dims[level]} and ${v.length})`);
    return v.map((y) => walk(y, level + 1));
  };
  return walk(x, 0);
}

/** { patch, problems } for an outside state object (setState, a decoded link). */
export function validateState(obj, specs, problems = createProblems()) {
  const patch = {};
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    problems.add('The layer state must be an object such as { input: [[[1, 2], [3, 4]]], kernels: [[[[1]]]] }.');
    return { patch, problems: problems.list() };
  }
  const tryRead = (key, limits, name) => {
    if (obj[key] === undefined) return;
    try {
      patch[key] = readNested(obj[key], limits, name);
    } catch (err) {
      problems.add(`${err.message}; the current ${name} is kept.`);
    }
  };
  tryRead('input', [LIMITS.channels, LIMITS.side, LIMITS.side], 'input');
  tryRead('kernels', [LIMITS.kernels, LIMITS.channels, LIMITS.kernel, LIMITS.kernel], 'kernels');
  tryRead('bias', [LIMITS.kernels], 'bias');
  if (obj.image !== undefined) patch.image = obj.image === true;
  if (obj.relu !== undefined) {
    if (typeof obj.relu === 'boolean') patch.relu = obj.relu;
    else problems.add('relu must be true (apply ReLU) or false.');
  }
  if (obj.options !== undefined) {
    patch.options = {};
    for (const [n, spec] of specs.conv) {
      if (obj.options?.[n] === undefined) continue;
      const raw = typeof obj.options[n] === 'number' && spec.type === 'integer' ? String(obj.options[n]) : obj.options[n];
      const r = readOption(spec, raw, OPTION_LABELS[n]);
      if (r.error) problems.add(`${r.error.message} The current one is kept.`);
      else patch.options[n] = r.value;
    }
  }
  if (obj.pool !== undefined) {
    patch.pool = {};
    const src = obj.pool ?? {};
    if (src.mode !== undefined) {
      if (src.mode === 'none' || specs.pool.get('mode').values.includes(src.mode)) patch.pool.mode = src.mode;
      else problems.add(`Pooling "${quote(String(src.mode), 20)}" is not known; it is ${[...specs.pool.get('mode').values, 'none'].join(', ')}.`);
    }
    for (const n of ['height', 'width', 'strideY', 'strideX']) {
      if (src[n] === undefined) continue;
      const r = readOption(specs.pool.get(n), String(src[n]), `pool ${n}`);
      if (r.error) problems.add(`${r.error.message} The current one is kept.`);
      else patch.pool[n] = r.value;
    }
  }
  if (obj.inspect !== undefined) {
    const s = obj.inspect ?? {};
    const ints = ['channel', 'row', 'col'].every((k) => Number.isInteger(s[k]) && s[k] >= 0 && s[k] < 64);
    if (STAGES.includes(s.stage) && ints) patch.inspect = { stage: s.stage, channel: s.channel, row: s.row, col: s.col };
    else problems.add(`inspect must name a stage (${STAGES.join(', ')}) and a channel, row and column from 0; the first cell is inspected.`);
  }
  if (obj.step !== undefined) {
    if (Number.isInteger(obj.step) && obj.step >= 0 && obj.step < 10000) patch.step = obj.step;
    else problems.add(`step must be a whole number from 0; "${quote(String(obj.step), 20)}" is not. Step 1 is shown.`);
  }
  return { patch, problems: problems.list() };
}

/** Applies a validated patch over the defaults or the current state and makes the shapes agree. */
export function applyPatch(state, specs, patch, { base = 'current', defaults }) {
  if (base === 'defaults') Object.assign(state, structuredClone(defaults), { version: state.version });
  if (patch.input) state.input = patch.input;
  if (patch.kernels) state.kernels = patch.kernels;
  if (patch.bias) state.bias = patch.bias;
  if (patch.image !== undefined) state.image = patch.image;
  if (patch.options) state.options = { ...defaultOptions(specs), ...(base === 'defaults' ? {} : state.options), ...patch.options };
  if (patch.relu !== undefined) state.relu = patch.relu;
  if (patch.pool) state.pool = { ...state.pool, ...patch.pool };
  if (patch.inspect) state.inspect = patch.inspect;
  // Kernels follow the input's channels and biases the kernels' count (missing ones are 0).
  const s = shapeOf(state);
  const inspect = { ...state.inspect };
  setShape(state, 'channels', s.channels);
  state.inspect = inspect;
  state.image = state.image && state.input.length === 3;
  state.presetId = patch.input || patch.kernels ? '' : state.presetId;
  state.step = patch.step ?? 0;
  state.playing = false;
  state.version++;
}
