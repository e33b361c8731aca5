// Hostile arguments for the API fuzzer: getters, Proxies, resizable buffers, sparse and frozen
// arrays, polluted prototypes, huge strings, special numbers, BigInts and wrong types. Each
// generator returns { name, run(), expect } as in cases.mjs: the result the oracle gives on the
// snapshot the engine should have taken, or a routed error.
import { convolveOracle, filterImageOracle, planOracle } from '../node/oracle.mjs';
import { BORDERS, dress, exactValue, imageContract, randomMatrix, randomOptions, sameMatrix } from './cases.mjs';

const OPTION_NAMES = ['strideY', 'strideX', 'dilationY', 'dilationX', 'padding', 'border', 'constant', 'flip'];

function valid(r) {
  for (;;) {
    const input = randomMatrix(r, 8, 8);
    const kernel = randomMatrix(r, 3, 3);
    const options = randomOptions(r) ?? {};
    const want = convolveOracle(input, kernel, options);
    if (want) return { input, kernel, options, want };
  }
}

const resultOf = (want) => ({ result: want, compare: (got) => sameMatrix(got, want) });

// A Proxy over a list whose answers differ from its target; it records what it answered and how often.
function recordingProxy(r, values) {
  const answered = new Map();
  const reads = new Map();
  const count = (k) => reads.set(k, (reads.get(k) ?? 0) + 1);
  const answer = (k) => {
    if (!answered.has(k)) answered.set(k, exactValue(r));
    return answered.get(k);
  };
  const isIndex = (k) => typeof k === 'string' && /^\d+$/.test(k) && Number(k) < values.length;
  const proxy = new Proxy([...values], {
    get(t, k, recv) { count(`get ${String(k)}`); return isIndex(k) ? answer(k) : Reflect.get(t, k, recv); },
    getOwnPropertyDescriptor(t, k) {
      count(`gOPD ${String(k)}`);
      const d = Reflect.getOwnPropertyDescriptor(t, k);
      return d && isIndex(k) ? { ...d, value: answer(k) } : d;
    },
  });
  const snapshot = () => values.map((_, k) => answered.get(String(k)));
  const readTwice = () => [...reads].filter(([k, n]) => n > 1 && !k.endsWith('constructor')).map(([k]) => k);
  return { proxy, snapshot, readTwice };
}

const generators = {
  proxyData(r) {
    const { input, kernel, options } = valid(r);
    const nested = r() < 0.5;
    const { width } = input;
    // Nested: the first row is the Proxy; flat: the whole data array is.
    const rec = recordingProxy(r, nested ? input.data.slice(0, width) : input.data);
    const arg = nested
      ? Array.from({ length: input.height }, (_, i) => (i === 0 ? rec.proxy : input.data.slice(i * width, (i + 1) * width)))
      : { height: input.height, width, data: rec.proxy };
    return {
      name: 'proxy data',
      run: () => engine_.convolve(arg, kernel, options),
      expect: {
        result: true,
        compare: (got) => {
          const twice = rec.readTwice();
          if (twice.length) return `read more than once: ${twice.join(', ')}`;
          const data = nested ? [...rec.snapshot(), ...input.data.slice(width)] : rec.snapshot();
          return sameMatrix(got, convolveOracle({ ...input, data }, kernel, options));
        },
      },
    };
  },

  optionGetterMutates(r) {
    const { input, kernel, options, want } = valid(r);
    const nested = r() < 0.5;
    const rows = Array.from({ length: input.height }, (_, i) => input.data.slice(i * input.width, (i + 1) * input.width));
    const flat = [...input.data];
    const name = r.pick(OPTION_NAMES.filter((n) => n in options).concat('flip'));
    const value = name in options ? options[name] : false;
    const how = r.int(0, 3);
    const hostile = { ...options };
    delete hostile[name];
    let reads = 0;
    Object.defineProperty(hostile, name, {
      enumerable: true,
      get() {
        reads++;
        const target = nested ? rows : flat;
        if (how === 0) for (let k = 0; k < 5000; k++) target.push(nested ? [1] : 1);
        else if (how === 1) target.length = 0;
        else if (how === 2) for (const row of rows) row.push(...new Array(50).fill(7));
        else target.fill(nested ? [] : 99);
        return value;
      },
    });
    const arg = nested ? rows : { height: input.height, width: input.width, data: flat };
    return {
      name: 'option getter mutates the input',
      run: () => engine_.convolve(arg, kernel, hostile),
      expect: { result: want, compare: (got) => (reads !== 1 ? `getter ran ${reads} times` : sameMatrix(got, want)) },
    };
  },

  valueGetterMutates(r) {
    const { input, kernel, options } = valid(r);
    const data = [...input.data];
    const n = data.length;
    const at = r.int(0, n - 1);
    const how = r.int(0, 2);
    const later = at + 1 < n ? r.int(at + 1, n - 1) : -1;
    const expected = [...data];
    Object.defineProperty(data, at, {
      enumerable: true,
      configurable: true,
      get() {
        if (how === 0) for (let k = 0; k < 2000; k++) data.push(5);
        else if (how === 1) data.length = at + 1;
        else if (later >= 0) data[later] = 3;
        return expected[at];
      },
    });
    const arg = { height: input.height, width: input.width, data };
    if (how === 1 && at + 1 < n) {
      return { name: 'value getter truncates', run: () => engine_.convolve(arg, kernel, options), expect: { error: ['bad-value'], field: 'input' } };
    }
    if (how === 2 && later >= 0) expected[later] = 3;
    return { name: 'value getter mutates', run: () => engine_.convolve(arg, kernel, options), expect: resultOf(convolveOracle({ ...input, data: expected }, kernel, options)) };
  },

  resizable(r) {
    const { input, kernel, options, want } = valid(r);
    const buffer = new ArrayBuffer(input.data.length * 8, { maxByteLength: 1 << 16 });
    const data = new Float64Array(buffer);
    data.set(input.data);
    const size = r.pick([0, 8, buffer.byteLength, 1 << 16]);
    if (r() < 0.5) {
      const hostile = { ...options, get flip() { buffer.resize(size); return options.flip ?? false; } };
      return { name: 'resized after it was read', run: () => engine_.convolve({ height: input.height, width: input.width, data }, kernel, hostile), expect: resultOf(want) };
    }
    const arg = { get height() { buffer.resize(size); return input.height; }, width: input.width, data };
    const same = size === input.data.length * 8;
    return { name: 'resized before it was read', run: () => engine_.convolve(arg, kernel, options), expect: same ? resultOf(want) : { error: ['bad-shape'], field: 'input' } };
  },

  resizableImage(r) {
    const buffer = new ArrayBuffer(16, { maxByteLength: 1 << 12 });
    const data = new Uint8ClampedArray(buffer).fill(r.int(0, 255));
    const size = r.pick([0, 4, 16, 1 << 12]);
    const options = { kernel: [[1]], get output() { buffer.resize(size); return 'clamp'; } };
    const want = { width: 2, height: 2, data: new Uint8ClampedArray(data) };
    return {
      name: 'image buffer resized by an option getter',
      run: () => engine_.filterImage({ width: 2, height: 2, data }, options),
      expect: size === 16 ? { result: want, compare: (got) => (got.data.every((v, k) => v === want.data[k]) ? '' : 'bytes differ') } : { error: ['bad-shape'], field: 'image' },
    };
  },

  polluted(r) {
    const { input, kernel, options, want } = valid(r);
    const plants = [
      [Object.prototype, 'border', r.pick(BORDERS)], [Object.prototype, 'strideY', 0], [Object.prototype, 'strideX', 3],
      [Object.prototype, 'padding', 'full'], [Object.prototype, 'flip', true], [Object.prototype, 'constant', 5],
      [Object.prototype, 'height', 3], [Object.prototype, 'width', 2], [Object.prototype, 'data', [1, 2]],
      [Object.prototype, 'error', 'polluted'], [Object.prototype, 'code', 'bad-shape'], [Object.prototype, 'top', 9],
      [Object.prototype, 'left', 2], [Object.prototype, '0', 7], [Array.prototype, '1', 5], [Array.prototype, '0', 5],
      [Object.prototype, 'length', 4], [Object.prototype, 'outHeight', 1],
    ];
    const chosen = Array.from({ length: r.int(1, 3) }, () => r.pick(plants));
    const sparse = r() < 0.3 && input.data.length > 1;
    const data = [...input.data];
    if (sparse) delete data[r.int(0, data.length - 1)];
    const arg = { height: input.height, width: input.width, data };
    return {
      name: 'polluted prototype',
      run: () => {
        const saved = chosen.map(([o, k]) => [o, k, Reflect.getOwnPropertyDescriptor(o, k)]);
        try {
          for (const [o, k, v] of chosen) o[k] = v;
          return engine_.convolve(arg, dress(r, kernel), options);
        } finally {
          for (const [o, k, d] of saved.reverse()) {
            if (d) Object.defineProperty(o, k, d);
            else delete o[k];
          }
        }
      },
      expect: sparse ? { error: ['bad-value'], field: 'input' } : resultOf(want),
    };
  },

  hugeString(r) {
    const { input, kernel, options } = valid(r);
    const s = r.pick(['x', 'é', '\n', "'"]).repeat(r.int(81, r() < 0.1 ? 2e6 : 5000));
    const where = r.int(0, 5);
    const o = { ...options };
    let field = 'options';
    if (where === 0) { o.border = s; field = 'border'; }
    else if (where === 1) { o.padding = s; field = 'padding'; }
    else if (where === 2) o[s] = 1;
    else if (where === 3) { o.padding = { [s]: 1 }; field = 'padding'; }
    else if (where === 4) { o.strideX = s; field = 'strideX'; }
    const inputArg = where === 5 ? { ...input, data: input.data.map((v, k) => (k === 0 ? s : v)) } : input;
    if (where === 5) field = 'input';
    return { name: 'huge string', run: () => engine_.convolve(inputArg, kernel, o), expect: { error: ['bad-option', 'unknown-name', 'bad-value'], field, short: true } };
  },

  specialNumber(r) {
    const { input, options } = valid(r);
    // A 1x1 kernel reads each cell once, so sums stay exact even next to 1e100.
    const kernel = { height: 1, width: 1, data: [exactValue(r)] };
    const v = r.pick([NaN, Infinity, -Infinity, 1e309, 1e101, -1e101, 1.0000000000000002e100, -0, 1e100, -1e100, 5e-324]);
    const fine = Math.abs(v) <= 1e100;
    const where = r.int(0, 3);
    if (where === 0) {
      const data = [...input.data];
      data[r.int(0, data.length - 1)] = v;
      const m = { ...input, data };
      return { name: 'special number in data', run: () => engine_.convolve(dress(r, m), kernel, options), expect: fine ? resultOf(convolveOracle(m, kernel, options)) : { error: ['bad-value'], field: 'input' } };
    }
    if (where === 1) {
      const o = { ...options, constant: v };
      return { name: 'special constant', run: () => engine_.convolve(input, kernel, o), expect: fine ? resultOf(convolveOracle(input, kernel, o)) : { error: ['bad-option'], field: 'constant' } };
    }
    const name = r.pick(['strideY', 'dilationX']);
    const o = { ...options, [name]: v };
    return { name: 'special integer option', run: () => engine_.convolve(input, kernel, o), expect: { error: ['bad-option', 'too-large'], field: name } };
  },

  wrongType(r) {
    const { input, kernel, options } = valid(r);
    const bad = r.pick([5n, Symbol('s'), () => 1, {}, [], new DataView(new ArrayBuffer(8)), new ArrayBuffer(8), '3', true, null, new BigInt64Array(input.data.length), new Date(0)]);
    const where = r.int(0, 6);
    if (where === 0) return { name: 'wrong input', run: () => engine_.convolve(bad, kernel, options), expect: { error: ['bad-shape', 'bad-value'], field: 'input' } };
    if (where === 1) return { name: 'wrong data', run: () => engine_.convolve({ ...input, data: bad }, kernel, options), expect: { error: ['bad-shape', 'bad-value'], field: 'input' } };
    if (where === 2) {
      const data = [...input.data];
      data[r.int(0, data.length - 1)] = bad;
      return { name: 'wrong value', run: () => engine_.convolve({ ...input, data }, kernel, options), expect: { error: ['bad-value'], field: 'input' } };
    }
    if (where === 3) {
      const name = r.pick(OPTION_NAMES);
      const v = r.pick([5n, Symbol('s'), () => 1, [], null, NaN, '3']);
      return { name: 'wrong option type', run: () => engine_.convolve(input, kernel, { ...options, [name]: v }), expect: { error: ['bad-option', 'unknown-name'], field: name } };
    }
    if (where === 4) return { name: 'wrong explain index', run: () => engine_.explain(input, kernel, options, bad, 0), expect: { error: ['bad-value'], field: 'i' } };
    if (where === 5) return { name: 'wrong image', run: () => engine_.filterImage(bad, { kernel: [[1]] }), expect: { error: ['bad-shape', 'bad-value'], field: 'image' } };
    return { name: 'wrong kernels', run: () => engine_.filterImage({ width: 1, height: 1, data: new Uint8Array(4) }, { kernels: [kernel, bad, kernel] }), expect: { error: ['bad-shape', 'bad-value', 'bad-option'], field: 'kernels[1]' } };
  },

  holesAndFrozen(r) {
    const { input, kernel, options, want } = valid(r);
    if (r() < 0.5) {
      const rows = Array.from({ length: input.height }, (_, i) => Object.freeze(input.data.slice(i * input.width, (i + 1) * input.width)));
      return { name: 'frozen and sealed', run: () => engine_.convolve(Object.freeze(rows), Object.seal({ ...kernel }), Object.freeze({ ...options })), expect: resultOf(want) };
    }
    const sparse = new Array(input.data.length);
    const skip = r.int(0, input.data.length - 1);
    input.data.forEach((v, k) => { if (k !== skip) sparse[k] = v; });
    return { name: 'sparse data', run: () => engine_.convolve({ ...input, data: sparse }, kernel, options), expect: { error: ['bad-value'], field: 'input' } };
  },

  throwingOrRevoked(r) {
    const { input, kernel, options } = valid(r);
    const thrown = r.pick([new Error('boom'), 'a string', undefined, new TypeError('x'.repeat(1000))]);
    const { proxy, revoke } = Proxy.revocable([[1]], {});
    revoke();
    const where = r.int(0, 4);
    if (where === 0) return { name: 'throwing option getter', run: () => engine_.convolve(input, kernel, { ...options, get border() { throw thrown; } }), expect: { error: ['bad-option'], field: 'border', short: true } };
    if (where === 1) return { name: 'throwing data getter', run: () => engine_.convolve({ height: input.height, width: input.width, get data() { throw thrown; } }, kernel, options), expect: { error: ['bad-value'], field: 'input', short: true } };
    if (where === 2) return { name: 'revoked input', run: () => engine_.convolve(proxy, kernel, options), expect: { error: ['bad-shape', 'bad-value'], field: 'input' } };
    if (where === 3) return { name: 'revoked options', run: () => engine_.convolve(input, kernel, proxy), expect: { error: ['bad-option'], field: 'options' } };
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    return { name: 'revoked padding', run: () => engine_.convolve(input, kernel, { padding: revoked.proxy }), expect: { error: ['bad-option'], field: 'padding' } };
  },

  imageGetters(r) {
    // Kernels are read before output, bias and onProgress; the pixels are copied after every
    // option, so a getter that repaints them is seen and one that edits a kernel is not.
    const width = r.int(1, 6);
    const height = r.int(1, 6);
    const data = Uint8ClampedArray.from({ length: width * height * 4 }, () => r.int(0, 255));
    const kernel = randomMatrix(r, 3, 3, (g) => g.int(-8, 8) / 4);
    const kernelArg = dress(r, kernel);
    const fill = r.int(0, 255);
    const repaint = r() < 0.5;
    const output = r.pick(['clamp', 'abs', 'offset']);
    const polluted = r() < 0.3;
    const options = {
      kernel: kernelArg,
      get output() {
        if (repaint) data.fill(fill);
        if (Object.isFrozen(kernelArg)) return output;
        if (Array.isArray(kernelArg)) kernelArg.length = 0;
        else if (Array.isArray(kernelArg.data)) kernelArg.data.fill(99);
        return output;
      },
    };
    const seen = repaint ? new Uint8ClampedArray(data.length).fill(fill) : new Uint8ClampedArray(data);
    const want = filterImageOracle({ width, height, data: seen }, { kernels: [kernel], output });
    return {
      name: 'image option getters',
      run: () => {
        if (!polluted) return engine_.filterImage({ width, height, data }, options);
        try {
          Object.prototype.grayscale = true;
          Object.prototype.padding = 'valid';
          Array.prototype[0] = 5;
          return engine_.filterImage({ width, height, data }, options);
        } finally {
          delete Object.prototype.grayscale;
          delete Object.prototype.padding;
          delete Array.prototype[0];
        }
      },
      expect: { result: want, compare: (got) => imageContract(got, want, false) },
    };
  },

  pollutedPlan(r) {
    const input = { height: r.int(1, 12), width: r.int(1, 12) };
    const kernel = { height: r.int(1, 4), width: r.int(1, 4) };
    const options = randomOptions(r) ?? {};
    const want = planOracle(input, kernel, options);
    return {
      name: 'plan under a polluted prototype',
      run: () => {
        try {
          Object.prototype.strideX = 2;
          Object.prototype.outHeight = 7;
          Object.prototype.top = 3;
          return engine_.plan(input, kernel, options);
        } finally {
          delete Object.prototype.strideX;
          delete Object.prototype.outHeight;
          delete Object.prototype.top;
        }
      },
      expect: want ? { result: want, compare: (got) => (JSON.stringify(got) === JSON.stringify(want) ? '' : `${JSON.stringify(got)}, want ${JSON.stringify(want)}`) }
        : { error: ['does-not-fit'], field: 'kernel' },
    };
  },

  inheritedAndHidden(r) {
    const { input, kernel, options, want } = valid(r);
    // Inherited, non-enumerable and symbol-keyed options do not count; an instance's prototype getters do for matrices.
    class Options { get strideY() { return 9; } }
    const o = new Options();
    for (const [k, v] of Object.entries(options)) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    if (!('dilationX' in options)) Object.defineProperty(o, 'dilationX', { value: 7, enumerable: false });
    o[Symbol('border')] = 'wrap';
    class Matrix { constructor(m) { this.m = m; } get height() { return this.m.height; } get width() { return this.m.width; } get data() { return this.m.data; } }
    return { name: 'inherited, hidden and symbol options', run: () => engine_.convolve(new Matrix(input), kernel, o), expect: resultOf(want) };
  },
};

let engine_ = null;

/** A hostile case for engine: { name, run, expect }. */
export function hostileCase(r, engine) {
  engine_ = engine;
  return generators[r.pick(Object.keys(generators))](r);
}
