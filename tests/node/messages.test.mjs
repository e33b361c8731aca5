// Fault 5 of issue 7: messages name what is wrong as the caller gave it, say what is allowed,
// count rows and columns both ways (the page from 1, the API from 0) and stay short.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';

const engine = await createConvolution();
const image = { width: 2, height: 2, data: new Uint8ClampedArray(16).fill(9) };

function error(call) {
  try { call(); } catch (err) { return err; }
  assert.fail('expected an error');
}

test('a hole in kernels gets a message, not a TypeError', () => {
  const K = [[1]];
  // eslint-disable-next-line no-sparse-arrays
  const err = error(() => engine.filterImage(image, { kernels: [K, , K] }));
  assert.equal(err.constructor, Error);
  assert.deepEqual([err.code, err.field], ['bad-shape', 'kernels[1]']);
  assert.match(err.message, /^kernels\[1\] is missing \(a hole in the array\); kernels must be an array of 3 matrices/);
});

test('huge sizes are shown as given, with the range', () => {
  for (const [v, shown] of [[1e300, '1e300'], [2 ** 63, '9223372036854775808'], [2 ** 53 + 2, '9007199254740994']]) {
    const err = error(() => engine.convolve({ height: v, width: 1, data: [1] }, [[1]]));
    assert.deepEqual([err.code, err.field], ['too-large', 'input']);
    assert.equal(err.message, `input.height must be an integer from 1 to 65536, got ${shown}`);
    assert.doesNotMatch(err.message, /-9223372036854775808/);
  }
  assert.match(error(() => engine.convolve([[1]], [[1]], { strideY: 2 ** 63 })).message, /strideY must be an integer from 1 to 65536, got 9223372036854775808$/);
  assert.match(error(() => engine.plan({ height: 1, width: -(2 ** 63) }, { height: 1, width: 1 })).message, /input.width must be an integer from 1 to 65536, got -9223372036854775808$/);
  assert.match(error(() => engine.filterImage({ width: 1e300, height: 1, data: new Uint8Array(4) }, { kernel: [[1]] })).message, /image.data has 4 bytes but width × height × 4 = 1e300 × 1 × 4 = 4e300; it must hold exactly 4 bytes \(RGBA\) per pixel$/);
});

test('long strings are quoted in at most 80 characters', () => {
  const long = 'x'.repeat(1e7);
  const calls = [
    () => engine.convolve([[1]], [[1]], { border: long }),
    () => engine.convolve([[1]], [[1]], { padding: long }),
    () => engine.convolve([[1]], [[1]], { [long]: 1 }),
    () => engine.convolve([[1]], [[1]], { padding: { [long]: 1 } }),
    () => engine.convolve([[1, long]], [[1]]),
    () => engine.convolve([[1]], [[1]], { strideY: long }),
    () => engine.filterImage(image, { filter: long }),
    () => engine.filterImage(image, { kernel: [[1]], output: long }),
    () => engine.convolve([[1]], [[1]], { get flip() { throw new Error(long); } }),
    () => engine.convolve([[1]], [[1]], { constant: 10n ** 100000n }),
  ];
  for (const call of calls) {
    const err = error(call);
    const quoted = err.message.match(/'(?:[^'\\]|\\.)*(?:'|…' \(\d+ (characters|digits)\))|BigInt \d+…/g) ?? [];
    assert.ok(quoted.length > 0 || /BigInt/.test(err.message), err.message.slice(0, 200));
    for (const q of quoted) if (q.includes('xxxx')) assert.ok(q.length <= 80, `${q.length}: ${q}`);
    assert.ok(err.message.length < 600, `${err.message.length} characters: ${err.message.slice(0, 120)}`);
    assert.match(err.message, /10000000 characters|\d+ digits/);
  }
  const ctl = error(() => engine.convolve([[1]], [[1]], { border: "a'\n\u0000b" }));
  assert.match(ctl.message, /got 'a\\'\\n\\u0000b'$/);
});

test('a value just above a bound is shown with the digits that make it larger', () => {
  const v = 1.0000000000000002e100;
  for (const call of [() => engine.convolve([[1]], [[1]], { constant: v }), () => engine.filterImage(image, { kernel: [[1]], bias: -v })]) {
    const err = error(call);
    assert.match(err.message, /magnitude at most 1e100, got -?1\.0000000000000002e100$/);
  }
  const data = error(() => engine.convolve([[1, 2, 3], [4, 5, v]], [[1]]));
  assert.equal(data.message, 'input value at row 2 (index 1), column 3 (index 2) is 1.0000000000000002e100, which is too large; values must be finite numbers with magnitude at most 1e100');
  assert.doesNotMatch(error(() => engine.convolve([[1e100, 1e101]], [[1]])).message, /is 1e100,/);
});

test('Infinity is "not finite", NaN "not a number"', () => {
  const at = (v) => error(() => engine.convolve({ height: 1, width: 2, data: [0, v] }, [[1]])).message;
  for (const v of [Infinity, -Infinity, 1e309, -1e309]) {
    assert.match(at(v), new RegExp(`is ${v}, which is not finite; values must be finite numbers`));
    assert.doesNotMatch(at(v), /not a number/);
  }
  assert.match(at(NaN), /is NaN \(not a number\); values must be finite numbers/);
  assert.match(at('7'), /is the string '7', which is not a number/);
  assert.match(at(undefined), /is undefined, which is not a number/);
  assert.match(error(() => engine.convolve([[1]], [[1]], { constant: Infinity })).message, /got Infinity \(not finite\)$/);
  assert.match(error(() => engine.convolve([[1]], [[1]], { strideX: -Infinity })).message, /got -Infinity \(not finite\)$/);
  assert.match(error(() => engine.convolve([[1]], [[1]], { strideX: NaN })).message, /got NaN \(not a number\)$/);
  assert.match(error(() => engine.convolve({ height: 1, width: 1, data: new Float32Array([Infinity]) }, [[1]])).message, /is Infinity, which is not finite/);
  // -0 is a valid value and is printed as -0 where it is refused.
  assert.equal(engine.convolve([[-0, 1]], [[-0]]).data.length, 2);
  assert.match(error(() => engine.convolve([[1]], [[1]], { strideY: -0 })).message, /got -0$/);
});

test('positions count from 1 and say their index from 0', () => {
  const rows = [[1, 2, 3], [4, 5, 6], [7, 8, NaN]];
  assert.match(error(() => engine.convolve(rows, [[1]])).message, /^input value at row 3 \(index 2\), column 3 \(index 2\) is NaN/);
  assert.match(error(() => engine.convolve([[1, 2], [3, 4], [5]], [[1]])).message, /^input row 3 \(index 2\) has 1 columns but row 1 \(index 0\) has 2/);
  assert.match(error(() => engine.convolve({ height: 2, width: 3, data: [1, 2, 3, 4, 5, null] }, [[1]])).message, /^input value at row 2 \(index 1\), column 3 \(index 2\) is null/);
  assert.match(error(() => engine.filterImage(image, { kernels: [[[1]], [[1]], [[1, 2], [3, 'x']]] })).message, /^kernels\[2\] value at row 2 \(index 1\), column 2 \(index 1\) is the string 'x'/);
  assert.match(error(() => engine.explain([[1, 2], [3, 4]], [[1]], {}, 0, 2)).message, /^j \(the output column, counted from 0\) must be an integer from 0 to 1 \(the output is 2x2\), got 2$/);
});
