import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';
import { filterImageOracle, rng } from './oracle.mjs';

const engine = await createConvolution();

function randomImage(r, width, height) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let k = 0; k < data.length; k++) data[k] = r.int(0, 255);
  return { width, height, data };
}

test('filterImage: every built-in filter matches the JS oracle', () => {
  const r = rng(3);
  const image = randomImage(r, 17, 11);
  for (const f of engine.filters) {
    for (const grayscale of [false, true]) {
      const got = engine.filterImage(image, { filter: f.id, grayscale });
      const want = filterImageOracle(image, { kernels: f.kernels, combine: f.combine, output: f.output, grayscale });
      assert.ok(got.data instanceof Uint8ClampedArray);
      assert.deepEqual([got.width, got.height], [17, 11]);
      assert.deepEqual(got.data, want.data, `${f.id} grayscale=${grayscale}`);
    }
  }
});

test('filterImage: random kernels, per-channel kernels, output modes, bias and geometry', () => {
  const r = rng(99);
  for (let trial = 0; trial < 120; trial++) {
    const image = randomImage(r, r.int(1, 16), r.int(1, 16));
    const kh = r.int(1, 4);
    const kw = r.int(1, 4);
    const k = () => ({ height: kh, width: kw, data: Array.from({ length: kh * kw }, () => r.int(-8, 8) / 3) });
    const perChannel = r() < 0.4;
    const kernels = perChannel ? [k(), k(), k()] : [k()];
    const options = {
      output: r.pick(['clamp', 'abs', 'offset', 'normalize']),
      bias: r.int(-30, 30),
      border: r.pick(['constant', 'replicate', 'reflect', 'reflect101', 'wrap']),
      padding: r.pick(['same', 'valid', 'full']),
      strideX: r.int(1, 2),
      grayscale: !perChannel && r() < 0.3,
    };
    const want = (() => {
      try { return filterImageOracle(image, { kernels, ...options }); } catch { return null; }
    })();
    const call = () => engine.filterImage(image, { ...(perChannel ? { kernels } : { kernel: kernels[0] }), ...options });
    if (!want || want.width < 1 || want.height < 1) {
      assert.throws(call, { code: 'does-not-fit', message: /does not fit/ });
      continue;
    }
    const got = call();
    assert.deepEqual([got.width, got.height], [want.width, want.height]);
    assert.deepEqual(got.data, want.data, JSON.stringify({ trial, options, kh, kw, perChannel }));
  }
});

test('filterImage: accepts ImageData-like objects and Uint8Array, and keeps alpha', () => {
  const data = new Uint8Array([10, 20, 30, 40, 50, 60, 70, 80]);
  const out = engine.filterImage({ width: 2, height: 1, data }, { kernel: [[2]] });
  assert.deepEqual(Array.from(out.data), [20, 40, 60, 40, 100, 120, 140, 80]);
});

test('filterImage: onProgress reports up to 1 for a large image', () => {
  const image = { width: 2048, height: 512, data: new Uint8ClampedArray(2048 * 512 * 4).fill(100) };
  const seen = [];
  const out = engine.filterImage(image, { filter: 'gaussian-blur-3', onProgress: (f) => seen.push(f) });
  assert.equal(out.data[0], 100);
  assert.ok(seen.length >= 3, `only ${seen.length} progress reports`);
  assert.equal(seen.at(-1), 1);
  assert.ok(seen.every((f, k) => f >= 0 && f <= 1 && (k === 0 || f >= seen[k - 1])));
});

test('filterImage: an exception in onProgress surfaces after the engine cleans up', () => {
  const before = engine.memory().inUse;
  const image = { width: 2048, height: 256, data: new Uint8ClampedArray(2048 * 256 * 4) };
  assert.throws(() => engine.filterImage(image, { filter: 'identity', onProgress() { throw new Error('stop here'); } }), /stop here/);
  assert.equal(engine.memory().inUse, before);
  assert.equal(engine.filterImage({ width: 1, height: 1, data: new Uint8ClampedArray([1, 2, 3, 4]) }, { filter: 'identity' }).data[2], 3);
});

test('filterImage: 8192x8192 works, larger is refused before allocating', () => {
  const width = 8192;
  const height = 8192;
  const data = new Uint8ClampedArray(width * height * 4);
  data[4 * (width * 4000 + 4000)] = 255;
  const t0 = performance.now();
  const out = engine.filterImage({ width, height, data }, { filter: 'box-blur-3' });
  const ms = performance.now() - t0;
  assert.equal(out.data.length, data.length);
  assert.equal(out.data[4 * (width * 4001 + 4001)], 28); // 255 / 9 rounds to 28
  console.log(`# 8192x8192 box blur in Node: ${ms.toFixed(0)} ms; heap ${(engine.memory().heapBytes / 2 ** 20).toFixed(0)} MiB`);
  const heap = engine.memory().heapBytes;
  assert.throws(() => engine.filterImage({ width: 9000, height: 9000, data: new Uint8ClampedArray(4) }, { filter: 'identity' }), { code: 'bad-shape', field: 'image', message: /9000 × 9000 × 4/ });
  const tooBig = new Uint8ClampedArray(8200 * 8200 * 4);
  assert.throws(() => engine.filterImage({ width: 8200, height: 8200, data: tooBig }, { filter: 'identity' }), { code: 'too-large', field: 'image', message: /too large.*8192x8192/ });
  assert.equal(engine.memory().heapBytes, heap);
});
