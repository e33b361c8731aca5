// Everything the layer views show for one version of the state, computed by the
// engine: the feature maps (engine.convLayer), ReLU (engine.relu), pooling
// (engine.pool), the inspected cell's arithmetic over channels (engine.explainLayer)
// and the padding the window reads (engine.plan). What is computed here is only
// bookkeeping: which window a pooled cell covers and which of its cells won, and the
// parameter and multiply-add counts of the teaching formulas.
import { parseNumber, describeBadNumber } from '../shared/numbers.js';
import { readOption } from '../shared/options.js';
import { shapeOf } from './state.js';
import { layerCounts } from './counts.js';

export const CHANNEL_NAMES = ['R', 'G', 'B'];
export const channelName = (state, c) => (state.image ? CHANNEL_NAMES[c] : `channel ${c + 1}`);

function readAll(list, label, errors, which) {
  const data = [];
  const walk = (x, at) => {
    if (Array.isArray(x)) return x.forEach((y, i) => walk(y, [...at, i]));
    const v = parseNumber(x);
    if (Number.isNaN(v)) errors.push({ which, at, message: `${label(at)} ${describeBadNumber(x)}.` });
    data.push(v);
  };
  walk(list, []);
  return data;
}

const LABELS = {
  strideY: 'Stride rows', strideX: 'Stride columns', dilationY: 'Dilation rows', dilationX: 'Dilation columns', padding: 'Padding', border: 'Border',
  mode: 'Pooling', height: 'Pool rows', width: 'Pool columns',
};

export function readSettings(state, specs) {
  const errors = [];
  const conv = {};
  for (const [n, spec] of specs.conv) {
    const r = readOption(spec, state.options[n], LABELS[n]);
    if (r.error) errors.push({ ...r.error, key: `conv.${n}` });
    else conv[n] = r.value;
  }
  let pool = null;
  if (state.pool.mode !== 'none') {
    pool = {};
    for (const [n, spec] of specs.pool) {
      const r = readOption(spec, state.pool[n], n.startsWith('stride') ? `Pool ${LABELS[n].toLowerCase()}` : LABELS[n]);
      if (r.error) errors.push({ ...r.error, key: `pool.${n}` });
      else pool[n] = r.value;
    }
  }
  return { conv, pool, errors };
}

/** Steps of the inspected cell: its taps, then the bias, then the total (conv); one (relu); the window's cells (pool). */
export function totalSteps(d) {
  if (!d?.inspected) return 0;
  if (d.inspected.stage === 'conv') return d.inspected.explain.taps.length + 2;
  if (d.inspected.stage === 'pool') return d.inspected.cells.length;
  return 1;
}

export function derive(state, engine, specs) {
  const shape = shapeOf(state);
  const errors = [];
  const chLabel = (c) => channelName(state, c);
  const inputData = readAll(state.input, ([c, r, k]) => `Input ${chLabel(c)} row ${r + 1} column ${k + 1}`, errors, 'input');
  const weightData = readAll(state.kernels, ([o, c, r, k]) => `Kernel ${o + 1} (${chLabel(c)}) row ${r + 1} column ${k + 1}`, errors, 'kernel');
  const bias = readAll(state.bias, ([o]) => `Bias ${o + 1}`, errors, 'bias');
  const settings = readSettings(state, specs);
  const d = {
    version: state.version, shape, cellErrors: errors, settingErrors: settings.errors, engineError: null,
    conv: null, relu: null, pooled: null, plan: null, inspected: null, counts: null, pool: settings.pool,
  };
  if (errors.length || settings.errors.length) return d;
  const input = { channels: shape.channels, height: shape.height, width: shape.width, data: inputData };
  const weights = { outChannels: shape.kernels, inChannels: shape.channels, height: shape.kernelHeight, width: shape.kernelWidth, data: weightData };
  const options = { ...settings.conv, bias };
  d.input = input;
  d.weights = weights;
  d.options = options;
  try {
    d.plan = engine.plan({ height: shape.height, width: shape.width }, { height: shape.kernelHeight, width: shape.kernelWidth }, settings.conv);
    d.conv = engine.convLayer(input, weights, options);
    d.relu = state.relu ? engine.relu(d.conv) : null;
    const act = d.relu ?? d.conv;
    d.pooled = settings.pool ? engine.pool(act, settings.pool) : null;
  } catch (err) {
    d.engineError = { code: err.code ?? '', field: err.field ?? '', message: err.message };
  }
  if (d.conv) d.counts = layerCounts(shape, d.conv, d.pooled);
  d.inspected = inspectCell(state, d, engine);
  return d;
}

const at = (t, c, i, j) => t.data[(c * t.height + i) * t.width + j];

function inspectCell(state, d, engine) {
  if (!d.conv) return null;
  let { stage, channel, row, col } = state.inspect;
  if (stage === 'pool' && !d.pooled) stage = 'conv';
  if (stage === 'relu' && !d.relu) stage = 'conv';
  const t = stage === 'pool' ? d.pooled : d.conv;
  channel = Math.min(channel, t.channels - 1);
  row = Math.min(row, t.height - 1);
  col = Math.min(col, t.width - 1);
  if (stage === 'conv') {
    try {
      const explain = engine.explainLayer(d.input, d.weights, d.options, channel, row, col);
      // Each channel's partial sum is the engine's own: explain on that channel's plane and kernel slice.
      const { bias, ...conv } = d.options;
      const partials = [];
      for (let c = 0; c < d.shape.channels; c++) partials.push(engine.explain(plane(d.input, c), slice(d.weights, channel, c), conv, row, col).sum);
      return { stage, channel, row, col, explain, partials, value: at(d.conv, channel, row, col) };
    } catch (err) {
      d.engineError = { code: err.code ?? '', field: err.field ?? '', message: err.message };
      return null;
    }
  }
  if (stage === 'relu') return { stage, channel, row, col, before: at(d.conv, channel, row, col), value: at(d.relu, channel, row, col) };
  const act = d.relu ?? d.conv;
  const p = d.pool;
  const cells = [];
  for (let m = 0; m < p.height; m++) {
    for (let n = 0; n < p.width; n++) {
      const r = row * p.strideY + m;
      const c = col * p.strideX + n;
      cells.push({ row: r, col: c, value: at(act, channel, r, c) });
    }
  }
  const value = at(d.pooled, channel, row, col);
  // The winner of a max window is the first cell holding the engine's maximum (ties: the first in reading order).
  const winner = p.mode === 'max' ? cells.findIndex((x) => x.value === value) : -1;
  return { stage, channel, row, col, cells, value, winner, mode: p.mode, source: d.relu ? 'relu' : 'conv' };
}

const plane = (t, c) => ({ height: t.height, width: t.width, data: t.data.slice(c * t.height * t.width, (c + 1) * t.height * t.width) });
function slice(w, o, c) {
  const size = w.height * w.width;
  const from = (o * w.inChannels + c) * size;
  return { height: w.height, width: w.width, data: w.data.slice(from, from + size) };
}

/** explainLayer's taps grouped by input channel, each tap with its index in the stepping order. */
export function channelTaps(explain, channels) {
  const groups = Array.from({ length: channels }, () => []);
  explain.taps.forEach((t, k) => groups[t.inputChannel].push({ ...t, index: k }));
  return groups;
}
