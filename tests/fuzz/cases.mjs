// Random valid calls of the public JS API and their expected outcome from the independent
// oracle in tests/node/oracle.mjs. Each generator takes a seeded generator `r` and returns
// { name, run(), expect } where expect is { result, compare } (the call must succeed and
// compare(result) returns a problem string or '') or { error: codes, field? } (the call must
// throw a routed error with one of those codes).
import { convolveOracle, explainOracle, filterImageOracle, planOracle } from '../node/oracle.mjs';

export const BORDERS = ['constant', 'replicate', 'reflect', 'reflect101', 'wrap'];
export const OUTPUTS = ['clamp', 'abs', 'offset', 'normalize'];

/** A value whose products and sums stay exact in float64 whatever the order of summation. */
export function exactValue(r) {
  switch (r.int(0, 5)) {
    case 0: return r.int(-9, 9);
    case 1: return r.int(-64, 64) / 16;
    case 2: return r.int(-(2 ** 20), 2 ** 20);
    case 3: return r() < 0.5 ? 0 : -0;
    default: return r.int(-4, 4) / 4;
  }
}

export function randomMatrix(r, maxH, maxW, value = exactValue) {
  const height = r.int(1, maxH);
  const width = r.int(1, maxW);
  return { height, width, data: Array.from({ length: height * width }, () => value(r)) };
}

/** The same numbers in one of the forms the API takes. */
export function dress(r, m) {
  const { height, width, data } = m;
  const rowsOf = (make) => Array.from({ length: height }, (_, i) => make(data.slice(i * width, (i + 1) * width)));
  const ints = data.every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 31 && !Object.is(v, -0));
  const f32 = data.every((v) => Math.fround(v) === v);
  const forms = ['flat', 'nested', 'f64', 'nestedF64', 'frozen', 'arrayLike'];
  if (ints) forms.push('i32', 'nestedI32');
  if (f32) forms.push('f32');
  switch (r.pick(forms)) {
    case 'flat': return { height, width, data: [...data] };
    case 'nested': return rowsOf((row) => [...row]);
    case 'f64': return { height, width, data: Float64Array.from(data) };
    case 'nestedF64': return rowsOf((row) => Float64Array.from(row));
    case 'frozen': return Object.freeze(rowsOf((row) => Object.freeze([...row])));
    case 'arrayLike': return { height, width, data: Object.assign({ length: data.length }, data) };
    case 'i32': return { height, width, data: Int32Array.from(data) };
    case 'nestedI32': return rowsOf((row) => Int32Array.from(row));
    default: return { height, width, data: Float32Array.from(data) };
  }
}

export function randomOptions(r, { image = false } = {}) {
  const o = {};
  const maybe = (name, make) => { if (r() < 0.4) o[name] = make(); };
  maybe('strideY', () => r.int(1, 3));
  maybe('strideX', () => r.int(1, 3));
  maybe('dilationY', () => r.int(1, 3));
  maybe('dilationX', () => r.int(1, 3));
  maybe('padding', () => {
    if (r() < 0.6) return r.pick(['valid', 'same', 'full']);
    const p = {};
    for (const side of ['top', 'bottom', 'left', 'right']) if (r() < 0.7) p[side] = r() < 0.9 ? r.int(0, 4) : r.int(5, 30);
    return p;
  });
  maybe('border', () => r.pick(BORDERS));
  maybe('constant', () => exactValue(r));
  maybe('flip', () => r() < 0.5);
  if (r() < 0.05) o.border = undefined; // an own undefined counts as absent
  if (!image && r() < 0.05) return r() < 0.5 ? undefined : null;
  return o;
}

/** Bitwise-equal Float64 data (0 and -0 compare equal: the contract does not fix the sign of a zero sum). */
export function sameMatrix(got, want) {
  if (got.height !== want.height || got.width !== want.width) return `size ${got.height}x${got.width}, want ${want.height}x${want.width}`;
  if (!(got.data instanceof Float64Array)) return 'data is not a Float64Array';
  for (let k = 0; k < want.data.length; k++) {
    if (got.data[k] !== want.data[k]) return `cell ${k}: ${got.data[k]}, want ${want.data[k]}`;
  }
  return '';
}

// Copies so that the oracle never sees the dressed (possibly frozen, typed) forms.
const plain = (m) => ({ height: m.height, width: m.width, data: Array.from(m.data) });

export function convolveCase(r, engine) {
  const input = randomMatrix(r, 12, 12);
  const kernel = randomMatrix(r, 5, 5);
  const options = randomOptions(r);
  const want = convolveOracle(input, kernel, options ?? {});
  const args = [dress(r, input), dress(r, kernel), options];
  return {
    name: 'convolve',
    run: () => engine.convolve(...args),
    expect: want ? { result: want, compare: (got) => sameMatrix(got, want) } : { error: ['does-not-fit'], field: 'kernel' },
  };
}

export function explainCase(r, engine) {
  const input = randomMatrix(r, 9, 9);
  const kernel = randomMatrix(r, 4, 4);
  const options = randomOptions(r) ?? {};
  const plan = planOracle(input, kernel, options);
  if (!plan) return { name: 'explain', run: () => engine.explain(dress(r, input), kernel, options, 0, 0), expect: { error: ['does-not-fit'], field: 'kernel' } };
  const outside = r() < 0.1;
  const i = outside && r() < 0.5 ? plan.outHeight + r.int(0, 3) : r.int(0, plan.outHeight - 1);
  const j = outside && !(i >= plan.outHeight) ? plan.outWidth + r.int(0, 3) : r.int(0, plan.outWidth - 1);
  if (outside) {
    return { name: 'explain', run: () => engine.explain(input, kernel, options, i, j), expect: { error: ['bad-value'], field: i >= plan.outHeight ? 'i' : 'j' } };
  }
  const want = explainOracle(input, kernel, options, i, j);
  const cell = convolveOracle(input, kernel, options).data[i * plan.outWidth + j];
  const args = [dress(r, input), dress(r, kernel), options, i, j];
  return {
    name: 'explain',
    run: () => engine.explain(...args),
    expect: {
      result: want,
      compare: (got) => {
        if (got.row !== i || got.col !== j) return `cell (${got.row}, ${got.col}), want (${i}, ${j})`;
        if (got.sum !== cell) return `sum ${got.sum}, want ${cell}`;
        if (got.taps.length !== want.taps.length) return `${got.taps.length} taps, want ${want.taps.length}`;
        for (let t = 0; t < want.taps.length; t++) {
          for (const key of Object.keys(want.taps[t])) {
            if (got.taps[t][key] !== want.taps[t][key]) return `tap ${t} ${key}: ${got.taps[t][key]}, want ${want.taps[t][key]}`;
          }
        }
        return '';
      },
    },
  };
}

export function planCase(r, engine) {
  const shape = () => ({ height: r() < 0.1 ? r.int(100, 65536) : r.int(1, 12), width: r.int(1, 12) });
  const input = shape();
  const kernel = { height: r.int(1, 6), width: r.int(1, 6) };
  const options = randomOptions(r);
  const want = input.height * input.width <= 2 ** 26 ? planOracle(input, kernel, options ?? {}) : null;
  const asRows = (s) => (s.height * s.width <= 64 && r() < 0.3 ? Array.from({ length: s.height }, () => new Array(s.width).fill(1)) : s);
  const args = [asRows(input), asRows(kernel), options];
  return {
    name: 'plan',
    run: () => engine.plan(...args),
    expect: want ? { result: want, compare: (got) => (JSON.stringify(got) === JSON.stringify(want) ? '' : `${JSON.stringify(got)}, want ${JSON.stringify(want)}`) }
      : { error: ['does-not-fit'], field: 'kernel' },
  };
}

const atBoundary = (x) => Math.abs(x - Math.floor(x) - 0.5) <= 0.01;

/** SEMANTICS.md section 4: each byte within one level of the reference, equal away from .5 boundaries. */
export function imageContract(got, want, flatSkip) {
  if (got.width !== want.width || got.height !== want.height) return `size ${got.width}x${got.height}, want ${want.width}x${want.height}`;
  if (!(got.data instanceof Uint8ClampedArray)) return 'data is not a Uint8ClampedArray';
  for (let k = 0; k < want.data.length; k++) {
    const d = Math.abs(got.data[k] - want.data[k]);
    if (d === 0) continue;
    if (k % 4 === 3) return `alpha at pixel ${k >> 2}: ${got.data[k]}, want ${want.data[k]}`;
    if (flatSkip) continue;
    if (d > 1 || !atBoundary(want.levels[k])) return `byte ${k}: ${got.data[k]}, want ${want.data[k]} (reference level ${want.levels[k]})`;
  }
  return '';
}

export function filterImageCase(r, engine) {
  const width = r.int(1, 10);
  const height = r.int(1, 10);
  const data = new Uint8ClampedArray(width * height * 4);
  const solid = r() < 0.15;
  for (let k = 0; k < data.length; k++) data[k] = solid && k >= 4 ? data[k - 4] : r.int(0, 255);
  const image = { width, height, data };
  const exact = r() < 0.6;
  const weight = () => (exact ? r.int(-16, 16) / 8 : r.int(-9, 9) / 3);
  const kernel = () => randomMatrix(r, 4, 4, weight);
  const options = randomOptions(r, { image: true });
  delete options.dilationY;
  if (r() < 0.5) options.output = r.pick(OUTPUTS);
  if (r() < 0.3) options.bias = exact ? r.int(-40, 40) : r.int(-40, 40) / 3;
  const source = r.int(0, 2);
  let oracleArgs;
  if (source === 0) {
    const f = r.pick(engine.filters);
    options.filter = f.id;
    oracleArgs = { kernels: f.kernels, combine: f.combine, output: options.output ?? f.output };
  } else if (source === 1) {
    const k = kernel();
    options.kernel = dress(r, k);
    oracleArgs = { kernels: [k] };
  } else {
    const ks = [kernel(), kernel(), kernel()];
    options.kernels = ks.map((k) => dress(r, k));
    oracleArgs = { kernels: ks };
  }
  if (source !== 2 && r() < 0.3) options.grayscale = true;
  const { filter, kernel: _k, kernels: _ks, ...conv } = options;
  const full = { ...conv, ...oracleArgs };
  let want;
  try {
    want = filterImageOracle(image, full);
  } catch (err) {
    if (err.code !== 'does-not-fit') throw err;
    return { name: 'filterImage', run: () => engine.filterImage(image, options), expect: { error: ['does-not-fit'] } };
  }
  // A nearly flat result under normalize stretches round-off to full scale; only exact sums are compared there.
  let flatSkip = false;
  if (full.output === 'normalize' && !(exact && source !== 0 && !full.grayscale)) {
    const raw = filterImageOracle(image, { ...full, output: 'clamp' }).levels.filter((v) => !Number.isNaN(v));
    const hi = Math.max(...raw);
    const lo = Math.min(...raw);
    flatSkip = hi - lo <= 1e-6 * Math.max(1, Math.abs(hi), Math.abs(lo));
  }
  const detail = () => JSON.stringify({ width, height, pixels: Array.from(data), ...conv, ...oracleArgs, kernels: oracleArgs.kernels.map((k) => [k.height, k.width, Array.from(k.data)]), filter });
  return { name: 'filterImage', detail, run: () => engine.filterImage(image, options), expect: { result: want, compare: (got) => imageContract(got, want, flatSkip) } };
}
