// "Export as code": the current matrix example as three Python snippets (NumPy/SciPy,
// PyTorch, OpenCV) that compute exactly what engine.convolve computes
// (SEMANTICS §1-§3, §5). Pure: no engine, no DOM.
//
//   import { exportCode } from '../shared/export-code.js';
//   const { numpy, torch, opencv } = exportCode({ input, kernel, options });
//
// input, kernel: arrays of rows ([[1, 2], [3, 4]]) or { height, width, data } (row-major).
// options: engine.convolve's options; missing ones take SEMANTICS §5's defaults.
// Errors are Errors with `code` and `field` like the engine's.
//
// Every snippet pads explicitly and then takes "valid" windows, because that is the
// one formulation all three libraries share. Where a library's padding routine
// differs from SEMANTICS §3 (checked against the engine in tests/node/export-code),
// the snippet pads by gathering the row and column indices the border rule names.

const BORDERS = ['constant', 'replicate', 'reflect', 'reflect101', 'wrap'];
const KEYS = ['strideY', 'strideX', 'dilationY', 'dilationX', 'padding', 'border', 'constant', 'flip'];
const SIDES = ['top', 'bottom', 'left', 'right'];

// What each border looks like for a row a b c d, for the comments.
const PICTURE = {
  constant: 'c c │ a b c d │ c c',
  replicate: 'a a │ a b c d │ d d',
  reflect: 'b a │ a b c d │ d c',
  reflect101: 'c b │ a b c d │ c b',
  wrap: 'c d │ a b c d │ a b',
};

// Python for the index a border mode reads at position p of an axis of length n (SEMANTICS §3).
const INDEX_RULE = {
  reflect: ['q = p % (2 * n)  # reflect repeats every 2n cells', 'return q if q < n else 2 * n - 1 - q'],
  reflect101: ['if n == 1:', '    return 0', 'q = p % (2 * n - 2)  # reflect101 repeats every 2n - 2 cells', 'return q if q < n else 2 * n - 2 - q'],
  wrap: ['return p % n'],
};

function fail(code, field, message) {
  const err = new Error(message);
  err.code = code;
  err.field = field;
  return err;
}

/** A number as a Python literal that reads back as the same float64 (shortest round trip). */
export function pyNumber(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw fail('bad-value', 'value', `${String(x)} is not a finite number`);
  if (Object.is(x, -0)) return '-0.0';
  return String(x); // JS prints the shortest digits that round-trip; Python parses 1e-7 and 1e+21 alike
}

function readMatrix(x, name) {
  let rows = x;
  if (x && !Array.isArray(x) && typeof x === 'object' && Number.isInteger(x.height) && Number.isInteger(x.width)
      && x.data && x.data.length === x.height * x.width && x.height > 0 && x.width > 0) {
    const flat = Array.from(x.data);
    rows = Array.from({ length: x.height }, (_, r) => flat.slice(r * x.width, (r + 1) * x.width));
  }
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => Array.isArray(r) || ArrayBuffer.isView(r))) {
    throw fail('bad-shape', name, `${name} must be a non-empty array of rows such as [[1, 2], [3, 4]] or { height, width, data }`);
  }
  const width = rows[0].length;
  if (width === 0 || rows.some((r) => r.length !== width)) {
    throw fail('bad-shape', name, `${name} rows must all have the same length, at least 1 (row 0 has ${width})`);
  }
  const out = rows.map((r) => Array.from(r));
  out.forEach((r, i) => r.forEach((v, j) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw fail('bad-value', name, `${name} value at row ${i}, column ${j} is ${String(v)}; values must be finite numbers`);
    }
  }));
  return out;
}

function readOptions(options) {
  const o = options ?? {};
  if (typeof o !== 'object' || Array.isArray(o)) throw fail('bad-option', 'options', 'options must be an object');
  for (const key of Object.keys(o)) {
    if (!KEYS.includes(key)) throw fail('bad-option', key, `Unknown option '${key}'; allowed: ${KEYS.join(', ')}`);
  }
  const int = (key, min) => {
    const v = o[key] ?? min;
    if (!Number.isInteger(v) || v < min) throw fail('bad-value', key, `${key} must be an integer ≥ ${min}, got ${String(v)}`);
    return v;
  };
  const border = o.border ?? 'constant';
  if (!BORDERS.includes(border)) throw fail('unknown-name', 'border', `Unknown border '${String(border)}'; allowed: ${BORDERS.join(', ')}`);
  const constant = o.constant ?? 0;
  if (typeof constant !== 'number' || !Number.isFinite(constant)) throw fail('bad-value', 'constant', 'constant must be a finite number');
  if (o.flip !== undefined && typeof o.flip !== 'boolean') throw fail('bad-value', 'flip', 'flip must be true or false');
  const padding = o.padding ?? 'valid';
  if (typeof padding === 'object' && padding !== null && !Array.isArray(padding)) {
    for (const key of Object.keys(padding)) {
      if (!SIDES.includes(key)) throw fail('bad-option', `padding.${key}`, `Unknown padding side '${key}'; allowed: ${SIDES.join(', ')}`);
    }
    for (const key of SIDES) side(padding, key);
  } else if (!['valid', 'same', 'full'].includes(padding)) {
    throw fail('unknown-name', 'padding', "padding must be 'valid', 'same', 'full' or { top, bottom, left, right }");
  }
  return {
    strideY: int('strideY', 1), strideX: int('strideX', 1), dilationY: int('dilationY', 1), dilationX: int('dilationX', 1),
    padding, border, constant, flip: o.flip ?? false,
  };
}

function side(padding, key) {
  const v = padding[key] ?? 0;
  if (!Number.isInteger(v) || v < 0) throw fail('bad-value', `padding.${key}`, `padding.${key} must be an integer ≥ 0, got ${String(v)}`);
  return v;
}

// One axis of SEMANTICS §2: [before, after] for size n, kernel size k.
function axisPadding(preset, n, k, stride, dilation) {
  const extent = dilation * (k - 1) + 1;
  if (preset === 'full') return [extent - 1, extent - 1];
  if (preset === 'same') {
    const total = Math.max((Math.ceil(n / stride) - 1) * stride + extent - n, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  return [0, 0];
}

/** The padding a preset resolves to (SEMANTICS §2), as engine.plan reports it. */
export function resolvePadding(input, kernel, options) {
  const o = readOptions(options);
  if (typeof o.padding === 'object') return Object.fromEntries(SIDES.map((s) => [s, side(o.padding, s)]));
  const [top, bottom] = axisPadding(o.padding, input.height, kernel.height, o.strideY, o.dilationY);
  const [left, right] = axisPadding(o.padding, input.width, kernel.width, o.strideX, o.dilationX);
  return { top, bottom, left, right };
}

function plan({ input, kernel, options }) {
  const image = readMatrix(input, 'input');
  const weights = readMatrix(kernel, 'kernel');
  const o = readOptions(options);
  const H = image.length;
  const W = image[0].length;
  const M = weights.length;
  const N = weights[0].length;
  const pad = resolvePadding({ height: H, width: W }, { height: M, width: N }, options);
  const ey = o.dilationY * (M - 1) + 1;
  const ex = o.dilationX * (N - 1) + 1;
  const ph = H + pad.top + pad.bottom;
  const pw = W + pad.left + pad.right;
  if (ph < ey || pw < ex) {
    throw fail('does-not-fit', 'kernel', `The kernel does not fit: its extent is ${ey}×${ex} (with dilation) but the padded input is only ${ph}×${pw}`);
  }
  return {
    ...o, image, weights, H, W, M, N, pad, ey, ex, ph, pw,
    outH: Math.floor((ph - ey) / o.strideY) + 1,
    outW: Math.floor((pw - ex) / o.strideX) + 1,
    padded: SIDES.some((s) => pad[s] > 0),
  };
}

function pyMatrix(rows) {
  return `[\n${rows.map((r) => `    [${r.map(pyNumber).join(', ')}],`).join('\n')}\n]`;
}

function summary(p) {
  const padding = typeof p.padding === 'object' ? 'explicit' : `'${p.padding}'`;
  const border = p.border === 'constant' ? `constant ${pyNumber(p.constant)}` : p.border;
  return [
    `# ${p.H}×${p.W} input, ${p.M}×${p.N} kernel, stride ${p.strideY}×${p.strideX}, dilation ${p.dilationY}×${p.dilationX},`,
    `# padding ${padding} (top ${p.pad.top}, bottom ${p.pad.bottom}, left ${p.pad.left}, right ${p.pad.right}), border ${border}, flip ${p.flip ? 'on' : 'off'}`,
    `# → a ${p.outH}×${p.outW} output, as the playground computes it.`,
  ];
}

// Whether a library's padding routine reads the cells SEMANTICS §3 names on every side:
// numpy.pad and torch's F.pad differ once a side is wider than the input (numpy's
// 'wrap', 'symmetric' and 'reflect' in numpy 1.24; torch refuses), so wider sides are gathered.
function padFits(p, limit) {
  return p.pad.top <= limit(p.H) && p.pad.bottom <= limit(p.H) && p.pad.left <= limit(p.W) && p.pad.right <= limit(p.W);
}
const NUMPY_LIMIT = { constant: () => Infinity, replicate: () => Infinity, reflect: (n) => n, reflect101: (n) => n - 1, wrap: (n) => n };
const TORCH_LIMIT = { constant: () => Infinity, replicate: () => Infinity, reflect: () => -1, reflect101: (n) => n - 1, wrap: (n) => n };

function gatherLines(p) {
  return [
    '# So the padding is built from indices: position p (-1 is left of the first cell)',
    '# of an axis of n cells reads input cell border_index(p, n).',
    'def border_index(p, n):',
    ...INDEX_RULE[p.border].map((line) => `    ${line}`),
    `rows = [border_index(p, ${p.H}) for p in range(${-p.pad.top}, ${p.H + p.pad.bottom})]`,
    `cols = [border_index(p, ${p.W}) for p in range(${-p.pad.left}, ${p.W + p.pad.right})]`,
  ];
}

const padTuple = (p) => `top ${p.pad.top}, bottom ${p.pad.bottom}, left ${p.pad.left}, right ${p.pad.right}`;

function flipLines(p, statement, lib) {
  if (!p.flip) return [`# Flip off: cross-correlation, which is what ${lib} computes (and what CNNs call convolution).`];
  return [
    '# Flip on: true convolution. It equals cross-correlation with the kernel turned',
    `# 180° (both axes reversed), and ${lib} computes cross-correlation.`,
    statement,
  ];
}

function numpySnippet(p) {
  const NP_MODE = { constant: 'constant', replicate: 'edge', reflect: 'symmetric', reflect101: 'reflect', wrap: 'wrap' };
  const lines = ['# NumPy/SciPy', ...summary(p), 'import numpy as np'];
  const simple = p.strideY === 1 && p.strideX === 1 && p.dilationY === 1 && p.dilationX === 1;
  lines.push(simple ? 'from scipy.signal import correlate2d' : 'from numpy.lib.stride_tricks import sliding_window_view');
  lines.push('', `image = np.array(${pyMatrix(p.image)}, dtype=np.float64)`, `kernel = np.array(${pyMatrix(p.weights)}, dtype=np.float64)`, '');
  lines.push(...flipLines(p, 'kernel = kernel[::-1, ::-1]', simple ? 'scipy.signal.correlate2d' : 'the window sum below'), '');
  const widths = `((${p.pad.top}, ${p.pad.bottom}), (${p.pad.left}, ${p.pad.right}))`;
  if (!p.padded) {
    lines.push('padded = image  # no padding');
  } else if (p.border === 'constant') {
    lines.push(`# Pad with the constant ${pyNumber(p.constant)} (${PICTURE.constant}): ${padTuple(p)}.`);
    lines.push(`padded = np.pad(image, ${widths}, mode='constant', constant_values=${pyNumber(p.constant)})`);
  } else if (padFits(p, NUMPY_LIMIT[p.border])) {
    lines.push(`# Border ${p.border} (${PICTURE[p.border]}) is numpy.pad's '${NP_MODE[p.border]}': ${padTuple(p)}.`);
    lines.push(`padded = np.pad(image, ${widths}, mode='${NP_MODE[p.border]}')`);
  } else {
    lines.push(`# Border ${p.border} (${PICTURE[p.border]}) is numpy.pad's '${NP_MODE[p.border]}', but numpy.pad`);
    lines.push('# repeats it differently when a side is wider than the input.');
    lines.push(...gatherLines(p));
    lines.push('padded = image[np.ix_(rows, cols)]');
  }
  lines.push('');
  if (simple) {
    lines.push("# 'valid' keeps only windows that lie inside the padded image.");
    lines.push("out = correlate2d(padded, kernel, mode='valid')");
  } else {
    const windowSlice = [p.strideY, p.strideX, p.dilationY, p.dilationX].map((s) => (s === 1 ? ':' : `::${s}`));
    while (windowSlice.at(-1) === ':') windowSlice.pop();
    lines.push(`# Every ${p.ey}×${p.ex} window of the padded image (the kernel's extent with dilation ${p.dilationY}×${p.dilationX});`);
    lines.push(`# [::stride] keeps every stride-th window and [::dilation] every dilation-th cell in it.`);
    lines.push(`windows = sliding_window_view(padded, (${p.ey}, ${p.ex}))[${windowSlice.join(', ')}]`);
    lines.push("out = np.einsum('ijmn,mn->ij', windows, kernel)  # sum of window × kernel, cell by cell");
  }
  lines.push('print(out)');
  return `${lines.join('\n')}\n`;
}

function torchSnippet(p) {
  const T_MODE = { replicate: 'replicate', reflect101: 'reflect', wrap: 'circular' };
  const lines = ['# PyTorch', ...summary(p), 'import torch', 'import torch.nn.functional as F', ''];
  lines.push(`image = torch.tensor(${pyMatrix(p.image)}, dtype=torch.float64)`, `kernel = torch.tensor(${pyMatrix(p.weights)}, dtype=torch.float64)`, '');
  lines.push('# conv2d works on (batch, channels, height, width) tensors and (out, in, height, width) weights.');
  lines.push('x = image[None, None]', 'w = kernel[None, None]', '');
  lines.push(...flipLines(p, 'w = torch.flip(w, dims=[2, 3])', 'F.conv2d'), '');
  const zeroSymmetric = p.border === 'constant' && p.constant === 0 && p.pad.top === p.pad.bottom && p.pad.left === p.pad.right;
  let convPadding = '';
  if (!p.padded) {
    lines.push('# No padding.');
  } else if (zeroSymmetric) {
    lines.push(`# Zeros, the same on both sides of each axis: conv2d's own padding=(rows, columns).`);
    convPadding = `, padding=(${p.pad.top}, ${p.pad.left})`;
  } else {
    const tuple = `(${p.pad.left}, ${p.pad.right}, ${p.pad.top}, ${p.pad.bottom})`;
    if (p.border === 'constant') {
      lines.push(p.constant === 0
        ? `# conv2d's own padding puts as many zeros on both sides; this is uneven, so F.pad pads: ${padTuple(p)}.`
        : `# conv2d's own padding is zeros; F.pad pads with the constant ${pyNumber(p.constant)}: ${padTuple(p)}.`);
      lines.push('# F.pad names the last axis first: (left, right, top, bottom).');
      lines.push(`x = F.pad(x, ${tuple}, mode='constant', value=${pyNumber(p.constant)})`);
    } else if (padFits(p, TORCH_LIMIT[p.border])) {
      const note = p.border === 'reflect101' ? " (torch's 'reflect' does not repeat the edge cell)" : '';
      lines.push(`# Border ${p.border} (${PICTURE[p.border]}) is F.pad's '${T_MODE[p.border]}'${note}: ${padTuple(p)}.`);
      lines.push('# F.pad names the last axis first: (left, right, top, bottom).');
      lines.push(`x = F.pad(x, ${tuple}, mode='${T_MODE[p.border]}')`);
    } else {
      lines.push(p.border === 'reflect'
        ? `# Border reflect (${PICTURE.reflect}) repeats the edge cell; F.pad has no such mode.`
        : `# Border ${p.border} (${PICTURE[p.border]}) is F.pad's '${T_MODE[p.border]}', but F.pad refuses sides as wide as here.`);
      lines.push(...gatherLines(p));
      lines.push('x = x[:, :, rows][:, :, :, cols]');
    }
  }
  lines.push('');
  lines.push(`out = F.conv2d(x, w, stride=(${p.strideY}, ${p.strideX})${convPadding}, dilation=(${p.dilationY}, ${p.dilationX}))[0, 0]`);
  lines.push('print(out)');
  return `${lines.join('\n')}\n`;
}

function opencvSnippet(p) {
  const CV_MODE = { constant: 'BORDER_CONSTANT', replicate: 'BORDER_REPLICATE', reflect: 'BORDER_REFLECT', reflect101: 'BORDER_REFLECT_101', wrap: 'BORDER_WRAP' };
  const lines = ['# OpenCV', ...summary(p), 'import numpy as np', 'import cv2', ''];
  lines.push(`image = np.array(${pyMatrix(p.image)}, dtype=np.float64)`, `kernel = np.array(${pyMatrix(p.weights)}, dtype=np.float64)`, '');
  lines.push(...flipLines(p, 'kernel = cv2.flip(kernel, -1)  # -1: flip both axes', 'cv2.filter2D'), '');
  if (!p.padded) {
    lines.push('padded = image  # no padding');
  } else {
    const value = p.border === 'constant' ? `, value=${pyNumber(p.constant)}` : '';
    lines.push(`# Border ${p.border} (${PICTURE[p.border]}) is cv2.${CV_MODE[p.border]}: ${padTuple(p)}.`);
    lines.push(`padded = cv2.copyMakeBorder(image, ${p.pad.top}, ${p.pad.bottom}, ${p.pad.left}, ${p.pad.right}, cv2.${CV_MODE[p.border]}${value})`);
  }
  lines.push('');
  if (p.dilationY > 1 || p.dilationX > 1) {
    lines.push(`# Dilation ${p.dilationY}×${p.dilationX}: the same weights spread apart, zeros between them.`);
    const step = (d) => (d === 1 ? ':' : `::${d}`);
    lines.push(`spread = np.zeros((${p.ey}, ${p.ex}))`, `spread[${step(p.dilationY)}, ${step(p.dilationX)}] = kernel`, 'kernel = spread', '');
  }
  lines.push("# filter2D is cross-correlation over the whole padded image. anchor=(0, 0) puts the kernel's");
  lines.push('# top-left weight on each pixel, so out[y, x] sums kernel[m, n] * padded[y + m, x + n]. (The');
  lines.push('# default anchor, the centre cell size // 2, shifts the output, for an even size off-middle.)');
  lines.push('full = cv2.filter2D(padded, cv2.CV_64F, kernel, anchor=(0, 0), borderType=cv2.BORDER_CONSTANT)');
  const stride = (s) => (s === 1 ? '' : `:${s}`);
  lines.push(`# Keep windows that lie inside the padded image (filter2D's own border is never read)${p.strideY > 1 || p.strideX > 1 ? ', every stride-th one' : ''}.`);
  lines.push(`out = full[:${p.ph - p.ey + 1}${stride(p.strideY)}, :${p.pw - p.ex + 1}${stride(p.strideX)}]`);
  lines.push('print(out)');
  return `${lines.join('\n')}\n`;
}

/** The settings as three ready-to-run Python snippets: { numpy, torch, opencv }. */
export function exportCode({ input, kernel, options } = {}) {
  const p = plan({ input, kernel, options });
  return { numpy: numpySnippet(p), torch: torchSnippet(p), opencv: opencvSnippet(p) };
}
