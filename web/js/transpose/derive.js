// State → what the transposed views draw, all computed by the engine
// (convolveTranspose, explainTranspose, convolve). The accumulating output at a step is
// the engine's transposed convolution of the input with the later cells zeroed; the
// contribution counts are the transposed convolution of that 0/1 mask with a kernel of
// ones (every contribution adds exactly 1). Nothing here multiplies a weight.
import { engineOptions, forwardOptions, probeGrid, cellOfStep } from './model.js';

const flat = (rows) => ({ height: rows.length, width: rows[0].length, data: rows.flat() });
const errorOf = (err) => ({ code: err?.code ?? 'error', field: err?.field ?? '', message: String(err?.message ?? err) });

export const hasTranspose = (engine) => typeof engine?.convolveTranspose === 'function' && typeof engine?.explainTranspose === 'function';

export function deriveTranspose(state, engine) {
  const d = { error: null, output: null, canvas: null, explain: [], forward: null, adjoint: null, stepCache: new Map(), missing: !hasTranspose(engine) };
  if (d.missing) {
    d.error = { code: 'unknown-name', field: 'convolveTranspose', message: 'This build of the engine has no convolveTranspose (SEMANTICS §7) yet; rebuild it from a version that has the transposed convolution.' };
    return d;
  }
  const X = flat(state.input);
  const K = flat(state.kernel);
  const o = engineOptions(state);
  try {
    d.output = engine.convolveTranspose(X, K, o);
    // The uncropped result: the same scatter with no padding, so the cropped margin can be drawn.
    d.canvas = engine.convolveTranspose(X, K, { ...o, padding: 0 });
    for (let i = 0; i < X.height; i++) {
      for (let j = 0; j < X.width; j++) d.explain.push(engine.explainTranspose(X, K, o, i, j));
    }
  } catch (err) {
    d.error = errorOf(err);
    d.output = null;
    return d;
  }
  const Y = probeGrid(d.output.height, d.output.width, state.probe);
  try {
    const fwd = engine.convolve(flat(Y), K, forwardOptions(state));
    d.forward = { Y, result: fwd };
    if (fwd.height === X.height && fwd.width === X.width) {
      let lhs = 0;
      let rhs = 0;
      const terms = [];
      for (let k = 0; k < fwd.data.length; k++) { lhs += fwd.data[k] * X.data[k]; }
      const y = Y.flat();
      for (let k = 0; k < d.output.data.length; k++) rhs += y[k] * d.output.data[k];
      for (let k = 0; k < Math.min(fwd.data.length, 4); k++) terms.push([fwd.data[k], X.data[k]]);
      d.adjoint = { lhs, rhs, terms, count: fwd.data.length };
    } else {
      d.adjoint = { mismatch: true, height: fwd.height, width: fwd.width };
    }
  } catch (err) {
    d.forward = { Y, error: errorOf(err) };
  }
  return d;
}

/** The uncropped canvas after the first step + 1 input cells scattered, and the contribution counts. */
export function partialAt(d, state, engine, step) {
  let p = d.stepCache.get(step);
  if (p) return p;
  const H = state.input.length;
  const W = state.input[0].length;
  const o = { ...engineOptions(state), padding: 0 };
  const mask = [];
  const masked = [];
  for (let i = 0; i < H; i++) {
    for (let j = 0; j < W; j++) {
      const on = i * W + j <= step;
      mask.push(on ? 1 : 0);
      masked.push(on ? state.input[i][j] : 0);
    }
  }
  const ones = { height: state.kernel.length, width: state.kernel[0].length, data: new Array(state.kernel.length * state.kernel[0].length).fill(1) };
  const values = engine.convolveTranspose({ height: H, width: W, data: masked }, flat(state.kernel), o);
  const counts = engine.convolveTranspose({ height: H, width: W, data: mask }, ones, o);
  p = { values, counts, cell: cellOfStep(step, W) };
  d.stepCache.set(step, p);
  return p;
}

/** Output cell (r, c) (cropped coordinates) → the input and kernel cells that fed it. */
export function feedersOf(d, r, c) {
  const out = [];
  for (const e of d.explain) {
    for (const t of e.targets) {
      if (t.outputRow === r && t.outputCol === c) out.push({ i: e.row, j: e.col, m: t.kernelRow, n: t.kernelCol, product: t.product, inside: t.inside });
    }
  }
  return out;
}
