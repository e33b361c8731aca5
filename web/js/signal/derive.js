// State → everything the 1-D views draw, computed by the engine. Cached per state
// object (actions return new objects), so a frame that only moves the step reuses it.
import { engineOptions, T_RANGE } from './model.js';
import { convolve1d, plan1d, explain1d, padded1d } from './engine1d.js';
import { totalSteps } from './steps.js';
import { samples, FUNCTIONS } from './continuous.js';

const errorOf = (err) => ({ code: err?.code ?? 'error', field: err?.field ?? '', message: String(err?.message ?? err) });

/** Two results of the commutativity check: equal, mirror images, or neither. */
function relation(a, b) {
  if (a.length !== b.length) return 'different';
  const close = (p, q) => Math.abs(p - q) <= 1e-9 * Math.max(1, Math.abs(p), Math.abs(q));
  if (a.every((v, i) => close(v, b[i]))) return 'equal';
  if (a.every((v, i) => close(v, b[a.length - 1 - i]))) return 'reversed';
  return 'different';
}

export function deriveSignal(state, engine) {
  const o = engineOptions(state);
  const d = {
    options: o, error: null, plan: null, output: null, padded: null, total: 0,
    explainCache: new Map(), commute: null, sampled: null,
  };
  try {
    d.plan = plan1d(engine, state.signal.length, state.kernel.length, o);
    d.output = Array.from(convolve1d(engine, state.signal, state.kernel, o).data);
    d.padded = padded1d(engine, state.signal, { left: d.plan.left, right: d.plan.right, border: o.border, constant: o.constant });
    d.total = totalSteps(d.output.length);
  } catch (err) {
    d.error = errorOf(err);
    d.output = null;
  }
  // Commutativity holds for the plain operation: full padding, stride 1, no dilation.
  try {
    const plain = { stride: 1, dilation: 1, padding: 'full', border: 'constant', constant: 0, flip: state.flip };
    const xh = Array.from(convolve1d(engine, state.signal, state.kernel, plain).data);
    const hx = Array.from(convolve1d(engine, state.kernel, state.signal, plain).data);
    d.commute = { xh, hx, relation: relation(xh, hx) };
  } catch (err) {
    d.commute = { error: errorOf(err) };
  }
  return d;
}

export function explainAt(d, state, engine, t) {
  let e = d.explainCache.get(t);
  if (!e) {
    e = explain1d(engine, state.signal, state.kernel, d.options, t);
    d.explainCache.set(t, e);
  }
  return e;
}

/**
 * The continuous view's sampled counterpart: f and g sampled every Δ, convolved by the
 * engine (full, flip) and scaled by Δ, so each sample approximates (f ∗ g) at its time (a midpoint Riemann sum).
 */
export function deriveSampled(state, engine, delta = 0.25) {
  const f = samples(state.f, delta, T_RANGE.max);
  const g = samples(state.g, delta, T_RANGE.max);
  const r = convolve1d(engine, f.values, g.values, { stride: 1, dilation: 1, padding: 'full', border: 'constant', constant: 0, flip: true });
  const points = [];
  for (let k = 0; k < r.data.length; k++) {
    const t = (f.start + g.start + k + 1) * delta;
    if (t >= T_RANGE.min && t <= T_RANGE.max) points.push({ t, y: r.data[k] * delta });
  }
  return { delta, f, g, points, names: [FUNCTIONS[state.f].name, FUNCTIONS[state.g].name] };
}
