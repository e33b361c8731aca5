// The layer mode's model against the real engine, cross-checked with the SEMANTICS §8
// oracle (tests/node/fixtures/tensor-oracle.mjs) and hand-worked numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';
import { withTensorOracle } from './fixtures/tensor-oracle.mjs';
import { createState, layerSpecs, applyPreset, setShape, setCell, setPool, setRelu, inspect, shapeOf } from '../../web/js/layer/state.js';
import { derive, totalSteps, channelTaps } from '../../web/js/layer/derive.js';
import { PRESETS } from '../../web/js/layer/presets.js';
import { toJSON, validateState, applyPatch } from '../../web/js/layer/json.js';
import { encodeState, decodeState, MAX_LINK_CHARS } from '../../web/js/layer/link.js';
import { layerCounts } from '../../web/js/layer/counts.js';

const engine = await createConvolution();
// The oracle: the SEMANTICS formulas as naive loops, with the real engine's tensor calls hidden.
const oracle = withTensorOracle({ ...engine, convLayer: undefined, relu: undefined, pool: undefined, explainLayer: undefined });
const specs = layerSpecs(engine.options);
const preset = (id) => PRESETS.find((p) => p.id === id);

test('every preset computes, and its maps equal the SEMANTICS oracle', () => {
  assert.deepEqual(oracle.usesOracle.sort(), ['convLayer', 'explainLayer', 'pool', 'relu']);
  for (const p of PRESETS) {
    const s = createState(specs, p);
    const d = derive(s, engine, specs);
    const o = derive(s, oracle, specs);
    assert.equal(d.cellErrors.length + d.settingErrors.length, 0, p.id);
    assert.equal(d.engineError, null, p.id);
    for (const k of ['conv', 'relu', 'pooled']) {
      assert.deepEqual([d[k].channels, d[k].height, d[k].width], [o[k].channels, o[k].height, o[k].width], `${p.id} ${k}`);
      d[k].data.forEach((v, i) => assert.ok(Math.abs(v - o[k].data[i]) < 1e-12, `${p.id} ${k}[${i}]`));
    }
  }
});

test('edge preset: hand-worked feature map values, ReLU and the pooled winner', () => {
  const s = createState(specs, preset('edges'));
  const d = derive(s, engine, specs);
  assert.deepEqual([d.conv.channels, d.conv.height, d.conv.width], [2, 6, 6]);
  const at = (t, c, i, j) => t.data[(c * t.height + i) * t.width + j];
  // Vertical edge at (1, 1): rows 1–3, columns 1–3 of the square image: 0 + (9 − 0) + (9 − 0) = 18.
  assert.equal(at(d.conv, 1, 1, 1), 18);
  // Horizontal edge at (0, 2): the square's top edge under the window's bottom row: 9 + 9 + 9 = 27.
  assert.equal(at(d.conv, 0, 0, 2), 27);
  assert.equal(at(d.conv, 0, 4, 2), -27);
  assert.equal(at(d.relu, 0, 4, 2), 0);
  assert.deepEqual([d.pooled.height, d.pooled.width], [3, 3]);
  inspect(s, 'pool', 0, 0, 1);
  const p = derive(s, engine, specs).inspected;
  assert.equal(p.stage, 'pool');
  assert.deepEqual(p.cells.map((c) => c.value), [27, 27, 27, 27]);
  assert.equal(p.value, 27);
  assert.equal(p.winner, 0);
  assert.equal(totalSteps({ inspected: p }), 4);
  inspect(s, 'pool', 1, 1, 0);
  const q = derive(s, engine, specs).inspected;
  // The window rows 2–3, columns 0–1 of ReLU map 2 holds 27, 27, 27, 27 → the first one wins.
  assert.equal(q.value, Math.max(...q.cells.map((c) => c.value)));
  assert.equal(q.cells[q.winner].value, q.value);
  assert.ok(q.cells.slice(0, q.winner).every((c) => c.value < q.value));
});

test('RGB preset: the inspected cell is each channel\'s partial sum plus the bias', () => {
  const s = createState(specs, preset('rgb'));
  s.bias = ['5'];
  s.version++;
  const d = derive(s, engine, specs);
  const ins = d.inspected;
  assert.equal(ins.stage, 'conv');
  assert.equal(ins.partials.length, 3);
  const groups = channelTaps(ins.explain, 3);
  groups.forEach((taps, c) => {
    assert.equal(taps.length, 9);
    assert.ok(taps.every((t) => t.inputChannel === c));
    const sum = taps.reduce((a, t) => a + t.product, 0);
    assert.ok(Math.abs(sum - ins.partials[c]) < 1e-9);
  });
  assert.equal(ins.explain.bias, 5);
  assert.ok(Math.abs(ins.partials.reduce((a, b) => a + b, 5) - ins.value) < 1e-9);
  assert.equal(ins.explain.sum, ins.value);
  // Output (1, 2): Sobel x over rows 1–3, columns 2–4. Sky and wall rows are flat; the
  // bottom row reads wall then the lit window, so each channel gives light − wall.
  assert.deepEqual(ins.partials, [250 - 200, 220 - 40, 60 - 40]);
  assert.equal(totalSteps(d), 27 + 2);
});

test('counts: convolution parameters and multiply-adds beside a fully connected layer', () => {
  const c = layerCounts({ channels: 3, height: 7, width: 7, kernels: 4, kernelHeight: 3, kernelWidth: 3 }, { height: 5, width: 5 });
  assert.equal(c.conv.params, 4 * (27 + 1));
  assert.equal(c.conv.macs, 4 * 25 * 27);
  assert.equal(c.fc.params, 147 * 100 + 100);
  assert.equal(c.fc.macs, 147 * 100);
  assert.match(c.conv.paramsFormula, /= 112$/);
  const d = derive(createState(specs, preset('edges')), engine, specs);
  assert.equal(d.counts.conv.params, 20);
  assert.equal(d.counts.fc.params, 64 * 72 + 72);
});

test('shape changes keep kernels, biases and the input in agreement', () => {
  const s = createState(specs, preset('edges'));
  setShape(s, 'channels', 3);
  let sh = shapeOf(s);
  assert.deepEqual([sh.channels, s.kernels[0].length, s.kernels[1].length], [3, 3, 3]);
  setShape(s, 'kernels', 4);
  assert.equal(s.bias.length, 4);
  setShape(s, 'kernels', 99);
  assert.equal(s.kernels.length, 4);
  setShape(s, 'kernelHeight', 2);
  sh = shapeOf(s);
  assert.equal(sh.kernelHeight, 2);
  const d = derive(s, engine, specs);
  assert.equal(d.conv.channels, 4);
  assert.equal(d.conv.height, 7);
});

test('a typo stays in its cell and is named; the engine is not called with it', () => {
  const s = createState(specs, preset('edges'));
  setCell(s, 'input', [0, 2, 3], '9x');
  setCell(s, 'bias', [1], '1/2');
  const d = derive(s, engine, specs);
  assert.equal(d.conv, null);
  assert.equal(d.cellErrors.length, 1);
  assert.match(d.cellErrors[0].message, /row 3 column 4 "9x" is not a number/);
  setCell(s, 'input', [0, 2, 3], '−9');
  const d2 = derive(s, engine, specs);
  assert.ok(d2.conv);
  assert.equal(d2.inspected.explain.bias, 0.5);
});

test('pooling that does not fit is the engine\'s error, shown; no pooling skips the stage', () => {
  const s = createState(specs, preset('edges'));
  setPool(s, 'height', '4');
  setPool(s, 'strideY', '4');
  setShape(s, 'height', 5);
  const d = derive(s, engine, specs);
  assert.ok(d.engineError);
  assert.ok(['does-not-fit', 'bad-option', 'bad-shape'].includes(d.engineError.code), d.engineError.code);
  setPool(s, 'mode', 'none');
  setRelu(s, false);
  const d2 = derive(s, engine, specs);
  assert.equal(d2.pooled, null);
  assert.equal(d2.relu, null);
  assert.ok(d2.conv);
});

test('link round trip keeps every part, for every preset', () => {
  for (const p of PRESETS) {
    const s = createState(specs, p);
    s.step = 3;
    const json = toJSON(s);
    const hash = encodeState(json);
    assert.match(hash, /^mode=layer&/);
    const back = decodeState(hash, specs);
    assert.deepEqual(back.problems, [], p.id);
    const t = createState(specs, PRESETS[0]);
    applyPatch(t, specs, back.state, { base: 'defaults', defaults: toJSON(createState(specs, PRESETS[0])) });
    const again = toJSON(t);
    assert.deepEqual(again, json, p.id);
  }
});

test('bad links keep the valid parts and name a few problems; oversized links are refused by length', () => {
  const s = createState(specs, preset('edges'));
  const hash = `${encodeState(toJSON(s)).replace(/&pool=[^&]*/, '')}&pool=max,2,x&s=0,1&bd=zigzag&zz=1&yy=2&xx=3&at=conv,1`;
  const { state, problems } = decodeState(hash, specs);
  assert.ok(state.input && state.kernels);
  assert.equal(state.pool, undefined);
  assert.equal(state.options.strideY, undefined);
  assert.equal(state.options.border, undefined);
  assert.equal(state.options.padding, 'valid');
  // Four named, the fifth counted: a learner reads a few lines, not a list.
  assert.equal(problems.length, 5, problems.join('\n'));
  assert.match(problems[4], /and 1 more problem/);
  assert.ok(problems.some((x) => /Stride rows must be a whole number from 1 to 4/.test(x)));
  assert.ok(problems.some((x) => /"zz=1" and "yy=2" and 1 more/.test(x)));
  const long = `mode=layer&in=${'1,'.repeat(MAX_LINK_CHARS)}`;
  const t0 = performance.now();
  const huge = decodeState(long, specs);
  assert.ok(performance.now() - t0 < 100);
  assert.deepEqual(huge.state, {});
  assert.equal(huge.problems.length, 1);
  assert.match(huge.problems[0], /characters long/);
  const many = decodeState(`in=${Array(20).fill('1').join(';')}`, specs);
  assert.match(many.problems[0], /more than 12 rows/);
});

test('setState validation: ragged lists and bad stages are named, the rest applied', () => {
  const { patch, problems } = validateState({ input: [[[1, 2], [3]]], relu: false, inspect: { stage: 'fc', channel: 0, row: 0, col: 0 }, pool: { mode: 'average' } }, specs);
  assert.equal(patch.input, undefined);
  assert.equal(patch.relu, false);
  assert.equal(patch.pool.mode, 'average');
  assert.equal(problems.length, 2);
  assert.match(problems[0], /different lengths/);
  const s = createState(specs, preset('edges'));
  applyPatch(s, specs, validateState({ input: [[[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 1, 1], [1, 1, 1], [1, 1, 1]]] }, specs).patch, { base: 'current', defaults: toJSON(s) });
  // The kernels follow the new input's two channels.
  assert.deepEqual(s.kernels.map((k) => k.length), [2, 2]);
  const d = derive(s, engine, specs);
  assert.deepEqual([d.conv.height, d.conv.width], [1, 1]);
  // Kernel 1 keeps its horizontal edge on channel 1 and gets zeros on the new channel 2: −(1 + 2 + 3) + (7 + 8 + 9).
  assert.equal(d.conv.data[0], 18);
  assert.equal(d.conv.data[1], -(1 + 4 + 7) + (3 + 6 + 9));
});

test('a picture becomes three channels R, G, B and the kernels follow', async () => {
  const { setImage } = await import('../../web/js/layer/state.js');
  const s = createState(specs, preset('edges'));
  const w = 4;
  const h = 3;
  const data = new Uint8ClampedArray(w * h * 4).map((_, i) => (i % 4 === 3 ? 255 : i));
  setImage(s, { width: w, height: h, data });
  assert.equal(s.image, true);
  assert.deepEqual(s.input.map((c) => [c.length, c[0].length]), [[3, 4], [3, 4], [3, 4]]);
  assert.equal(s.input[1][2][3], String((2 * 4 + 3) * 4 + 1));
  assert.deepEqual(s.kernels.map((k) => k.length), [3, 3]);
  const d = derive(s, engine, specs);
  assert.deepEqual([d.conv.channels, d.conv.height, d.conv.width], [2, 1, 2]);
});
