import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';

const engine = await createConvolution();
const ok = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
const k2 = [[1, 0], [0, -1]];
const image = { width: 2, height: 2, data: new Uint8ClampedArray(16).fill(9) };

// Each case: [description, call, message pattern, code, field]. Every message must say what is
// wrong and what is allowed; code and field let a page route it without reading the words.
const cases = [
  ['data length mismatch', () => engine.convolve({ height: 2, width: 3, data: [1, 2, 3] }, k2), /has 3 numbers but height × width = 2 × 3 = 6/, 'bad-shape', 'input'],
  ['non-integer height', () => engine.convolve({ height: 1.5, width: 2, data: [1, 2] }, k2), /input.height must be an integer from 1 to 65536, got 1.5$/, 'bad-shape', 'input'],
  ['zero width', () => engine.convolve({ height: 1, width: 0, data: [] }, k2), /input.width must be an integer from 1 to 65536, got 0$/, 'bad-shape', 'input'],
  ['missing data', () => engine.convolve({ height: 1, width: 1 }, k2), /data must be an array or typed array/, 'bad-shape', 'input'],
  ['flat array without shape', () => engine.convolve([1, 2, 3], k2), /flat array; input must be \{ height, width, data \} or an array of rows/, 'bad-shape', 'input'],
  ['BigInt data', () => engine.convolve({ height: 1, width: 2, data: new BigInt64Array(2) }, k2), /input.data is a BigInt64Array; use an array or a typed array of numbers/, 'bad-value', 'input'],
  ['DataView data', () => engine.convolve({ height: 1, width: 2, data: new DataView(new ArrayBuffer(16)) }, k2), /input.data must be an array or typed array of numbers in row-major order, got a DataView/, 'bad-shape', 'input'],
  ['BigInt rows', () => engine.convolve([new BigInt64Array(2), new BigInt64Array(2)], k2), /input row 1 \(index 0\) is a BigInt64Array; every row must be an array or a typed array of numbers/, 'bad-value', 'input'],
  ['a number among rows', () => engine.convolve([[1, 2], 3], k2), /input row 2 \(index 1\) is 3; every row must be an array/, 'bad-shape', 'input'],
  ['ragged rows', () => engine.convolve([[1, 2], [3]], k2), /input row 2 \(index 1\) has 1 columns but row 1 \(index 0\) has 2; all rows must have the same length/, 'bad-shape', 'input'],
  ['no rows', () => engine.convolve([], k2), /input has no rows/, 'bad-shape', 'input'],
  ['null input', () => engine.convolve(null, k2), /input is null/, 'bad-shape', 'input'],
  ['string value', () => engine.convolve([[1, '2'], [3, 4]], [[1]]), /input value at row 1 \(index 0\), column 2 \(index 1\) is the string '2', which is not a number; values must be finite numbers/, 'bad-value', 'input'],
  ['string in flat data', () => engine.convolve({ height: 2, width: 2, data: [1, 2, 'x', 4] }, [[1]]), /input value at row 2 \(index 1\), column 1 \(index 0\) is the string 'x', which is not a number/, 'bad-value', 'input'],
  ['null in a later row', () => engine.convolve([[1, 2], [3, null]], [[1]]), /input value at row 2 \(index 1\), column 2 \(index 1\) is null, which is not a number/, 'bad-value', 'input'],
  ['NaN value', () => engine.convolve([[1, NaN], [3, 4]], [[1]]), /input value at row 1 \(index 0\), column 2 \(index 1\) is NaN \(not a number\); values must be finite numbers with magnitude at most 1e100/, 'bad-value', 'input'],
  ['Infinity in kernel', () => engine.convolve(ok, [[Infinity]]), /kernel value at row 1 \(index 0\), column 1 \(index 0\) is Infinity, which is not finite/, 'bad-value', 'kernel'],
  ['huge value', () => engine.convolve(ok, { height: 1, width: 1, data: new Float64Array([1e300]) }), /is 1e300, which is too large; values must be finite numbers with magnitude at most 1e100/, 'bad-value', 'kernel'],
  ['stride 0', () => engine.convolve(ok, k2, { strideY: 0 }), /strideY must be an integer from 1 to 65536, got 0/, 'bad-option', 'strideY'],
  ['fractional stride', () => engine.convolve(ok, k2, { strideX: 1.5 }), /strideX must be an integer from 1 to 65536, got 1.5$/, 'bad-option', 'strideX'],
  ['string dilation', () => engine.convolve(ok, k2, { dilationX: '2' }), /dilationX must be an integer from 1 to 65536, got the string '2'/, 'bad-option', 'dilationX'],
  ['dilation 0', () => engine.convolve(ok, k2, { dilationY: 0 }), /dilationY must be an integer from 1/, 'bad-option', 'dilationY'],
  ['negative padding', () => engine.convolve(ok, k2, { padding: { top: -1 } }), /padding.top must be an integer from 0 to 65536, got -1/, 'bad-option', 'padding.top'],
  ['unknown padding side', () => engine.convolve(ok, k2, { padding: { up: 1 } }), /Unknown padding side 'up'; allowed: top, bottom, left, right/, 'bad-option', 'padding'],
  ['unknown padding preset', () => engine.convolve(ok, k2, { padding: 'half' }), /padding must be 'valid', 'same', 'full' or an object \{ top, bottom, left, right \}; got 'half'/, 'unknown-name', 'padding'],
  ['unknown border', () => engine.convolve(ok, k2, { border: 'mirror' }), /border must be one of 'constant', 'replicate', 'reflect', 'reflect101', 'wrap'; got 'mirror'/, 'unknown-name', 'border'],
  ['unknown option', () => engine.convolve(ok, k2, { stide: 2 }), /Unknown option 'stide' for convolve; allowed: strideY, strideX/, 'bad-option', 'options'],
  ['non-boolean flip', () => engine.convolve(ok, k2, { flip: 'yes' }), /flip must be true or false/, 'bad-option', 'flip'],
  ['NaN constant', () => engine.convolve(ok, k2, { constant: NaN }), /constant must be a finite number/, 'bad-option', 'constant'],
  ['options not an object', () => engine.convolve(ok, k2, 'same'), /options must be an object/, 'bad-option', 'options'],
  ['kernel does not fit', () => engine.convolve(ok, [[1, 1, 1, 1]]), /kernel does not fit: its effective width is 4/, 'does-not-fit', 'kernel'],
  ['dilated kernel does not fit', () => engine.convolve(ok, k2, { dilationY: 3 }), /effective height is 4 \(kernel height 2 with dilationY 3\)/, 'does-not-fit', 'kernel'],
  ['explain cell outside', () => engine.explain(ok, k2, {}, 2, 0), /i \(the output row, counted from 0\) must be an integer from 0 to 1 \(the output is 2x2\), got 2/, 'bad-value', 'i'],
  ['explain column outside', () => engine.explain(ok, k2, {}, 0, 7), /j \(the output column, counted from 0\) must be an integer from 0 to 1 \(the output is 2x2\), got 7/, 'bad-value', 'j'],
  ['explain negative cell', () => engine.explain(ok, k2, {}, -1, 0), /i \(the output row, counted from 0\) must be an integer from 0 to 1/, 'bad-value', 'i'],
  ['image without kernel', () => engine.filterImage(image, {}), /needs one of: filter/, 'bad-option', 'filter'],
  ['image with two kernel sources', () => engine.filterImage(image, { filter: 'identity', kernel: [[1]] }), /only one of filter, kernel and kernels/, 'bad-option', 'kernel'],
  ['unknown filter', () => engine.filterImage(image, { filter: 'blurry' }), /Unknown filter 'blurry'; allowed: the built-in ids identity, /, 'unknown-name', 'filter'],
  ['two per-channel kernels', () => engine.filterImage(image, { kernels: [[[1]], [[1]]] }), /kernels must be an array of 3 matrices such as \[kR, kG, kB\], got an array of 2/, 'bad-option', 'kernels'],
  ['grayscale with three kernels', () => engine.filterImage(image, { kernels: [[[1]], [[1]], [[1]]], grayscale: true }), /Grayscale filters a single plane/, 'bad-option', 'grayscale'],
  ['unknown output', () => engine.filterImage(image, { filter: 'identity', output: 'wrap' }), /output must be one of 'clamp', 'abs', 'offset', 'normalize'; got 'wrap'/, 'unknown-name', 'output'],
  ['image data wrong type', () => engine.filterImage({ width: 1, height: 1, data: [1, 2, 3, 4] }, { filter: 'identity' }), /Uint8ClampedArray/, 'bad-shape', 'image'],
  ['image data wrong size', () => engine.filterImage({ width: 2, height: 2, data: new Uint8ClampedArray(4) }, { filter: 'identity' }), /4 bytes but width × height × 4 = 2 × 2 × 4 = 16/, 'bad-shape', 'image'],
  ['image too large', () => engine.filterImage({ width: 40000, height: 2, data: new Uint8ClampedArray(320000) }, { filter: 'identity' }), /at most 32768 pixels on a side/, 'too-large', 'image'],
  ['bad onProgress', () => engine.filterImage(image, { filter: 'identity', onProgress: 5 }), /onProgress must be a function/, 'bad-option', 'onProgress'],
  ['NaN bias', () => engine.filterImage(image, { filter: 'identity', bias: NaN }), /bias must be a finite number/, 'bad-option', 'bias'],
  ['per-channel sizes differ under valid', () => engine.filterImage({ width: 4, height: 4, data: new Uint8ClampedArray(64) }, { kernels: [[[1]], [[1, 1], [1, 1]], [[1]]], padding: 'valid' }), /same output size/, 'does-not-fit', 'kernels'],
  ['image kernel does not fit', () => engine.filterImage(image, { kernel: [[1, 1, 1]], padding: 'valid' }), /kernel does not fit/, 'does-not-fit', 'kernel'],
];

const CODES = ['bad-shape', 'bad-value', 'bad-option', 'unknown-name', 'does-not-fit', 'too-large'];

for (const [name, call, pattern, code, field] of cases) {
  test(`error: ${name}`, () => {
    assert.ok(CODES.includes(code), `the case names a known code: ${code}`);
    assert.throws(call, (err) => {
      assert.ok(err instanceof Error, 'must be an Error object');
      assert.match(err.message, pattern);
      assert.equal(err.code, code, err.message);
      assert.equal(err.field, field, err.message);
      assert.match(err.message, /must|allowed|at most|needs|give |pass |use |takes/, 'the message says what is allowed');
      assert.ok(err.message.length < 600, 'a short message');
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
