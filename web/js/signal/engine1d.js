// The engine's 1-D calls. engine.convolve1d is the call (SEMANTICS §6); an engine built
// before it existed is driven through convolve/explain/plan on the 1×L form, which §6
// defines to be exactly the same operation. No arithmetic happens here.

/** convolve1d options → the 1×L form's convolve options. */
export function to2d(o) {
  const padding = typeof o.padding === 'object'
    ? { top: 0, bottom: 0, left: o.padding.left, right: o.padding.right }
    : o.padding;
  return {
    strideY: 1, strideX: o.stride, dilationY: 1, dilationX: o.dilation,
    padding, border: o.border, constant: o.constant, flip: o.flip,
  };
}

const FIELD_1D = { input: 'signal', strideX: 'stride', dilationX: 'dilation', 'padding.left': 'padding', 'padding.right': 'padding' };

/** An engine error from the 1×L form, with its field named as the 1-D call names it. */
function as1d(err) {
  if (err && typeof err === 'object' && err.field && FIELD_1D[err.field]) err.field = FIELD_1D[err.field];
  return err;
}

const row = (values) => ({ height: 1, width: values.length, data: values });

export function convolve1d(engine, signal, kernel, o) {
  if (typeof engine.convolve1d === 'function') return engine.convolve1d(signal, kernel, o);
  try {
    const r = engine.convolve(row(signal), row(kernel), to2d(o));
    return { length: r.width, data: r.data };
  } catch (err) { throw as1d(err); }
}

/** { length, left, right, extent } of the output for these options. */
export function plan1d(engine, signalLength, kernelLength, o) {
  try {
    const p = engine.plan({ height: 1, width: signalLength }, { height: 1, width: kernelLength }, to2d(o));
    return { length: p.outWidth, left: p.padding.left, right: p.padding.right, extent: p.extentX };
  } catch (err) { throw as1d(err); }
}

/** The taps of output sample t: [{ kernelIndex, index, inside, value, weight, product }], sum. */
export function explain1d(engine, signal, kernel, o, t) {
  try {
    const e = engine.explain(row(signal), row(kernel), to2d(o), 0, t);
    return {
      t, sum: e.sum,
      taps: e.taps.map((p) => ({ kernelIndex: p.kernelCol, index: p.inputCol, inside: p.inside, value: p.value, weight: p.weight, product: p.product })),
    };
  } catch (err) { throw as1d(err); }
}

/** The signal with its padding as the border mode fills it: values for indices −left … L + right − 1. */
export function padded1d(engine, signal, { left, right, border, constant }) {
  const r = convolve1d(engine, signal, [1], { stride: 1, dilation: 1, padding: { left, right }, border, constant, flip: false });
  return { start: -left, values: Array.from(r.data) };
}
