// The public JS API of the convolution engine (../../shared/SEMANTICS.md, section 5).
// One ES module for Node >= 20, browser windows and module workers: the Emscripten glue
// is built for the web only, and this module compiles the .wasm itself (fs in Node,
// fetch in a browser) and hands it over, so the glue never has to locate or fetch it.
import createCore from './dist/convolution_core.js';

// Two builds of the engine: wasm SIMD, and scalar for engines without SIMD.
const WASM_URLS = {
  simd: new URL('./dist/convolution_core.wasm', import.meta.url),
  scalar: new URL('./dist/convolution_core_scalar.wasm', import.meta.url),
};
// The smallest module that uses a SIMD instruction: (func (result v128) i32.const 0 i32x4.splat).
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 17, 11]);
const IS_NODE = typeof process === 'object' && typeof process.versions?.node === 'string' && typeof window === 'undefined';

const CONVOLVE_KEYS = ['strideY', 'strideX', 'dilationY', 'dilationX', 'padding', 'border', 'constant', 'flip'];
const IMAGE_KEYS = [...CONVOLVE_KEYS, 'filter', 'kernel', 'kernels', 'output', 'grayscale', 'bias', 'onProgress'];
const INT_LIMIT = 2 ** 31;

let enginePromise = null;
let loadedBuild = null;

/** Loads the wasm engine once (later calls share it) and resolves to the API object. */
export function createConvolution() {
  enginePromise ??= load().catch((err) => {
    enginePromise = null; // a failed load (say, a network error) may be retried
    throw err;
  });
  return enginePromise;
}

/** Which build the engine was loaded from: 'simd', 'scalar', or null before it is loaded. */
export function engineBuild() {
  return loadedBuild;
}

async function compileWasm(url) {
  if (IS_NODE) {
    const { readFile } = await import('node:fs/promises');
    return WebAssembly.compile(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load the convolution engine (${url}): HTTP ${response.status}`);
  if (typeof WebAssembly.compileStreaming === 'function'
      && response.headers.get('Content-Type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

async function load() {
  const build = WebAssembly.validate(SIMD_PROBE) ? 'simd' : 'scalar';
  const glue = build === 'simd' ? createCore : (await import('./dist/convolution_core_scalar.js')).default;
  const module = await compileWasm(WASM_URLS[build]);
  const core = await glue({
    instantiateWasm(imports, receiveInstance) {
      WebAssembly.instantiate(module, imports).then((instance) => receiveInstance(instance, module));
      return {};
    },
  });
  loadedBuild = build;
  return makeEngine(core);
}

// ---------------------------------------------------------------------------
// Argument checking: every message says what is wrong and what is allowed.

function fail(message) {
  throw new Error(message);
}

function describe(v) {
  if (typeof v === 'string') return `the string '${v.length > 20 ? `${v.slice(0, 20)}…` : v}'`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

// Typed arrays of numbers; BigInt arrays cannot be mixed with doubles and a DataView has no elements.
function isNumberView(x) {
  return ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array);
}

function isArrayLike(x) {
  return Array.isArray(x) || isNumberView(x);
}

/** Reads a matrix argument into { height, width, rows | data } without copying it yet. */
function readMatrix(x, name) {
  const example = `${name} must be { height, width, data } or an array of rows such as [[1, 2], [3, 4]]`;
  if (Array.isArray(x)) {
    if (x.length === 0) fail(`${name} has no rows; ${example}`);
    const bad = x.findIndex((row) => !isArrayLike(row));
    if (bad >= 0) {
      if (!x.some((row) => ArrayBuffer.isView(row) || Array.isArray(row))) fail(`${name} is a flat array; ${example}`);
      const row = x[bad];
      fail(`${name} row ${bad} is ${ArrayBuffer.isView(row) ? `a ${row.constructor.name}` : describe(row)}; every row must be an array or a typed array of numbers`);
    }
    const width = x[0].length;
    if (width === 0) fail(`${name} row 0 is empty; every row needs at least one number`);
    x.forEach((row, r) => {
      if (row.length !== width) fail(`${name} row ${r} has ${row.length} numbers but row 0 has ${width}; all rows must have the same length`);
    });
    return { height: x.length, width, rows: x };
  }
  if (x === null || typeof x !== 'object') fail(`${name} is ${describe(x)}; ${example}`);
  const { height, width, data } = x;
  for (const [key, v] of [['height', height], ['width', width]]) {
    if (!Number.isInteger(v) || v < 1) fail(`${name}.${key} must be a positive integer, got ${describe(v)}`);
  }
  if (ArrayBuffer.isView(data) && !isNumberView(data)) {
    fail(`${name}.data is a ${data.constructor.name}; use an array or a typed array of numbers such as Float64Array`);
  }
  if (!isArrayLike(data) && !(data && typeof data.length === 'number')) {
    fail(`${name}.data must be an array or typed array of numbers in row-major order, got ${describe(data)}`);
  }
  if (data.length !== height * width) {
    fail(`${name}.data has ${data.length} numbers but height × width = ${height} × ${width} = ${height * width}`);
  }
  return { height, width, data };
}

function checkInteger(name, v, lo, hi) {
  if (!Number.isInteger(v) || Math.abs(v) >= INT_LIMIT) {
    fail(`${name} must be an integer from ${lo} to ${hi}, got ${describe(v)}`);
  }
  return v;
}

function checkKeys(obj, allowed, what) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(`Unknown ${what} '${key}'; allowed: ${allowed.join(', ')}`);
  }
}

/** The flat options object that crosses into wasm, with the contract's defaults filled in. */
function coreOptions(options, allowed, limits, image) {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) fail(`options must be an object, got ${describe(options)}`);
  checkKeys(options, allowed, 'option');
  const o = {
    strideY: 1, strideX: 1, dilationY: 1, dilationX: 1,
    padding: image ? 'same' : 'valid', padTop: 0, padBottom: 0, padLeft: 0, padRight: 0,
    border: image ? 'replicate' : 'constant', constant: 0, flip: false,
    output: 'clamp', combine: 'none', grayscale: false, bias: 0,
  };
  for (const key of ['strideY', 'strideX', 'dilationY', 'dilationX']) {
    if (options[key] !== undefined) o[key] = checkInteger(key, options[key], 1, limits.maxSide);
  }
  const { padding } = options;
  if (typeof padding === 'string') {
    if (padding === 'explicit') fail("padding 'explicit' is written as an object { top, bottom, left, right }");
    o.padding = padding;
  } else if (padding !== undefined) {
    if (padding === null || typeof padding !== 'object' || Array.isArray(padding)) {
      fail(`padding must be 'valid', 'same', 'full' or an object { top, bottom, left, right }, got ${describe(padding)}`);
    }
    checkKeys(padding, ['top', 'bottom', 'left', 'right'], 'padding side');
    o.padding = 'explicit';
    for (const side of ['top', 'bottom', 'left', 'right']) {
      const key = `pad${side[0].toUpperCase()}${side.slice(1)}`;
      if (padding[side] !== undefined) o[key] = checkInteger(`padding.${side}`, padding[side], 0, limits.maxSide);
    }
  }
  for (const key of ['border', 'output']) {
    if (options[key] !== undefined) {
      if (typeof options[key] !== 'string') fail(`${key} must be a string, got ${describe(options[key])}`);
      o[key] = options[key];
    }
  }
  for (const key of ['constant', 'bias']) {
    if (options[key] !== undefined) {
      if (typeof options[key] !== 'number') fail(`${key} must be a number, got ${describe(options[key])}`);
      o[key] = options[key];
    }
  }
  for (const key of ['flip', 'grayscale']) {
    if (options[key] !== undefined) {
      if (typeof options[key] !== 'boolean') fail(`${key} must be true or false, got ${describe(options[key])}`);
      o[key] = options[key];
    }
  }
  return o;
}

function checkCell(name, v) {
  if (!Number.isInteger(v) || v < 0 || v >= INT_LIMIT) fail(`${name} must be a non-negative integer, got ${describe(v)}`);
  return v;
}

// ---------------------------------------------------------------------------

function makeEngine(core) {
  const limits = Object.freeze(core.limits());
  const filters = deepFreeze(core.filters());
  const filterIds = filters.map((f) => f.id);

  // The adapter answers with undefined (fine), a result, or { error: message, code, field }.
  function check(result) {
    if (result?.error) throw Object.assign(new Error(result.error), { code: result.code, field: result.field });
    return result;
  }

  // Allocates the byte sizes given, runs fn(pointers) and frees everything, whatever happens.
  function withHeap(sizes, fn) {
    const ptrs = [];
    try {
      for (const size of sizes) {
        const p = core._malloc(Math.max(size, 8));
        if (!p) fail(`Not enough memory in the engine for ${Math.ceil(size / 2 ** 20)} MiB more; try a smaller input`);
        ptrs.push(p);
      }
      return fn(ptrs);
    } finally {
      for (const p of ptrs) core._free(p);
    }
  }

  // Copies a matrix into the heap as float64, rejecting anything that is not a number.
  function writeMatrix(ptr, m, name) {
    const heap = core.HEAPF64;
    const base = ptr / 8;
    if (m.rows) {
      m.rows.forEach((row, r) => {
        if (isNumberView(row)) heap.set(row, base + r * m.width);
        else writePlain(heap, base + r * m.width, row, m.width, name, r);
      });
    } else if (isNumberView(m.data)) {
      heap.set(m.data, base);
    } else {
      writePlain(heap, base, m.data, m.width, name, 0);
    }
  }

  // Values of a plain array-like, row-major from row firstRow, checked one by one.
  function writePlain(heap, base, values, width, name, firstRow) {
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (typeof v !== 'number') fail(`${name} value at row ${firstRow + Math.floor(k / width)}, column ${k % width} is ${describe(v)}; values must be numbers`);
      heap[base + k] = v;
    }
  }

  function prepare(input, kernel, options) {
    const inp = readMatrix(input, 'input');
    const ker = readMatrix(kernel, 'kernel');
    const opts = coreOptions(options, CONVOLVE_KEYS, limits, false);
    const plan = check(core.plan(inp.height, inp.width, ker.height, ker.width, opts));
    return { inp, ker, opts, plan };
  }

  function convolve(input, kernel, options) {
    const { inp, ker, opts, plan } = prepare(input, kernel, options);
    const cells = plan.outHeight * plan.outWidth;
    return withHeap([inp.height * inp.width * 8, ker.height * ker.width * 8, cells * 8], ([pi, pk, po]) => {
      writeMatrix(pi, inp, 'input');
      writeMatrix(pk, ker, 'kernel');
      check(core.convolve(pi, inp.height, inp.width, pk, ker.height, ker.width, opts, po, cells));
      const data = new Float64Array(core.HEAPF64.buffer, po, cells).slice();
      return { height: plan.outHeight, width: plan.outWidth, data };
    });
  }

  function explain(input, kernel, options, i, j) {
    const { inp, ker, opts } = prepare(input, kernel, options);
    checkCell('i (the output row)', i);
    checkCell('j (the output column)', j);
    return withHeap([inp.height * inp.width * 8, ker.height * ker.width * 8], ([pi, pk]) => {
      writeMatrix(pi, inp, 'input');
      writeMatrix(pk, ker, 'kernel');
      const r = check(core.explain(pi, inp.height, inp.width, pk, ker.height, ker.width, opts, i, j));
      // The adapter sends the taps flat, 8 numbers each, in the fields' order.
      const f = r.taps;
      const taps = new Array(f.length / 8);
      for (let t = 0, k = 0; t < taps.length; t++, k += 8) {
        taps[t] = {
          kernelRow: f[k], kernelCol: f[k + 1], inputRow: f[k + 2], inputCol: f[k + 3],
          inside: f[k + 4] === 1, value: f[k + 5], weight: f[k + 6], product: f[k + 7],
        };
      }
      return { row: r.row, col: r.col, sum: r.sum, taps };
    });
  }

  function plan(inputShape, kernelShape, options) {
    const shape = (x, name) => (Array.isArray(x) ? readMatrix(x, name) : x);
    const inp = shape(inputShape, 'input');
    const ker = shape(kernelShape, 'kernel');
    for (const [m, name] of [[inp, 'input'], [ker, 'kernel']]) {
      if (m === null || typeof m !== 'object') fail(`${name} must be { height, width } or an array of rows, got ${describe(m)}`);
      for (const key of ['height', 'width']) {
        if (!Number.isInteger(m[key]) || m[key] < 1) fail(`${name}.${key} must be a positive integer, got ${describe(m[key])}`);
      }
    }
    const opts = coreOptions(options, CONVOLVE_KEYS, limits, false);
    const p = check(core.plan(inp.height, inp.width, ker.height, ker.width, opts));
    return { outHeight: p.outHeight, outWidth: p.outWidth, padding: p.padding, extentY: p.extentY, extentX: p.extentX };
  }

  function imageKernels(options, opts) {
    const given = ['filter', 'kernel', 'kernels'].filter((k) => options[k] !== undefined);
    if (given.length !== 1) {
      fail(given.length === 0
        ? "filterImage needs one of: filter (a built-in id), kernel (one kernel for R, G and B) or kernels ([kR, kG, kB])"
        : `give only one of filter, kernel and kernels, not ${given.join(' and ')}`);
    }
    if (options.filter !== undefined) {
      const f = filters.find((x) => x.id === options.filter);
      if (!f) fail(`Unknown filter ${describe(options.filter)}; built-in ids: ${filterIds.join(', ')}`);
      if (options.output === undefined) opts.output = f.output;
      opts.combine = f.combine;
      return f.kernels.map((k) => readMatrix(k, `filter ${f.id} kernel`));
    }
    if (options.kernel !== undefined) return [readMatrix(options.kernel, 'kernel')];
    if (!Array.isArray(options.kernels) || options.kernels.length !== 3) {
      fail(`kernels must be an array of three kernels [kR, kG, kB], got ${Array.isArray(options.kernels) ? `${options.kernels.length}` : describe(options.kernels)}`);
    }
    return options.kernels.map((k, c) => readMatrix(k, `kernels[${c}] (${'RGB'[c]})`));
  }

  function filterImage(image, options) {
    if (image === null || typeof image !== 'object') fail(`image must be { width, height, data } (an ImageData works), got ${describe(image)}`);
    const { width, height, data } = image;
    for (const [key, v] of [['width', width], ['height', height]]) {
      if (!Number.isInteger(v) || v < 1) fail(`image.${key} must be a positive integer, got ${describe(v)}`);
    }
    if (!(data instanceof Uint8ClampedArray || data instanceof Uint8Array)) {
      fail(`image.data must be a Uint8ClampedArray (or Uint8Array) of RGBA bytes, got ${describe(data)}`);
    }
    if (data.length !== width * height * 4) {
      fail(`image.data has ${data.length} bytes but width × height × 4 = ${width} × ${height} × 4 = ${width * height * 4}`);
    }
    if (options === null || typeof options !== 'object' || Array.isArray(options)) fail(`options must be an object, got ${describe(options)}`);
    const opts = coreOptions(options, IMAGE_KEYS, limits, true);
    const { onProgress } = options;
    if (onProgress !== undefined && typeof onProgress !== 'function') fail(`onProgress must be a function, got ${describe(onProgress)}`);
    const kernels = imageKernels(options, opts);
    const dims = kernels.map((k) => [k.height, k.width]);
    const kernelCells = kernels.reduce((s, k) => s + k.height * k.width, 0);
    return withHeap([kernelCells * 8], ([pk]) => {
      let offset = 0;
      for (const [c, k] of kernels.entries()) {
        writeMatrix(pk + offset * 8, k, kernels.length === 3 ? `kernels[${c}]` : 'kernel');
        offset += k.height * k.width;
      }
      // Planned before the pixels are copied, so an oversized image is refused before any allocation.
      const plan = check(core.planImage(width, height, pk, dims, opts));
      const outBytes = plan.outWidth * plan.outHeight * 4;
      return withHeap([data.length, outBytes], ([pi, po]) => {
        core.HEAPU8.set(data, pi);
        let callbackError = null;
        // A throw inside the callback would unwind through wasm frames and skip C++ destructors.
        const progress = onProgress && ((f) => {
          if (callbackError) return;
          try { onProgress(f); } catch (err) { callbackError = err; }
        });
        check(core.filterImage(pi, width, height, pk, dims, opts, po, progress ?? null));
        if (callbackError) throw callbackError;
        const out = new Uint8ClampedArray(outBytes);
        out.set(new Uint8Array(core.HEAPU8.buffer, po, outBytes));
        return { width: plan.outWidth, height: plan.outHeight, data: out };
      });
    });
  }

  return Object.freeze({
    convolve,
    explain,
    filterImage,
    plan,
    filters,
    limits,
    /** Diagnostics: the wasm heap's size and the bytes malloc currently hands out. */
    memory: () => ({ heapBytes: core.HEAPU8.length, inUse: core.heapInUse() }),
  });
}

function deepFreeze(x) {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}
