import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';

const engine = await createConvolution();
const { options, limits } = engine;
const CALLS = ['convolve', 'filterImage', 'convolve1d', 'convolveTranspose', 'convLayer', 'pool'];
const TYPES = ['integer', 'number', 'boolean', 'enum', 'padding', 'matrix', 'matrices', 'filter', 'function', 'numbers'];

function assertDeepFrozen(x, path) {
  if (x === null || typeof x !== 'object') return;
  assert.ok(Object.isFrozen(x), `${path} is frozen`);
  for (const [k, v] of Object.entries(x)) assertDeepFrozen(v, `${path}.${k}`);
}

test('engine.options describes every call, deep-frozen', () => {
  assert.deepEqual(Object.keys(options), CALLS);
  assertDeepFrozen(options, 'options');
  assert.throws(() => { options.convolve[0].max = 9; }, TypeError);
  for (const call of CALLS) {
    const names = options[call].map((e) => e.name);
    assert.equal(new Set(names).size, names.length, `${call}: names are unique`);
    for (const e of options[call]) {
      assert.ok(TYPES.includes(e.type), `${call}.${e.name}: type ${e.type}`);
      assert.ok('default' in e, `${call}.${e.name} has a default (null when none)`);
      if (e.type === 'integer' || e.type === 'padding') assert.equal(e.max >= limits.maxSide - 1, true);
      if (e.type === 'enum') assert.ok(e.required || e.values.includes(e.default), `${call}.${e.name} default is allowed`);
    }
  }
});

test('engine.options holds the contract\'s names, defaults and ranges', () => {
  const by = (call, name) => options[call].find((e) => e.name === name);
  assert.deepEqual(by('convolve', 'strideY'), { name: 'strideY', type: 'integer', default: 1, min: 1, max: 65536 });
  assert.equal(limits.maxSide, 65536);
  assert.deepEqual(by('convolve', 'padding'), { name: 'padding', type: 'padding', default: 'valid', values: ['valid', 'same', 'full'], sides: ['top', 'bottom', 'left', 'right'], min: 0, max: 65536 });
  assert.deepEqual(by('convolve', 'border'), { name: 'border', type: 'enum', default: 'constant', values: ['constant', 'replicate', 'reflect', 'reflect101', 'wrap'] });
  assert.deepEqual(by('convolve', 'constant'), { name: 'constant', type: 'number', default: 0, min: -1e100, max: 1e100 });
  assert.deepEqual(by('convolve', 'flip'), { name: 'flip', type: 'boolean', default: false });
  assert.deepEqual(options.convolve.map((e) => e.name), ['strideY', 'strideX', 'dilationY', 'dilationX', 'padding', 'border', 'constant', 'flip']);
  assert.equal(by('filterImage', 'padding').default, 'same');
  assert.equal(by('filterImage', 'border').default, 'replicate');
  assert.deepEqual(by('filterImage', 'output').values, ['clamp', 'abs', 'offset', 'normalize']);
  assert.deepEqual(by('filterImage', 'filter').values, engine.filters.map((f) => f.id));
  assert.deepEqual(options.filterImage.filter((e) => e.group).map((e) => e.name), ['filter', 'kernel', 'kernels']);
  assert.deepEqual(options.convolve1d.map((e) => e.name), ['stride', 'dilation', 'padding', 'border', 'constant', 'flip']);
  assert.deepEqual(by('convolve1d', 'padding').sides, ['left', 'right']);
  const tp = by('convolveTranspose', 'padding');
  assert.deepEqual([tp.default, tp.integer, tp.allSides, tp.values], [0, true, true, []]);
  assert.deepEqual(by('convolveTranspose', 'outputPaddingY'), { name: 'outputPaddingY', type: 'integer', default: 0, min: 0, max: 65535 });
  assert.deepEqual(options.convLayer.map((e) => e.name), [...options.convolve.map((e) => e.name), 'bias']);
  assert.equal(by('convLayer', 'bias').type, 'numbers');
  assert.deepEqual(options.pool.filter((e) => e.required).map((e) => e.name), ['mode', 'height', 'width']);
  assert.deepEqual([by('pool', 'strideY').defaultFrom, by('pool', 'strideX').defaultFrom], ['height', 'width']);
  assert.deepEqual(by('pool', 'mode').values, ['max', 'average']);
});

// The checks come from the table: every bound and every name in it is what the engine enforces.
test('convolve and filterImage enforce exactly the table', () => {
  const input = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
  const image = { width: 3, height: 3, data: new Uint8ClampedArray(36).fill(7) };
  const calls = {
    convolve: (o) => engine.convolve(input, [[1]], o),
    filterImage: (o) => engine.filterImage(image, { kernel: [[1]], ...o }),
  };
  for (const [call, run] of Object.entries(calls)) {
    const base = run({});
    const defaults = Object.fromEntries(options[call].filter((e) => e.default !== null).map((e) => [e.name, e.default]));
    assert.deepEqual(run(defaults), base, `${call}: the table's defaults are the defaults`);
    for (const e of options[call]) {
      const err = (v) => { try { run({ [e.name]: v }); } catch (x) { return x; } return null; };
      if (e.type === 'integer' || e.type === 'number') {
        for (const v of [e.min - (e.type === 'integer' ? 1 : e.max), e.max + (e.type === 'integer' ? 1 : e.max)]) {
          const x = err(v);
          assert.ok(x, `${call}.${e.name} = ${v} is refused`);
          assert.deepEqual([x.code, x.field], ['bad-option', e.name]);
        }
        assert.equal(err(e.min)?.code === 'bad-option', false, `${call}.${e.name} = min is allowed`);
      }
      if (e.type === 'enum' || e.type === 'filter') {
        const x = err('no-such-name');
        assert.deepEqual([x.code, x.field], ['unknown-name', e.name]);
        for (const v of e.values) assert.equal(err(v)?.field === e.name, false, `${call}.${e.name} = ${v} is allowed`);
      }
      if (e.type === 'padding') {
        for (const v of e.values) assert.equal(err(v), null);
        const x = err({ [e.sides[0]]: e.max + 1 });
        assert.deepEqual([x.code, x.field], ['bad-option', `padding.${e.sides[0]}`]);
      }
      if (e.type === 'boolean') assert.equal(err(1).code, 'bad-option');
    }
  }
});
