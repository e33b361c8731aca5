// The image mode's state, its actions and the derive step. Pure: no DOM, no
// worker, no engine calls; the engine's catalogue (filters and the option table)
// comes in as data, so Node tests run all of it.
//
// State (a plain JSON object, every field always present):
//   sample    id of the sample image shown, or null for none
//   photo     true while the user's own photo is shown instead (never shared)
//   stages    the filter chain, 1..MAX_STAGES entries, each:
//     filter     a built-in filter id, or 'custom'
//     kernels    three kernel texts as typed (one kernel: only kernels[0] is used)
//     perChannel true: kernels[0..2] are the R, G and B kernels
//     divisor    weights are divided by this (non-zero)
//     bias       added before the output mode
//     output     output mode (engine.options.filterImage 'output')
//     border     border mode (engine.options.filterImage 'border')
//     constant   the constant border's value
//     grayscale  filter the gray image once
//     flip       true convolution instead of cross-correlation
//   selected  index of the stage being edited and shown
//   compare   'side' (side by side) or 'split' (before/after)
//   split     the before/after divider, 0..100 (% of the width)
//   zoom      'fit' or the scale in percent
//   inspect   the inspected result pixel { x, y }, or null
import { MAX_SIDE, kernelSum, kernelToText, scaleKernel, parseKernelText } from './kernels.js';

export const MAX_STAGES = 8;
export const COMPARE = ['side', 'split'];
export const ZOOM = { min: 1, max: 6400 };
export const MAX_COORD = 65536;
export const CHANNELS = ['R', 'G', 'B'];
export const DEFAULT_KERNEL = '0 -1 0\n-1 5 -1\n0 -1 0';
const FIRST = ['gaussian-blur-5', 'gaussian-blur-3', 'box-blur-3'];
const NEXT = ['sobel-magnitude', 'laplacian'];

/**
 * What the model needs from the engine: its filters and the filterImage option
 * table, reduced to the entries the page offers (names, defaults and ranges live there).
 */
export function catalogOf(engine) {
  const table = engine.options.filterImage;
  const entry = (name) => {
    const e = table.find((o) => o.name === name);
    if (!e) throw new Error(`engine.options.filterImage has no "${name}"`);
    return e;
  };
  return Object.freeze({
    filters: engine.filters.map((f) => ({
      id: f.id, name: f.name, description: f.description, output: f.output, combine: f.combine ?? 'none',
      kernels: f.kernels.map((k) => ({ height: k.height, width: k.width, data: Array.from(k.data) })),
    })),
    border: entry('border'), output: entry('output'), constant: entry('constant'), bias: entry('bias'),
    grayscale: entry('grayscale'), flip: entry('flip'),
  });
}

const findFilter = (catalog, id) => catalog.filters.find((f) => f.id === id);
const pick = (catalog, ids) => ids.find((id) => findFilter(catalog, id)) ?? catalog.filters[0]?.id ?? 'custom';

export function newStage(catalog, filterId) {
  const f = findFilter(catalog, filterId);
  return {
    filter: f ? f.id : 'custom',
    kernels: [DEFAULT_KERNEL, DEFAULT_KERNEL, DEFAULT_KERNEL],
    perChannel: false,
    divisor: 1,
    bias: catalog.bias.default,
    output: f ? f.output : catalog.output.default,
    border: catalog.border.default,
    constant: catalog.constant.default,
    grayscale: catalog.grayscale.default,
    flip: catalog.flip.default,
  };
}

export function initialState(catalog) {
  return {
    sample: 'harbour', photo: false, stages: [newStage(catalog, pick(catalog, FIRST))], selected: 0,
    compare: 'side', split: 50, zoom: 'fit', inspect: null,
  };
}

// ---------- actions: (state, ...) → new state; the input is never changed ----------

const withStage = (state, fn) => {
  const stages = state.stages.slice();
  stages[state.selected] = fn({ ...stages[state.selected], kernels: stages[state.selected].kernels.slice() });
  return { ...state, stages };
};

export const actions = {
  selectStage: (state, i) => (Number.isInteger(i) && i >= 0 && i < state.stages.length ? { ...state, selected: i } : state),
  addStage(state, catalog) {
    if (state.stages.length >= MAX_STAGES) return state;
    const stages = state.stages.slice();
    stages.splice(state.selected + 1, 0, newStage(catalog, pick(catalog, NEXT)));
    return { ...state, stages, selected: state.selected + 1 };
  },
  removeStage(state) {
    if (state.stages.length <= 1) return state;
    const stages = state.stages.filter((_, i) => i !== state.selected);
    return { ...state, stages, selected: Math.min(state.selected, stages.length - 1) };
  },
  /** A built-in filter brings its own output mode and divisor 1; custom keeps the settings. */
  setFilter: (state, catalog, id) => withStage(state, (s) => {
    const f = findFilter(catalog, id);
    if (!f) return { ...s, filter: 'custom' };
    return { ...s, filter: f.id, output: f.output, divisor: 1 };
  }),
  editAsCustom: (state, catalog) => withStage(state, (s) => {
    const f = findFilter(catalog, s.filter);
    if (!f) return s;
    const t = kernelToText(f.kernels[0]);
    return { ...s, filter: 'custom', kernels: [t, t, t], perChannel: false };
  }),
  setPerChannel: (state, on) => withStage(state, (s) => {
    const kernels = s.kernels.map((k, i) => (on && i > 0 && !k.trim() ? s.kernels[0] : k));
    return { ...s, perChannel: !!on, kernels };
  }),
  setKernelText: (state, i, text) => withStage(state, (s) => {
    s.kernels[i] = String(text);
    return s;
  }),
  /** A generated kernel replaces every channel's text and resets the divisor. */
  setGenerated: (state, text) => withStage(state, (s) => ({ ...s, kernels: s.perChannel ? [text, text, text] : [text, s.kernels[1], s.kernels[2]], divisor: 1 })),
  setField: (state, key, value) => withStage(state, (s) => ({ ...s, [key]: value })),
  setCompare: (state, compare) => (COMPARE.includes(compare) ? { ...state, compare } : state),
  setSplit: (state, split) => ({ ...state, split: Math.max(0, Math.min(100, Math.round(split))) }),
  setZoom: (state, zoom) => ({ ...state, zoom: zoom === 'fit' ? 'fit' : Math.max(ZOOM.min, Math.min(ZOOM.max, Math.round(zoom))) }),
  inspect: (state, x, y) => ({ ...state, inspect: x == null ? null : { x, y } }),
  chooseSample: (state, id) => ({ ...state, sample: id, photo: false, inspect: null }),
  openPhoto: (state) => ({ ...state, photo: true, inspect: null }),
};

// ---------- derive: state → what the views and the worker need ----------

export function parseKernel(text) {
  return parseKernelText(text);
}

/** The sum of a stage's first kernel for Normalise, or an error message. */
export function normaliseDivisor(stage, catalog) {
  let k;
  try {
    k = stage.filter === 'custom' ? parseKernel(stage.kernels[0]) : findFilter(catalog, stage.filter).kernels[0];
  } catch (err) {
    return { error: err.message };
  }
  const sum = kernelSum(k);
  if (Math.abs(sum) < 1e-12) return { error: 'This kernel sums to 0 (an edge detector), so it cannot be normalised; use the abs or offset output instead.' };
  return { divisor: Number(sum.toPrecision(12)) };
}

function stageName(stage, catalog, kernels) {
  if (stage.filter !== 'custom') return findFilter(catalog, stage.filter)?.name ?? stage.filter;
  if (!kernels) return 'Custom kernel';
  return `Custom ${kernels[0].height}×${kernels[0].width}${kernels.length === 3 ? ' per channel' : ''}`;
}

/** One stage → { name, kernels, combine, options (for filterImage), key, kernelErrors, error }. */
export function deriveStage(stage, catalog) {
  const f = stage.filter === 'custom' ? null : findFilter(catalog, stage.filter);
  const kernelErrors = [null, null, null];
  let kernels = null;
  let error = null;
  if (stage.filter === 'custom') {
    const count = stage.perChannel ? 3 : 1;
    const parsed = [];
    for (let i = 0; i < count; i++) {
      try {
        parsed.push(parseKernel(stage.kernels[i]));
      } catch (err) {
        kernelErrors[i] = err.message;
        error ??= stage.perChannel ? `${CHANNELS[i]} kernel: ${err.message}` : err.message;
      }
    }
    if (!error) kernels = parsed;
  } else if (f) {
    kernels = f.kernels;
  } else {
    error = `unknown filter "${stage.filter}"`;
  }
  const combine = f?.combine ?? 'none';
  if (!error && (!Number.isFinite(stage.divisor) || stage.divisor === 0)) error = 'The divisor must be a non-zero number.';
  const name = stageName(stage, catalog, kernels);
  if (error) return { name, kernels, combine, kernelErrors, error, options: null, key: null };
  const options = { output: stage.output, border: stage.border, grayscale: stage.grayscale };
  if (stage.border === 'constant') options.constant = stage.constant;
  if (stage.flip) options.flip = true;
  if (stage.bias !== 0) options.bias = stage.bias;
  if (f && (stage.divisor === 1 || combine === 'magnitude')) {
    options.filter = f.id;
  } else {
    const scaled = kernels.map((k) => scaleKernel(k, stage.divisor));
    if (scaled.length === 1) options.kernel = scaled[0];
    else options.kernels = scaled;
  }
  return { name, kernels, combine, kernelErrors, error: null, options, key: JSON.stringify(options) };
}

/**
 * The whole chain: every stage derived, the configs the worker runs (the stages
 * before the first one in error), which of them is shown, and a label per stage.
 */
export function derive(state, catalog) {
  const stages = state.stages.map((s) => deriveStage(s, catalog));
  let firstError = stages.findIndex((d) => d.error);
  if (firstError < 0) firstError = -1;
  const runnable = firstError < 0 ? stages : stages.slice(0, firstError);
  const configs = runnable.map((d) => ({ options: d.options, key: d.key }));
  return {
    stages,
    configs,
    firstError,
    view: configs.length ? Math.min(state.selected, configs.length - 1) : -1,
    chainKey: configs.map((c) => c.key).join('\n'),
    labels: state.stages.map((s, i) => `${i + 1}. ${stages[i].name} · ${s.output}`),
  };
}

export { MAX_SIDE };
