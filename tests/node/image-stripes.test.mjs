// The worker pool's geometry (web/js/image/stripes.js) and its split/assemble
// steps (web/js/image/pool.js), run here in one thread: every stripe filtered
// by the engine and reassembled must give the bytes of one whole-image call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';
import { MAX_WORKERS, poolSize, rowRuns, sourceRow, splitRows, planStripes } from '../../web/js/image/stripes.js';
import { assemble, splitOf, stripeJobs } from '../../web/js/image/pool.js';
import { rng } from './oracle.mjs';

const engine = await createConvolution();
const BORDERS = engine.options.filterImage.find((o) => o.name === 'border').values;

function randomImage(r, width, height, { opaque = false } = {}) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let k = 0; k < data.length; k++) data[k] = opaque && k % 4 === 3 ? 255 : r.int(0, 255);
  return { width, height, data };
}

function kernelOf(r, height, width, signed = false) {
  return { height, width, data: Array.from({ length: height * width }, () => (signed ? r.int(-9, 9) : r.int(0, 9)) / 7) };
}

/** The pool's result computed stripe by stripe here; null when the job is not split. */
function striped(input, options, count) {
  const split = splitOf(engine, input, options, count);
  if (!split) return null;
  const parts = stripeJobs(input, options, split).map((j) => engine.filterImage(j.image, j.options));
  return assemble(input, split, parts);
}

function sameBytes(got, want, label) {
  assert.equal(got.width, want.width, `${label}: width`);
  assert.equal(got.height, want.height, `${label}: height`);
  const i = got.data.findIndex((v, k) => v !== want.data[k]);
  assert.equal(i, -1, `${label}: byte ${i} (pixel ${i >> 2}, channel ${i & 3}) is ${got.data[i]}, one call gives ${want.data[i]}`);
}

test('poolSize: 1 … MAX_WORKERS from hardwareConcurrency, 1 when unknown', () => {
  assert.equal(poolSize(undefined), 1);
  assert.equal(poolSize(0), 1);
  assert.equal(poolSize(-3), 1);
  assert.equal(poolSize(1.5), 1);
  assert.equal(poolSize(1), 1);
  assert.equal(poolSize(2), 2);
  assert.equal(poolSize(64), MAX_WORKERS);
});

test('splitRows: contiguous, complete, sizes within one row, never empty', () => {
  for (let total = 1; total < 40; total++) {
    for (let count = 1; count <= 6; count++) {
      const parts = splitRows(total, count);
      assert.equal(parts.length, Math.min(total, count));
      assert.equal(parts[0][0], 0);
      assert.equal(parts[parts.length - 1][1], total);
      for (let i = 1; i < parts.length; i++) assert.equal(parts[i][0], parts[i - 1][1]);
      const sizes = parts.map(([a, b]) => b - a);
      assert.ok(Math.min(...sizes) >= 1 && Math.max(...sizes) - Math.min(...sizes) <= 1, `${total}/${count}: ${sizes}`);
    }
  }
});

test('sourceRow maps padding as the engine does, for every border and padding wider than the image', () => {
  for (const border of BORDERS) {
    for (let n = 1; n <= 5; n++) {
      const pad = 13;
      const column = { height: n, width: 1, data: Array.from({ length: n }, (_, i) => i) };
      const got = engine.convolve(column, { height: 1, width: 1, data: [1] },
        { padding: { top: pad, bottom: pad, left: 0, right: 0 }, border, constant: -1 }).data;
      for (let i = -pad; i < n + pad; i++) {
        assert.equal(sourceRow(i, n, border), got[i + pad], `${border}, n = ${n}, offset ${i}`);
      }
    }
  }
  assert.throws(() => sourceRow(-1, 3, 'mirror'), /unknown border mode mirror/);
});

test('rowRuns: each destination row holds the source row sourceRow names, in-image rows as one run', () => {
  for (const border of BORDERS.filter((b) => b !== 'constant')) {
    const runs = rowRuns(-4, 9, 5, border);
    const rows = [];
    for (const r of runs) for (let k = 0; k < r.count; k++) rows[r.to + k] = r.from + k;
    assert.deepEqual(rows, Array.from({ length: 13 }, (_, i) => sourceRow(i - 4, 5, border)));
    assert.ok(runs.some((r) => r.from === 0 && r.count >= 5), `${border}: the image rows move as one block`);
  }
});

test('planStripes: constant stripes pad only at the image edges; one stripe is no split', () => {
  const s = planStripes({ height: 10, outHeight: 10, strideY: 1, extentY: 3, top: 1, border: 'constant', count: 2 });
  assert.deepEqual(s, [
    { r0: 0, r1: 5, lo: 0, hi: 6, padTop: 1, padBottom: 0, copied: false },
    { r0: 5, r1: 10, lo: 4, hi: 10, padTop: 0, padBottom: 1, copied: false },
  ]);
  const w = planStripes({ height: 10, outHeight: 10, strideY: 1, extentY: 3, top: 1, border: 'wrap', count: 2 });
  assert.deepEqual(w.map((x) => [x.lo, x.hi, x.copied]), [[-1, 6, true], [4, 11, true]]);
  // Replicate and the reflections pad at the image's edges as the engine pads a stripe there:
  // views of the source rows with explicit padding, unless a reflection would reach past the stripe.
  for (const border of ['replicate', 'reflect', 'reflect101']) {
    const v = planStripes({ height: 10, outHeight: 10, strideY: 1, extentY: 3, top: 1, border, count: 2 });
    assert.deepEqual(v.map((x) => [x.lo, x.hi, x.padTop, x.padBottom, x.copied]), [[0, 6, 1, 0, false], [4, 10, 0, 1, false]], border);
  }
  const deep = planStripes({ height: 2, outHeight: 12, strideY: 1, extentY: 1, top: 10, border: 'reflect101', count: 2 });
  // The first stripe reads reflected rows only (copied); the second holds the whole image, padded.
  assert.deepEqual(deep.map((x) => [x.lo, x.hi, x.padTop, x.copied]), [[-10, -4, 0, true], [0, 2, 4, false]]);
  assert.equal(planStripes({ height: 10, outHeight: 1, strideY: 1, extentY: 10, top: 0, border: 'reflect', count: 4 }), null);
  // Ten constant rows on top and a 1-row kernel: the first stripe reads only the constant.
  assert.equal(planStripes({ height: 2, outHeight: 12, strideY: 1, extentY: 1, top: 10, border: 'constant', count: 2 }), null);
  assert.ok(planStripes({ height: 2, outHeight: 12, strideY: 1, extentY: 1, top: 10, border: 'reflect', count: 2 }), 'other borders copy rows');
});

test('split and reassembled: the bytes of one call, for every border, stride, dilation, padding and worker count', () => {
  const r = rng(11);
  const images = [randomImage(r, 9, 13), randomImage(r, 6, 7, { opaque: true }), randomImage(r, 5, 3), randomImage(r, 4, 2)];
  const paddings = ['valid', 'same', 'full', { top: 3, bottom: 0, left: 1, right: 2 }, { top: 0, bottom: 5, left: 0, right: 0 }];
  const kernels = [
    { kernel: kernelOf(r, 3, 3) },
    { kernel: kernelOf(r, 2, 3, true), output: 'offset' },
    { kernel: kernelOf(r, 4, 1, true), output: 'abs' },
    { kernels: [kernelOf(r, 3, 2), kernelOf(r, 3, 2, true), kernelOf(r, 3, 2)] },
    { filter: 'sobel-magnitude' },
    { kernel: kernelOf(r, 3, 3, true), grayscale: true, bias: 20.5 },
  ];
  let split = 0, whole = 0;
  for (const input of images) {
    for (const border of BORDERS) {
      for (const padding of paddings) {
        for (const [strideY, dilationY] of [[1, 1], [2, 1], [1, 2], [3, 2]]) {
          for (const k of kernels) {
            const options = { ...k, border, padding, strideY, strideX: strideY === 3 ? 2 : 1, dilationY, constant: 77.3 };
            let want;
            try {
              want = engine.filterImage(input, options);
            } catch {
              continue; // a kernel larger than the image under 'valid', say
            }
            for (const count of [2, 3, 4]) {
              const label = `${input.width}×${input.height} ${JSON.stringify({ ...options, kernel: undefined, kernels: undefined })} over ${count}`;
              const got = striped(input, options, count);
              if (!got) { whole++; continue; }
              split++;
              sameBytes(got, want, label);
            }
          }
        }
      }
    }
  }
  assert.ok(split > 2000, `most jobs are split (${split} split, ${whole} not)`);
});

test('jobs that cannot be split exactly run as one call: normalize, per-channel kernels of different sizes, one output row', () => {
  const r = rng(5);
  const input = randomImage(r, 8, 8);
  assert.equal(splitOf(engine, input, { kernel: kernelOf(r, 3, 3, true), output: 'normalize' }, 2), null);
  assert.equal(splitOf(engine, input, { kernels: [kernelOf(r, 1, 1), kernelOf(r, 3, 3), kernelOf(r, 5, 5)] }, 2), null);
  assert.equal(splitOf(engine, input, { kernel: kernelOf(r, 8, 3), padding: 'valid' }, 4), null);
  assert.equal(splitOf(engine, input, { kernel: kernelOf(r, 3, 3) }, 1), null);
  assert.ok(splitOf(engine, input, { filter: 'laplacian' }, 2), 'a filter whose own output is abs splits');
});
