// A naive transposed convolution written straight from SEMANTICS §7, for tests only:
// it checks the engine's numbers and stands in for engine.convolveTranspose in test
// fixtures while an engine build lacks the call. Never imported by web/.
const pads = (p) => (typeof p === 'number' ? { top: p, bottom: p, left: p, right: p } : { top: 0, bottom: 0, left: 0, right: 0, ...p });

function opts(o = {}) {
  return {
    sy: o.strideY ?? 1, sx: o.strideX ?? 1, dy: o.dilationY ?? 1, dx: o.dilationX ?? 1,
    p: pads(o.padding ?? 0), opy: o.outputPaddingY ?? 0, opx: o.outputPaddingX ?? 0,
  };
}

export function convolveTranspose(X, K, o) {
  const { sy, sx, dy, dx, p, opy, opx } = opts(o);
  const H = (X.height - 1) * sy - p.top - p.bottom + dy * (K.height - 1) + opy + 1;
  const W = (X.width - 1) * sx - p.left - p.right + dx * (K.width - 1) + opx + 1;
  if (H < 1 || W < 1) { const e = new Error('output smaller than 1'); e.code = 'does-not-fit'; e.field = 'padding'; throw e; }
  const data = new Float64Array(H * W);
  for (let i = 0; i < X.height; i++) for (let j = 0; j < X.width; j++) {
    for (let m = 0; m < K.height; m++) for (let n = 0; n < K.width; n++) {
      const r = i * sy + m * dy - p.top;
      const c = j * sx + n * dx - p.left;
      if (r >= 0 && r < H && c >= 0 && c < W) data[r * W + c] += X.data[i * X.width + j] * K.data[m * K.width + n];
    }
  }
  return { height: H, width: W, data };
}

export function explainTranspose(X, K, o, i, j) {
  const { sy, sx, dy, dx, p } = opts(o);
  const out = convolveTranspose(X, K, o);
  const value = X.data[i * X.width + j];
  const targets = [];
  for (let m = 0; m < K.height; m++) for (let n = 0; n < K.width; n++) {
    const r = i * sy + m * dy - p.top;
    const c = j * sx + n * dx - p.left;
    const weight = K.data[m * K.width + n];
    targets.push({ kernelRow: m, kernelCol: n, outputRow: r, outputCol: c, inside: r >= 0 && r < out.height && c >= 0 && c < out.width, weight, product: value * weight });
  }
  return { row: i, col: j, value, targets };
}

/** The engine with the transposed calls filled in from this oracle where it lacks them. */
export function withTransposeOracle(engine) {
  if (typeof engine.convolveTranspose === 'function') return engine;
  return Object.assign(Object.create(engine), { convolveTranspose, explainTranspose });
}
