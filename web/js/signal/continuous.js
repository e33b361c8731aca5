// Continuous-time convolution for the "continuous view": (f ∗ g)(t) = ∫ f(τ) g(t − τ) dτ,
// integrated numerically. Pure; tested against closed forms (rect ∗ rect is a triangle,
// exp ∗ exp is t·e^(−t), a Gaussian ∗ itself is a wider Gaussian).
// Every function starts at a finite point (lo); exp and step run on to infinity, so
// the integration interval [max(lo_f, t − hi_g), min(hi_f, t − lo_g)] is always finite.

const SIGMA = 0.5;
const GAUSS_NORM = 1 / (SIGMA * Math.sqrt(2 * Math.PI));

export const FUNCTIONS = Object.freeze({
  rect: { name: 'Rectangle', formula: '1 on [0, 1)', lo: 0, hi: 1, breaks: [0, 1], at: (x) => (x >= 0 && x < 1 ? 1 : 0) },
  triangle: { name: 'Triangle', formula: '1 − |x − 1| on [0, 2]', lo: 0, hi: 2, breaks: [0, 1, 2], at: (x) => Math.max(0, 1 - Math.abs(x - 1)) },
  exp: { name: 'Exponential decay', formula: 'e^(−x) for x ≥ 0', lo: 0, hi: Infinity, breaks: [0], at: (x) => (x >= 0 ? Math.exp(-x) : 0) },
  // Lives on ±8σ: beyond that the weight is below 1e-13 of the peak.
  gauss: { name: 'Gaussian', formula: 'e^(−x²/(2·0.5²)) / (0.5·√(2π))', lo: -8 * SIGMA, hi: 8 * SIGMA, breaks: [], at: (x) => GAUSS_NORM * Math.exp(-(x * x) / (2 * SIGMA * SIGMA)) },
  step: { name: 'Step', formula: '1 for x ≥ 0', lo: 0, hi: Infinity, breaks: [0], at: (x) => (x >= 0 ? 1 : 0) },
});
export const FUNCTION_IDS = Object.freeze(Object.keys(FUNCTIONS));
export const GAUSS_SIGMA = SIGMA;

/** Composite Simpson's rule on [a, b] with n (even) panels. */
function simpson(h, a, b, n) {
  const dx = (b - a) / n;
  let s = h(a) + h(b);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * h(a + i * dx);
  return (s * dx) / 3;
}

/** The integration interval of (f ∗ g)(t), or null when f and the shifted g do not overlap. */
export function overlap(fId, gId, t) {
  const f = FUNCTIONS[fId];
  const g = FUNCTIONS[gId];
  const a = Math.max(f.lo, t - g.hi);
  const b = Math.min(f.hi, t - g.lo);
  return b > a ? { a, b } : null;
}

/**
 * (f ∗ g)(t). The interval is cut at every kink and jump of f(τ) and of g(t − τ), so each
 * piece is smooth and Simpson's rule converges fast; `panels` per piece.
 */
export function convolveAt(fId, gId, t, panels = 64) {
  const f = FUNCTIONS[fId];
  const g = FUNCTIONS[gId];
  const span = overlap(fId, gId, t);
  if (!span) return 0;
  const cuts = [span.a, span.b, ...f.breaks, ...g.breaks.map((x) => t - x)]
    .filter((x) => x >= span.a && x <= span.b)
    .sort((p, q) => p - q);
  const product = (tau) => f.at(tau) * g.at(t - tau);
  let total = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i];
    const b = cuts[i + 1];
    if (b - a < 1e-12) continue;
    // Evaluate just inside each piece so a jump at its end is read from the right side.
    const e = (b - a) * 1e-9;
    total += simpson(product, a + e, b - e, panels);
  }
  return total;
}

/** y(t) on an evenly spaced grid [t0, t1] with `count` points: [{ t, y }]. */
export function trace(fId, gId, t0, t1, count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const t = t0 + ((t1 - t0) * i) / (count - 1);
    out.push({ t, y: convolveAt(fId, gId, t) });
  }
  return out;
}

/** Points of the sliding product f(τ)·g(t − τ) for drawing: [{ x, y }] over [x0, x1]. */
export function productCurve(fId, gId, t, x0, x1, count) {
  const f = FUNCTIONS[fId];
  const g = FUNCTIONS[gId];
  const out = [];
  for (let i = 0; i < count; i++) {
    const x = x0 + ((x1 - x0) * i) / (count - 1);
    out.push({ x, y: f.at(x) * g.at(t - x) });
  }
  return out;
}

/** A function's curve over [x0, x1], optionally folded and shifted: g(t − x). */
export function curve(id, x0, x1, count, fold = null) {
  const fn = FUNCTIONS[id];
  const out = [];
  for (let i = 0; i < count; i++) {
    const x = x0 + ((x1 - x0) * i) / (count - 1);
    out.push({ x, y: fn.at(fold === null ? x : fold - x) });
  }
  return out;
}

/**
 * The sampled counterpart: f and g sampled at the midpoints (n + ½)·Δ of their support cut
 * to [lo, cap]; the page convolves them with the engine (full, flip) and scales by Δ, and
 * output sample k then approximates (f ∗ g) at time (n_f + n_g + k + 1)·Δ.
 */
export function samples(id, delta, cap) {
  const fn = FUNCTIONS[id];
  const n0 = Math.ceil(fn.lo / delta - 0.5 - 1e-9) + 0;
  const n1 = Math.ceil(Math.min(fn.hi, cap) / delta - 0.5 - 1e-9) - 1;
  const values = [];
  for (let n = n0; n <= n1; n++) values.push(fn.at((n + 0.5) * delta));
  return { start: n0, values };
}
