// Fault 2 of issue 7: every argument is read once, into the engine's own snapshot, before any
// work. Each attack below once wrote past a heap buffer; now it gives the result of one
// consistent snapshot or a routed error, and the engine's memory is untouched either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';

const engine = await createConvolution();
const CODES = ['bad-shape', 'bad-value', 'bad-option', 'unknown-name', 'does-not-fit', 'too-large'];
const flat = (out) => Array.from(out.data);
const baseline = (() => { engine.convolve([[1, 2], [3, 4]], [[1]]); return engine.memory().inUse; })();

// Runs an attack; afterwards the heap is as before and a valid call still works.
function attack(run) {
  let result;
  let error;
  try { result = run(); } catch (err) { error = err; }
  assert.equal(engine.memory().inUse, baseline, 'malloc-ed bytes after the attack');
  assert.deepEqual(flat(engine.convolve([[1, 2], [3, 4]], [[0, 1]])), [2, 4]);
  if (error) {
    assert.ok(error instanceof Error, 'an Error');
    assert.ok(CODES.includes(error.code), `code ${error.code}: ${error.message}`);
    assert.equal(typeof error.field, 'string');
  }
  return { result, error };
}

test('an options getter that grows the input array after its length was read', () => {
  const data = [1, 2, 3, 4, 5, 6];
  let calls = 0;
  const options = { get strideX() { calls++; for (let k = 0; k < 100000; k++) data.push(k); return 1; } };
  const { result } = attack(() => engine.convolve({ height: 2, width: 3, data }, [[1, -1]], options));
  assert.equal(calls, 1, 'the getter runs once');
  assert.deepEqual(flat(result), [-1, -1, -1, -1]);
});

test('an options getter that empties the input, or the kernel', () => {
  const data = [1, 2, 3, 4];
  const kernel = [[2]];
  const options = { get flip() { data.length = 0; kernel.length = 0; return false; } };
  assert.deepEqual(flat(attack(() => engine.convolve({ height: 2, width: 2, data }, kernel, options)).result), [2, 4, 6, 8]);
});

test('a value getter that grows or shrinks its own array while it is copied', () => {
  const grow = [1, 2, 3, 4];
  Object.defineProperty(grow, 1, { enumerable: true, get() { for (let k = 0; k < 50000; k++) grow.push(9); return 20; } });
  assert.deepEqual(flat(attack(() => engine.convolve({ height: 2, width: 2, data: grow }, [[1]])).result), [1, 20, 3, 4]);
  const shrink = [1, 2, 3, 4];
  Object.defineProperty(shrink, 1, { enumerable: true, get() { shrink.length = 2; return 20; } });
  const { error } = attack(() => engine.convolve({ height: 2, width: 2, data: shrink }, [[1]]));
  assert.deepEqual([error.code, error.field], ['bad-value', 'input']);
  assert.match(error.message, /row 2 \(index 1\), column 1 \(index 0\) is missing/);
});

test('a nested row that grows, or grows another row, while rows are read', () => {
  const rows = [[1, 2], [3, 4], [5, 6]];
  Object.defineProperty(rows, 1, { enumerable: true, get() { rows[0].push(7, 7, 7); rows[2].push(8); return [3, 4]; } });
  const { error } = attack(() => engine.convolve(rows, [[1]]));
  assert.deepEqual([error.code, error.field], ['bad-shape', 'input']);
  assert.match(error.message, /row 3 \(index 2\) has 3 columns but row 1 \(index 0\) has 2/);
  const rows2 = [[1, 2], [3, 4]];
  Object.defineProperty(rows2, 1, { enumerable: true, get() { rows2[0].push(7, 7, 7); return [3, 4]; } });
  assert.deepEqual(flat(attack(() => engine.convolve(rows2, [[1]])).result), [1, 2, 3, 4]);
  const row = [1, 2];
  Object.defineProperty(row, 0, { enumerable: true, get() { for (let k = 0; k < 1000; k++) row.push(5); return 1; } });
  assert.deepEqual(flat(attack(() => engine.convolve([row, [3, 4]], [[1]])).result), [1, 2, 3, 4]);
});

test('a resizable ArrayBuffer under a length-tracking Float64Array', () => {
  const buffer = new ArrayBuffer(4 * 8, { maxByteLength: 1 << 20 });
  const data = new Float64Array(buffer);
  data.set([1, 2, 3, 4]);
  const options = { get border() { buffer.resize(1 << 20); return 'constant'; } };
  assert.deepEqual(flat(attack(() => engine.convolve({ height: 2, width: 2, data }, [[1]], options)).result), [1, 2, 3, 4]);
  buffer.resize(4 * 8);
  const shrinkKernel = { get height() { buffer.resize(8); return 2; }, width: 2, data };
  const { error } = attack(() => engine.convolve([[1, 2], [3, 4]], shrinkKernel));
  assert.deepEqual([error.code, error.field], ['bad-shape', 'kernel']);
  // Nested typed rows on one buffer: reading a later row resizes the earlier ones.
  const shared = new ArrayBuffer(16, { maxByteLength: 1024 });
  const rowA = new Float64Array(shared);
  rowA.set([1, 2]);
  const rows = [rowA];
  Object.defineProperty(rows, 1, { enumerable: true, get() { shared.resize(1024); return new Float64Array([3, 4]); } });
  assert.deepEqual(flat(attack(() => engine.convolve(rows, [[1]])).result), [1, 2, 3, 4]);
});

test('an image whose resizable buffer an option getter resizes: refused, never copied out of bounds', () => {
  const buffer = new ArrayBuffer(16, { maxByteLength: 1 << 22 });
  const data = new Uint8ClampedArray(buffer).fill(100);
  for (const size of [1 << 22, 4]) {
    buffer.resize(16);
    const options = { kernel: [[1]], get flip() { buffer.resize(size); return false; } };
    const { error } = attack(() => engine.filterImage({ width: 2, height: 2, data }, options));
    assert.deepEqual([error.code, error.field], ['bad-shape', 'image']);
    assert.match(error.message, /changed its length/);
  }
});

test('a Proxy: each element and the length are read once; a lying length is caught', () => {
  const reads = new Map();
  const target = [1, 2, 3, 4, 5, 6];
  let n = 0;
  const data = new Proxy(target, {
    get(t, k) { reads.set(k, (reads.get(k) ?? 0) + 1); n++; return k === 'length' ? t.length : t[k] * n; },
  });
  const { result } = attack(() => engine.convolve({ height: 2, width: 3, data }, [[1]]));
  assert.ok([...reads.values()].every((c) => c === 1), JSON.stringify([...reads]));
  // The Proxy answers differently on every read; each value was read once, in order.
  assert.deepEqual(flat(result), [1, 4, 9, 16, 25, 36]);
  const liar = new Proxy([1, 2], { getOwnPropertyDescriptor(t, k) { return k === 'length' ? { value: 1e9, writable: true, enumerable: false, configurable: false } : Reflect.getOwnPropertyDescriptor(t, k); } });
  const { error } = attack(() => engine.convolve({ height: 1, width: 2, data: liar }, [[1]]));
  assert.equal(error.field, 'input');
});

test('Proxy options: the key list and each property are looked up once', () => {
  const trapped = [];
  const options = new Proxy({ strideX: 2, padding: 'same' }, {
    ownKeys(t) { trapped.push('ownKeys'); return Reflect.ownKeys(t); },
    getOwnPropertyDescriptor(t, k) { trapped.push(`gOPD ${String(k)}`); return Reflect.getOwnPropertyDescriptor(t, k); },
    get(t, k) { trapped.push(`get ${String(k)}`); return t[k]; },
  });
  const { result } = attack(() => engine.convolve([[1, 2, 3, 4]], [[1]], options));
  assert.deepEqual(flat(result), [1, 3]);
  assert.deepEqual(trapped, ['ownKeys', 'gOPD strideX', 'gOPD padding']);
});

test('a polluted Object.prototype or Array.prototype is ignored', () => {
  const input = [[1, 2, 3], [4, 5, 6]];
  const want = flat(engine.convolve(input, [[1, 1]], { padding: 'same' }));
  try {
    Object.prototype.border = 'wrap';
    Object.prototype.strideY = 0;
    Object.prototype.height = 99;
    Object.prototype.error = 'polluted';
    Object.prototype.flip = 'yes';
    Array.prototype[1] = 5;
    assert.deepEqual(flat(attack(() => engine.convolve(input, [[1, 1]], { padding: 'same' })).result), want);
    const { error } = attack(() => engine.convolve({ height: 1, width: 3, data: [1, , 3] }, [[1]]));
    assert.deepEqual([error.code, error.field], ['bad-value', 'input']);
    assert.match(error.message, /column 2 \(index 1\) is missing \(a hole in a sparse array\)/);
    const { error: noHeight } = attack(() => engine.convolve({ width: 1, data: [1] }, [[1]]));
    assert.match(noHeight.message, /input.height must be an integer from 1 to 65536, got undefined/);
  } finally {
    delete Object.prototype.border;
    delete Object.prototype.strideY;
    delete Object.prototype.height;
    delete Object.prototype.error;
    delete Object.prototype.flip;
    delete Array.prototype[1];
  }
});

test('an accessor planted on Object.prototype cannot fake a plan size', () => {
  let outcome;
  try {
    Object.defineProperty(Object.prototype, 'outWidth', { configurable: true, get: () => 1, set() {} });
    const image = { width: 64, height: 2, data: new Uint8ClampedArray(64 * 2 * 4).fill(3) };
    try { outcome = engine.filterImage(image, { kernel: [[1]] }); } catch (err) { outcome = err; }
  } finally {
    delete Object.prototype.outWidth;
  }
  attack(() => { if (outcome instanceof Error) throw outcome; return outcome; });
  if (!(outcome instanceof Error)) assert.equal(outcome.data.length, 64 * 2 * 4);
  else assert.match(outcome.message, /internal: the engine's plan has no outWidth/);
});

test('frozen, sparse and getter-holding arrays; getters that throw; revoked Proxies', () => {
  const frozen = Object.freeze([Object.freeze([1, 2]), Object.freeze([3, 4])]);
  assert.deepEqual(flat(attack(() => engine.convolve(frozen, Object.freeze({ height: 1, width: 1, data: Object.freeze([2]) }))).result), [2, 4, 6, 8]);
  const { error: hole } = attack(() => engine.convolve([[1, 2], , [5, 6]], [[1]]));
  assert.deepEqual([hole.code, hole.field], ['bad-shape', 'input']);
  assert.match(hole.message, /input row 2 \(index 1\) is missing/);
  const { error: thrown } = attack(() => engine.convolve([[1]], [[1]], { get flip() { throw new Error('boom'); } }));
  assert.deepEqual([thrown.code, thrown.field], ['bad-option', 'flip']);
  assert.equal(thrown.cause.message, 'boom');
  const { proxy, revoke } = Proxy.revocable([[1]], {});
  revoke();
  for (const run of [() => engine.convolve(proxy, [[1]]), () => engine.convolve([[1]], [[1]], proxy), () => engine.plan(proxy, [[1]]),
    () => engine.filterImage(proxy, { kernel: [[1]] }), () => engine.filterImage({ width: 1, height: 1, data: new Uint8Array(4) }, { kernels: proxy })]) {
    assert.ok(attack(run).error);
  }
});

test('a huge claimed length is refused before anything is allocated', () => {
  const data = new Proxy([], { get: (t, k) => (k === 'length' ? 2 ** 32 - 1 : 0) });
  const { error } = attack(() => engine.convolve({ height: 65536, width: 65536, data }, [[1]]));
  assert.deepEqual([error.code, error.field], ['too-large', 'input']);
  const rows = new Proxy([], { getOwnPropertyDescriptor: (t, k) => (k === 'length' ? { value: 2 ** 32 - 1, writable: true, enumerable: false, configurable: false } : undefined) });
  assert.equal(attack(() => engine.convolve(rows, [[1]])).error.field, 'input');
});
