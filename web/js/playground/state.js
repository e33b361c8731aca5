// The single state object of the playground and everything derived from it.
// Matrices and numeric settings are kept as the text the learner typed, so a
// typo is shown and explained in place instead of being silently replaced.
import { parseNumber, describeBadNumber, formatCellValue } from '../shared/numbers.js';
import { fitProblems } from './geometry.js';

export const LIMITS = Object.freeze({
  input: { min: 1, max: 32 },
  kernel: { min: 1, max: 9 },
  stride: { min: 1, max: 8 },
  // Dilation 4 on a 9×9 kernel already spans 33 cells; more only makes the padded grid unreadable.
  dilation: { min: 1, max: 4 },
  pad: { min: 0, max: 16 },
});

// Steps per second offered by the Speed control.
export const SPEEDS = [0.5, 1, 2, 3, 5, 8, 12, 20];

export const textGrid = (rows) => rows.map((r) => r.map((v) => (typeof v === 'string' ? v : formatCellValue(v))));

export function resizeGrid(grid, height, width, fill = '0') {
  const rows = [];
  for (let r = 0; r < height; r++) {
    const row = [];
    for (let c = 0; c < width; c++) row.push(grid[r]?.[c] ?? fill);
    rows.push(row);
  }
  return rows;
}

const DEFAULT_SETTINGS = {
  strideY: '1', strideX: '1', dilationY: '1', dilationX: '1',
  padding: 'valid', padTop: '0', padBottom: '0', padLeft: '0', padRight: '0',
  border: 'constant', constant: '0', flip: false,
};

// The course examples the page is built around. Options not named take the defaults.
export const COURSE_PRESETS = [
  {
    id: 'course-2x2',
    name: '4×4 input, 2×2 kernel',
    description: 'The smallest example: a 2×2 kernel [[1, 0], [0, −1]] slides over a 4×4 input, no padding, stride 1.',
    input: [[1, 2, 3, 0], [4, 5, 6, 1], [7, 8, 9, 2], [0, 1, 2, 3]],
    kernel: [[1, 0], [0, -1]],
    settings: {},
  },
  {
    id: 'course-outline',
    name: '5×5 square, outline kernel',
    description: 'A bright 3×3 square on a 5×5 input and the 3×3 outline kernel: the centre cancels out, the border of the square lights up.',
    input: [[0, 0, 0, 0, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 0, 0, 0, 0]],
    kernel: [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
    settings: {},
  },
  {
    id: 'course-vertical-edge',
    name: 'Vertical edge',
    description: 'Five rows of [1, 1, 1, 0, 0] and the vertical-edge kernel [[1, 0, −1] × 3]: the output is large exactly where the values drop.',
    input: Array.from({ length: 5 }, () => [1, 1, 1, 0, 0]),
    kernel: Array.from({ length: 3 }, () => [1, 0, -1]),
    settings: {},
  },
  {
    id: 'course-stride',
    name: '4×5 input, stride 2',
    description: 'A 3×3 kernel over a 4×5 input with one cell of zero padding on every side and stride 2: the window jumps two cells at a time.',
    input: [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]],
    kernel: [[1, 0, 1], [0, 1, 0], [1, 0, 1]],
    settings: {
      strideY: '2', strideX: '2', padding: 'explicit', padTop: '1', padBottom: '1', padLeft: '1', padRight: '1',
    },
  },
];

// Built-in image filters are shown on this small test pattern (a bright square on
// a dark ground) with the image page's defaults, so edges and blur are visible.
export const FILTER_DEMO_INPUT = Array.from({ length: 8 }, (_, r) =>
  Array.from({ length: 8 }, (_, c) => (r >= 2 && r <= 5 && c >= 2 && c <= 5 ? 9 : 0)));
export const FILTER_DEMO_SETTINGS = { padding: 'same', border: 'replicate' };

export function createState() {
  const first = COURSE_PRESETS[2];
  return {
    input: textGrid(first.input),
    kernel: textGrid(first.kernel),
    settings: { ...DEFAULT_SETTINGS },
    presetId: first.id,
    presetNote: first.description,
    sizeText: { inputRows: '5', inputCols: '5', kernelRows: '3', kernelCols: '3' },
    sizeErrors: [],
    notice: '',
    step: 0,
    playing: false,
    speedIndex: 2,
    hoverStep: null,
    hoverCell: null,
    // Bumped on every change of a matrix or a setting; derived data is cached per version.
    version: 0,
  };
}

/**
 * A decoded share link → the state. Parts the link lacks or got wrong take the
 * page's defaults (the first example's matrices, default settings), so a bad link
 * still opens a working page.
 */
export function applyLink(state, link) {
  const first = COURSE_PRESETS[2];
  state.input = link.input ?? textGrid(first.input);
  state.kernel = link.kernel ?? textGrid(first.kernel);
  state.settings = { ...DEFAULT_SETTINGS, ...link.settings };
  state.presetId = '';
  state.presetNote = '';
  syncSizeText(state);
  state.sizeErrors = [];
  state.notice = '';
  state.step = link.step ?? 0;
  state.playing = false;
  state.hoverStep = null;
  state.hoverCell = null;
  state.version++;
}

export function applyPreset(state, { id, description, input, kernel, settings }, note) {
  state.input = textGrid(input);
  state.kernel = textGrid(kernel);
  state.settings = { ...DEFAULT_SETTINGS, ...settings };
  state.presetId = id;
  state.presetNote = note ?? description;
  syncSizeText(state);
  state.sizeErrors = [];
  state.notice = '';
  state.step = 0;
  state.playing = false;
  state.hoverStep = null;
  state.hoverCell = null;
  state.version++;
}

export function filterPreset(filter) {
  const k = filter.kernels[0];
  const rows = [];
  for (let r = 0; r < k.height; r++) rows.push(Array.from(k.data.slice(r * k.width, (r + 1) * k.width)));
  let note = `${filter.name}: ${filter.description} Shown on an 8×8 test pattern with "same" padding and the replicate border, as the image page filters a photo.`;
  if (filter.kernels.length > 1) {
    note += ` This filter combines ${filter.kernels.length} kernels (the image page takes sqrt(gx² + gy²) of their results); the matrix view shows the first one, gx.`;
  }
  return { id: `filter-${filter.id}`, description: note, input: FILTER_DEMO_INPUT, kernel: rows, settings: FILTER_DEMO_SETTINGS };
}

export function syncSizeText(state) {
  state.sizeText = {
    inputRows: String(state.input.length), inputCols: String(state.input[0].length),
    kernelRows: String(state.kernel.length), kernelCols: String(state.kernel[0].length),
  };
}

/** Text grid → engine matrix, or the list of cells that are not numbers. */
export function readMatrix(grid, label) {
  const height = grid.length;
  const width = grid[0].length;
  const data = new Float64Array(height * width);
  const errors = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const v = parseNumber(grid[r][c]);
      if (Number.isNaN(v)) errors.push({ r, c, message: `${label} row ${r + 1} column ${c + 1} ${describeBadNumber(grid[r][c])}.` });
      else data[r * width + c] = v;
    }
  }
  return { matrix: errors.length ? null : { height, width, data }, errors };
}

function readInt(text, label, { min, max }) {
  const v = Number(String(text).trim());
  if (String(text).trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    return { error: `${label} must be a whole number from ${min} to ${max}; "${String(text).trim()}" is not.` };
  }
  return { value: v };
}

/** Settings text → engine options, or messages naming the control to fix. */
export function readOptions(settings) {
  const errors = [];
  const take = (key, label, range) => {
    const { value, error } = readInt(settings[key], label, range);
    if (error) errors.push({ field: key, message: error });
    return value;
  };
  const options = {
    strideY: take('strideY', 'Stride rows', LIMITS.stride),
    strideX: take('strideX', 'Stride columns', LIMITS.stride),
    dilationY: take('dilationY', 'Dilation rows', LIMITS.dilation),
    dilationX: take('dilationX', 'Dilation columns', LIMITS.dilation),
    border: settings.border,
    flip: Boolean(settings.flip),
  };
  if (settings.padding === 'explicit') {
    options.padding = {
      top: take('padTop', 'Padding top', LIMITS.pad),
      bottom: take('padBottom', 'Padding bottom', LIMITS.pad),
      left: take('padLeft', 'Padding left', LIMITS.pad),
      right: take('padRight', 'Padding right', LIMITS.pad),
    };
  } else {
    options.padding = settings.padding;
  }
  if (settings.border === 'constant') {
    const c = parseNumber(settings.constant);
    if (Number.isNaN(c)) errors.push({ field: 'constant', message: `Constant ${describeBadNumber(settings.constant)}.` });
    else options.constant = c;
  }
  return { options: errors.length ? null : options, errors };
}

/**
 * Everything the view needs for one version of the state, computed by the
 * engine: the output, the padded input (the engine convolving with the 1×1
 * kernel [1] over the resolved padding, so padding values are exactly what the
 * border mode supplies) and the resolved geometry.
 */
export function derive(state, engine) {
  const input = readMatrix(state.input, 'Input');
  const kernel = readMatrix(state.kernel, 'Kernel');
  const opts = readOptions(state.settings);
  const d = {
    version: state.version,
    inputShape: { height: state.input.length, width: state.input[0].length },
    kernelShape: { height: state.kernel.length, width: state.kernel[0].length },
    cellErrors: [...input.errors, ...kernel.errors],
    settingErrors: opts.errors,
    options: opts.options,
    plan: null,
    partial: {},
    planError: '',
    fit: [],
    padding: { top: 0, bottom: 0, left: 0, right: 0 },
    output: null,
    padded: null,
    engineError: '',
    geo: null,
    explainCache: new Map(),
    input: input.matrix,
    kernel: kernel.matrix,
  };
  if (!opts.options) return d;
  try {
    d.plan = engine.plan(d.inputShape, d.kernelShape, opts.options);
    d.padding = { ...d.plan.padding };
  } catch (err) {
    d.planError = err.message;
    if (typeof opts.options.padding === 'object') d.padding = { ...opts.options.padding };
    d.fit = fitProblems(d.inputShape, {
      kernelHeight: d.kernelShape.height, kernelWidth: d.kernelShape.width,
      dilationY: opts.options.dilationY, dilationX: opts.options.dilationX,
    }, d.padding);
    // The axis that does fit still gets its own numbers from the engine: with the
    // other axis shrunk to a 1-wide kernel, only this axis decides the plan.
    const bad = new Set(d.fit.map((f) => f.axis));
    d.partial = {};
    try {
      if (!bad.has('rows')) {
        const p = engine.plan(d.inputShape, { height: d.kernelShape.height, width: 1 }, { ...opts.options, dilationX: 1 });
        Object.assign(d.partial, { outHeight: p.outHeight, extentY: p.extentY });
      }
      if (!bad.has('columns')) {
        const p = engine.plan(d.inputShape, { height: 1, width: d.kernelShape.width }, { ...opts.options, dilationY: 1 });
        Object.assign(d.partial, { outWidth: p.outWidth, extentX: p.extentX });
      }
    } catch {
      // Only the formula's numbers are missing then; the engine's message is already shown.
    }
    return d;
  }
  d.geo = {
    outHeight: d.plan.outHeight, outWidth: d.plan.outWidth,
    kernelHeight: d.kernelShape.height, kernelWidth: d.kernelShape.width,
    strideY: opts.options.strideY, strideX: opts.options.strideX,
    dilationY: opts.options.dilationY, dilationX: opts.options.dilationX,
  };
  try {
    if (input.matrix) {
      d.padded = engine.convolve(input.matrix, { height: 1, width: 1, data: [1] },
        { padding: d.padding, border: opts.options.border, constant: opts.options.constant ?? 0 });
    }
    if (input.matrix && kernel.matrix) d.output = engine.convolve(input.matrix, kernel.matrix, opts.options);
  } catch (err) {
    d.engineError = err.message;
    d.output = null;
  }
  return d;
}

export function explainStep(d, engine, i, j) {
  const key = i * d.geo.outWidth + j;
  let e = d.explainCache.get(key);
  if (!e) {
    e = engine.explain(d.input, d.kernel, d.options, i, j);
    d.explainCache.set(key, e);
  }
  return e;
}

export function randomGrid(height, width, lo, hi) {
  return Array.from({ length: height }, () =>
    Array.from({ length: width }, () => String(lo + Math.floor(Math.random() * (hi - lo + 1)))));
}
