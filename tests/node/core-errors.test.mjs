// Errors found by the engine itself reach JS as Errors with code and field (SEMANTICS.md section 5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';

const engine = await createConvolution();
const ok = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
const image = { width: 4, height: 4, data: new Uint8ClampedArray(64).fill(9) };
const huge = 'x'.repeat(10_000_000);

// [description, call, code, field, message pattern]
const cases = [
  ['NaN value', () => engine.convolve([[1, NaN], [3, 4]], [[1]]), 'bad-value', 'input', /row 1, column 2 \(index \[0\]\[1\]\) is NaN/],
  ['value just above the limit', () => engine.convolve([[1.0000000000000002e100]], [[1]]), 'bad-value', 'input', /is 1\.0000000000000002e\+100; values must be finite numbers with magnitude at most 1e100/],
  ['Infinity in kernel', () => engine.convolve(ok, [[Infinity]]), 'bad-value', 'kernel', /is Infinity/],
  ['stride 0', () => engine.convolve(ok, [[1]], { strideY: 0 }), 'bad-option', 'strideY', /strideY must be an integer from 1 to 65536, got 0/],
  ['padding side too large', () => engine.convolve(ok, [[1]], { padding: { right: 70000 } }), 'too-large', 'padding.right', /got 70000/],
  ['kernel does not fit', () => engine.convolve(ok, [[1, 1, 1, 1]]), 'does-not-fit', 'kernel', /kernel does not fit/],
  ['unknown border', () => engine.convolve(ok, [[1]], { border: 'mirror' }), 'unknown-name', 'border', /border must be one of .*; got 'mirror'/],
  ['unknown padding', () => engine.convolve(ok, [[1]], { padding: 'half' }), 'unknown-name', 'padding', /got 'half'/],
  ['NaN constant', () => engine.convolve(ok, [[1]], { constant: NaN }), 'bad-option', 'constant', /constant must be a finite number/],
  ['explain outside', () => engine.explain(ok, [[1, 1], [1, 1]], {}, 2, 0), 'bad-value', 'i', /i \(the row, counted from 0\) must be 0\.\.1/],
  ['explain column outside', () => engine.explain(ok, [[1, 1], [1, 1]], {}, 0, 5), 'bad-value', 'j', /does not exist/],
  ['plan of a 1e300-row input', () => engine.plan({ height: 1e300, width: 1 }, { height: 1, width: 1 }), 'too-large', 'input', /input height must be an integer from 1 to 65536, got 1e\+300/],
  ['plan of a 2^63-column kernel', () => engine.plan({ height: 1, width: 1 }, { height: 1, width: 2 ** 63 }), 'too-large', 'kernel', /got 9\.223372036854776e\+18/],
  ['plan of a 70000-row input', () => engine.plan({ height: 70000, width: 1 }, { height: 1, width: 1 }), 'too-large', 'input', /at most 65536/],
  ['image too large', () => engine.filterImage({ width: 40000, height: 2, data: new Uint8ClampedArray(320000) }, { filter: 'identity' }), 'too-large', 'image', /at most 32768 pixels on a side/],
  ['NaN bias', () => engine.filterImage(image, { filter: 'identity', bias: NaN }), 'bad-option', 'bias', /bias must be a finite number/],
  ['unknown output', () => engine.filterImage(image, { filter: 'identity', output: 'wrap' }), 'unknown-name', 'output', /got 'wrap'/],
  ['per-channel sizes differ', () => engine.filterImage(image, { kernels: [[[1]], [[1, 1], [1, 1]], [[1]]], padding: 'valid' }), 'does-not-fit', 'kernels', /same output size/],
  ['one per-channel kernel does not fit', () => engine.filterImage(image, { kernels: [[[1]], [[1, 1, 1, 1, 1]], [[1]]], padding: 'valid' }), 'does-not-fit', 'kernels[1]', /G kernel \(kernels\[1\]\)/],
  ['NaN in the B kernel', () => engine.filterImage(image, { kernels: [[[1]], [[1]], [[NaN]]] }), 'bad-value', 'kernels[2]', /B kernel \(kernels\[2\]\) value at row 1, column 1/],
  ['grayscale with three kernels', () => engine.filterImage(image, { kernels: [[[1]], [[1]], [[1]]], grayscale: true }), 'bad-option', 'grayscale', /Grayscale/],
];

for (const [name, call, code, field, pattern] of cases) {
  test(`core error: ${name}`, () => {
    assert.throws(call, (err) => {
      assert.ok(err instanceof Error);
      assert.equal(err.code, code);
      assert.equal(err.field, field);
      assert.match(err.message, pattern);
      return true;
    });
  });
}

test('a 10-million-character name is quoted by its first 80 characters', () => {
  for (const [key, call] of [['border', () => engine.convolve(ok, [[1]], { border: huge })],
    ['output', () => engine.filterImage(image, { filter: 'identity', output: huge })]]) {
    assert.throws(call, (err) => {
      assert.equal(err.code, 'unknown-name');
      assert.equal(err.field, key);
      assert.ok(err.message.length < 400, `message of ${err.message.length} characters`);
      assert.match(err.message, new RegExp(`got '${'x'.repeat(80)}…' \\(10000000 bytes\\)`));
      return true;
    });
  }
});

test('core errors leak no wasm memory', () => {
  engine.convolve(ok, [[1]]);
  const before = engine.memory().inUse;
  for (let n = 0; n < 100; n++) {
    for (const [, call] of cases) {
      try { call(); } catch { /* expected */ }
    }
  }
  assert.equal(engine.memory().inUse, before);
});
