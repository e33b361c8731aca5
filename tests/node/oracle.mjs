// An independent JS reading of SEMANTICS.md, written from the text rather than from the
// C++ code, so the Node tests check the wasm module and its option mapping against it.

export function borderIndex(p, n, mode) {
  if (p >= 0 && p < n) return p;
  const mod = (a, m) => ((a % m) + m) % m;
  switch (mode) {
    case 'constant': return -1;
    case 'replicate': return p < 0 ? 0 : n - 1;
    case 'reflect': { const q = mod(p, 2 * n); return q < n ? q : 2 * n - 1 - q; }
    case 'reflect101': { if (n === 1) return 0; const q = mod(p, 2 * n - 2); return q < n ? q : 2 * n - 2 - q; }
    case 'wrap': return mod(p, n);
    default: throw new Error(`oracle: unknown border ${mode}`);
  }
}

function axis(size, k, stride, dilation, padding, before, after) {
  const extent = dilation * (k - 1) + 1;
  let b = 0;
  let a = 0;
  if (padding === 'same') {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + extent - size, 0);
    b = Math.floor(total / 2);
    a = total - b;
  } else if (padding === 'full') {
    b = a = extent - 1;
  } else if (typeof padding === 'object') {
    b = padding[before] ?? 0;
    a = padding[after] ?? 0;
  }
  return { before: b, after: a, extent, out: Math.floor((size + b + a - extent) / stride) + 1 };
}

/** The plan of SEMANTICS.md sections 1-2 from shapes alone; null when the kernel does not fit. */
export function planOracle(input, kernel, o = {}) {
  const { strideY = 1, strideX = 1, dilationY = 1, dilationX = 1, padding = 'valid' } = o;
  const ry = axis(input.height, kernel.height, strideY, dilationY, padding, 'top', 'bottom');
  const rx = axis(input.width, kernel.width, strideX, dilationX, padding, 'left', 'right');
  if (ry.out < 1 || rx.out < 1) return null;
  return { outHeight: ry.out, outWidth: rx.out, padding: { top: ry.before, bottom: ry.after, left: rx.before, right: rx.after }, extentY: ry.extent, extentX: rx.extent };
}

/** The taps of output cell (i, j) in window order, as engine.explain() describes them (SEMANTICS.md section 5). */
export function explainOracle(input, kernel, o, i, j) {
  const { strideY = 1, strideX = 1, dilationY = 1, dilationX = 1, border = 'constant', constant = 0, flip = false } = o;
  const p = planOracle(input, kernel, o);
  const M = kernel.height;
  const N = kernel.width;
  const taps = [];
  let sum = 0;
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      const inputRow = i * strideY + m * dilationY - p.padding.top;
      const inputCol = j * strideX + n * dilationX - p.padding.left;
      const inside = inputRow >= 0 && inputRow < input.height && inputCol >= 0 && inputCol < input.width;
      const r = borderIndex(inputRow, input.height, border);
      const c = borderIndex(inputCol, input.width, border);
      const value = r < 0 || c < 0 ? constant : input.data[r * input.width + c];
      const kernelRow = flip ? M - 1 - m : m;
      const kernelCol = flip ? N - 1 - n : n;
      const weight = kernel.data[kernelRow * N + kernelCol];
      const product = value * weight;
      sum += product;
      taps.push({ kernelRow, kernelCol, inputRow, inputCol, inside, value, weight, product });
    }
  }
  return { row: i, col: j, sum, taps };
}

/** Naive convolution of { height, width, data } matrices; returns null when the kernel does not fit. */
export function convolveOracle(input, kernel, o = {}) {
  const { strideY = 1, strideX = 1, dilationY = 1, dilationX = 1, padding = 'valid', border = 'constant', constant = 0, flip = false } = o;
  const M = kernel.height;
  const N = kernel.width;
  const ry = axis(input.height, M, strideY, dilationY, padding, 'top', 'bottom');
  const rx = axis(input.width, N, strideX, dilationX, padding, 'left', 'right');
  if (ry.out < 1 || rx.out < 1) return null;
  const data = new Float64Array(ry.out * rx.out);
  for (let i = 0; i < ry.out; i++) {
    for (let j = 0; j < rx.out; j++) {
      let s = 0;
      for (let m = 0; m < M; m++) {
        for (let n = 0; n < N; n++) {
          const r = borderIndex(i * strideY + m * dilationY - ry.before, input.height, border);
          const c = borderIndex(j * strideX + n * dilationX - rx.before, input.width, border);
          const v = r < 0 || c < 0 ? constant : input.data[r * input.width + c];
          const w = flip ? kernel.data[(M - 1 - m) * N + (N - 1 - n)] : kernel.data[m * N + n];
          s += v * w;
        }
      }
      data[i * rx.out + j] = s;
    }
  }
  return { height: ry.out, width: rx.out, data };
}

// SEMANTICS' sqrt(gx² + gy²); where the squares overflow (a 1e100 border under a large weight) the
// root is taken without the overflow.
function magnitude(gx, gy) {
  const s = gx * gx + gy * gy;
  return s === Infinity ? Math.hypot(gx, gy) : Math.sqrt(s);
}

const toByte = (v) => Math.min(255, Math.max(0, Math.sign(v) * Math.round(Math.abs(v))));

/**
 * Naive image filtering per SEMANTICS.md section 4 (one kernel, per-channel kernels, or magnitude of two).
 * Besides the bytes it returns `levels`: each colour value after the output mode and before rounding
 * (NaN for alpha), which is what the contract's tolerance is measured on. Per-channel kernels whose
 * output sizes differ throw an Error with code 'does-not-fit'.
 */
export function filterImageOracle(image, { kernels, combine = 'none', output = 'clamp', grayscale = false, bias = 0, ...conv }) {
  const { width, height, data } = image;
  // An option given as undefined is absent (SEMANTICS section 5), so it keeps the image default.
  const opts = { padding: 'same', border: 'replicate' };
  for (const [key, v] of Object.entries(conv)) if (v !== undefined) opts[key] = v;
  const plane = (f) => ({ height, width, data: Float64Array.from({ length: width * height }, (_, p) => f(p)) });
  const passes = grayscale
    ? [{ source: plane((p) => 0.299 * data[4 * p] + 0.587 * data[4 * p + 1] + 0.114 * data[4 * p + 2]), targets: [0, 1, 2], ks: kernels.slice(0, combine === 'magnitude' ? 2 : 1) }]
    : [0, 1, 2].map((c) => ({
      source: plane((p) => data[4 * p + c]),
      targets: [c],
      ks: combine === 'magnitude' ? kernels : [kernels.length === 3 ? kernels[c] : kernels[0]],
    }));
  let outW = 0;
  let outH = 0;
  const values = passes.map(({ source, ks }, pass) => {
    const results = ks.map((k) => convolveOracle(source, k, opts));
    if (results.some((r) => r === null)) throw Object.assign(new Error('oracle: the kernel does not fit'), { code: 'does-not-fit' });
    if (pass > 0 && (results[0].width !== outW || results[0].height !== outH)) {
      throw Object.assign(new Error('oracle: per-channel output sizes differ'), { code: 'does-not-fit' });
    }
    outW = results[0].width;
    outH = results[0].height;
    return results[0].data.map((v, p) => (combine === 'magnitude' ? magnitude(v, results[1].data[p]) : v) + bias);
  });
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) for (const x of v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  const out = new Uint8ClampedArray(outW * outH * 4);
  const levels = new Float64Array(outW * outH * 4).fill(NaN);
  passes.forEach(({ targets }, k) => {
    values[k].forEach((v, p) => {
      let x = v;
      if (output === 'abs') x = Math.abs(v);
      else if (output === 'offset') x = v + 128;
      else if (output === 'normalize') x = hi > lo ? ((v - lo) / (hi - lo)) * 255 : 0;
      for (const t of targets) {
        out[4 * p + t] = toByte(x);
        levels[4 * p + t] = x;
      }
    });
  });
  const same = outW === width && outH === height;
  for (let p = 0; p < outW * outH; p++) out[4 * p + 3] = same ? data[4 * p + 3] : 255;
  return { width: outW, height: outH, data: out, levels };
}

/** A seeded generator (mulberry32), so a failing random case can be replayed. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = (list) => list[Math.floor(next() * list.length)];
  return next;
}
