import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';
import { convolveOracle, rng } from './oracle.mjs';

const engine = await createConvolution();
const rows = (out) => Array.from({ length: out.height }, (_, i) => Array.from(out.data.slice(i * out.width, (i + 1) * out.width)));

test('createConvolution loads the module once and shares it', async () => {
  assert.equal(await createConvolution(), engine);
});

test('worked example: 4x4 input, 2x2 kernel, valid, and its flip', () => {
  const input = [[1, 2, 3, 0], [4, 5, 6, 1], [7, 8, 9, 2], [0, 1, 2, 3]];
  const out = engine.convolve(input, [[1, 0], [0, -1]]);
  assert.ok(out.data instanceof Float64Array);
  assert.deepEqual(rows(out), [[-4, -4, 2], [-4, -4, 4], [6, 6, 6]]);
  assert.deepEqual(rows(engine.convolve(input, [[1, 0], [0, -1]], { flip: true })), [[4, 4, -2], [4, 4, -4], [-6, -6, -6]]);
});

test('worked example: outline kernel on the 5x5 square, valid and same', () => {
  const square = [[0, 0, 0, 0, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 0, 0, 0, 0]];
  const outline = [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]];
  assert.deepEqual(rows(engine.convolve(square, outline)), [[5, 3, 5], [3, 0, 3], [5, 3, 5]]);
  const same = engine.convolve(square, outline, { padding: 'same', border: 'constant', constant: 0 });
  assert.equal(same.height, 5);
  assert.equal(same.width, 5);
  assert.deepEqual(rows(same)[0], [-1, -2, -3, -2, -1]);
});

test('worked example: the vertical edge', () => {
  const input = Array.from({ length: 5 }, () => [1, 1, 1, 0, 0]);
  const out = engine.convolve(input, [[1, 0, -1], [1, 0, -1], [1, 0, -1]]);
  assert.deepEqual(rows(out), [[0, 3, 3], [0, 3, 3], [0, 3, 3]]);
});

test('worked example: 4x5, 3x3, stride 2 gives 1x2; valid/same sizes; a kernel that does not fit', () => {
  const input = { height: 4, width: 5, data: Array.from({ length: 20 }, (_, k) => k + 1) };
  const kernel = { height: 3, width: 3, data: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  const out = engine.convolve(input, kernel, { strideY: 2, strideX: 2 });
  assert.deepEqual([out.height, out.width], [1, 2]);
  assert.deepEqual(Array.from(out.data), [21, 27]);
  const five = { height: 5, width: 5, data: new Array(25).fill(1) };
  const three = { height: 3, width: 3, data: new Array(9).fill(1) };
  assert.deepEqual([engine.convolve(five, three).height, engine.convolve(five, three).width], [3, 3]);
  const same = engine.convolve(five, three, { padding: 'same' });
  assert.deepEqual([same.height, same.width], [5, 5]);
  assert.throws(() => engine.convolve({ height: 4, width: 4, data: new Array(16).fill(1) }, five), {
    name: 'Error',
    message: /kernel does not fit.*effective height is 5.*only 4 rows tall/,
  });
});

test('every input shape: plain arrays, typed arrays, nested rows, nested typed rows', () => {
  const want = [[-4, -4, 2], [-4, -4, 4], [6, 6, 6]];
  const flat = [1, 2, 3, 0, 4, 5, 6, 1, 7, 8, 9, 2, 0, 1, 2, 3];
  const kernels = [[[1, 0], [0, -1]], { height: 2, width: 2, data: new Int8Array([1, 0, 0, -1]) }];
  const inputs = [
    { height: 4, width: 4, data: flat },
    { height: 4, width: 4, data: Float64Array.from(flat) },
    { height: 4, width: 4, data: Float32Array.from(flat) },
    { height: 4, width: 4, data: Uint8Array.from(flat) },
    { height: 4, width: 4, data: Int32Array.from(flat) },
    [[1, 2, 3, 0], [4, 5, 6, 1], [7, 8, 9, 2], [0, 1, 2, 3]],
    [0, 1, 2, 3].map((r) => Float64Array.from(flat.slice(4 * r, 4 * r + 4))),
  ];
  for (const input of inputs) for (const kernel of kernels) assert.deepEqual(rows(engine.convolve(input, kernel)), want);
});

test('options: explicit padding, per-axis stride and dilation, border modes and constant', () => {
  const input = { height: 1, width: 4, data: [1, 2, 3, 4] };
  const pick = { height: 1, width: 3, data: [1, 0, 0] };
  const leftOf = (border, constant) => Array.from(engine.convolve(input, pick, { padding: { left: 3 }, border, constant }).data.slice(0, 4));
  assert.deepEqual(leftOf('constant', 7), [7, 7, 7, 1]);
  assert.deepEqual(leftOf('replicate'), [1, 1, 1, 1]);
  assert.deepEqual(leftOf('reflect'), [3, 2, 1, 1]);
  assert.deepEqual(leftOf('reflect101'), [4, 3, 2, 1]);
  assert.deepEqual(leftOf('wrap'), [2, 3, 4, 1]);
  const out = engine.convolve({ height: 1, width: 5, data: [1, 2, 3, 4, 5] }, [[1, 10]], { dilationX: 3 });
  assert.deepEqual(Array.from(out.data), [41, 52]);
  const tall = engine.convolve({ height: 6, width: 2, data: new Array(12).fill(1) }, [[1]], { strideY: 3, strideX: 1 });
  assert.deepEqual([tall.height, tall.width], [2, 2]);
});

test('plan() resolves padding and the output size from shapes alone', () => {
  const p = engine.plan({ height: 5, width: 4 }, { height: 3, width: 3 }, { padding: 'same', strideY: 2, strideX: 2 });
  assert.deepEqual(p, { outHeight: 3, outWidth: 2, padding: { top: 1, bottom: 1, left: 0, right: 1 }, extentY: 3, extentX: 3 });
  assert.equal(engine.plan([[1, 2, 3]], [[1, 1]], { padding: 'full' }).outWidth, 4);
  assert.throws(() => engine.plan({ height: 2, width: 2 }, { height: 3, width: 3 }), { code: 'does-not-fit', field: 'kernel', message: /does not fit/ });
});

test('explain() lists the taps in window order and sums to convolve()', () => {
  const input = [[1, 2], [3, 4]];
  const kernel = [[1, 2], [3, 4]];
  const options = { padding: 'same', border: 'reflect', flip: true };
  const ex = engine.explain(input, kernel, options, 1, 1);
  assert.equal(ex.row, 1);
  assert.equal(ex.col, 1);
  assert.equal(ex.taps.length, 4);
  assert.deepEqual(ex.taps[0], { kernelRow: 1, kernelCol: 1, inputRow: 1, inputCol: 1, inside: true, value: 4, weight: 4, product: 16 });
  assert.deepEqual(ex.taps[3], { kernelRow: 0, kernelCol: 0, inputRow: 2, inputCol: 2, inside: false, value: 4, weight: 1, product: 4 });
  const out = engine.convolve(input, kernel, options);
  assert.equal(ex.sum, out.data[1 * out.width + 1]);
});

test('random cases through the public API match an independent JS oracle', () => {
  const r = rng(7);
  const borders = ['constant', 'replicate', 'reflect', 'reflect101', 'wrap'];
  let compared = 0;
  for (let trial = 0; trial < 500; trial++) {
    const h = r.int(1, 20);
    const w = r.int(1, 20);
    const input = { height: h, width: w, data: Array.from({ length: h * w }, () => r.int(-9, 9)) };
    const kh = r.int(1, 7);
    const kw = r.int(1, 7);
    const kernel = { height: kh, width: kw, data: Array.from({ length: kh * kw }, () => r.int(-5, 5) / 4) };
    const options = {
      strideY: r.int(1, 3), strideX: r.int(1, 3), dilationY: r.int(1, 3), dilationX: r.int(1, 3),
      padding: r.pick(['valid', 'same', 'full', { top: r.int(0, 4), bottom: r.int(0, 4), left: r.int(0, 4), right: r.int(0, 4) }]),
      border: r.pick(borders), constant: r.int(-2, 2), flip: r() < 0.5,
    };
    const want = convolveOracle(input, kernel, options);
    if (!want) {
      assert.throws(() => engine.convolve(input, kernel, options), { code: 'does-not-fit', field: 'kernel', message: /does not fit/ });
      continue;
    }
    const got = engine.convolve(input, kernel, options);
    assert.deepEqual([got.height, got.width], [want.height, want.width], JSON.stringify(options));
    assert.deepEqual(Array.from(got.data), Array.from(want.data), JSON.stringify({ trial, options }));
    const i = r.int(0, got.height - 1);
    const j = r.int(0, got.width - 1);
    assert.equal(engine.explain(input, kernel, options, i, j).sum, got.data[i * got.width + j]);
    compared++;
  }
  assert.ok(compared > 300, `only ${compared} cases fit`);
});

test('filters: the catalogue is exposed, frozen and complete', () => {
  const ids = engine.filters.map((f) => f.id);
  for (const id of ['identity', 'box-blur-3', 'gaussian-blur-5', 'sharpen', 'unsharp-mask-5', 'emboss', 'outline', 'laplacian',
    'sobel-x', 'sobel-y', 'sobel-magnitude', 'prewitt-x', 'scharr-y', 'top-sobel', 'motion-blur', 'vertical-edge']) {
    assert.ok(ids.includes(id), id);
  }
  for (const f of engine.filters) {
    assert.equal(typeof f.name, 'string');
    assert.ok(f.description.length > 30);
    assert.ok(['clamp', 'abs', 'offset', 'normalize'].includes(f.output));
    for (const k of f.kernels) assert.equal(k.data.length, k.height * k.width);
  }
  assert.ok(Object.isFrozen(engine.filters));
  assert.throws(() => { engine.filters[0].kernels[0].data[0] = 9; }, TypeError);
  const vertical = engine.filters.find((f) => f.id === 'vertical-edge');
  assert.deepEqual(Array.from(vertical.kernels[0].data), [1, 0, -1, 1, 0, -1, 1, 0, -1]);
  // A catalogue kernel can be passed straight back to convolve().
  assert.equal(engine.convolve([[1, 1, 1, 0, 0], [1, 1, 1, 0, 0], [1, 1, 1, 0, 0]], vertical.kernels[0]).data[1], 3);
});
