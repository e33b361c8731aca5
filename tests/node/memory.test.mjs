import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';

const engine = await createConvolution();

test('wasm memory does not grow across thousands of calls', () => {
  const input = { height: 32, width: 32, data: Float64Array.from({ length: 1024 }, (_, k) => k % 7) };
  const kernel = [[1, 2, 1], [0, 0, 0], [-1, -2, -1]];
  const image = { width: 64, height: 48, data: new Uint8ClampedArray(64 * 48 * 4).fill(50) };
  // Warm up so that the allocator has reached its steady state.
  engine.convolve(input, kernel, { padding: 'same' });
  engine.explain(input, kernel, { padding: 'same' }, 3, 3);
  engine.filterImage(image, { filter: 'sobel-magnitude' });
  const before = engine.memory();
  for (let n = 0; n < 3000; n++) {
    engine.convolve(input, kernel, { padding: 'same', strideX: 1 + (n % 3) });
    engine.explain(input, kernel, { padding: 'full', border: 'wrap' }, n % 30, (n * 7) % 30);
    if (n % 3 === 0) engine.filterImage(image, { filter: 'sobel-magnitude', output: n % 2 ? 'normalize' : 'clamp' });
    void engine.filters.length;
  }
  const after = engine.memory();
  assert.equal(after.inUse, before.inUse, 'malloc-ed bytes after 3000 rounds');
  assert.equal(after.heapBytes, before.heapBytes, 'heap size after 3000 rounds');
});

test('a large convolution grows the heap, and the memory is handed back', () => {
  const side = 3000;
  const input = { height: side, width: side, data: new Float64Array(side * side).fill(1) };
  const before = engine.memory().inUse;
  const out = engine.convolve(input, [[1, 1], [1, 1]], { padding: 'same' });
  assert.equal(out.data.length, side * side);
  assert.equal(out.data[0], 4);
  assert.equal(engine.memory().inUse, before);
});

// Issue 7: 100,000 calls, valid and invalid in turn, through every entry point (the matrix,
// image and tensor calls) and both layers that find errors (the JS reader and the core), leave
// the heap exactly as they found it.
test('inUse is unchanged after 100,000 alternating valid and invalid calls', () => {
  const input = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]];
  const kernel = [[1, 0], [0, -1]];
  const image = { width: 6, height: 4, data: new Uint8ClampedArray(96).fill(80) };
  const signal = [3, 1, 4, 1, 5, 9, 2, 6];
  const tensor = { channels: 2, height: 4, width: 4, data: Array.from({ length: 32 }, (_, k) => (k % 7) - 3) };
  const weights = { outChannels: 2, inChannels: 2, height: 3, width: 3, data: Array.from({ length: 36 }, (_, k) => (k % 5) - 2) };
  const valid = [
    () => engine.convolve(input, kernel, { padding: 'same', border: 'reflect' }),
    () => engine.explain(input, kernel, { strideX: 2 }, 1, 1),
    () => engine.plan({ height: 40, width: 30 }, { height: 3, width: 3 }, { padding: 'full' }),
    () => engine.filterImage(image, { kernels: [[[1]], [[1, 2, 1]], [[0, 1], [1, 0]]] }),
    () => engine.filterImage(image, { filter: 'sobel-magnitude', output: 'normalize' }),
    () => engine.convolve1d(signal, [1, -1, 2], { padding: 'same', stride: 2 }),
    () => engine.convolveTranspose([[1, 2], [3, 4]], [[1, 2, 3]], { strideY: 2, strideX: 2 }),
    () => engine.explainTranspose([[1, 2], [3, 4]], [[1, 2, 3]], {}, 1, 1),
    () => engine.convLayer(tensor, weights, { padding: 'same', bias: [1, 2] }),
    () => engine.explainLayer(tensor, weights, {}, 1, 0, 1),
    () => engine.relu(tensor),
    () => engine.pool(tensor, { mode: 'average', height: 2, width: 2 }),
  ];
  const invalid = [
    () => engine.convolve(input, [[1, 1, 1, 1, 1]]), // core: does not fit
    () => engine.convolve(input, kernel, { border: 'mirror' }), // JS: unknown name
    () => engine.convolve([[1, NaN]], kernel), // JS: bad value
    () => engine.explain(input, kernel, {}, 5, 0), // JS: no such cell
    () => engine.plan({ height: 8192, width: 8192 }, { height: 100, width: 100 }, { padding: 'full' }), // core: output too large
    () => engine.filterImage(image, { kernels: [[[1]], [[1]], [[1]]], grayscale: true }), // core: bad option
    () => engine.filterImage(image, { kernels: [[[1]], [[1, 1], [1, 1]], [[1]]], padding: 'valid' }), // core: sizes differ
    () => engine.convolve(input, kernel, { get flip() { throw new Error('no'); } }), // JS: a getter throws
    () => engine.convolve1d(signal, new Array(9).fill(1)), // core: does not fit
    () => engine.convolve1d([], [1]), // JS: empty signal
    () => engine.convolveTranspose([[NaN]], [[1]]), // JS: bad value
    () => engine.convolveTranspose([[1]], [[1]], { strideY: 70000 }), // JS: out of range
    () => engine.explainTranspose([[1, 2], [3, 4]], [[1, 2, 3]], {}, 9, 0), // no such cell
    () => engine.convLayer(tensor, weights, { bias: [1] }), // bias count
    () => engine.convLayer(tensor, { ...weights, inChannels: 1, data: weights.data.slice(0, 18) }), // channels differ
    () => engine.explainLayer(tensor, weights, {}, 5, 0, 0), // no such output channel
    () => engine.relu({ channels: 1, height: 1, width: 2, data: [1, NaN] }), // bad value
    () => engine.pool(tensor, { mode: 'max', height: 9, width: 1 }), // does not fit
    () => engine.pool(tensor, { mode: 'median', height: 2, width: 2 }), // unknown name
  ];
  for (const call of valid) call();
  const before = engine.memory();
  const calls = 100_000;
  let errors = 0;
  for (let n = 0; n < calls; n++) {
    if (n % 2 === 0) {
      valid[(n >> 1) % valid.length]();
    } else {
      try {
        invalid[(n >> 1) % invalid.length]();
      } catch (err) {
        assert.equal(typeof err.code, 'string');
        errors++;
      }
    }
  }
  assert.equal(errors, calls / 2, 'every invalid call threw');
  const after = engine.memory();
  assert.equal(after.inUse, before.inUse, `malloc-ed bytes after ${calls} calls`);
  assert.equal(after.heapBytes, before.heapBytes, `heap size after ${calls} calls`);
});
