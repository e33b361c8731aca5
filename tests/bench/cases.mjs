// The benchmark's data, kernels, timing rule and float64 reference (npm run bench).
import { gaussianKernel } from '../../web/js/image/kernels.js';

/** A small deterministic generator, so every run and every library sees the same bytes. */
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An RGBA test image: smooth gradients plus noise, so that blurs and edge filters see
 * both flat areas and detail (uniform noise alone would make every filter look alike).
 */
export function makeImage(width, height, seed = 1) {
  const r = rng(seed);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const k = 4 * (y * width + x);
      data[k] = (x * 255) / width + 40 * (r() - 0.5);
      data[k + 1] = (y * 255) / height + 40 * (r() - 0.5);
      data[k + 2] = ((x ^ y) & 0xff) * 0.5 + 128 * r();
      data[k + 3] = 255;
    }
  }
  return { width, height, data };
}

function randomKernel(side, seed) {
  const r = rng(seed);
  const data = Array.from({ length: side * side }, () => Math.round((r() * 2 - 1) * 1000) / 1000);
  // A positive centre keeps the result in a visible range, as a sharpening kernel would.
  data[(side * side - 1) / 2] += 1;
  const sum = data.reduce((a, b) => a + b, 0);
  return { height: side, width: side, data: data.map((v) => v / sum) };
}

/**
 * The fixed-point masks a vips user would try for real weights: weights × 2^b rounded,
 * divided by 2^b (vips' integer convolution takes integers and one divisor). Which scale
 * takes vips' vector path depends on the mask, so the benchmark tries each and keeps the
 * fastest (fastestMask).
 */
function fixedPoint(kernel) {
  return [128, 256, 512, 1024].map((scale) => ({ data: kernel.data.map((w) => Math.round(w * scale)), scale }));
}

/** The mask of `masks` whose run is fastest (best of two timed runs after one warm-up each). */
export function fastestMask(masks, run) {
  if (masks.length === 1) return masks[0];
  let best = null;
  for (const mask of masks) {
    run(mask);
    let ms = Infinity;
    for (let r = 0; r < 2; r++) {
      const t0 = performance.now();
      run(mask);
      ms = Math.min(ms, performance.now() - t0);
    }
    if (!best || ms < best.ms) best = { mask, ms };
  }
  return best.mask;
}

const gauss31 = gaussianKernel(5).kernel;

/**
 * The cases of issue 10's table. `kernel` is what this engine and the generic peers
 * run; `opencvBlur` / `vipsBlur` name a peer's own Gaussian where it has one; `intMasks`
 * are the kernel as integers and a divisor for vips' integer convolution (exact for
 * the binomial kernel, fixed point at four scales otherwise).
 */
const dense3 = randomKernel(3, 11);
const dense5 = randomKernel(5, 12);
const dense15 = randomKernel(15, 13);

export const CASES = [
  { id: 'dense3', label: '3×3 dense', kernel: dense3, intMasks: fixedPoint(dense3) },
  {
    id: 'gauss3', label: '3×3 Gaussian',
    kernel: { height: 3, width: 3, data: [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16) },
    intMasks: [{ data: [1, 2, 1, 2, 4, 2, 1, 2, 1], scale: 16 }],
    opencvBlur: { size: 3, sigma: 0 }, vipsBlur: null,
  },
  { id: 'dense5', label: '5×5 dense', kernel: dense5, intMasks: fixedPoint(dense5) },
  {
    id: 'gauss31', label: 'Gaussian σ=5 (31×31)', kernel: { height: 31, width: 31, data: gauss31.data },
    intMasks: fixedPoint(gauss31), opencvBlur: { size: 31, sigma: 5 }, vipsBlur: { sigma: 5 },
  },
  { id: 'dense15', label: '15×15 non-separable', kernel: dense15, intMasks: fixedPoint(dense15) },
  { id: 'one', label: '1×1 (fixed cost)', kernel: { height: 1, width: 1, data: [1] }, intMasks: [{ data: [1], scale: 1 }] },
];

/**
 * Times several methods in alternation (one run of each per round, after a warm-up run
 * of each), so that a change in the machine's load hits all of them alike and their
 * ratios stay meaningful on a shared machine. Returns, per method, the median, the run
 * count and the warm-up run's result. Slow methods get fewer rounds.
 */
export function measureTogether(fns, { minRuns = 5, maxRuns = 15, budgetMs = 8000 } = {}) {
  const results = fns.map((fn) => {
    const t0 = performance.now();
    try {
      const first = fn();
      return { first, warm: performance.now() - t0, times: [] };
    } catch (err) {
      return { error: String(err?.message ?? err).split('\n')[0].slice(0, 160), times: [] };
    }
  });
  const live = results.filter((r) => !r.error).length;
  // Each method's share of the budget decides its run count; a method that takes seconds a
  // run (the textbook loop on large kernels) is timed once more after its warm-up.
  for (const r of results) {
    if (r.error) continue;
    r.need = r.warm > budgetMs / 2 ? 1 : Math.min(maxRuns, Math.max(minRuns, Math.floor(budgetMs / live / Math.max(r.warm, 0.01))));
  }
  for (let k = 0; results.some((r) => !r.error && r.times.length < r.need); k++) {
    fns.forEach((fn, q) => {
      const r = results[q];
      if (r.error || r.times.length >= r.need) return;
      const t0 = performance.now();
      fn();
      r.times.push(performance.now() - t0);
    });
  }
  return results.map((r) => {
    if (r.error) return r;
    const t = [...r.times].sort((a, b) => a - b);
    return { ms: t[Math.floor(t.length / 2)], runs: t.length, first: r.first };
  });
}

function roundHalfAway(v) {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

/**
 * The float64 direct sum of SEMANTICS §4 for each colour byte (padding same, border
 * replicate), from the engine's float64 matrix path, which is bit-exact with the naive loop.
 */
export function referenceBytes(engine, image, kernel) {
  const { width, height, data } = image;
  const n = width * height;
  const out = new Uint8Array(n * 4);
  const plane = new Float64Array(n);
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < n; p++) plane[p] = data[4 * p + c];
    const r = engine.convolve({ height, width, data: plane }, kernel, { padding: 'same', border: 'replicate' });
    for (let p = 0; p < n; p++) out[4 * p + c] = Math.min(255, Math.max(0, roundHalfAway(r.data[p])));
  }
  return out;
}

/** Colour bytes (R, G, B; alpha is not compared) that differ from the reference, and by more than 1. */
export function countDiffs(got, want) {
  let differ = 0;
  let offByMore = 0;
  for (let k = 0; k < want.length; k++) {
    if ((k & 3) === 3) continue;
    const d = Math.abs(got[k] - want[k]);
    if (d) differ++;
    if (d > 1) offByMore++;
  }
  return { differ, offByMore, bytes: (want.length / 4) * 3 };
}

/** The textbook loop a page might write: per pixel, per channel, clamped coordinates, Math.round. */
export function textbookFilter(image, kernel) {
  const { width, height, data } = image;
  const { height: kh, width: kw, data: k } = kernel;
  const top = Math.floor((kh - 1) / 2);
  const left = Math.floor((kw - 1) / 2);
  const out = new Uint8ClampedArray(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let m = 0; m < kh; m++) {
          const yy = Math.min(height - 1, Math.max(0, y + m - top));
          for (let n = 0; n < kw; n++) {
            const xx = Math.min(width - 1, Math.max(0, x + n - left));
            sum += data[4 * (yy * width + xx) + c] * k[m * kw + n];
          }
        }
        out[4 * (y * width + x) + c] = Math.round(sum);
      }
      out[4 * (y * width + x) + 3] = data[4 * (y * width + x) + 3];
    }
  }
  return out;
}
