// Random calls of convolve1d, convolveTranspose, explainTranspose, convLayer, explainLayer,
// relu and pool (SEMANTICS.md sections 6-8) for api-fuzz.mjs, each with its expected outcome
// from oracles written here from the contract's formulas (convolve1d and the layer on top of
// the 2-D oracle, since the contract defines them through convolve). Values are exact
// (cases.mjs), so every sum is exact in any order and results compare bit for bit.
import { convolveOracle } from '../node/oracle.mjs';
import { BORDERS, exactValue, randomMatrix, randomOptions, sameMatrix } from './cases.mjs';

const values = (r, n) => Array.from({ length: n }, () => exactValue(r));

function sameData(got, want) {
  if (!(got instanceof Float64Array)) return 'data is not a Float64Array';
  if (got.length !== want.length) return `${got.length} values, want ${want.length}`;
  for (let k = 0; k < want.length; k++) if (got[k] !== want[k]) return `value ${k}: ${got[k]}, want ${want[k]}`;
  return '';
}

// ---- convolve1d: convolve on the 1xL form -----------------------------------------------

export function convolve1dCase(r, engine) {
  const signal = values(r, r.int(1, 24));
  const kernel = values(r, r.int(1, 7));
  const o = {};
  if (r() < 0.5) o.stride = r.int(1, 4);
  if (r() < 0.4) o.dilation = r.int(1, 3);
  if (r() < 0.7) o.padding = r() < 0.7 ? r.pick(['valid', 'same', 'full']) : { left: r.int(0, 4), right: r.int(0, 4) };
  if (r() < 0.4) o.border = r.pick(BORDERS);
  if (r() < 0.3) o.constant = exactValue(r);
  if (r() < 0.5) o.flip = r() < 0.5;
  const two = { strideX: o.stride, dilationX: o.dilation, border: o.border, constant: o.constant, flip: o.flip };
  two.padding = typeof o.padding === 'object' ? { top: 0, bottom: 0, ...o.padding } : o.padding;
  const want = convolveOracle({ height: 1, width: signal.length, data: signal }, { height: 1, width: kernel.length, data: kernel }, two);
  const input = r() < 0.5 ? signal : Float64Array.from(signal);
  return {
    name: 'convolve1d',
    run: () => engine.convolve1d(input, kernel, o),
    expect: want === null ? { error: ['does-not-fit'], field: 'kernel' } : {
      compare: (got) => (got.length !== want.width ? `length ${got.length}, want ${want.width}` : sameData(got.data, want.data)),
    },
    detail: () => JSON.stringify({ signal, kernel, o }),
  };
}

// ---- transposed convolution: the scatter of section 7 --------------------------------

function transposeOracle(input, kernel, o) {
  const { top, bottom, left, right } = o.crop;
  const H = input.height;
  const W = input.width;
  const M = kernel.height;
  const N = kernel.width;
  const outH = (H - 1) * o.sy - top - bottom + o.dy * (M - 1) + o.opy + 1;
  const outW = (W - 1) * o.sx - left - right + o.dx * (N - 1) + o.opx + 1;
  if (outH < 1 || outW < 1) return null;
  const data = new Float64Array(outH * outW);
  for (let i = 0; i < H; i++) {
    for (let j = 0; j < W; j++) {
      for (let m = 0; m < M; m++) {
        for (let n = 0; n < N; n++) {
          const row = i * o.sy + m * o.dy - top;
          const col = j * o.sx + n * o.dx - left;
          if (row >= 0 && row < outH && col >= 0 && col < outW) data[row * outW + col] += input.data[i * W + j] * kernel.data[m * N + n];
        }
      }
    }
  }
  return { height: outH, width: outW, data };
}

export function transposeCase(r, engine) {
  const input = randomMatrix(r, 6, 6);
  const kernel = randomMatrix(r, 4, 4);
  const g = { sy: r.int(1, 3), sx: r.int(1, 3), dy: r.int(1, 3), dx: r.int(1, 3) };
  const p = r() < 0.5 ? r.int(0, 2) : { top: r.int(0, 3), bottom: r.int(0, 3), left: r.int(0, 3), right: r.int(0, 3) };
  g.crop = typeof p === 'number' ? { top: p, bottom: p, left: p, right: p } : p;
  // Now and then an output padding at its bound, which must be refused.
  const over = r() < 0.1;
  g.opy = over ? Math.max(g.sy, g.dy) : r.int(0, Math.max(g.sy, g.dy) - 1);
  g.opx = r.int(0, Math.max(g.sx, g.dx) - 1);
  const options = { strideY: g.sy, strideX: g.sx, dilationY: g.dy, dilationX: g.dx, padding: p, outputPaddingY: g.opy, outputPaddingX: g.opx };
  const want = over ? null : transposeOracle(input, kernel, g);
  const detail = () => JSON.stringify({ input, kernel, options });
  if (over) return { name: 'convolveTranspose', run: () => engine.convolveTranspose(input, kernel, options), expect: { error: ['bad-option'], field: 'outputPaddingY' }, detail };
  if (want === null) return { name: 'convolveTranspose', run: () => engine.convolveTranspose(input, kernel, options), expect: { error: ['does-not-fit'], field: 'padding' }, detail };
  if (r() < 0.7) return { name: 'convolveTranspose', run: () => engine.convolveTranspose(input, kernel, options), expect: { compare: (got) => sameMatrix(got, want) }, detail };
  // explainTranspose of one input cell: its inside products are its share of the output.
  const i = r.int(0, input.height - 1);
  const j = r.int(0, input.width - 1);
  return {
    name: 'explainTranspose',
    run: () => engine.explainTranspose(input, kernel, options, i, j),
    expect: {
      compare: (ex) => {
        if (ex.value !== input.data[i * input.width + j] || ex.targets.length !== kernel.height * kernel.width) return 'value or target count';
        for (const [k, t] of ex.targets.entries()) {
          const m = Math.floor(k / kernel.width);
          const n = k % kernel.width;
          const row = i * g.sy + m * g.dy - g.crop.top;
          const col = j * g.sx + n * g.dx - g.crop.left;
          const inside = row >= 0 && row < want.height && col >= 0 && col < want.width;
          if (t.kernelRow !== m || t.kernelCol !== n || t.outputRow !== row || t.outputCol !== col || t.inside !== inside) return `target ${k}: ${JSON.stringify(t)}`;
          if (t.weight !== kernel.data[k] || t.product !== ex.value * t.weight) return `target ${k} product`;
        }
        return '';
      },
    },
    detail,
  };
}

// ---- layers: bias[o] + the sum over c of convolve(input[c], weights[o][c]) ----------

export function layerCase(r, engine) {
  const C = r.int(1, 3);
  const O = r.int(1, 3);
  const H = r.int(1, 7);
  const W = r.int(1, 7);
  const M = r.int(1, 3);
  const N = r.int(1, 3);
  const input = { channels: C, height: H, width: W, data: values(r, C * H * W) };
  const weights = { outChannels: O, inChannels: C, height: M, width: N, data: values(r, O * C * M * N) };
  const options = randomOptions(r) ?? {};
  const bias = r() < 0.6 ? values(r, O) : null;
  if (bias) options.bias = bias;
  const planes = [];
  let shape = null;
  for (let o = 0; o < O && planes.length === o; o++) {
    let total = null;
    for (let c = 0; c < C; c++) {
      const part = convolveOracle({ height: H, width: W, data: input.data.slice(c * H * W, (c + 1) * H * W) },
        { height: M, width: N, data: weights.data.slice((o * C + c) * M * N, (o * C + c + 1) * M * N) }, options);
      if (part === null) break;
      shape = part;
      total = total ? total.map((v, k) => v + part.data[k]) : Array.from(part.data);
    }
    if (total) planes.push(total.map((v) => (bias ? bias[o] : 0) + v));
  }
  const detail = () => JSON.stringify({ input, weights, options });
  if (planes.length < O) return { name: 'convLayer', run: () => engine.convLayer(input, weights, options), expect: { error: ['does-not-fit'], field: 'weights' }, detail };
  const want = planes.flat();
  if (r() < 0.7) {
    return {
      name: 'convLayer',
      run: () => engine.convLayer(input, weights, options),
      expect: { compare: (got) => (got.channels !== O || got.height !== shape.height || got.width !== shape.width ? 'shape' : sameData(got.data, want)) },
      detail,
    };
  }
  const [o, i, j] = [r.int(0, O - 1), r.int(0, shape.height - 1), r.int(0, shape.width - 1)];
  return {
    name: 'explainLayer',
    run: () => engine.explainLayer(input, weights, options, o, i, j),
    expect: {
      compare: (ex) => {
        if (ex.sum !== want[(o * shape.height + i) * shape.width + j]) return `sum ${ex.sum}, want ${want[(o * shape.height + i) * shape.width + j]}`;
        if (ex.taps.length !== C * M * N) return `${ex.taps.length} taps`;
        return ex.bias + ex.taps.reduce((s, t) => s + t.product, 0) === ex.sum ? '' : 'bias + products differ from sum';
      },
    },
    detail,
  };
}

// ---- ReLU and pooling ----------------------------------------------------------------

export function poolCase(r, engine) {
  const C = r.int(1, 3);
  const H = r.int(1, 8);
  const W = r.int(1, 8);
  const t = { channels: C, height: H, width: W, data: values(r, C * H * W) };
  const detail = () => JSON.stringify({ t });
  if (r() < 0.2) {
    return {
      name: 'relu',
      run: () => engine.relu(t),
      expect: { compare: (got) => (got.data.some((v, k) => !Object.is(v, t.data[k] > 0 ? t.data[k] : 0)) ? 'a value is not max(0, v) with +0' : '') },
      detail,
    };
  }
  const mode = r.pick(['max', 'average']);
  const h = r.int(1, H + (r() < 0.1 ? 1 : 0));
  const w = r.int(1, W);
  const o = { mode, height: h, width: w };
  if (r() < 0.5) o.strideY = r.int(1, 3);
  if (r() < 0.5) o.strideX = r.int(1, 3);
  if (h > H) return { name: 'pool', run: () => engine.pool(t, o), expect: { error: ['does-not-fit'], field: 'height' }, detail };
  const sy = o.strideY ?? h;
  const sx = o.strideX ?? w;
  const outH = Math.floor((H - h) / sy) + 1;
  const outW = Math.floor((W - w) / sx) + 1;
  const want = [];
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < outH; i++) {
      for (let j = 0; j < outW; j++) {
        const window = [];
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) window.push(t.data[(c * H + i * sy + y) * W + j * sx + x]);
        want.push(mode === 'max' ? Math.max(...window) : window.reduce((s, v) => s + v, 0) / (h * w));
      }
    }
  }
  return {
    name: 'pool',
    run: () => engine.pool(t, o),
    expect: { compare: (got) => (got.channels !== C || got.height !== outH || got.width !== outW ? 'shape' : sameData(got.data, want)) },
    detail,
  };
}
