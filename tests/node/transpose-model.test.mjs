// The transposed mode's pure parts: validation, links, presets by hand, the step
// accumulation and contribution counts, feeders and the adjoint identity. The numbers
// come from engine.convolveTranspose where the build has it, else from the SEMANTICS §7
// oracle (tests/oracles/transpose.mjs), and are checked against worked examples either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';
import { withTransposeOracle, convolveTranspose as oracle } from '../oracles/transpose.mjs';
import { defaultState, validateState, transposeSpecs, PRESETS, applyPreset, probeGrid, totalSteps } from '../../web/js/transpose/model.js';
import { encodeState, decodeState, MAX_LINK_CHARS } from '../../web/js/transpose/link.js';
import { deriveTranspose, partialAt, feedersOf, hasTranspose } from '../../web/js/transpose/derive.js';
import { formula } from '../../web/js/transpose/words.js';

const raw = await createConvolution();
const engine = withTransposeOracle(raw);
const preset = (id) => applyPreset(defaultState(), PRESETS.find((p) => p.id === id));
const rows = (m) => Array.from({ length: m.height }, (_, r) => Array.from(m.data.slice(r * m.width, (r + 1) * m.width)));

test('option specs come from engine.options.convolveTranspose', () => {
  const specs = transposeSpecs(raw.options);
  const byName = Object.fromEntries(raw.options.convolveTranspose.map((o) => [o.name, o]));
  assert.equal(specs.strideY.default, byName.strideY.default);
  assert.equal(specs.outputPaddingX.min, byName.outputPaddingX.min);
  assert.equal(specs.strideX.max, 4);
});

test('2×2 input, 2×2 kernel, stride 2, worked by hand', () => {
  const d = deriveTranspose(preset('stride2-k2'), engine);
  // x = [[1, 2], [3, 4]], K = [[1, 0], [2, 1]]: each x stamps x·K at (2i, 2j).
  assert.deepEqual(rows(d.output), [
    [1, 0, 2, 0],
    [2, 1, 4, 2],
    [3, 0, 4, 0],
    [6, 3, 8, 4],
  ]);
  assert.deepEqual(formula(preset('stride2-k2'), d.output).slice(1), [
    'rows:    (2 − 1)·2 − 0 − 0 + 1·(2 − 1) + 0 + 1 = 4',
    'columns: (2 − 1)·2 − 0 − 0 + 1·(2 − 1) + 0 + 1 = 4',
  ]);
});

test('stepping accumulates the output; counts show the checkerboard', () => {
  const s = preset('stride2-k3');
  const d = deriveTranspose(s, engine);
  const last = partialAt(d, s, engine, totalSteps(s) - 1);
  assert.deepEqual(Array.from(last.values.data), Array.from(d.canvas.data), 'the last step is the whole result');
  assert.deepEqual(rows(last.counts)[0], [1, 1, 2, 1, 2, 1, 1]);
  assert.deepEqual(rows(last.counts)[2], [2, 2, 4, 2, 4, 2, 2]);
  const first = partialAt(d, s, engine, 0);
  assert.equal(first.counts.data.reduce((a, b) => a + b, 0), 9, 'one cell: nine contributions');
  const noOverlap = partialAt(deriveTranspose(preset('stride2-k2'), engine), preset('stride2-k2'), engine, 3);
  assert.ok(Array.from(noOverlap.counts.data).every((c) => c === 1), 'stride = kernel size: one each');
});

test('feeders of an output cell sum to its value', () => {
  for (const p of PRESETS) {
    const s = applyPreset(defaultState(), p);
    const d = deriveTranspose(s, engine);
    for (let r = 0; r < d.output.height; r++) {
      for (let c = 0; c < d.output.width; c++) {
        const sum = feedersOf(d, r, c).reduce((a, f) => a + f.product, 0);
        assert.ok(Math.abs(sum - d.output.data[r * d.output.width + c]) < 1e-12, `${p.id} (${r}, ${c})`);
      }
    }
  }
});

test('adjoint identity and sizes mapping back, every preset', () => {
  for (const p of PRESETS) {
    const d = deriveTranspose(applyPreset(defaultState(), p), engine);
    assert.equal(d.error, null, p.id);
    assert.ok(!d.adjoint.mismatch, p.id);
    assert.ok(Math.abs(d.adjoint.lhs - d.adjoint.rhs) < 1e-9, `${p.id}: ${d.adjoint.lhs} vs ${d.adjoint.rhs}`);
  }
  const crop = deriveTranspose(preset('crop'), engine);
  assert.deepEqual([crop.output.height, crop.output.width], [5, 5]);
  const op = deriveTranspose(preset('output-padding'), engine);
  assert.deepEqual([op.output.height, op.output.width], [6, 6]);
});

test('the engine (when it has the call) agrees with the oracle', { skip: !hasTranspose(raw) && 'engine build lacks convolveTranspose' }, () => {
  for (const p of PRESETS) {
    const s = applyPreset(defaultState(), p);
    const X = { height: s.input.length, width: s.input[0].length, data: s.input.flat() };
    const K = { height: s.kernel.length, width: s.kernel[0].length, data: s.kernel.flat() };
    const o = { strideY: s.strideY, strideX: s.strideX, padding: s.padding, outputPaddingY: s.outputPaddingY, outputPaddingX: s.outputPaddingX };
    assert.deepEqual(Array.from(raw.convolveTranspose(X, K, o).data), Array.from(oracle(X, K, o).data), p.id);
  }
});

test('link round trip and bad links', () => {
  const s = { ...preset('crop'), padding: { top: 1, bottom: 0, left: 2, right: 1 }, dilationY: 2, step: 5, probe: 3, kernel: [[1 / 4, -1], [2, 0]] };
  const hash = encodeState(s);
  assert.match(hash, /^mode=transpose&in=1,2,3;4,5,6;7,8,9&k=0.25,-1;2,0&s=2,2&d=2,1&p=1,0,2,1&op=0,0&step=6&y=3/);
  assert.deepEqual(decodeState(hash, raw.options), { state: s, problems: [] });
  const bad = decodeState('mode=transpose&in=1,x;3,4&k=1,1;1,1&s=9&p=1,2&zz=3&step=abc', raw.options);
  assert.deepEqual(bad.state.kernel, [[1, 1], [1, 1]]);
  assert.ok(bad.problems.length >= 3 && bad.problems.length <= 4, bad.problems.join('\n'));
  assert.match(decodeState('in=' + '1,'.repeat(MAX_LINK_CHARS)).problems[0], /characters long/);
  assert.match(validateState({ input: [[1, 2], [3]] }).problems[0], /same length/);
});

test('probe grids are small integers, deterministic per seed', () => {
  assert.deepEqual(probeGrid(2, 3, 0), probeGrid(2, 3, 0));
  assert.notDeepEqual(probeGrid(3, 3, 0), probeGrid(3, 3, 1));
  assert.ok(probeGrid(4, 4, 7).flat().every((v) => Number.isInteger(v) && v >= -3 && v <= 3));
});
