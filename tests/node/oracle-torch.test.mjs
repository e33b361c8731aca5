// The engine against PyTorch and NumPy on random cases: convolveTranspose against
// conv_transpose2d, convLayer against conv2d, pool against max_pool2d / avg_pool2d, relu
// against torch.relu, convolve1d against numpy.convolve. The libraries run in
// tests/node/torch_oracle.py (Debian's python3-torch and python3-numpy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createConvolution } from '../../wasm/convolution.js';

const engine = await createConvolution();
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./torch_oracle.py', import.meta.url));
const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
const skip = probe.status === 0 ? false : `PyTorch/NumPy not importable by ${PYTHON}: apt-get install python3-torch python3-numpy`;

// A small seeded generator (mulberry32), so a failure names a case that can be rerun.
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    // Small integers make every sum exact in any order; reals in [-1, 1] test the arithmetic.
    values: (n, integers) => Array.from({ length: n }, () => (integers ? Math.floor(next() * 11) - 5 : next() * 2 - 1)),
  };
}

function askLibraries(cases) {
  const run = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, `torch_oracle.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

// Exact for integer cases. Otherwise each output value is a sum of at most `terms` products of
// magnitude <= 1, which either side may add in any order: each is off by at most terms² · 2^-53,
// so for terms <= 400 the two differ by less than 1e-13 · terms.
function assertClose(actual, expected, { integers, terms }, what) {
  assert.equal(actual.length, expected.length, `${what}: number of values`);
  for (let k = 0; k < actual.length; k++) {
    if (integers) assert.equal(actual[k], expected[k], `${what}: value ${k}`);
    else assert.ok(Math.abs(actual[k] - expected[k]) <= 1e-13 * terms, `${what}: value ${k} is ${actual[k]}, library ${expected[k]}`);
  }
}

function transposeCases(r, count) {
  const cases = [];
  while (cases.length < count) {
    const [H, W, M, N] = [r.int(1, 6), r.int(1, 6), r.int(1, 4), r.int(1, 4)];
    const s = [r.int(1, 3), r.int(1, 3)];
    const d = [r.int(1, 3), r.int(1, 3)];
    const p = [r.int(0, 2), r.int(0, 2)];
    const op = [r.int(0, Math.max(s[0], d[0]) - 1), r.int(0, Math.max(s[1], d[1]) - 1)];
    const outH = (H - 1) * s[0] - 2 * p[0] + d[0] * (M - 1) + op[0] + 1;
    const outW = (W - 1) * s[1] - 2 * p[1] + d[1] * (N - 1) + op[1] + 1;
    if (outH < 1 || outW < 1) continue;
    const integers = cases.length % 2 === 0;
    cases.push({
      kind: 'convolveTranspose', integers, terms: M * N, inputShape: [H, W], kernelShape: [M, N],
      input: r.values(H * W, integers), kernel: r.values(M * N, integers),
      stride: s, dilation: d, padding: p, outputPadding: op,
    });
  }
  return cases;
}

function layerCases(r, count) {
  const cases = [];
  while (cases.length < count) {
    const [C, O, H, W, M, N] = [r.int(1, 3), r.int(1, 3), r.int(2, 8), r.int(2, 8), r.int(1, 3), r.int(1, 3)];
    const s = [r.int(1, 2), r.int(1, 2)];
    const d = [r.int(1, 2), r.int(1, 2)];
    const pad = [r.int(0, 2), r.int(0, 2), r.int(0, 2), r.int(0, 2)];
    if (H + pad[0] + pad[1] < d[0] * (M - 1) + 1 || W + pad[2] + pad[3] < d[1] * (N - 1) + 1) continue;
    const integers = cases.length % 2 === 0;
    cases.push({
      kind: 'convLayer', integers, terms: C * M * N + 1, inputShape: [C, H, W], weightsShape: [O, C, M, N],
      input: r.values(C * H * W, integers), weights: r.values(O * C * M * N, integers), bias: r.values(O, integers),
      stride: s, dilation: d, padding: pad,
    });
  }
  return cases;
}

function poolCases(r, count) {
  return Array.from({ length: count }, (_, n) => {
    const [C, H, W] = [r.int(1, 3), r.int(1, 9), r.int(1, 9)];
    const window = [r.int(1, H), r.int(1, W)];
    // Half the cases use the default strides (the window), which torch spells as stride = kernel_size.
    const stride = n % 2 ? [r.int(1, 3), r.int(1, 3)] : window;
    const integers = n % 4 < 2;
    return {
      kind: 'pool', integers, terms: window[0] * window[1], mode: n % 3 ? 'max' : 'average', shape: [C, H, W],
      tensor: r.values(C * H * W, integers), window, stride, defaultStride: n % 2 === 0,
    };
  });
}

function signalCases(r, count) {
  return Array.from({ length: count }, (_, n) => {
    const L = r.int(1, 20);
    const mode = n % 2 ? 'valid' : 'full';
    const M = mode === 'valid' ? r.int(1, L) : r.int(1, 8); // numpy swaps the arguments when the kernel is longer
    const integers = n % 3 === 0;
    return { kind: 'convolve1d', integers, terms: M, signal: r.values(L, integers), kernel: r.values(M, integers), mode };
  });
}

const ours = {
  convolve1d: (c) => engine.convolve1d(c.signal, c.kernel, { flip: true, padding: c.mode }),
  convolveTranspose: (c) => engine.convolveTranspose(
    { height: c.inputShape[0], width: c.inputShape[1], data: c.input },
    { height: c.kernelShape[0], width: c.kernelShape[1], data: c.kernel },
    {
      strideY: c.stride[0], strideX: c.stride[1], dilationY: c.dilation[0], dilationX: c.dilation[1],
      padding: { top: c.padding[0], bottom: c.padding[0], left: c.padding[1], right: c.padding[1] },
      outputPaddingY: c.outputPadding[0], outputPaddingX: c.outputPadding[1],
    }),
  convLayer: (c) => engine.convLayer(
    { channels: c.inputShape[0], height: c.inputShape[1], width: c.inputShape[2], data: c.input },
    { outChannels: c.weightsShape[0], inChannels: c.weightsShape[1], height: c.weightsShape[2], width: c.weightsShape[3], data: c.weights },
    {
      strideY: c.stride[0], strideX: c.stride[1], dilationY: c.dilation[0], dilationX: c.dilation[1],
      padding: { top: c.padding[0], bottom: c.padding[1], left: c.padding[2], right: c.padding[3] }, bias: c.bias,
    }),
  pool: (c) => engine.pool({ channels: c.shape[0], height: c.shape[1], width: c.shape[2], data: c.tensor },
    c.defaultStride ? { mode: c.mode, height: c.window[0], width: c.window[1] }
      : { mode: c.mode, height: c.window[0], width: c.window[1], strideY: c.stride[0], strideX: c.stride[1] }),
  relu: (c) => engine.relu({ channels: 1, height: 1, width: c.tensor.length, data: c.tensor }),
};

function shapeOf(kind, out) {
  if (kind === 'convolve1d') return [out.length];
  if (kind === 'convolveTranspose') return [out.height, out.width];
  if (kind === 'relu') return [out.data.length];
  return [out.channels, out.height, out.width];
}

test('the engine agrees with PyTorch and NumPy on random cases', { skip }, () => {
  const r = rng(20261201);
  const cases = [
    ...signalCases(r, 30), ...transposeCases(r, 40), ...layerCases(r, 40), ...poolCases(r, 40),
    { kind: 'relu', integers: true, terms: 1, tensor: [-2, -0, 0, 0.5, 3, -1e-300] },
  ];
  const theirs = askLibraries(cases);
  const counts = {};
  cases.forEach((c, n) => {
    const mine = ours[c.kind](c);
    const what = `case ${n} (${c.kind}${c.mode ? ` ${c.mode}` : ''})`;
    assert.deepEqual(shapeOf(c.kind, mine), theirs[n].shape, `${what}: shape`);
    assertClose(Array.from(mine.data), theirs[n].data, c, what);
    counts[c.kind] = (counts[c.kind] ?? 0) + 1;
  });
  assert.deepEqual(counts, { convolve1d: 30, convolveTranspose: 40, convLayer: 40, pool: 40, relu: 1 });
});
