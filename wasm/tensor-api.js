// The JS API of the 1-D, transposed-convolution, layer, ReLU and pooling calls (SEMANTICS.md
// sections 6-8), composed into the engine object by convolution.js. Same rules as the other
// calls: every argument is read once into a snapshot (args.js, read-options.js) before any
// planning or allocation; the core plans from shapes alone, then the data is copied into
// the heap and the core checks and computes; errors carry code and field.
import { readIndex, readMatrix, readNumbers, readTensor } from './args.js';
import { readOptions } from './read-options.js';

/**
 * The calls, given the engine's internals: core (the embind module), limits, options (the
 * option table), check (adapter answer → value or thrown Error), withHeap, acrossTheBoundary
 * and own (an own data property of an adapter answer).
 */
export function tensorApi(core, { limits, options, check, withHeap, acrossTheBoundary, own, coreOptions }) {
  const magnitude = limits.maxMagnitude;
  const matrixLimits = { maxSide: limits.maxSide, maxCells: limits.maxCells, magnitude };
  const kernelLimits = { ...matrixLimits, maxCells: limits.maxKernelCells };
  const TENSOR = { dims: ['channels', 'height', 'width'], labels: ['channel', 'row', 'column'] };
  const WEIGHTS = { dims: ['outChannels', 'inChannels', 'height', 'width'], labels: ['output channel', 'input channel', 'row', 'column'] };

  const call = (fn) => check(acrossTheBoundary(fn));
  const put = (ptr, data) => core.HEAPF64.set(data, ptr / 8);
  const take = (ptr, n) => new Float64Array(core.HEAPF64.buffer, ptr, n).slice();
  // Sizes from an adapter answer, read as own data properties (a polluted prototype cannot supply them).
  const size = (answer, key) => {
    const v = own(answer, key);
    if (!Number.isSafeInteger(v) || v < 0) throw new Error(`internal: the engine's plan has no ${key}`);
    return v;
  };

  function readTensorArg(x, field) {
    const { sizes, data } = readTensor(x, field, {
      ...TENSOR, maxSide: limits.maxSide, maxCells: limits.maxTensorCells, magnitude,
      example: `${field} must be { channels, height, width, data } or nested arrays [channel][row][column]`,
    });
    return { channels: sizes[0], height: sizes[1], width: sizes[2], data };
  }

  function readWeights(x) {
    const { sizes, data } = readTensor(x, 'weights', {
      ...WEIGHTS, maxSide: limits.maxSide, maxCells: limits.maxWeightCells, magnitude,
      example: 'weights must be { outChannels, inChannels, height, width, data } or nested arrays [o][c][row][column]',
    });
    const [outChannels, inChannels, height, width] = sizes;
    return { outChannels, inChannels, height, width, data };
  }

  const readSignal = (x, field) => readNumbers(x, field, { label: 'sample', maxLength: limits.maxSide, magnitude });

  // ---- convolve1d ----------------------------------------------------------------------

  function signalOptions(v) {
    const sides = typeof v.padding === 'object';
    return {
      stride: v.stride, dilation: v.dilation, padding: sides ? 'explicit' : v.padding,
      padLeft: sides ? v.padding.left : 0, padRight: sides ? v.padding.right : 0,
      border: v.border, constant: v.constant, flip: v.flip,
    };
  }

  function convolve1d(signal, kernel, opts) {
    const x = readSignal(signal, 'signal');
    const h = readSignal(kernel, 'kernel');
    const o = signalOptions(readOptions(options.convolve1d, 'convolve1d', opts, limits).values);
    const length = size(call(() => core.planSignal(x.length, h.length, o)), 'outLength');
    return withHeap([x.length * 8, h.length * 8, length * 8], ([px, ph, po]) => {
      put(px, x);
      put(ph, h);
      call(() => core.convolve1d(px, x.length, ph, h.length, o, po, length));
      return { length, data: take(po, length) };
    });
  }

  // ---- transposed convolution ---------------------------------------------------------

  function transposeArgs(input, kernel, opts) {
    const inp = readMatrix(input, 'input', matrixLimits);
    const ker = readMatrix(kernel, 'kernel', kernelLimits);
    const v = readOptions(options.convolveTranspose, 'convolveTranspose', opts, limits).values;
    const p = typeof v.padding === 'number' ? { top: v.padding, bottom: v.padding, left: v.padding, right: v.padding } : v.padding;
    const o = {
      strideY: v.strideY, strideX: v.strideX, dilationY: v.dilationY, dilationX: v.dilationX,
      padTop: p.top, padBottom: p.bottom, padLeft: p.left, padRight: p.right,
      outputPaddingY: v.outputPaddingY, outputPaddingX: v.outputPaddingX,
    };
    const plan = call(() => core.planTranspose(inp.height, inp.width, ker.height, ker.width, o));
    return { inp, ker, o, outHeight: size(plan, 'outHeight'), outWidth: size(plan, 'outWidth') };
  }

  function convolveTranspose(input, kernel, opts) {
    const { inp, ker, o, outHeight, outWidth } = transposeArgs(input, kernel, opts);
    const cells = outHeight * outWidth;
    return withHeap([inp.data.length * 8, ker.data.length * 8, cells * 8], ([pi, pk, po]) => {
      put(pi, inp.data);
      put(pk, ker.data);
      call(() => core.convolveTranspose(pi, inp.height, inp.width, pk, ker.height, ker.width, o, po, cells));
      return { height: outHeight, width: outWidth, data: take(po, cells) };
    });
  }

  function explainTranspose(input, kernel, opts, i, j) {
    const { inp, ker, o } = transposeArgs(input, kernel, opts);
    const shape = `the input is ${inp.height}x${inp.width}`;
    readIndex(i, 'i', 'the input row', inp.height - 1, shape);
    readIndex(j, 'j', 'the input column', inp.width - 1, shape);
    return withHeap([inp.data.length * 8, ker.data.length * 8], ([pi, pk]) => {
      put(pi, inp.data);
      put(pk, ker.data);
      return call(() => core.explainTranspose(pi, inp.height, inp.width, pk, ker.height, ker.width, o, i, j));
    });
  }

  // ---- layers ----------------------------------------------------------------------

  function layerArgs(input, weights, opts) {
    const inp = readTensorArg(input, 'input');
    const w = readWeights(weights);
    const { values } = readOptions(options.convLayer, 'convLayer', opts, limits);
    const o = coreOptions(values); // convolve's fields; the LayerOptions value_object reads only those
    const bias = values.bias; // a Float64Array snapshot, or null for zeros
    const biasLength = bias === null ? -1 : bias.length;
    const plan = call(() => core.planLayer(inp.channels, inp.height, inp.width, w.outChannels, w.inChannels, w.height, w.width, biasLength, o));
    return { inp, w, o, bias, biasLength, outHeight: size(plan, 'outHeight'), outWidth: size(plan, 'outWidth') };
  }

  function withLayer(a, extra, fn) {
    const biasBytes = a.bias === null ? 0 : a.bias.length * 8;
    return withHeap([a.inp.data.length * 8, a.w.data.length * 8, biasBytes, ...extra], ([pi, pw, pb, ...rest]) => {
      put(pi, a.inp.data);
      put(pw, a.w.data);
      if (a.bias !== null) put(pb, a.bias);
      const args = [pi, a.inp.channels, a.inp.height, a.inp.width, pw, a.w.outChannels, a.w.inChannels, a.w.height, a.w.width, pb, a.biasLength, a.o];
      return fn(args, rest);
    });
  }

  function convLayer(input, weights, opts) {
    const a = layerArgs(input, weights, opts);
    const cells = a.w.outChannels * a.outHeight * a.outWidth;
    return withLayer(a, [cells * 8], (args, [po]) => {
      call(() => core.convLayer(...args, po, cells));
      return { channels: a.w.outChannels, height: a.outHeight, width: a.outWidth, data: take(po, cells) };
    });
  }

  function explainLayer(input, weights, opts, o, i, j) {
    const a = layerArgs(input, weights, opts);
    const shape = `the output is ${a.w.outChannels}x${a.outHeight}x${a.outWidth}`;
    readIndex(o, 'o', 'the output channel', a.w.outChannels - 1, shape);
    readIndex(i, 'i', 'the output row', a.outHeight - 1, shape);
    readIndex(j, 'j', 'the output column', a.outWidth - 1, shape);
    return withLayer(a, [], (args) => call(() => core.explainLayer(...args, o, i, j)));
  }

  // ---- ReLU and pooling --------------------------------------------------------------

  function relu(tensor) {
    const t = readTensorArg(tensor, 'tensor');
    call(() => core.planTensor(t.channels, t.height, t.width));
    const cells = t.data.length;
    return withHeap([cells * 8, cells * 8], ([pi, po]) => {
      put(pi, t.data);
      call(() => core.relu(pi, t.channels, t.height, t.width, po));
      return { channels: t.channels, height: t.height, width: t.width, data: take(po, cells) };
    });
  }

  function pool(tensor, opts) {
    const t = readTensorArg(tensor, 'tensor');
    const v = readOptions(options.pool, 'pool', opts, limits).values;
    const o = { mode: v.mode, height: v.height, width: v.width, strideY: v.strideY, strideX: v.strideX };
    const plan = call(() => core.planPool(t.channels, t.height, t.width, o));
    const outHeight = size(plan, 'outHeight');
    const outWidth = size(plan, 'outWidth');
    const cells = t.channels * outHeight * outWidth;
    return withHeap([t.data.length * 8, cells * 8], ([pi, po]) => {
      put(pi, t.data);
      call(() => core.pool(pi, t.channels, t.height, t.width, o, po, cells));
      return { channels: t.channels, height: outHeight, width: outWidth, data: take(po, cells) };
    });
  }

  return { convolve1d, convolveTranspose, explainTranspose, convLayer, explainLayer, relu, pool };
}
