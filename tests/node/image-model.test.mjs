// The image mode's model (state, actions, derive) and its share links, in Node:
// web/js/image/model.js and link.js are pure, and take the engine's catalogue as data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';
import { actions, catalogOf, derive, initialState, MAX_STAGES } from '../../web/js/image/model.js';
import { checkState, decodeState, encodeState, MAX_LINK } from '../../web/js/image/link.js';
import { parseKernelText } from '../../web/js/image/kernels.js';
import { parseMatrix } from '../../web/js/shared/paste.js';
import * as mode from '../../web/js/modes/image.js';

const engine = await createConvolution();
const catalog = catalogOf(engine);
const filterOptions = new Map(engine.options.filterImage.map((o) => [o.name, o]));

test('the catalogue and the defaults come from engine.options and engine.filters', () => {
  assert.deepEqual(catalog.border.values, filterOptions.get('border').values);
  assert.deepEqual(catalog.output.values, filterOptions.get('output').values);
  assert.deepEqual(catalog.filters.map((f) => f.id), engine.filters.map((f) => f.id));
  const s = initialState(catalog);
  assert.equal(s.stages.length, 1);
  assert.equal(s.stages[0].border, filterOptions.get('border').default);
  assert.equal(s.stages[0].constant, filterOptions.get('constant').default);
  assert.equal(s.stages[0].bias, filterOptions.get('bias').default);
  assert.equal(s.stages[0].grayscale, filterOptions.get('grayscale').default);
  for (const key of ['sample', 'photo', 'stages', 'selected', 'compare', 'split', 'zoom', 'inspect']) assert.ok(key in s, key);
});

test('actions return new states and never change their input', () => {
  const s0 = initialState(catalog);
  const frozen = structuredClone(s0);
  const s1 = actions.addStage(s0, catalog);
  assert.deepEqual(s0, frozen);
  assert.equal(s1.stages.length, 2);
  assert.equal(s1.selected, 1);
  const s2 = actions.setFilter(s1, catalog, 'custom');
  const s3 = actions.setPerChannel(s2, true);
  const s4 = actions.setKernelText(s3, 1, '-1 0 1');
  assert.equal(s4.stages[1].kernels[1], '-1 0 1');
  assert.equal(s3.stages[1].kernels[1], s3.stages[1].kernels[0], 'per-channel starts from the first kernel');
  assert.equal(actions.removeStage(s4).stages.length, 1);
  assert.equal(actions.removeStage(actions.removeStage(s4)).stages.length, 1, 'the last stage stays');
  let full = s0;
  for (let i = 0; i < 20; i++) full = actions.addStage(full, catalog);
  assert.equal(full.stages.length, MAX_STAGES);
  const sobel = actions.setFilter(actions.setField(s0, 'divisor', 4), catalog, 'sobel-magnitude');
  assert.equal(sobel.stages[0].divisor, 1, 'a built-in filter resets the divisor');
  assert.equal(sobel.stages[0].output, engine.filters.find((f) => f.id === 'sobel-magnitude').output);
});

test('derive: engine options per stage, the first error stops the chain', () => {
  let s = initialState(catalog);
  s = actions.setFilter(s, catalog, 'custom');
  s = actions.setKernelText(s, 0, '1 2 1\n2 4 2\n1 2 1');
  s = actions.setField(s, 'divisor', 16);
  s = actions.setField(s, 'border', 'constant');
  s = actions.setField(s, 'constant', 255);
  s = actions.addStage(s, catalog);
  let d = derive(s, catalog);
  assert.equal(d.configs.length, 2);
  assert.deepEqual(d.configs[0].options.kernel.data, [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16));
  assert.equal(d.configs[0].options.constant, 255);
  assert.equal(d.configs[1].options.filter, s.stages[1].filter);
  assert.equal(d.view, 1);
  // A typo in stage 1 stops the chain there, names the problem, and stage 2 cannot run.
  s = actions.selectStage(s, 0);
  s = actions.setKernelText(s, 0, '1 2\n3');
  d = derive(s, catalog);
  assert.equal(d.firstError, 0);
  assert.equal(d.configs.length, 0);
  assert.match(d.stages[0].error, /Row 2 has 1 values/);
  // Per-channel kernels of different sizes are the engine's to refuse (SEMANTICS §4); the model passes them.
  s = actions.setKernelText(s, 0, '1');
  s = actions.setPerChannel(s, true);
  s = actions.setKernelText(s, 1, '0 0 0\n0 1 0\n0 0 0');
  s = actions.setKernelText(s, 2, '1');
  d = derive(s, catalog);
  assert.equal(d.configs[0].options.kernels.length, 3);
  assert.deepEqual(d.configs[0].options.kernels.map((k) => `${k.height}x${k.width}`), ['1x1', '3x3', '1x1']);
});

test('kernels parse like the matrix page: typographic minus and NumPy literals', () => {
  for (const text of ['np.array([[1, 0], [0, -1]])', '1 0\n0 −1', '[[1, 0], [0, -1]]', '1, 0\n0, −1', '[1 0; 0 -1]', '{"height":2,"width":2,"data":[1,0,0,-1]}']) {
    const k = parseKernelText(text);
    assert.deepEqual({ ...k, data: [...k.data] }, { height: 2, width: 2, data: [1, 0, 0, -1] }, text);
    if (!text.startsWith('{')) assert.deepEqual(parseMatrix(text), k, `same as the shared grammar: ${text}`);
  }
  assert.equal(parseKernelText('−1')?.data[0], -1);
  assert.throws(() => parseKernelText('1 2\n3'), /Row 2 has 1 values/);
  assert.throws(() => parseKernelText(Array(62).fill('1').join(' ')), /at most 61×61/);
});

function richState() {
  let s = initialState(catalog);
  s = actions.chooseSample(s, 'test-card');
  s = actions.setFilter(s, catalog, 'sobel-x');
  s = actions.setField(s, 'border', 'wrap');
  s = actions.setField(s, 'output', 'abs');
  s = actions.setField(s, 'grayscale', true);
  s = actions.addStage(s, catalog);
  s = actions.setFilter(s, catalog, 'custom');
  s = actions.setPerChannel(s, true);
  s = actions.setKernelText(s, 0, '1/9 1/9 1/9\n1/9 1/9 1/9\n1/9 1/9 1/9');
  s = actions.setKernelText(s, 1, '-1 0 1');
  s = actions.setKernelText(s, 2, '0.25 0.25\n0.25 0.25');
  s = actions.setField(s, 'divisor', 2);
  s = actions.setField(s, 'bias', -12.5);
  s = actions.setField(s, 'border', 'constant');
  s = actions.setField(s, 'constant', 17);
  s = actions.setField(s, 'flip', true);
  s = actions.setField(s, 'output', 'offset');
  s = actions.setCompare(s, 'split');
  s = actions.setSplit(s, 30);
  s = actions.setZoom(s, 400);
  s = actions.inspect(s, 120, 64);
  return s;
}

test('link round trip: a two-stage chain with per-channel kernels, the pixel and the view', () => {
  const s = richState();
  const hash = encodeState(s);
  assert.match(hash, /^mode=image&sample=test-card&/);
  assert.match(hash, /s2\.kr=1\/9,1\/9,1\/9;/, 'fractions stay readable');
  const back = decodeState(hash, catalog);
  assert.deepEqual(back.problems, []);
  assert.deepEqual(back.state, s);
  assert.equal(encodeState(back.state), hash);
  assert.deepEqual(derive(back.state, catalog).configs, derive(s, catalog).configs);
  // Through the mode module as the element uses it.
  assert.deepEqual(mode.decodeState(mode.encodeState(s), engine).state, s);
});

test('link: a pasted NumPy kernel comes back as its numbers; the default state round-trips', () => {
  let s = actions.setFilter(initialState(catalog), catalog, 'custom');
  s = actions.setKernelText(s, 0, 'np.array([[1, 0], [0, −1]])');
  const back = decodeState(encodeState(s), catalog);
  assert.deepEqual(back.problems, []);
  assert.equal(back.state.stages[0].kernels[0], '1 0\n0 -1');
  const d = initialState(catalog);
  assert.deepEqual(decodeState(encodeState(d), catalog), { state: d, problems: [] });
  assert.deepEqual(decodeState('', catalog), { state: d, problems: [] });
});

test('link: the user\'s photo is never in it, and the link says so', () => {
  let s = actions.openPhoto(actions.chooseSample(initialState(catalog), 'small'));
  const hash = encodeState(s);
  assert.match(hash, /photo=omitted/);
  const back = decodeState(hash, catalog);
  assert.equal(back.state.photo, false);
  assert.equal(back.state.sample, 'small');
  assert.equal(back.problems.length, 1);
  assert.match(back.problems[0], /own photo.*never includes.*"small"/);
  // Opened with no sample, then a photo: the link still opens on a sample.
  const none = decodeState(encodeState(actions.openPhoto({ ...initialState(catalog), sample: null })), catalog);
  assert.equal(none.state.sample, 'harbour');
  assert.match(none.problems[0], /"harbour"/);
});

test('bad links: valid parts kept, a few lines of problems with a count of the rest', () => {
  const good = encodeState(richState());
  const bad = `${good.replace('s1.border=wrap', 's1.border=spiral').replace('s2.kg=-1,0,1', 's2.kg=-1,zero,1')}&bogus=1&s9=laplacian&s3=no-such-filter&px=-4,2&zoom=huge&s4.out=abs`;
  const { state, problems } = decodeState(bad, catalog);
  assert.ok(problems.length <= 4, problems.join('\n'));
  assert.match(problems.at(-1), /…and \d+ more problems/);
  assert.equal(state.stages.length, 2, 'the unknown filter is left out');
  assert.equal(state.stages[0].border, catalog.border.default);
  assert.equal(state.stages[0].output, 'abs', 'the rest of stage 1 is kept');
  assert.equal(state.stages[1].kernels[0], richState().stages[1].kernels[0]);
  assert.equal(state.stages[1].constant, 17);
  assert.equal(state.compare, 'split');
  assert.equal(state.inspect, null);
  const first = decodeState('s1.border=spiral', catalog);
  assert.match(first.problems[0], /stage 1/i);
  const spiral = decodeState('s1=identity&s1.border=spiral', catalog);
  assert.match(spiral.problems[0], /border "spiral" is not allowed \(constant, replicate/);
  for (const junk of ['%', '&&&x', '=', 's1=%E0%A4%A', 'mode=matrix', 's1=custom&s1.k=1,2;3', 'sel=99', 'split=500', '#px=1,2,3']) {
    const r = decodeState(junk, catalog);
    assert.ok(r.problems.length >= 1 && r.problems.length <= 4, `${junk}: ${r.problems}`);
    assert.equal(r.state.stages.length >= 1, true);
  }
  assert.deepEqual(checkState({ stages: [{ filter: 'identity', border: 'wrap' }], selected: 0 }, catalog).problems, []);
  assert.match(checkState(42, catalog).problems[0], /must be an object/);
});

test('bad links are quick: 1 MB of garbage, 100,000 unknown keys, huge kernels', () => {
  const cases = {
    'one megabyte of garbage': 'x'.repeat(1 << 20),
    '100,000 unknown keys (under the length limit)': Array.from({ length: 100_000 }, (_, i) => `k${i}`).join('&').slice(0, MAX_LINK - 10),
    'a 61×61 kernel of junk cells ×3 stages': [1, 2, 3].map((n) => `s${n}=custom&s${n}.k=${Array(61).fill(Array(61).fill('zz').join(',')).join(';')}`).join('&'),
    'a kernel of 300,000 cells': `s1=custom&s1.k=${Array(100_000).fill('1,2,3').join(';')}`.slice(0, MAX_LINK - 10),
    'many problems of every kind': Array.from({ length: 1800 }, (_, i) => `s${(i % 9) + 1}.${['out', 'border', 'c', 'div', 'gray'][i % 5]}=${'?'.repeat(i % 50)}`).join('&'),
  };
  for (const [name, hash] of Object.entries(cases)) {
    // The median of 5: a shared 2-core machine can stall any single run.
    const times = [];
    let r;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      r = decodeState(hash, catalog);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[2];
    console.log(`# decodeState, ${name} (${hash.length.toLocaleString('en')} chars): median ${median.toFixed(1)} ms, slowest ${times[4].toFixed(1)} ms, ${r.problems.length} lines`);
    assert.ok(median < 100, `${name}: ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
    assert.ok(r.problems.length >= 1 && r.problems.length <= 4, `${name}: ${r.problems.length} lines`);
    assert.ok(r.problems.join('\n').length < 1200, `${name}: short text`);
  }
});
