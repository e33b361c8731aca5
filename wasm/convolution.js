// The public JS API of the convolution engine (../../shared/SEMANTICS.md, section 5).
// One ES module for Node >= 20, browser windows and module workers: the Emscripten glue
// is built for the web only, and this module compiles the .wasm itself (fs in Node,
// fetch in a browser) and hands it over, so the glue never has to locate or fetch it.
import createCore from './dist/convolution_core.js';
import { apiError, CODES, fail, quote } from './errors.js';
import { imageBytesNow, readImage, readIndex, readMatrix, readShape } from './args.js';
import { deepFreeze, optionTable } from './options.js';
import { readOptions } from './read-options.js';
import { tensorApi } from './tensor-api.js';
import { compileRefused, loadError } from './load-error.js';

const IS_NODE = typeof process === 'object' && typeof process.versions?.node === 'string' && typeof window === 'undefined';


let enginePromise = null;
// Where the .wasm comes from when not from the file beside this module: bytes (the
// offline single file has no file to fetch), a compiled module, a URL, or a Promise
// of one of those (a worker that receives the bytes from its page).
let wasmSource = null;

/** Loads the wasm engine once (later calls share it) and resolves to the API object. */
export function createConvolution() {
  enginePromise ??= load().catch((err) => {
    enginePromise = null; // a failed load (say, a network error) may be retried
    throw err;
  });
  return enginePromise;
}

/**
 * Makes later loads use `source` instead of fetching dist/convolution_core.wasm:
 * an ArrayBuffer or typed array of the module's bytes, a WebAssembly.Module, a URL
 * (string or URL object), or a Promise of one of those. Call it before createConvolution().
 */
export function setWasmSource(source) {
  if (enginePromise) throw new Error('setWasmSource must be called before createConvolution()');
  wasmSource = source;
}

// A function, so that a bundle without import.meta (the offline file) never evaluates it.
function defaultWasmUrl() {
  return new URL('./dist/convolution_core.wasm', import.meta.url);
}

async function compileWasm(facts) {
  const source = await wasmSource;
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  const url = source ? new URL(source, globalThis.location?.href) : defaultWasmUrl();
  facts.url = url;
  if (IS_NODE) {
    const { readFile } = await import('node:fs/promises');
    return WebAssembly.compile(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) {
    facts.status = response.status;
    throw new Error(`HTTP ${response.status}`);
  }
  if (typeof WebAssembly.compileStreaming === 'function'
      && response.headers.get('Content-Type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

async function load() {
  if (IS_NODE) return makeEngine(await instantiate(await compileWasm({})));
  const facts = { url: null, status: 0, violation: null, protocol: globalThis.location?.protocol };
  // A blocked fetch or compile reports its directive only through this event.
  const onViolation = (e) => { facts.violation ??= { directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI }; };
  globalThis.addEventListener?.('securitypolicyviolation', onViolation);
  try {
    if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not defined');
    return makeEngine(await instantiate(await compileWasm(facts)));
  } catch (error) {
    // The violation event is queued as a task, after the promise settles.
    await new Promise((resolve) => { setTimeout(resolve, 0); });
    const hasWebAssembly = typeof WebAssembly === 'object';
    throw loadError({ ...facts, error, hasWebAssembly, compileRefused: hasWebAssembly && compileRefused() });
  } finally {
    globalThis.removeEventListener?.('securitypolicyviolation', onViolation);
  }
}

// The glue awaits receiveInstance forever if instantiation fails: reject instead.
function instantiate(module) {
  return new Promise((resolve, reject) => {
    createCore({
      instantiateWasm(imports, receiveInstance) {
        WebAssembly.instantiate(module, imports).then((instance) => receiveInstance(instance, module), reject);
        return {};
      },
    }).then(resolve, reject);
  });
}

// ---------------------------------------------------------------------------

/** The flat options object that crosses into wasm (one value_object), from a read snapshot. */
function coreOptions(values, extra = {}) {
  const p = values.padding;
  const sides = typeof p === 'object';
  return {
    strideY: values.strideY, strideX: values.strideX, dilationY: values.dilationY, dilationX: values.dilationX,
    padding: sides ? 'explicit' : p,
    padTop: sides ? p.top : 0, padBottom: sides ? p.bottom : 0, padLeft: sides ? p.left : 0, padRight: sides ? p.right : 0,
    border: values.border, constant: values.constant, flip: values.flip,
    output: 'clamp', combine: 'none', grayscale: false, bias: 0,
    ...extra,
  };
}

// What the adapter put into an object it made. Only own data properties count: a setter or
// getter planted on Object.prototype could otherwise fake an error or a buffer size.
function own(obj, key) {
  const d = obj !== null && typeof obj === 'object' ? Reflect.getOwnPropertyDescriptor(obj, key) : undefined;
  return d && 'value' in d ? d.value : undefined;
}

/** A plan from the adapter, rebuilt from its own properties (sizes that size buffers must be the core's). */
function planOf(p) {
  const n = (obj, key) => {
    const v = own(obj, key);
    if (!Number.isSafeInteger(v) || v < 0) throw apiError('bad-value', 'input', `internal: the engine's plan has no ${key} (is there an accessor for it on Object.prototype?)`);
    return v;
  };
  const pad = own(p, 'padding');
  return {
    outHeight: n(p, 'outHeight'), outWidth: n(p, 'outWidth'),
    padding: { top: n(pad, 'top'), bottom: n(pad, 'bottom'), left: n(pad, 'left'), right: n(pad, 'right') },
    extentY: n(p, 'extentY'), extentX: n(p, 'extentX'),
  };
}

// Embind's value_object conversion walks its field table with for...in, so an enumerable
// property planted on Object.prototype makes it throw after it allocated the struct (a leak).
// Such properties are made non-enumerable for the synchronous call into wasm, then restored.
function acrossTheBoundary(fn) {
  const hidden = [];
  try {
    for (const key in Object.prototype) {
      const d = Reflect.getOwnPropertyDescriptor(Object.prototype, key);
      if (!d?.configurable) fail('bad-option', 'options', `Object.prototype has a fixed enumerable property ${quote(key)}; the engine cannot pass options into wasm while it is there`);
      Reflect.defineProperty(Object.prototype, key, { enumerable: false });
      hidden.push(key);
    }
    return fn();
  } finally {
    for (const key of hidden) {
      if (Reflect.getOwnPropertyDescriptor(Object.prototype, key)?.configurable) Reflect.defineProperty(Object.prototype, key, { enumerable: true });
    }
  }
}

// Until the adapter reports code and field itself, a plain message is routed by what it says.
function legacyRoute(message) {
  const named = /^(\w+) must be one of/.exec(message);
  if (named) return ['unknown-name', named[1]];
  if (/same output size/.test(message)) return ['does-not-fit', 'kernels'];
  if (/does not fit/.test(message)) return ['does-not-fit', 'kernel'];
  if (/^Output cell/.test(message)) return ['bad-value', 'i'];
  if (/image/i.test(message) && /too large|on a side/.test(message)) return ['too-large', 'image'];
  if (/too large|would be .* cells/.test(message)) return ['too-large', /kernel/i.test(message) ? 'kernel' : 'input'];
  if (/^Grayscale/.test(message)) return ['bad-option', 'grayscale'];
  if (/^A magnitude filter|^Give one kernel/.test(message)) return ['bad-option', 'filter'];
  const option = /^([\w.]+) must be/.exec(message);
  if (option) return ['bad-option', option[1]];
  return ['bad-value', /kernel/i.test(message) ? 'kernel' : 'input'];
}

function makeEngine(core) {
  const limits = Object.freeze({ maxMagnitude: 1e100, ...core.limits(), ...core.tensorLimits() });
  const filters = deepFreeze(core.filters());
  const options = optionTable(limits, filters.map((f) => f.id));
  const matrixLimits = { maxSide: limits.maxSide, maxCells: limits.maxCells, magnitude: limits.maxMagnitude };

  // The adapter answers with nothing or "" when fine, else an error: a message string, or an
  // object { error, code?, field? }.
  function check(result) {
    const message = typeof result === 'string' ? result : own(result, 'error');
    if (!message) return result;
    const [code, field] = CODES.includes(own(result, 'code')) && typeof own(result, 'field') === 'string'
      ? [own(result, 'code'), own(result, 'field')] : legacyRoute(message);
    // The core quotes names it was given; keep such quotes short whatever they hold.
    throw apiError(code, field, message.length > 400 ? `${message.slice(0, 400)}…` : message);
  }

  // Allocates the byte sizes given, runs fn(pointers) and frees everything, whatever happens.
  function withHeap(sizes, fn) {
    const ptrs = [];
    try {
      for (const size of sizes) {
        const p = core._malloc(Math.max(size, 8));
        if (!p) fail('too-large', 'input', `Not enough memory in the engine for ${Math.ceil(size / 2 ** 20)} MiB more; try a smaller input`);
        ptrs.push(p);
      }
      return fn(ptrs);
    } finally {
      for (const p of ptrs) core._free(p);
    }
  }

  // Every argument is read into a snapshot before anything is planned or allocated.
  function prepare(input, kernel, opts) {
    const inp = readMatrix(input, 'input', matrixLimits);
    const ker = readMatrix(kernel, 'kernel', { ...matrixLimits, maxCells: limits.maxKernelCells });
    const o = coreOptions(readOptions(options.convolve, 'convolve', opts, limits).values);
    const plan = planOf(check(acrossTheBoundary(() => core.plan(inp.height, inp.width, ker.height, ker.width, o))));
    return { inp, ker, o, plan };
  }

  function convolve(input, kernel, opts) {
    const { inp, ker, o, plan } = prepare(input, kernel, opts);
    const cells = plan.outHeight * plan.outWidth;
    return withHeap([inp.data.length * 8, ker.data.length * 8, cells * 8], ([pi, pk, po]) => {
      core.HEAPF64.set(inp.data, pi / 8);
      core.HEAPF64.set(ker.data, pk / 8);
      check(acrossTheBoundary(() => core.convolve(pi, inp.height, inp.width, pk, ker.height, ker.width, o, po, cells)));
      const data = new Float64Array(core.HEAPF64.buffer, po, cells).slice();
      return { height: plan.outHeight, width: plan.outWidth, data };
    });
  }

  function explain(input, kernel, opts, i, j) {
    const { inp, ker, o, plan: p } = prepare(input, kernel, opts);
    const size = `the output is ${p.outHeight}x${p.outWidth}`;
    readIndex(i, 'i', 'the output row', p.outHeight - 1, size);
    readIndex(j, 'j', 'the output column', p.outWidth - 1, size);
    return withHeap([inp.data.length * 8, ker.data.length * 8], ([pi, pk]) => {
      core.HEAPF64.set(inp.data, pi / 8);
      core.HEAPF64.set(ker.data, pk / 8);
      return check(acrossTheBoundary(() => core.explain(pi, inp.height, inp.width, pk, ker.height, ker.width, o, i, j)));
    });
  }

  function plan(inputShape, kernelShape, opts) {
    const inp = readShape(inputShape, 'input', matrixLimits);
    const ker = readShape(kernelShape, 'kernel', { ...matrixLimits, maxCells: limits.maxKernelCells });
    const o = coreOptions(readOptions(options.convolve, 'convolve', opts, limits).values);
    return planOf(check(acrossTheBoundary(() => core.plan(inp.height, inp.width, ker.height, ker.width, o))));
  }

  function imageKernels(values) {
    if (values.filter !== null) {
      const f = filters.find((x) => x.id === values.filter);
      return { kernels: f.kernels.map((k) => readMatrix(k, 'filter', matrixLimits)), filter: f };
    }
    return { kernels: values.kernel !== null ? [values.kernel] : values.kernels, filter: null };
  }

  function filterImage(image, opts) {
    const img = readImage(image, limits);
    if (opts === null || opts === undefined) opts = {};
    const { values, given } = readOptions(options.filterImage, 'filterImage', opts, limits);
    const { kernels, filter } = imageKernels(values);
    const o = coreOptions(values, {
      output: filter && !given.has('output') ? filter.output : values.output,
      combine: filter ? filter.combine : 'none',
      grayscale: values.grayscale,
      bias: values.bias,
    });
    const onProgress = values.onProgress;
    const dims = kernels.map((k) => [k.height, k.width]);
    const kernelCells = kernels.reduce((s, k) => s + k.data.length, 0);
    return withHeap([kernelCells * 8], ([pk]) => {
      let offset = pk / 8;
      for (const k of kernels) {
        core.HEAPF64.set(k.data, offset);
        offset += k.data.length;
      }
      // Planned before the pixels are copied, so an oversized image is refused before any allocation.
      const plan = planOf(check(acrossTheBoundary(() => core.planImage(img.width, img.height, pk, dims, o))));
      const outBytes = plan.outWidth * plan.outHeight * 4;
      return withHeap([img.bytes, outBytes], ([pi, po]) => {
        // The option getters ran after the header was read and may have resized the pixel buffer;
        // from here to the copy no caller code runs.
        if (imageBytesNow(img.data) !== img.bytes) {
          fail('bad-shape', 'image', `image.data changed its length while the arguments were read (${img.bytes} bytes when first read); pass pixels that stay the same until the call returns`);
        }
        core.HEAPU8.set(img.data, pi);
        let callbackError = null;
        // A throw inside the callback would unwind through wasm frames and skip C++ destructors.
        const progress = onProgress && ((f) => {
          if (callbackError) return;
          try { onProgress(f); } catch (err) { callbackError = err; }
        });
        check(acrossTheBoundary(() => core.filterImage(pi, img.width, img.height, pk, dims, o, po, progress ?? null)));
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
    ...tensorApi(core, { limits, options, check, withHeap, acrossTheBoundary, own, coreOptions }),
    filters,
    limits,
    options,
    /** Diagnostics: the wasm heap's size and the bytes malloc currently hands out. */
    memory: () => ({ heapBytes: core.HEAPU8.length, inUse: core.heapInUse() }),
  });
}
