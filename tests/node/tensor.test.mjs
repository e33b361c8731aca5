// The JS API of the 1-D, transposed, layer, ReLU and pooling calls: hand-worked examples,
// the contract's identities, every error's code and field, and no leaked wasm memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';

const engine = await createConvolution();
const f64 = (a) => Float64Array.from(a);

test('convolve1d: a rectangle with itself is a triangle; flip + full is numpy.convolve', () => {
  const rect = [1, 1, 1, 1];
  assert.deepEqual(engine.convolve1d(rect, rect, { flip: true, padding: 'full' }), { length: 7, data: f64([1, 2, 3, 4, 3, 2, 1]) });
  // numpy.convolve([3, -1, 2, 0.5, 4], [2, 1, -3]) and its 'valid' part.
  const x = new Float32Array([3, -1, 2, 0.5, 4]);
  assert.deepEqual(engine.convolve1d(x, [2, 1, -3], { flip: true, padding: 'full' }).data, f64([6, 1, -6, 6, 2.5, 2.5, -12]));
  assert.deepEqual(engine.convolve1d(x, [2, 1, -3], { flip: true }).data, f64([-6, 6, 2.5]));
  // Stride 2 and explicit margins: windows at -1, 1, 3 over [c 1 2 3 4 c] with c = 10.
  assert.deepEqual(engine.convolve1d([1, 2, 3, 4], [1, 1], { stride: 2, padding: { left: 1, right: 1 }, constant: 10 }).data, f64([11, 5, 14]));
});

test('convolve1d is convolve on the 1xL form, options mapped onto the column axis', () => {
  const x = [0.5, -2, 3, 1, 4, -1, 2];
  const h = [1, -1, 2];
  for (const o of [{ padding: 'same', border: 'reflect' }, { stride: 3, dilation: 2, padding: 'full', border: 'wrap' }, { flip: true, padding: { left: 2, right: 0 } }]) {
    const two = { ...o };
    if (o.stride) { two.strideX = o.stride; delete two.stride; }
    if (o.dilation) { two.dilationX = o.dilation; delete two.dilation; }
    if (typeof o.padding === 'object') two.padding = { top: 0, bottom: 0, ...o.padding };
    const expected = engine.convolve([x], [h], two);
    assert.deepEqual(engine.convolve1d(x, h, o).data, expected.data, JSON.stringify(o));
  }
});

test('convolveTranspose: 2x2 input, 2x2 kernel, stride 2, by hand; padding crops, outputPadding extends', () => {
  const input = [[1, 2], [3, 4]];
  const kernel = [[1, 10], [100, 1000]];
  assert.deepEqual(engine.convolveTranspose(input, kernel, { strideY: 2, strideX: 2 }), {
    height: 4, width: 4,
    data: f64([1, 10, 2, 20, 100, 1000, 200, 2000, 3, 30, 4, 40, 300, 3000, 400, 4000]),
  });
  assert.deepEqual(engine.convolveTranspose(input, kernel, { strideY: 2, strideX: 2, padding: 1 }).data, f64([1000, 200, 30, 4]));
  const grown = engine.convolveTranspose(input, kernel, { strideY: 2, strideX: 2, outputPaddingY: 1, outputPaddingX: 1 });
  assert.equal(grown.height, 5);
  assert.deepEqual(Array.from(grown.data.slice(20)), [0, 0, 0, 0, 0]);
  // Stride 1 overlaps the copies.
  assert.deepEqual(engine.convolveTranspose(input, [[1, 1], [1, 1]]).data, f64([1, 3, 2, 4, 10, 6, 3, 7, 4]));
});

test('explainTranspose: one target per kernel cell; summing inside products gives the output', () => {
  const input = { height: 3, width: 2, data: [1, -2, 0.5, 3, 4, -1] };
  const kernel = [[1, 2, -1], [0.25, 3, 1]];
  const options = { strideY: 2, strideX: 1, dilationX: 2, padding: { top: 1, bottom: 0, left: 2, right: 1 }, outputPaddingY: 1 };
  const out = engine.convolveTranspose(input, kernel, options);
  const sums = new Float64Array(out.data.length);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 2; j++) {
      const ex = engine.explainTranspose(input, kernel, options, i, j);
      assert.equal(ex.value, input.data[i * 2 + j]);
      assert.equal(ex.targets.length, 6);
      for (const t of ex.targets) {
        const inside = t.outputRow >= 0 && t.outputRow < out.height && t.outputCol >= 0 && t.outputCol < out.width;
        assert.equal(t.inside, inside);
        if (inside) sums[t.outputRow * out.width + t.outputCol] += t.product;
      }
    }
  }
  assert.deepEqual(sums, out.data);
});

test('convolveTranspose is the adjoint of convolve: <convolve(X), Y> = <X, convolveTranspose(Y)>', () => {
  const X = { height: 5, width: 6, data: Array.from({ length: 30 }, (_, k) => Math.sin(k + 1)) };
  const K = [[0.5, -1, 2], [1.5, 0.25, -0.75]];
  const geometry = { strideY: 2, strideX: 3, dilationY: 2, dilationX: 1 };
  const padding = { top: 1, bottom: 2, left: 0, right: 1 };
  const cx = engine.convolve(X, K, { ...geometry, padding });
  const Y = { height: cx.height, width: cx.width, data: Array.from({ length: cx.data.length }, (_, k) => Math.cos(3 * k)) };
  // The rows no window reaches come back as output padding: (5 + 3 - 3) % 2 = 1, (6 + 1 - 3) % 3 = 1.
  const ty = engine.convolveTranspose(Y, K, { ...geometry, padding, outputPaddingY: 1, outputPaddingX: 1 });
  assert.equal(ty.height, 5);
  assert.equal(ty.width, 6);
  const dot = (a, b) => a.reduce((s, v, k) => s + v * b[k], 0);
  assert.ok(Math.abs(dot(cx.data, Y.data) - dot(X.data, ty.data)) < 1e-12);
});

const layerInput = [[[1, 2], [3, 4]], [[0, 1], [1, 0]]];
const layerWeights = [[[[1, 0], [0, 1]], [[1, 1], [1, 1]]], [[[0, 1], [0, 0]], [[0, 0], [0, -1]]]];

test('convLayer, explainLayer: two channels, two kernels and a bias, by hand', () => {
  assert.deepEqual(engine.convLayer(layerInput, layerWeights, { bias: [0.5, -1] }), { channels: 2, height: 1, width: 1, data: f64([7.5, 1]) });
  assert.deepEqual(engine.convLayer(layerInput, layerWeights).data, f64([7, 2]));
  const flat = engine.convLayer(
    { channels: 2, height: 2, width: 2, data: layerInput.flat(2) },
    { outChannels: 2, inChannels: 2, height: 2, width: 2, data: new Float64Array(layerWeights.flat(3)) }, { bias: new Float32Array([0.5, -1]) });
  assert.deepEqual(flat.data, f64([7.5, 1]));
  const ex = engine.explainLayer(layerInput, layerWeights, { bias: [0.5, -1] }, 0, 0, 0);
  assert.equal(ex.channel, 0);
  assert.equal(ex.bias, 0.5);
  assert.deepEqual(ex.partials, [5, 2]);
  assert.equal(ex.sum, 7.5);
  assert.deepEqual(ex.taps.map((t) => t.inputChannel), [0, 0, 0, 0, 1, 1, 1, 1]);
  assert.equal(ex.bias + ex.taps.reduce((s, t) => s + t.product, 0), ex.sum);
});

test('explainLayer sums equal convLayer outputs with padding, stride and flip', () => {
  const input = { channels: 3, height: 4, width: 5, data: Array.from({ length: 60 }, (_, k) => ((k * 37) % 11) - 5 + k / 7) };
  const weights = { outChannels: 2, inChannels: 3, height: 3, width: 2, data: Array.from({ length: 36 }, (_, k) => Math.cos(k)) };
  const options = { padding: 'same', border: 'reflect', strideX: 2, flip: true, bias: [0.1, -0.2] };
  const out = engine.convLayer(input, weights, options);
  for (let o = 0; o < 2; o++) {
    for (let i = 0; i < out.height; i++) {
      for (let j = 0; j < out.width; j++) {
        assert.equal(engine.explainLayer(input, weights, options, o, i, j).sum, out.data[(o * out.height + i) * out.width + j]);
      }
    }
  }
});

test('relu and pool by hand', () => {
  const r = engine.relu({ channels: 2, height: 1, width: 2, data: [-1, -0, 0.5, 2] });
  assert.deepEqual(r, { channels: 2, height: 1, width: 2, data: f64([0, 0, 0.5, 2]) });
  assert.ok(Object.is(r.data[1], 0), '-0 becomes +0');
  const t = [[[1, 2, 5, 6], [3, 4, 7, 8], [9, 10, 13, 14], [11, 12, 15, 16]]];
  assert.deepEqual(engine.pool(t, { mode: 'max', height: 2, width: 2 }), { channels: 1, height: 2, width: 2, data: f64([4, 8, 12, 16]) });
  assert.deepEqual(engine.pool(t, { mode: 'average', height: 2, width: 2 }).data, f64([2.5, 6.5, 10.5, 14.5]));
  assert.deepEqual(engine.pool(t, { mode: 'max', height: 3, width: 3, strideY: 1, strideX: 1 }).data, f64([13, 14, 15, 16]));
});

const tin = { channels: 1, height: 2, width: 2, data: [1, 2, 3, 4] };
const cases = [
  ['convolve1d: empty signal', () => engine.convolve1d([], [1]), /The signal must have 1 to 65536 samples, got 0/, 'bad-shape', 'signal'],
  ['convolve1d: signal too long', () => engine.convolve1d(new Float64Array(65537), [1]), /at most 65536/, 'too-large', 'signal'],
  ['convolve1d: NaN sample', () => engine.convolve1d([1, NaN], [1]), /signal value at sample 2 \(index 1\) is NaN/, 'bad-value', 'signal'],
  ['convolve1d: kernel not a list', () => engine.convolve1d([1, 2], 'ab'), /kernel must be an array of numbers/, 'bad-shape', 'kernel'],
  ['convolve1d: stride 0', () => engine.convolve1d([1, 2], [1], { stride: 0 }), /stride must be an integer from 1 to 65536, got 0/, 'bad-option', 'stride'],
  ['convolve1d: 2-D option name', () => engine.convolve1d([1, 2], [1], { strideX: 2 }), /Unknown option 'strideX' for convolve1d/, 'bad-option', 'options'],
  ['convolve1d: top padding', () => engine.convolve1d([1, 2], [1], { padding: { top: 1 } }), /Unknown padding side 'top'; allowed: left, right/, 'bad-option', 'padding'],
  ['convolve1d: does not fit', () => engine.convolve1d([1, 2], [1, 2, 3]), /effective length is 3 \(kernel length 3\) but the padded signal is only 2 samples/, 'does-not-fit', 'kernel'],
  ['convolve1d: unknown border', () => engine.convolve1d([1, 2], [1], { border: 'mirror' }), /border must be one of/, 'unknown-name', 'border'],
  ['transpose: outputPadding too large', () => engine.convolveTranspose([[1]], [[1]], { strideY: 2, outputPaddingY: 2 }), /outputPaddingY must be an integer from 0 to 1 \(less than max\(strideY, dilationY\) = 2\), got 2/, 'bad-option', 'outputPaddingY'],
  ['transpose: padding crops everything', () => engine.convolveTranspose([[1]], [[1, 1]], { padding: { top: 0, bottom: 0, left: 1, right: 1 } }), /crops away the whole output/, 'does-not-fit', 'padding'],
  ['transpose: padding object names every side', () => engine.convolveTranspose([[1]], [[1]], { padding: { top: 1 } }), /names every side/, 'bad-option', 'padding.bottom'],
  ['transpose: padding preset', () => engine.convolveTranspose([[1]], [[1]], { padding: 'same' }), /padding must be/, 'unknown-name', 'padding'],
  ['transpose: negative padding', () => engine.convolveTranspose([[1]], [[1]], { padding: -1 }), /padding must be an integer from 0/, 'bad-option', 'padding'],
  ['transpose: Infinity in kernel', () => engine.convolveTranspose([[1]], [[Infinity]]), /kernel value at row 1 \(index 0\), column 1 \(index 0\) is Infinity/, 'bad-value', 'kernel'],
  // (1025 - 1) * 65536 + 1 columns: one more than 2^26 cells.
  ['transpose: output too large', () => engine.convolveTranspose({ height: 1, width: 1025, data: new Float64Array(1025) }, [[1]], { strideX: 65536 }), /The output would be 1x67108865 = 67108865 cells/, 'too-large', 'input'],
  ['explainTranspose: input cell outside', () => engine.explainTranspose([[1, 2]], [[1]], {}, 1, 0), /i \(the input row, counted from 0\) must be an integer from 0 to 0/, 'bad-value', 'i'],
  ['convLayer: inChannels mismatch', () => engine.convLayer(layerInput, [[[[1]]]]), /inChannels 1 but the input has 2 channels/, 'bad-shape', 'weights'],
  ['convLayer: bias length', () => engine.convLayer(layerInput, layerWeights, { bias: [1] }), /bias has 1 value but there are 2 output channels/, 'bad-shape', 'bias'],
  ['convLayer: empty bias', () => engine.convLayer(layerInput, layerWeights, { bias: [] }), /bias has 0 values/, 'bad-shape', 'bias'],
  ['convLayer: NaN bias', () => engine.convLayer(layerInput, layerWeights, { bias: [1, NaN] }), /bias value at element 2 \(index 1\) is NaN/, 'bad-value', 'bias'],
  ['convLayer: ragged channels', () => engine.convLayer([[[1, 2]], [[1]]], layerWeights), /all rows must have the same length/, 'bad-shape', 'input'],
  ['convLayer: flat input', () => engine.convLayer([[1, 2], [3, 4]], layerWeights), /input/, 'bad-shape', 'input'],
  ['convLayer: too many channels', () => engine.convLayer({ channels: 5000, height: 1, width: 1, data: new Float64Array(5000) }, { outChannels: 1, inChannels: 5000, height: 1, width: 1, data: new Float64Array(5000) }), /input.channels must be an integer from 1 to 4096, got 5000/, 'too-large', 'input'],
  ['convLayer: does not fit', () => engine.convLayer(layerInput, [[[[1, 1, 1]], [[1, 1, 1]]]]), /does not fit/, 'does-not-fit', 'weights'],
  ['convLayer: stride 0', () => engine.convLayer(layerInput, layerWeights, { strideY: 0 }), /strideY must be an integer from 1/, 'bad-option', 'strideY'],
  ['explainLayer: channel outside', () => engine.explainLayer(layerInput, layerWeights, {}, 2, 0, 0), /o \(the output channel, counted from 0\) must be an integer from 0 to 1/, 'bad-value', 'o'],
  ['relu: NaN', () => engine.relu({ channels: 1, height: 1, width: 2, data: [1, NaN] }), /tensor value at channel 1 \(index 0\), row 1 \(index 0\), column 2 \(index 1\) is NaN/, 'bad-value', 'tensor'],
  ['relu: too many channels', () => engine.relu({ channels: 5000, height: 1, width: 1, data: new Float64Array(5000) }), /tensor.channels must be an integer from 1 to 4096/, 'too-large', 'tensor'],
  ['pool: no mode', () => engine.pool(tin, { height: 1, width: 1 }), /pool needs mode: one of 'max', 'average'/, 'bad-option', 'mode'],
  ['pool: no height', () => engine.pool(tin, { mode: 'max', width: 1 }), /pool needs height/, 'bad-option', 'height'],
  ['pool: unknown mode', () => engine.pool(tin, { mode: 'mean', height: 1, width: 1 }), /mode must be one of 'max', 'average'; got 'mean'/, 'unknown-name', 'mode'],
  ['pool: window too large', () => engine.pool(tin, { mode: 'max', height: 3, width: 1 }), /The pooling window does not fit: it is 3 rows but the tensor has only 2/, 'does-not-fit', 'height'],
  ['pool: window too wide', () => engine.pool(tin, { mode: 'average', height: 1, width: 5 }), /columns/, 'does-not-fit', 'width'],
  ['pool: stride 0', () => engine.pool(tin, { mode: 'max', height: 1, width: 1, strideX: 0 }), /strideX must be an integer from 1/, 'bad-option', 'strideX'],
  ['pool: no options', () => engine.pool(tin), /pool needs mode/, 'bad-option', 'mode'],
];

for (const [name, call, message, code, field] of cases) {
  test(`error: ${name}`, () => {
    assert.throws(call, (err) => {
      assert.ok(err instanceof Error);
      assert.match(err.message, message);
      assert.equal(err.code, code);
      assert.equal(err.field, field);
      return true;
    });
  });
}

test('no wasm memory leaks across thousands of calls, failed ones included', () => {
  const signal = Array.from({ length: 40 }, (_, k) => k % 5);
  const input = { channels: 2, height: 6, width: 6, data: Array.from({ length: 72 }, (_, k) => (k % 9) - 4) };
  const weights = { outChannels: 3, inChannels: 2, height: 3, width: 3, data: Array.from({ length: 54 }, (_, k) => (k % 4) - 1.5) };
  const round = (n) => {
    engine.convolve1d(signal, [1, -1, 2], { padding: 'same', stride: 1 + (n % 3) });
    engine.convolveTranspose([[1, 2], [3, 4]], [[1, 2, 3]], { strideY: 2, strideX: 1 + (n % 2) });
    engine.explainTranspose([[1, 2], [3, 4]], [[1, 2, 3]], { padding: { top: 0, bottom: 0, left: 1, right: 1 } }, n % 2, 1);
    engine.convLayer(input, weights, { padding: 'same', bias: [1, 2, 3] });
    engine.explainLayer(input, weights, {}, n % 3, 1, 2);
    engine.pool(engine.relu(input), { mode: n % 2 ? 'max' : 'average', height: 2, width: 3 });
    for (const bad of [() => engine.convolve1d([], [1]), () => engine.convLayer(input, weights, { bias: [1] }), () => engine.pool(input, { mode: 'max', height: 9, width: 1 }), () => engine.convolveTranspose([[NaN]], [[1]])]) {
      assert.throws(bad);
    }
  };
  round(0);
  const before = engine.memory();
  for (let n = 0; n < 1500; n++) round(n);
  const after = engine.memory();
  assert.equal(after.inUse, before.inUse, 'malloc-ed bytes after 1500 rounds');
  assert.equal(after.heapBytes, before.heapBytes, 'heap size after 1500 rounds');
});

test('engine.limits names the tensor limits', () => {
  assert.equal(engine.limits.maxChannels, 4096);
  assert.equal(engine.limits.maxTensorCells, 2 ** 26);
  assert.equal(engine.limits.maxWeightCells, 2 ** 20);
});
