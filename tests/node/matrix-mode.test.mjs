// The matrix mode's model without a browser: state, actions, derive (the real engine),
// public JSON, validation, and the share link's encodeState / decodeState, including
// the limits of issue 7 fault 7 (size refused from the length, few lines, fast).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';
import { modeSpecs, createState, derive, explainStep, totalSteps, readOptions, applyPreset } from '../../web/js/playground/state.js';
import { setCell, setSize, pasteBlock, setSetting, setStep, play, pause, advance } from '../../web/js/playground/actions.js';
import { COURSE_PRESETS, borderPresets, filterPreset } from '../../web/js/playground/presets.js';
import { toJSON, validateState, applyPatch, stepProblem } from '../../web/js/playground/json.js';
import { encodeState, decodeState, MAX_LINK_CHARS } from '../../web/js/playground/link.js';
import { readViewParams, viewParamsText } from '../../web/js/embed/params.js';
import { isRequest, answer } from '../../web/js/embed/iframe.js';
import { embedSnippets } from '../../web/js/embed/snippets.js';
import * as mode from '../../web/js/modes/matrix.js';

let engine;
let specs;
let imageDefaults;
before(async () => {
  engine = await createConvolution();
  ({ specs, imageDefaults } = modeSpecs(engine.options));
});

const preset = (id) => COURSE_PRESETS.find((p) => p.id === id);

test('defaults and ranges come from engine.options, narrowed to the teaching grid', () => {
  assert.equal(specs.get('border').values.join(), engine.options.convolve.find((o) => o.name === 'border').values.join());
  assert.equal(specs.get('strideY').max, 8);
  assert.equal(specs.get('strideY').default, 1);
  assert.deepEqual(imageDefaults, { padding: 'same', border: 'replicate' });
  const s = createState(specs, preset('course-vertical-edge'));
  assert.deepEqual(readOptions(s.settings, specs), {
    options: { strideY: 1, strideX: 1, dilationY: 1, dilationX: 1, padding: 'valid', border: 'constant', constant: 0, flip: false }, errors: [],
  });
});

test('the course presets: stride 2 without padding is 1 × 2; the Gaussian is 1/16 × [[1, 2, 1], …]', () => {
  const s = createState(specs, preset('course-stride'));
  const d = derive(s, engine, specs);
  assert.deepEqual([d.plan.outHeight, d.plan.outWidth], [1, 2]);
  assert.deepEqual(d.padding, { top: 0, bottom: 0, left: 0, right: 0 });
  assert.deepEqual(Array.from(d.output.data), [1 + 3 + 7 + 11 + 13, 3 + 5 + 9 + 13 + 15]);
  applyPreset(s, specs, preset('course-gaussian'));
  const g = derive(s, engine, specs);
  assert.deepEqual(Array.from(g.kernel.data), [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16));
  assert.deepEqual(Array.from(g.output.data.slice(6, 9)), [1, 2, 1], 'the bright 16 spreads as the kernel itself');
  const names = [...COURSE_PRESETS, ...borderPresets(specs.get('border').values), ...engine.filters.map((f) => filterPreset(f, imageDefaults))].map((p) => p.name);
  assert.equal(new Set(names).size, names.length, `every preset has its own name (${names.filter((n, i) => names.indexOf(n) !== i)})`);
});

test('border presets: every border mode gives different numbers', () => {
  const outs = borderPresets(specs.get('border').values).map((p) => {
    const s = createState(specs, p);
    const d = derive(s, engine, specs);
    assert.equal(d.options.border, p.settings.border);
    return Array.from(d.output.data).join();
  });
  assert.equal(outs.length, 5);
  assert.equal(new Set(outs).size, 5, 'five borders, five different outputs');
});

test('actions: edit, resize, paste, settings, stepping and playback', () => {
  const s = createState(specs, preset('course-vertical-edge'));
  setCell(s, 'input', 0, 3, '5');
  let d = derive(s, engine, specs);
  assert.equal(d.output.data[1], 3 - 5);
  assert.equal(s.presetId, '', 'an edited preset is no longer selected');
  setSize(s, 'kernel', 'rows', '40');
  assert.match(s.sizeErrors[0].message, /kernel needs 1 to 9 rows; "40"/);
  assert.equal(s.kernel.length, 3, 'the kernel is kept until the size is valid');
  pasteBlock(s, 'kernel', 0, 0, [['1', '2'], ['3', '4']], true);
  assert.deepEqual(s.kernel, [['1', '2'], ['3', '4']]);
  setSetting(s, 'padding', 'explicit', { top: 1, bottom: 1, left: 0, right: 0 });
  assert.deepEqual([s.settings.padTop, s.settings.padLeft], ['1', '0'], 'explicit starts from the resolved padding');
  setSetting(s, 'strideY', '0');
  d = derive(s, engine, specs);
  assert.equal(d.output, null);
  assert.deepEqual(d.settingErrors.map((e) => [e.code, e.field, e.key]), [['bad-option', 'strideY', 'strideY']]);
  setSetting(s, 'strideY', '1');
  setSetting(s, 'padTop', '99');
  assert.equal(derive(s, engine, specs).settingErrors[0].key, 'padTop');
  setSetting(s, 'padTop', '0');
  d = derive(s, engine, specs);
  const total = totalSteps(d);
  setStep(s, 99, total);
  assert.equal(s.step, total - 1);
  assert.equal(play(s, total), true, 'play from the end starts over');
  assert.equal(s.step, 0);
  let t = advance(s, total, 1000, 0);
  assert.equal(s.step, 1);
  t = advance(s, total, t + 1, t);
  assert.equal(s.step, 1, 'not before the interval');
  assert.equal(pause(s), true);
  const e = explainStep(d, engine, 0, 1);
  assert.equal(e.sum, d.output.data[1]);
});

test('public JSON: getState → setState round trip; invalid parts named, valid parts kept', () => {
  const s = createState(specs, preset('course-stride'));
  setCell(s, 'kernel', 0, 0, '1/9');
  setCell(s, 'input', 1, 1, '-3.5');
  s.step = 1;
  const json = toJSON(s, specs);
  assert.equal(json.mode, 'matrix');
  assert.equal(json.kernel[0][0], 1 / 9);
  assert.equal(json.input[1][1], -3.5);
  assert.deepEqual(json.options, { strideY: 2, strideX: 2, dilationY: 1, dilationX: 1, padding: 'valid', border: 'constant', constant: 0, flip: false });
  const other = createState(specs, preset('course-2x2'));
  const { patch, problems } = validateState(JSON.parse(JSON.stringify(json)), specs);
  assert.deepEqual(problems, []);
  applyPatch(other, specs, patch, { base: 'current' });
  assert.deepEqual(toJSON(other, specs), json);
  assert.equal(other.kernel[0][0], '1/9', 'shown as the fraction it is');

  const bad = validateState({
    input: [[1, 2], [3]], kernel: [[1, 'x']], options: { strideY: 9, border: 'mirror', padding: { top: 1, bottom: 0, left: 0, right: 0 }, speed: 3 }, step: -1, colour: 'red',
  }, specs);
  assert.equal(bad.patch.input, undefined);
  assert.equal(bad.patch.kernel, undefined);
  assert.deepEqual(bad.patch.settings, { padding: 'explicit', padTop: '1', padBottom: '0', padLeft: '0', padRight: '0' });
  assert.equal(bad.problems.length, 5, 'four named, the rest counted');
  assert.match(bad.problems.at(-1), /^…and 3 more problems\.$/);
  assert.match(validateState(null, specs).problems[0], /must be an object/);
});

test('share link: encode and decode round trip, fractions kept, old links without mode still open', () => {
  const s = createState(specs, preset('course-vertical-edge'));
  setCell(s, 'kernel', 0, 0, '1/9');
  setCell(s, 'kernel', 1, 1, '\u22122');
  setCell(s, 'input', 2, 3, '2.5e1');
  Object.assign(s.settings, { strideY: '2', dilationX: '3', padding: 'explicit', padTop: '2', padBottom: '0', padLeft: '1', padRight: '3', border: 'reflect101', constant: '1/3', flip: true });
  s.step = 4;
  const hash = encodeState(toJSON(s, specs));
  assert.equal(hash, 'mode=matrix&in=1,1,1,0,0;1,1,1,0,0;1,1,1,25,0;1,1,1,0,0;1,1,1,0,0&k=1/9,0,-1;1,-2,-1;1,0,-1&s=2,1&d=1,3&p=2,0,1,3&b=reflect101&c=1/3&f=1&step=5');
  const { state, problems } = decodeState(`#${hash}`, specs);
  assert.deepEqual(problems, []);
  assert.equal(encodeState(state), hash, 'a link re-encodes to itself');
  const old = decodeState('#in=1,2;3,4&k=1/2&s=2,1&p=same&b=wrap&c=0&f=0&step=1&embed=1', specs);
  assert.deepEqual(old.problems, []);
  assert.deepEqual(old.state.kernel, [['1/2']]);
  assert.deepEqual(old.state.options, { strideY: '2', strideX: '1', border: 'wrap', constant: '0', flip: false, padding: 'same' });
  assert.deepEqual(decodeState('#s=3&d=2', specs).state.options, { strideY: '3', strideX: '3', dilationY: '2', dilationX: '2' }, 'one number sets both axes');
  // Typed text that is not a number cannot break the separators.
  const typo = { ...toJSON(s, specs), input: [['a,b;c&d=e#f']] };
  assert.match(decodeState(encodeState(typo), specs).problems[0], /"a,b;c&d=e#f" at row 1, column 1/);
  assert.match(decodeState('#k=1,2;1,2,3', specs).problems[0], /kernel has a row of 2 numbers and a row of 3; every row needs the same count\. The default kernel is shown instead\./);
  assert.match(decodeState(`#in=${Array(33).fill('1').join(';')}`, specs).problems[0], /input has 33 rows; the input can have 1 to 32 rows/);
  assert.match(decodeState('#p=sideways', specs).problems[0], /padding "sideways" is not known; it is one of valid, same, full/);
  assert.match(decodeState('#b=mirror', specs).problems[0], /border "mirror" is not known; it is one of constant, replicate, reflect, reflect101, wrap/);
  assert.match(decodeState('#in=1,%ZZ', specs).problems[0], /input has "%ZZ" at row 1, column 2, which is not a number/);
  assert.match(decodeState('#hello', specs).problems[0], /"hello", which this page does not read/);
  assert.equal(stepProblem(8, 9), '');
  assert.match(stepProblem(9, 9), /step 10 is past this example's last step, 9; step 1 is shown instead/);
  assert.equal(mode.encodeState(state), hash, 'the mode exports the same encoder');
  assert.deepEqual(mode.decodeState(hash, engine.options).state, state);
});

function timed(fn) {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

test('hostile links: refused from their length, a few lines of text, fast', () => {
  const garbage = Array.from({ length: 1 << 20 }, (_, i) => '%&=;,#a'[i % 7]).join('');
  const [g, gMs] = timed(() => decodeState(garbage, specs));
  assert.equal(g.problems.length, 1);
  assert.match(g.problems[0], /1,048,576 characters long; links of this page are at most 65,536/);
  const keys = Array.from({ length: 100_000 }, (_, i) => `x${i}=1`).join('&');
  const [k, kMs] = timed(() => decodeState(keys, specs));
  assert.match(k.problems[0], /characters long/);
  // Without the length limit the parse itself stays linear: one line names the keys and counts the rest.
  const [u, uMs] = timed(() => decodeState(keys, specs, { maxLength: Infinity }));
  assert.equal(u.problems.length, 1);
  assert.match(u.problems[0], /"x0=1" and "x1=1" and 99,998 more parts, which this page does not read/);
  const cells = `in=${Array.from({ length: 1000 }, () => Array(1000).fill('1').join(',')).join(';')}`;
  const [m, mMs] = timed(() => decodeState(cells, specs));
  assert.match(m.problems[0], /characters long/);
  const [m2, m2Ms] = timed(() => decodeState(cells, specs, { maxLength: Infinity }));
  assert.match(m2.problems[0], /input has 1,000 rows/);
  const many = Array.from({ length: 6000 }, (_, i) => `s=${i}x`).join('&');
  const [p, pMs] = timed(() => decodeState(many, specs));
  assert.ok(p.problems.length <= 5 && p.problems.at(-1).startsWith('…and 5,996 more problems'), p.problems.at(-1));
  console.log(`decodeState: 1 MB garbage ${gMs.toFixed(2)} ms, 100,000 unknown keys ${kMs.toFixed(2)} ms (refused by length) / ${uMs.toFixed(2)} ms (parsed), 10⁶-cell matrix ${mMs.toFixed(2)} ms (refused by length) / ${m2Ms.toFixed(2)} ms (parsed), 6,000 bad values ${pMs.toFixed(2)} ms`);
  // What a page meets: refused from the length, well inside 100 ms.
  for (const [what, ms] of [['garbage', gMs], ['keys', kMs], ['matrix', mMs]]) assert.ok(ms < 100, `${what}: ${ms.toFixed(1)} ms`);
  // Parsed in full (no length limit, or many bad values within it): linear, with room for a loaded machine.
  for (const [what, ms] of [['keys parsed', uMs], ['matrix parsed', m2Ms], ['bad values', pMs]]) assert.ok(ms < 400, `${what}: ${ms.toFixed(1)} ms`);
  const hostile = { options: {} };
  for (let i = 0; i < 100_000; i++) hostile[`k${i}`] = i;
  hostile.input = Array.from({ length: 1000 }, () => Array(1000).fill(1));
  const [h, hMs] = timed(() => validateState(hostile, specs));
  assert.ok(h.problems.length <= 5);
  assert.match(h.problems.join('\n'), /input has 1,000 rows[\s\S]*…and 99,999 more problems/);
  // Most of this is V8 listing the caller's 100,000 own keys, which a message's structured clone already paid once.
  console.log(`validateState of an object with 100,000 unknown keys and a 10⁶-cell input: ${hMs.toFixed(1)} ms`);
  assert.ok(hMs < 500, `validateState of 100,000 keys and a 10⁶-cell input: ${hMs.toFixed(1)} ms`);
  assert.ok(MAX_LINK_CHARS >= encodeState({ input: Array.from({ length: 32 }, () => Array(32).fill(-1 / 3)), kernel: [[1]] }).length, 'the largest real link fits');
});

test('view keys: panels, readonly and embed', () => {
  const v = readViewParams('#in=1&panels=stepper,arithmetic,nonsense&readonly=1&embed=1', mode.PANELS);
  assert.deepEqual(v.panels, ['stepper', 'arithmetic']);
  assert.equal(v.readonly, true);
  assert.equal(v.embed, true);
  assert.match(v.problems[0], /"nonsense" are not known; the panels are presets, settings/);
  assert.equal(viewParamsText({ panels: ['stepper'], readonly: true, embed: true }), 'panels=stepper&readonly=1&embed=1');
  assert.deepEqual(decodeState('#panels=stepper&readonly=1&mode=matrix', specs).problems, [], 'the mode skips view keys');
  const sn = embedSnippets({ pageUrl: 'https://x.org/cp/index.html', elementUrl: 'https://x.org/cp/js/element.js', hash: 'mode=matrix&k=1', panels: ['stepper'], readonly: true });
  assert.equal(sn.iframe, '<iframe src="https://x.org/cp/index.html#mode=matrix&amp;k=1&amp;panels=stepper&amp;readonly=1&amp;embed=1" title="Convolution Playground" width="100%" height="720" loading="lazy" style="border: 0; max-width: 100%"></iframe>');
  assert.match(sn.element, /<convolution-playground mode="matrix" state="k=1" panels="stepper" readonly><\/convolution-playground>/);
});

test('iframe protocol: only well-formed requests are answered; errors have code and field', async () => {
  assert.equal(isRequest({ type: 'convolution-playground', id: 1, action: 'getState' }), true);
  for (const bad of [null, 'getState', [], { type: 'x', id: 1, action: 'getState' }, { type: 'convolution-playground', action: 'getState' },
    { type: 'convolution-playground', id: 1, action: 'eval' }, { type: 'convolution-playground', id: {}, action: 'play' }]) {
    assert.equal(isRequest(bad), false, JSON.stringify(bad));
  }
  const calls = [];
  const fake = {
    getState: () => ({ mode: 'matrix', step: 0 }), setState: (s) => { calls.push(s); return ['p']; }, setHash: (h) => { calls.push(h); return []; },
    step: 0, play() { this.playing = true; }, pause() { this.playing = false; }, playing: false, output: { height: 1, width: 1, data: [2] },
  };
  assert.deepEqual(await answer(fake, { type: 'convolution-playground', id: 'a', action: 'getOutput' }),
    { type: 'convolution-playground', id: 'a', ok: true, result: { height: 1, width: 1, data: Float64Array.of(2) } });
  const r = await answer(fake, { type: 'convolution-playground', id: 'b', action: 'setState', state: 42 });
  assert.deepEqual([r.ok, r.error.code, r.error.field], [false, 'bad-value', 'state']);
  assert.deepEqual((await answer(fake, { type: 'convolution-playground', id: 'c', action: 'setState', state: 'k=1' })).result.problems, []);
  assert.deepEqual((await answer(fake, { type: 'convolution-playground', id: 'd', action: 'setStep', step: 3 })).result, { step: 3 });
  assert.equal((await answer(fake, { type: 'convolution-playground', id: 'e', action: 'setStep', step: 1.5 })).error.field, 'step');
  assert.deepEqual((await answer(fake, { type: 'convolution-playground', id: 'f', action: 'play' })).result, { playing: true });
  assert.deepEqual(calls, ['k=1']);
});
