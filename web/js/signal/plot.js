// Pure geometry of the stem plots: data → pixels and back (for dragging). No DOM.

/** A value range that includes 0 and every value, with a little headroom; never empty. */
export function valueRange(values, { min = -1, max = 1 } = {}) {
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi - lo < 1e-12) { lo = Math.min(lo, min); hi = Math.max(hi, max); }
  const pad = (hi - lo) * 0.12;
  return { lo: lo < 0 ? lo - pad : lo, hi: hi > 0 ? hi + pad : hi };
}

/**
 * A lane of a stem plot: indices xLo…xHi across [left, width − right], values lo…hi
 * across [top + height, top] (up is positive).
 */
export function lane({ width, left = 28, right = 10, top, height, xLo, xHi, lo, hi }) {
  const span = Math.max(xHi - xLo, 1);
  const inner = Math.max(width - left - right, 10);
  const step = inner / (span + 1);
  const x = (i) => left + (i - xLo + 0.5) * step;
  const y = (v) => top + height - ((v - lo) / (hi - lo)) * height;
  const value = (py) => lo + ((top + height - py) / height) * (hi - lo);
  const index = (px) => Math.round((px - left) / step - 0.5 + xLo);
  return { x, y, value, index, step, top, height, left, right, width, baseline: y(0) };
}

/** How many index labels fit: every k-th index is labelled so labels never overlap. */
export function labelEvery(step, charWidth = 7, chars = 3) {
  const need = charWidth * chars + 4;
  for (const k of [1, 2, 5, 10, 20, 50]) if (step * k >= need) return k;
  return 100;
}

/** Linear interpolation for the shift tween (p from 0 to 1, eased). */
export function ease(p) {
  const q = Math.min(Math.max(p, 0), 1);
  return q < 0.5 ? 2 * q * q : 1 - ((-2 * q + 2) ** 2) / 2;
}
