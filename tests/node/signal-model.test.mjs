// The 1-D mode's pure parts: state validation, links, the move sequence, positions on the
// time axis, and the continuous integration against closed forms. The engine is used
// where the mode's numbers come from it (presets), so a wrong preset fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';
import { defaultState, validateState, signalSpecs, engineOptions, swap, parseSamples, setSample } from '../../web/js/signal/model.js';
import { encodeState, decodeState, MAX_LINK_CHARS } from '../../web/js/signal/link.js';
import { PRESETS, applyPreset } from '../../web/js/signal/presets.js';
import { phaseOf, totalSteps, stepOf, knownOutputs, kernelPosition, axisRange } from '../../web/js/signal/steps.js';
import { convolveAt, samples, FUNCTION_IDS, GAUSS_SIGMA } from '../../web/js/signal/continuous.js';
import { deriveSignal, explainAt, deriveSampled } from '../../web/js/signal/derive.js';
import { parseNumber } from '../../web/js/shared/numbers.js';

const engine = await createConvolution();

test('defaults come from engine.options.convolve1d', () => {
  const specs = signalSpecs(engine.options);
  const s = defaultState(specs);
  const byName = Object.fromEntries(engine.options.convolve1d.map((o) => [o.name, o]));
  assert.equal(s.stride, byName.stride.default);
  assert.equal(s.border, byName.border.default);
  assert.equal(specs.stride.max, 8, 'narrowed for the plot');
  assert.deepEqual(specs.border.values, byName.border.values);
});

test('link round trip keeps every field, fractions exact', () => {
  const s = { ...defaultState(), signal: [1 / 3, -2, 0.125, 7], kernel: [1, -1], stride: 2, dilation: 3, padding: { left: 2, right: 5 }, border: 'reflect', constant: -1.5, flip: false, step: 4, f: 'exp', g: 'gauss', t: -1.25, preset: null };
  const hash = encodeState(s);
  assert.match(hash, /^mode=1d&x=1\/3,-2,0.125,7&h=1,-1&s=2&d=3&p=2,5&b=reflect/);
  const back = decodeState(`#${hash}`, engine.options);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.state, s);
  assert.deepEqual(decodeState(encodeState({ ...s, padding: 'causal' })).state.padding, 'causal');
});

test('bad links keep the valid parts and name at most a few problems', () => {
  const r = decodeState('mode=1d&x=1,2,oops&h=1,1&s=0&p=sideways&b=mirror&f=2&zz=1&t=99', engine.options);
  assert.deepEqual(r.state.kernel, [1, 1], 'valid kernel kept');
  assert.deepEqual(r.state.signal, defaultState().signal, 'bad signal falls back');
  assert.ok(r.problems.length <= 4 && r.problems.length >= 3, r.problems.join('\n'));
  assert.match(r.problems.join(' '), /oops/);
  const long = decodeState(`x=${'1,'.repeat(MAX_LINK_CHARS)}`);
  assert.equal(long.problems.length, 1);
  assert.match(long.problems[0], /characters long/);
  const many = decodeState(`x=${Array(70).fill(1).join(',')}`);
  assert.match(many.problems[0], /at most|can have 1 to 64/);
  assert.deepEqual(decodeState('').problems, []);
});

test('validateState names unknown keys and wrong types; the state stays usable', () => {
  const r = validateState({ signal: [1, NaN], kernel: 'abc', stride: 2.5, flip: 'yes', color: 'red' });
  assert.equal(r.state.stride, 1);
  assert.ok(r.problems.length <= 4);
  assert.match(r.problems[0], /color/);
  assert.deepEqual(validateState(null).state, defaultState());
});

test('moves: fold, then shift, multiply, sum for every output sample', () => {
  assert.equal(totalSteps(7), 22);
  assert.deepEqual(phaseOf(0, 7), { phase: 'fold', t: 0 });
  assert.deepEqual(phaseOf(1, 7), { phase: 'shift', t: 0 });
  assert.deepEqual(phaseOf(2, 7), { phase: 'multiply', t: 0 });
  assert.deepEqual(phaseOf(3, 7), { phase: 'sum', t: 0 });
  assert.deepEqual(phaseOf(21, 7), { phase: 'sum', t: 6 });
  assert.equal(stepOf(6, 'sum'), 21);
  assert.equal(knownOutputs(2, 7), 0);
  assert.equal(knownOutputs(3, 7), 1);
  assert.equal(knownOutputs(21, 7), 7);
});

test('kernel positions agree with the engine\'s taps, flip on and off, stride and dilation', () => {
  for (const flip of [true, false]) {
    const s = { ...defaultState(), signal: [1, 2, 3, 4, 5, 6, 7], kernel: [1, 2, 3], stride: 2, dilation: 2, padding: 'same', flip };
    const d = deriveSignal(s, engine);
    const geo = { stride: 2, dilation: 2, left: d.plan.left, length: 3, flip };
    for (let t = 0; t < d.output.length; t++) {
      const e = explainAt(d, s, engine, t);
      for (const tap of e.taps) assert.equal(kernelPosition(tap.kernelIndex, t, geo), tap.index, `flip ${flip} t ${t}`);
    }
    const ax = axisRange({ signalLength: 7, left: d.plan.left, right: d.plan.right, kernelLength: 3, dilation: 2, flip });
    assert.ok(ax.lo <= -d.plan.left && ax.hi >= 6 + d.plan.right);
  }
});

test('presets compute the numbers they promise (engine)', () => {
  const out = (id) => deriveSignal(applyPreset(defaultState(), PRESETS.find((p) => p.id === id)), engine).output;
  assert.deepEqual(out('rect-rect'), [1, 2, 3, 4, 3, 2, 1], 'rectangle with itself is a triangle');
  assert.deepEqual(out('impulse').slice(3, 6), [3, 2, 1], 'the impulse returns the kernel');
  assert.deepEqual(out('difference'), [0, 2, 0, 0, 3, 0, -4, 0, 0]);
  const echo = out('echo');
  assert.deepEqual(echo.slice(0, 9), [4, 2, 1, 0, 2, 1, 0.5, 0, 0]);
  const step = out('step');
  assert.ok(Math.abs(step[9] - 1) < 1e-12 && Math.abs(step[4] - 2 / 3) < 1e-12);
  for (const p of PRESETS) assert.equal(deriveSignal(applyPreset(defaultState(), p), engine).error, null, p.id);
});

test('swap: x ∗ h = h ∗ x with flip, mirrored without', () => {
  const s = { ...defaultState(), signal: [1, 2, 0, -1], kernel: [3, 1, 2] };
  const d = deriveSignal(s, engine);
  assert.equal(d.commute.relation, 'equal');
  assert.deepEqual(deriveSignal(swap(s), engine).output, d.output);
  const x = deriveSignal({ ...s, flip: false }, engine);
  assert.equal(x.commute.relation, 'reversed');
  assert.deepEqual(swap(s).signal, s.kernel);
});

test('sample editing and typed lists', () => {
  assert.deepEqual(parseSamples('[1, −2, 1/4]', parseNumber, 'signal').values, [1, -2, 0.25]);
  assert.match(parseSamples('1, x', parseNumber, 'signal').error, /"x"/);
  assert.match(parseSamples('', parseNumber, 'signal').error, /empty/);
  assert.match(parseSamples(Array(65).fill(1).join(','), parseNumber, 'kernel').error, /at most 64/);
  const s = setSample(defaultState(), 'kernel', 1, 5);
  assert.equal(s.kernel[1], 5);
  assert.equal(s.preset, null);
  assert.equal(setSample(s, 'kernel', 99, 1), s, 'out of range is a no-op');
});

test('causal padding is E − 1 on the left only', () => {
  assert.deepEqual(engineOptions({ ...defaultState(), kernel: [1, 1, 1], dilation: 2, padding: 'causal' }).padding, { left: 4, right: 0 });
});

test('continuous integration matches closed forms', () => {
  const close = (a, b, tol = 1e-6) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);
  for (const t of [-0.5, 0, 0.3, 1, 1.7, 2, 2.5]) close(convolveAt('rect', 'rect', t), Math.max(0, 1 - Math.abs(t - 1)));
  for (const t of [0, 0.5, 2, 5]) close(convolveAt('exp', 'exp', t), t * Math.exp(-t));
  for (const t of [-1, 0.5, 3]) close(convolveAt('step', 'exp', t), t < 0 ? 0 : 1 - Math.exp(-t));
  for (const t of [-0.5, 0.25, 0.9, 3]) close(convolveAt('rect', 'step', t), Math.min(Math.max(t, 0), 1));
  for (const t of [0, 1.5, 4]) close(convolveAt('step', 'step', t), Math.max(t, 0));
  const s2 = 2 * GAUSS_SIGMA * GAUSS_SIGMA;
  for (const t of [0, 0.4, 1.2]) close(convolveAt('gauss', 'gauss', t), Math.exp(-(t * t) / (2 * s2)) / Math.sqrt(2 * Math.PI * s2));
  // Commutative in the continuous case too.
  for (const f of FUNCTION_IDS) for (const g of FUNCTION_IDS) close(convolveAt(f, g, 1.3), convolveAt(g, f, 1.3), 1e-5);
});

test('the sampled counterpart approaches the integral (engine convolution × Δ)', () => {
  const d = deriveSampled({ ...defaultState(), f: 'rect', g: 'rect' }, engine);
  const at1 = d.points.find((q) => Math.abs(q.t - 1) < 1e-9);
  assert.equal(at1.y, 1);
  assert.deepEqual(samples('rect', 0.25, 6), { start: 0, values: [1, 1, 1, 1] });
  const e = deriveSampled({ ...defaultState(), f: 'exp', g: 'exp' }, engine, 0.25);
  const q = e.points.find((p) => Math.abs(p.t - 2) < 1e-9);
  assert.ok(Math.abs(q.y - 2 * Math.exp(-2)) < 0.01, String(q.y));
});

test('sound: one burst per sample, loudness follows |value|, silence for zeros', async () => {
  const { toneBursts, BURST_SECONDS } = await import('../../web/js/signal/sound.js');
  const rate = 8000;
  const n = Math.round(BURST_SECONDS * rate);
  const out = toneBursts([4, 0, -2], rate);
  assert.equal(out.length, 3 * n);
  const peak = (k) => Math.max(...Array.from(out.slice(k * n, (k + 1) * n), Math.abs));
  assert.ok(Math.abs(peak(0) - 0.8) < 0.01);
  assert.equal(peak(1), 0);
  assert.ok(Math.abs(peak(2) - 0.4) < 0.01);
  assert.equal(out[0], 0, 'faded in: no click');
  assert.ok(toneBursts([0, 0], rate).every((v) => v === 0));
});
