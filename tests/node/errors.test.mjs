import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';

const engine = await createConvolution();
const ok = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
const k2 = [[1, 0], [0, -1]];
const image = { width: 2, height: 2, data: new Uint8ClampedArray(16).fill(9) };

// Each case: [description, call, message pattern]. Every message must say what is wrong and what is allowed.
const cases = [
  ['data length mismatch', () => engine.convolve({ height: 2, width: 3, data: [1, 2, 3] }, k2), /has 3 numbers but height × width = 2 × 3 = 6/],
  ['non-integer height', () => engine.convolve({ height: 1.5, width: 2, data: [1, 2] }, k2), /height must be a positive integer, got number 1.5/],
  ['zero width', () => engine.convolve({ height: 1, width: 0, data: [] }, k2), /width must be a positive integer/],
  ['missing data', () => engine.convolve({ height: 1, width: 1 }, k2), /data must be an array or typed array/],
  ['flat array without shape', () => engine.convolve([1, 2, 3], k2), /flat array; input must be \{ height, width, data \} or an array of rows/],
  ['BigInt data', () => engine.convolve({ height: 1, width: 2, data: new BigInt64Array(2) }, k2), /input.data is a BigInt64Array; use an array or a typed array of numbers/],
  ['DataView data', () => engine.convolve({ height: 1, width: 2, data: new DataView(new ArrayBuffer(16)) }, k2), /input.data is a DataView/],
  ['BigInt rows', () => engine.convolve([new BigInt64Array(2), new BigInt64Array(2)], k2), /input row 0 is a BigInt64Array; every row must be an array or a typed array of numbers/],
  ['a number among rows', () => engine.convolve([[1, 2], 3], k2), /input row 1 is number 3; every row must be an array/],
  ['ragged rows', () => engine.convolve([[1, 2], [3]], k2), /row 1 has 1 numbers but row 0 has 2/],
  ['no rows', () => engine.convolve([], k2), /input has no rows/],
  ['null input', () => engine.convolve(null, k2), /input is null/],
  ['string value', () => engine.convolve([[1, '2'], [3, 4]], [[1]]), /input value at row 0, column 1 is the string '2'; values must be numbers/],
  ['string in flat data', () => engine.convolve({ height: 2, width: 2, data: [1, 2, 'x', 4] }, [[1]]), /input value at row 1, column 0 is the string 'x'; values must be numbers/],
  ['null in a later row', () => engine.convolve([[1, 2], [3, null]], [[1]]), /input value at row 1, column 1 is null; values must be numbers/],
  ['NaN value', () => engine.convolve([[1, NaN], [3, 4]], [[1]]), /Input value at row 1, column 2 \(index \[0\]\[1\]\) is NaN; values must be finite numbers/],
  ['Infinity in kernel', () => engine.convolve(ok, [[Infinity]]), /Kernel value at row 1, column 1 \(index \[0\]\[0\]\) is Infinity/],
  ['huge value', () => engine.convolve(ok, { height: 1, width: 1, data: new Float64Array([1e300]) }), /magnitude at most 1e100/],
  ['stride 0', () => engine.convolve(ok, k2, { strideY: 0 }), /strideY must be an integer from 1 to 65536, got 0/],
  ['fractional stride', () => engine.convolve(ok, k2, { strideX: 1.5 }), /strideX must be an integer from 1 to 65536, got number 1.5/],
  ['string dilation', () => engine.convolve(ok, k2, { dilationX: '2' }), /dilationX must be an integer/],
  ['dilation 0', () => engine.convolve(ok, k2, { dilationY: 0 }), /dilationY must be an integer from 1/],
  ['negative padding', () => engine.convolve(ok, k2, { padding: { top: -1 } }), /padding.top must be an integer from 0 to 65536, got -1/],
  ['unknown padding side', () => engine.convolve(ok, k2, { padding: { up: 1 } }), /Unknown padding side 'up'; allowed: top, bottom, left, right/],
  ['unknown padding preset', () => engine.convolve(ok, k2, { padding: 'half' }), /padding must be one of 'valid', 'same', 'full'/],
  ['unknown border', () => engine.convolve(ok, k2, { border: 'mirror' }), /border must be one of 'constant', 'replicate', 'reflect', 'reflect101', 'wrap'; got 'mirror'/],
  ['unknown option', () => engine.convolve(ok, k2, { stide: 2 }), /Unknown option 'stide'; allowed: strideY, strideX/],
  ['non-boolean flip', () => engine.convolve(ok, k2, { flip: 'yes' }), /flip must be true or false/],
  ['NaN constant', () => engine.convolve(ok, k2, { constant: NaN }), /constant must be a finite number/],
  ['options not an object', () => engine.convolve(ok, k2, 'same'), /options must be an object/],
  ['kernel does not fit', () => engine.convolve(ok, [[1, 1, 1, 1]]), /kernel does not fit: its effective width is 4/],
  ['dilated kernel does not fit', () => engine.convolve(ok, k2, { dilationY: 3 }), /effective height is 4 \(kernel height 2 with dilationY 3\)/],
  ['explain cell outside', () => engine.explain(ok, k2, {}, 2, 0), /Output cell \(i = 2, j = 0\) does not exist: the output is 2x2/],
  ['explain negative cell', () => engine.explain(ok, k2, {}, -1, 0), /i \(the output row\) must be a non-negative integer/],
  ['image without kernel', () => engine.filterImage(image, {}), /needs one of: filter/],
  ['image with two kernel sources', () => engine.filterImage(image, { filter: 'identity', kernel: [[1]] }), /only one of filter, kernel and kernels/],
  ['unknown filter', () => engine.filterImage(image, { filter: 'blurry' }), /Unknown filter the string 'blurry'; built-in ids: identity, /],
  ['two per-channel kernels', () => engine.filterImage(image, { kernels: [[[1]], [[1]]] }), /three kernels \[kR, kG, kB\], got 2/],
  ['grayscale with three kernels', () => engine.filterImage(image, { kernels: [[[1]], [[1]], [[1]]], grayscale: true }), /Grayscale filters a single plane/],
  ['unknown output', () => engine.filterImage(image, { filter: 'identity', output: 'wrap' }), /output must be one of 'clamp', 'abs', 'offset', 'normalize'; got 'wrap'/],
  ['image data wrong type', () => engine.filterImage({ width: 1, height: 1, data: [1, 2, 3, 4] }, { filter: 'identity' }), /Uint8ClampedArray/],
  ['image data wrong size', () => engine.filterImage({ width: 2, height: 2, data: new Uint8ClampedArray(4) }, { filter: 'identity' }), /4 bytes but width × height × 4 = 2 × 2 × 4 = 16/],
  ['image too large', () => engine.filterImage({ width: 40000, height: 2, data: new Uint8ClampedArray(320000) }, { filter: 'identity' }), /at most 32768 pixels on a side/],
  ['bad onProgress', () => engine.filterImage(image, { filter: 'identity', onProgress: 5 }), /onProgress must be a function/],
  ['NaN bias', () => engine.filterImage(image, { filter: 'identity', bias: NaN }), /bias must be a finite number/],
  ['per-channel sizes differ under valid', () => engine.filterImage({ width: 4, height: 4, data: new Uint8ClampedArray(64) }, { kernels: [[[1]], [[1, 1], [1, 1]], [[1]]], padding: 'valid' }), /same output size/],
  ['image kernel does not fit', () => engine.filterImage(image, { kernel: [[1, 1, 1]], padding: 'valid' }), /kernel does not fit/],
];

for (const [name, call, pattern] of cases) {
  test(`error: ${name}`, () => {
    assert.throws(call, (err) => {
      assert.ok(err instanceof Error, 'must be an Error object');
      assert.match(err.message, pattern);
      return true;
    });
    // The engine keeps working after every error.
    assert.deepEqual(Array.from(engine.convolve(ok, k2).data), [-4, -4, -4, -4]);
  });
}

test('errors leak no wasm memory', () => {
  engine.convolve(ok, k2);
  const before = engine.memory();
  for (let n = 0; n < 200; n++) {
    for (const [, call] of cases) {
      try { call(); } catch { /* expected */ }
    }
  }
  const after = engine.memory();
  assert.equal(after.inUse, before.inUse);
  assert.equal(after.heapBytes, before.heapBytes);
});
