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
