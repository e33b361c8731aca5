// The matrix mode's model: one plain state object, the actions that change it and
// the derive step that turns it into what every view shows. No DOM, no globals:
// Node tests run all of it against the real engine.
// Matrices and numeric settings are kept as the text the learner typed, so a typo is
// shown and explained in place instead of being silently replaced.
import { parseNumber, describeBadNumber, formatCellValue } from '../shared/numbers.js';
import { specsOf, narrow, readOption } from '../shared/options.js';
import { fitProblems } from './geometry.js';

/** What a teaching grid can show; narrower than the engine's ranges, never wider. */
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

// The options of `convolve` this mode shows, with its own narrower limits.
const SHOWN = [
  ['strideY', LIMITS.stride], ['strideX', LIMITS.stride], ['dilationY', LIMITS.dilation], ['dilationX', LIMITS.dilation],
  ['padding', {}], ['border', {}], ['constant', {}], ['flip', {}],
];
export const OPTION_NAMES = SHOWN.map(([n]) => n);
export const PAD_SIDES = ['top', 'bottom', 'left', 'right'];
const PAD_KEYS = { top: 'padTop', bottom: 'padBottom', left: 'padLeft', right: 'padRight' };

/** engine.options → the narrowed specs this mode validates and builds controls with. */
export function modeSpecs(engineOptions) {
  const all = specsOf(engineOptions, 'convolve');
  const specs = new Map();
  for (const [name, limit] of SHOWN) specs.set(name, narrow(all.get(name), limit));
  specs.set('padding', { ...specs.get('padding'), sideMin: LIMITS.pad.min, sideMax: LIMITS.pad.max });
  const image = specsOf(engineOptions, 'filterImage');
  return { specs, imageDefaults: { padding: image.get('padding').default, border: image.get('border').default } };
}

/** The engine's defaults as the text the controls hold. */
export function defaultSettings(specs) {
  const d = (n) => specs.get(n).default;
  const pad = d('padding');
  return {
    strideY: String(d('strideY')), strideX: String(d('strideX')), dilationY: String(d('dilationY')), dilationX: String(d('dilationX')),
    padding: typeof pad === 'string' ? pad : 'explicit',
    padTop: '0', padBottom: '0', padLeft: '0', padRight: '0',
    border: d('border'), constant: formatCellValue(d('constant')), flip: Boolean(d('flip')),
  };
}

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

export function syncSizeText(state) {
  state.sizeText = {
    inputRows: String(state.input.length), inputCols: String(state.input[0].length),
    kernelRows: String(state.kernel.length), kernelCols: String(state.kernel[0].length),
  };
}

/** A fresh state showing `first` (a preset) with the engine's default options. */
export function createState(specs, first) {
  const state = {
    input: [], kernel: [], settings: defaultSettings(specs), presetId: '', presetNote: '',
    sizeText: {}, sizeErrors: [], notice: '', step: 0, playing: false, speedIndex: 2,
    hoverStep: null, hoverCell: null,
    // Bumped on every change of a matrix or a setting; derived data is cached per version.
    version: 0,
  };
  applyPreset(state, specs, first);
  return state;
}

function resetView(state) {
  syncSizeText(state);
  state.sizeErrors = [];
  state.notice = '';
  state.playing = false;
  state.hoverStep = null;
  state.hoverCell = null;
  state.version++;
}

export function applyPreset(state, specs, { id, description, input, kernel, settings }) {
  state.input = textGrid(input);
  state.kernel = textGrid(kernel);
  state.settings = { ...defaultSettings(specs), ...settings };
  state.presetId = id;
  state.presetNote = description;
  state.step = 0;
  resetView(state);
}

/** Text grid → engine matrix, or the list of cells that are not numbers. */
export function readMatrix(grid, which, label) {
  const height = grid.length;
  const width = grid[0].length;
  const data = new Float64Array(height * width);
  const errors = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const v = parseNumber(grid[r][c]);
      if (Number.isNaN(v)) errors.push({ which, r, c, message: `${label} row ${r + 1} column ${c + 1} ${describeBadNumber(grid[r][c])}.` });
      else data[r * width + c] = v;
    }
  }
  return { matrix: errors.length ? null : { height, width, data }, errors };
}

const LABELS = {
  strideY: 'Stride rows', strideX: 'Stride columns', dilationY: 'Dilation rows', dilationX: 'Dilation columns',
  padding: 'Padding', border: 'Border', constant: 'Constant', flip: 'Flip kernel',
};

/** Settings text → engine options, or errors { code, field, message } naming the control to fix. */
export function readOptions(settings, specs) {
  const errors = [];
  const options = {};
  for (const name of OPTION_NAMES) {
    if (name === 'constant' && settings.border !== 'constant') continue;
    let raw = settings[name];
    if (name === 'padding' && raw === 'explicit') {
      raw = { top: settings.padTop, bottom: settings.padBottom, left: settings.padLeft, right: settings.padRight };
    }
    const label = name === 'padding' && raw !== settings[name] ? 'Padding' : LABELS[name];
    const r = readOption(specs.get(name), raw, label);
    if (r.error) {
      // Explicit sides are reported against their own control (padTop …), as the view marks them.
      const side = r.error.field.split('.')[1];
      errors.push({ ...r.error, key: side ? PAD_KEYS[side] : name });
    } else options[name] = r.value;
  }
  return { options: errors.length ? null : options, errors };
}

/**
 * Everything the views need for one version of the state, computed by the engine: the
 * output, the padded input (the engine convolving with the 1×1 kernel [1] over the
 * resolved padding, so padding values are exactly what the border mode supplies) and
 * the resolved geometry.
 */
export function derive(state, engine, specs) {
  const input = readMatrix(state.input, 'input', 'Input');
  const kernel = readMatrix(state.kernel, 'kernel', 'Kernel');
  const opts = readOptions(state.settings, specs);
  const d = {
    version: state.version,
    inputShape: { height: state.input.length, width: state.input[0].length },
    kernelShape: { height: state.kernel.length, width: state.kernel[0].length },
    cellErrors: [...input.errors, ...kernel.errors],
    settingErrors: opts.errors,
    options: opts.options,
    plan: null, partial: {}, planError: '', planCode: '', fit: [],
    padding: { top: 0, bottom: 0, left: 0, right: 0 },
    output: null, padded: null, engineError: '', geo: null,
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
    d.planCode = err.code ?? '';
    if (typeof opts.options.padding === 'object') d.padding = { ...opts.options.padding };
    d.fit = fitProblems(d.inputShape, {
      kernelHeight: d.kernelShape.height, kernelWidth: d.kernelShape.width,
      dilationY: opts.options.dilationY, dilationX: opts.options.dilationX,
    }, d.padding);
    // The axis that does fit still gets its own numbers from the engine: with the
    // other axis shrunk to a 1-wide kernel, only this axis decides the plan.
    const bad = new Set(d.fit.map((f) => f.axis));
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

export const totalSteps = (d) => (d?.output ? d.output.height * d.output.width : 0);

export function explainStep(d, engine, i, j) {
  const key = i * d.geo.outWidth + j;
  let e = d.explainCache.get(key);
  if (!e) {
    e = engine.explain(d.input, d.kernel, d.options, i, j);
    d.explainCache.set(key, e);
  }
  return e;
}
