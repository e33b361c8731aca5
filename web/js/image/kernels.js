// Pure kernel helpers for image mode: generators, parsing, scaling and formatting.
// No DOM and no pixels here, so these run in the page, the worker and Node alike.
import { parseMatrix } from '../shared/paste.js';

/**
 * Largest kernel side the editor accepts: room for a Gaussian or LoG of σ up to 10 at its
 * full ±3σ support (61×61), well past the 15×15 that hand-typed kernels need.
 */
export const MAX_SIDE = 61;

/** Largest σ the generators take: 2·⌈3σ⌉+1 must fit in MAX_SIDE. */
export const MAX_SIGMA = 10;

/** A kernel in the engine's { height, width, data } form, data as a plain array. */
export function makeKernel(height, width, data) {
  return { height, width, data: Array.from(data) };
}

export function kernelSum(kernel) {
  let s = 0;
  for (const v of kernel.data) s += v;
  return s;
}

/** The side a kernel of this σ needs to hold ±3σ: 2·⌈3σ⌉+1. */
export function gaussianSide(sigma) {
  return 2 * Math.ceil(3 * sigma) + 1;
}

function checkSigma(sigma) {
  if (!Number.isFinite(sigma) || sigma <= 0 || sigma > MAX_SIGMA) {
    throw new Error(`σ must be a number greater than 0 and at most ${MAX_SIGMA}, got ${sigma}`);
  }
}

/**
 * Sampled Gaussian normalised to sum 1, built as the outer product of one normalised
 * 1-D profile so that the engine recognises it as separable and runs two 1-D passes.
 */
export function gaussianKernel(sigma) {
  checkSigma(sigma);
  const side = gaussianSide(sigma);
  const r = (side - 1) / 2;
  const profile = [];
  for (let x = -r; x <= r; x++) profile.push(Math.exp(-(x * x) / (2 * sigma * sigma)));
  const total = profile.reduce((a, b) => a + b, 0);
  const g = profile.map((v) => v / total);
  return { kernel: makeKernel(side, side, g.flatMap((a) => g.map((b) => a * b))), side };
}

/** N×N box blur: every weight 1/N². */
export function boxKernel(n) {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SIDE) throw new Error(`box size must be a whole number from 1 to ${MAX_SIDE}, got ${n}`);
  return makeKernel(n, n, new Array(n * n).fill(1 / (n * n)));
}

/**
 * Laplacian of Gaussian (negated "Mexican hat": positive centre), with its mean
 * removed so that it sums to 0 and flat regions give 0, as an edge detector should.
 */
export function logKernel(sigma) {
  checkSigma(sigma);
  const side = Math.max(gaussianSide(sigma), 3);
  const r = (side - 1) / 2;
  const s2 = sigma * sigma;
  const data = [];
  for (let y = -r; y <= r; y++) {
    for (let x = -r; x <= r; x++) {
      const q = (x * x + y * y) / (2 * s2);
      data.push((1 - q) * Math.exp(-q) / (Math.PI * s2 * s2));
    }
  }
  const mean = data.reduce((a, b) => a + b, 0) / data.length;
  // Scaled so the centre weight is about 4 like the 3×3 Laplacian, keeping
  // results in a visible range with the `abs` or `offset` output modes.
  const centre = data[(data.length - 1) / 2] - mean;
  const k = 4 / centre;
  return { kernel: makeKernel(side, side, data.map((v) => (v - mean) * k)), side };
}

/** Weights divided by the divisor: what the engine receives. */
export function scaleKernel(kernel, divisor) {
  if (!Number.isFinite(divisor) || divisor === 0) throw new Error('the divisor must be a non-zero number');
  if (divisor === 1) return makeKernel(kernel.height, kernel.width, kernel.data);
  return makeKernel(kernel.height, kernel.width, kernel.data.map((v) => v / divisor));
}

/**
 * Parses a kernel in the paste grammar both pages share (rows on lines, cells by
 * spaces, commas or tabs, "1/16", "−1", NumPy / Python / MATLAB literals), or as
 * the JSON object { height, width, data } that "Copy kernel as JSON" writes.
 */
export function parseKernelText(text) {
  const t = String(text).trim();
  if (t === '') throw new Error('The kernel is empty; type rows of numbers such as "1 2 1".');
  if (t.startsWith('{')) {
    let v;
    try { v = JSON.parse(t); } catch { throw new Error('The kernel looks like a JSON object but does not parse.'); }
    if (!v || !Number.isInteger(v.height) || !Number.isInteger(v.width) || !Array.isArray(v.data)) {
      throw new Error('A JSON kernel object is { "height": 3, "width": 3, "data": [nine numbers] }.');
    }
    if (v.data.length !== v.height * v.width) throw new Error(`"data" has ${v.data.length} values but height × width is ${v.height * v.width}.`);
    const rows = [];
    for (let r = 0; r < v.height; r++) rows.push(v.data.slice(r * v.width, (r + 1) * v.width).map(String).join(' '));
    return parseKernelText(rows.join('\n'));
  }
  return parseMatrix(t, { maxSide: MAX_SIDE });
}

/**
 * Kernel as rows of text, one line a row (for the text editor). Weights are written in
 * full (the shortest text that reads back as the same double), because this text is what
 * the engine receives: rounding it here would change the filter.
 */
export function kernelToText(kernel) {
  const lines = [];
  for (let r = 0; r < kernel.height; r++) {
    lines.push(kernel.data.slice(r * kernel.width, (r + 1) * kernel.width).map((v) => (Object.is(v, -0) ? '0' : String(v))).join(' '));
  }
  return lines.join('\n');
}

/** Valid JSON for the clipboard: one kernel, or several (per channel, or gx/gy) under "kernels". */
export function kernelsJSON(kernels, extra = {}) {
  const plain = kernels.map((k) => ({ height: k.height, width: k.width, data: Array.from(k.data) }));
  const body = plain.length === 1 ? plain[0] : { kernels: plain };
  return JSON.stringify({ ...body, ...extra }, null, 2);
}
