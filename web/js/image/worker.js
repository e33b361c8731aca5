// The image worker: owns the pixels (source and every stage's result) and does
// all pixel work through the wasm engine, so the page's main thread never
// touches a full-size buffer. Display goes back as ImageBitmaps (transferred,
// shown with a 'bitmaprenderer' canvas at no main-thread cost). The page never
// sends pixels here either: only the file (a Blob handle) or a sample's id.
import { renderSample } from './samples.js';
import { previewSize, tileRects } from './tiles.js';
import { decodePNG, encodePNG, parsePNG, pngHasAlpha, pngHeader } from './png.js';
import { decodePNGScaled } from './png-scale.js';
import { PROGRESS_EVERY_MS, StripePool, serveStripes, warmUp } from './pool.js';

const DECODE = { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' };

let enginePromise = null;
function engine() {
  // Loaded once per worker; a restarted worker loads it again (cached by the browser).
  enginePromise ??= import('../../../wasm/convolution.js')
    .then((m) => m.createConvolution())
    .catch((err) => {
      enginePromise = null;
      throw new Error(`The convolution engine could not be loaded. ${err.message}`);
    });
  return enginePromise;
}

const CHANNELS = ['R', 'G', 'B'];
// Canvases and GPU textures longer than this on a side fail in some browsers,
// even where the engine could filter the image.
const PAGE_MAX_SIDE = 16384;

/** Padding of one axis only, for the 1-D index probes. */
function axisPadding(padding, axis) {
  if (typeof padding === 'string') return padding;
  return axis === 'rows' ? { ...padding, left: 0, right: 0 } : { ...padding, top: 0, bottom: 0 };
}

const pool = new StripePool();

let source = null;      // { id, width, height, data }
let stages = [];        // [{ key, result, ms }] cache, valid as a prefix

function pixelsOf(drawable, width, height) {
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  ctx.drawImage(drawable, 0, 0);
  return { data: ctx.getImageData(0, 0, width, height).data };
}

function setSource(id, width, height, data) {
  source = { id, width, height, data };
  stages = [];
}

/**
 * The downscaled preview of a large image (tiles.js), or null. Premultiplied: the preview is
 * only ever drawn, and Chromium resizes premultiplied pixels about twice as fast.
 */
function previewOf(img) {
  const small = previewSize(img.width, img.height);
  if (!small) return null;
  return createImageBitmap(new ImageData(img.data, img.width, img.height),
    { premultiplyAlpha: 'premultiply', resizeWidth: small.width, resizeHeight: small.height, resizeQuality: 'medium' });
}

/** The image cut into display tiles (ImageBitmaps to transfer; see tiles.js), with its bytes as they are. */
async function toTiles(img) {
  const whole = new ImageData(img.data, img.width, img.height);
  const rects = tileRects(img.width, img.height);
  const bitmaps = await Promise.all(rects.map((r) => createImageBitmap(whole, r.x, r.y, r.w, r.h, { premultiplyAlpha: 'none' })));
  return { tiles: rects.map((r, i) => ({ x: r.x, y: r.y, bitmap: bitmaps[i] })), transfer: bitmaps };
}

/** The too-large reply for an image the engine (or the page's canvases) cannot take, else null. */
async function sizeCheck(width, height) {
  // The engine refuses these anyway; asking first lets the user choose a downscale.
  const { limits } = await engine();
  const maxImageSide = Math.min(limits.maxImageSide, PAGE_MAX_SIDE);
  if (width * height > limits.maxImagePixels || width > maxImageSide || height > maxImageSide) {
    return { type: 'too-large', width, height, maxImagePixels: limits.maxImagePixels, maxImageSide };
  }
  return null;
}

/**
 * A PNG read by our own code, or null to leave the file to the browser.
 * The size comes from the header first, so a file too large to decode is
 * reported as too large (the browser refuses to decode it at all). Our decoder
 * takes files with transparency (createImageBitmap + drawImage goes through a
 * premultiplied canvas, which changes the colour of every pixel with alpha < 255)
 * and all 16-bit files (one rule, v·255/65535 rounded to nearest, where the
 * browser truncates opaque ones). Other opaque files stay with the browser,
 * exact there and 2-3 times as fast, as do files it does not read (damaged
 * ones, which the browser then reports, and ones with an EXIF orientation).
 * `resize`: decode straight to that size (for files too large to decode whole).
 */
async function readPNG(blob, resize, post) {
  const header = pngHeader(new Uint8Array(await blob.slice(0, 33).arrayBuffer()));
  if (!header) return null;
  if (!resize && header.width && header.height) {
    const tooLarge = await sizeCheck(header.width, header.height);
    if (tooLarge) return tooLarge;
  }
  try {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    if (!resize && header.depth !== 16 && !pngHasAlpha(bytes)) return null;
    const info = parsePNG(bytes);
    if (!info) return null;
    if (resize) {
      if (info.interlace) return null;
      const data = await decodePNGScaled(info, resize.width, resize.height, (f) => post({ type: 'progress', fraction: f }));
      return { width: resize.width, height: resize.height, data };
    }
    return { width: info.width, height: info.height, data: await decodePNG(info) };
  } catch {
    return null;
  }
}

/**
 * Decodes (or draws) the source the message describes. A restarted worker
 * calls this again with the same blob or sample: the decoders are
 * deterministic, so the pixels are the same.
 */
async function acquire(msg, post = () => {}) {
  if (msg.sample) {
    const canvas = renderSample(msg.sample);
    const { width, height } = canvas;
    const data = canvas.getContext('2d', { willReadFrequently: true }).getImageData(0, 0, width, height).data;
    return { width, height, data };
  }
  const exact = await readPNG(msg.blob, msg.resize, post);
  if (exact) return exact;
  let bitmap;
  try {
    const opts = msg.resize
      ? { ...DECODE, resizeWidth: msg.resize.width, resizeHeight: msg.resize.height, resizeQuality: 'high' }
      : DECODE;
    bitmap = await createImageBitmap(msg.blob, opts);
  } catch {
    return { type: 'decode-error' };
  }
  const { width, height } = bitmap;
  const tooLarge = await sizeCheck(width, height);
  if (tooLarge) {
    bitmap.close();
    return tooLarge;
  }
  let data;
  try {
    data = pixelsOf(bitmap, width, height).data;
  } catch (err) {
    bitmap.close();
    return { type: 'decode-error', message: err.message };
  }
  bitmap.close();
  return { width, height, data };
}

async function load(msg, post) {
  const r = await acquire(msg, post);
  if (r.type) return r;
  setSource(msg.sourceId, r.width, r.height, r.data);
  const [preview, shown] = await Promise.all([previewOf(source), toTiles(source)]);
  if (preview) shown.transfer.push(preview);
  return { type: 'loaded', width: r.width, height: r.height, preview, ...shown };
}

async function seed(msg) {
  const r = await acquire(msg);
  if (r.type) throw new Error('the image could not be read again; open it once more');
  setSource(msg.sourceId, r.width, r.height, r.data);
}

function inputOf(index) {
  return index === 0 ? source : stages[index - 1]?.result;
}

async function run(msg, post) {
  const eng = await engine();
  if (!source || source.id !== msg.sourceId) throw new Error('no image loaded');
  let first = 0;
  while (first < msg.stages.length && stages[first] && stages[first].key === msg.stages[first].key) first++;
  // Buffers of the results this run replaces, for the pool to assemble into: memory in use
  // already is written several times as fast as a new 48 MB array. Not one a download is
  // still encoding.
  const spare = stages.slice(first).map((st) => st?.result.data).filter((d) => d && !encoding.has(d));
  stages.length = first;
  const count = msg.stages.length - first;
  let lastPost = 0;
  for (let i = first; i < msg.stages.length; i++) {
    const cfg = msg.stages[i];
    const base = (i - first) / Math.max(count, 1);
    const onProgress = (f) => {
      const now = performance.now();
      if (now - lastPost < PROGRESS_EVERY_MS && f < 1) return;
      lastPost = now;
      post({ type: 'progress', fraction: base + f / count, stage: i });
    };
    const t0 = performance.now();
    let result, workers;
    try {
      ({ result, workers } = await pool.filter(eng, inputOf(i), cfg.options, onProgress, spare));
    } catch (err) {
      return { type: 'stage-error', stage: i, message: err.message, done: stages.map((s) => s.ms) };
    }
    const ms = performance.now() - t0;
    stages[i] = { key: cfg.key, result, ms, workers };
    post({ type: 'stage', stage: i, ms, workers, width: result.width, height: result.height });
  }
  const view = Math.min(msg.view, stages.length - 1);
  const r = stages[view].result;
  // A large result is seen first through its preview: it goes ahead on its own, and the page
  // shows it while the tiles and the `output` copy are made here.
  const preview = await previewOf(r);
  if (preview) post({ type: 'preview', width: r.width, height: r.height, bitmap: preview }, [preview]);
  const shown = await toTiles(r);
  // The last stage's pixels for the page's `output`, as a copy whose buffer moves to the page.
  const last = stages[stages.length - 1].result;
  const output = msg.output ? { height: last.height, width: last.width, data: last.data.slice() } : null;
  if (output) shown.transfer.push(output.data.buffer);
  return {
    type: 'done', view, width: r.width, height: r.height, times: stages.map((s) => s.ms), workers: stages.map((s) => s.workers),
    output, ...shown, ...(preview ? {} : { preview: null }),
  };
}

/**
 * The computation behind one result pixel, all arithmetic by the engine: the
 * border mapping comes from explain() on index rows/columns, the gray values
 * from convolve(), products and sums from explain() on the gathered window.
 */
async function probe(msg) {
  const eng = await engine();
  const s = stages[msg.index];
  const input = inputOf(msg.index);
  if (!s || !input) return { type: 'missing' };
  const { x, y } = msg;
  const { width: W, height: H, data } = input;
  if (x < 0 || y < 0 || x >= s.result.width || y >= s.result.height) return { type: 'outside' };
  const opts = msg.options;
  let kernels = opts.kernels ?? (opts.kernel ? [opts.kernel] : null);
  let combine = 'none';
  let output = opts.output;
  if (opts.filter) {
    const f = eng.filters.find((g) => g.id === opts.filter);
    kernels = f.kernels;
    combine = f.combine ?? 'none';
    output ??= f.output;
  }
  // Options the stage leaves out take filterImage's defaults, as the engine's table gives them.
  const dflt = (name) => opts[name] ?? eng.options.filterImage.find((o) => o.name === name).default;
  const geometry = Object.fromEntries(['padding', 'border', 'constant', 'flip', 'strideY', 'strideX', 'dilationY', 'dilationX']
    .map((name) => [name, dflt(name)]));
  output ??= dflt('output');
  const constant = geometry.border === 'constant';
  const gray = !!opts.grayscale;
  // Per-channel kernels may differ in size, so each kernel gets its own window.
  const windows = new Map();
  const windowFor = (K) => {
    const id = `${K.height}x${K.width}`;
    if (windows.has(id)) return windows.get(id);
    const rows = eng.explain(
      { height: H, width: 1, data: Float64Array.from({ length: H }, (_, i) => i) },
      { height: K.height, width: 1, data: new Float64Array(K.height).fill(1) },
      { ...geometry, strideX: 1, dilationX: 1, padding: axisPadding(geometry.padding, 'rows') },
      y, 0).taps;
    const cols = eng.explain(
      { height: 1, width: W, data: Float64Array.from({ length: W }, (_, i) => i) },
      { height: 1, width: K.width, data: new Float64Array(K.width).fill(1) },
      { ...geometry, strideY: 1, dilationY: 1, padding: axisPadding(geometry.padding, 'cols') },
      0, x).taps;
    // Source coordinates each cell reads, or null where the constant border supplies c.
    const cells = [];
    for (const r of rows) {
      for (const c of cols) cells.push(constant && (!r.inside || !c.inside) ? null : { row: r.value, col: c.value });
    }
    let grayValues = null;
    const inside = cells.filter(Boolean);
    if (gray && inside.length) {
      const rgb = { height: inside.length, width: 3, data: new Float64Array(inside.length * 3) };
      inside.forEach((cell, k) => {
        const p = (cell.row * W + cell.col) * 4;
        rgb.data[k * 3] = data[p]; rgb.data[k * 3 + 1] = data[p + 1]; rgb.data[k * 3 + 2] = data[p + 2];
      });
      grayValues = eng.convolve(rgb, { height: 1, width: 3, data: [0.299, 0.587, 0.114] }).data;
    }
    const w = { rows, cols, cells, grayValues };
    windows.set(id, w);
    return w;
  };
  const planes = [];
  const channelCount = gray ? 1 : 3;
  for (let ch = 0; ch < channelCount; ch++) {
    const sets = combine === 'magnitude' ? kernels : [kernels.length === 3 ? kernels[ch] : kernels[0]];
    const parts = sets.map((kern) => {
      const { rows, cols, cells, grayValues } = windowFor(kern);
      let k = 0;
      const values = cells.map((cell) => {
        if (!cell) return geometry.constant;
        return gray ? grayValues[k++] : data[(cell.row * W + cell.col) * 4 + ch];
      });
      const e = eng.explain({ height: rows.length, width: cols.length, data: values }, kern, { padding: 'valid', flip: geometry.flip }, 0, 0);
      const taps = e.taps.map((t, idx) => ({
        ...t,
        inputRow: rows[Math.floor(idx / cols.length)].inputRow,
        inputCol: cols[idx % cols.length].inputCol,
        inside: rows[Math.floor(idx / cols.length)].inside && cols[idx % cols.length].inside,
      }));
      return { kernel: { height: kern.height, width: kern.width }, sum: e.sum, taps };
    });
    planes.push({ name: gray ? 'Gray' : CHANNELS[ch], parts });
  }
  const at = (y * s.result.width + x) * 4;
  const srcAt = (y * W + x) * 4;
  return {
    type: 'probe', x, y, output, combine, bias: opts.bias ?? 0, grayscale: gray, border: geometry.border,
    flip: geometry.flip, planes,
    result: Array.from(s.result.data.subarray(at, at + 4)),
    source: x < W && y < H ? Array.from(data.subarray(srcAt, srcAt + 4)) : null,
    width: s.result.width, height: s.result.height,
  };
}

// Pixel buffers an encoder is still reading, which a run must not reuse.
const encoding = new Set();
async function encoded(data, encode) {
  encoding.add(data);
  try {
    return await encode();
  } finally {
    encoding.delete(data);
  }
}

function isOpaque(data) {
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false;
  return true;
}

/** Exact only for opaque pixels (see png()). */
function canvasPNG(img) {
  const canvas = new OffscreenCanvas(img.width, img.height);
  canvas.getContext('2d').putImageData(new ImageData(img.data, img.width, img.height), 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

async function png(msg) {
  const s = msg.index < 0 ? source : stages[msg.index]?.result;
  if (!s) return { type: 'missing' };
  // A canvas stores premultiplied alpha, so its PNG changes the RGB of every
  // pixel with alpha < 255; our encoder keeps the bytes, but CompressionStream's
  // fixed zlib level makes it 4-5 times as slow as the canvas's (12 MP in
  // Chromium: 0.5-2.9 s against 0.12-0.56 s, for files 2-30 % smaller), so it
  // only takes the images the canvas would alter.
  const blob = isOpaque(s.data)
    ? await canvasPNG(s)
    : await encoded(s.data, () => encodePNG(s.width, s.height, s.data));
  return { type: 'png', blob, width: s.width, height: s.height };
}

async function handle(msg) {
  const post = (m, transfer = []) => self.postMessage({ ...m, id: msg.id }, transfer);
  switch (msg.type) {
    case 'init': {
      const eng = await engine();
      return { type: 'ready', filters: eng.filters.map((f) => ({ ...f })) };
    }
    case 'pool':
      pool.attach(msg.ports);
      await warmUp(engine);
      return { type: 'pooled' };
    case 'load': return load(msg, post);
    case 'seed': await seed(msg); return { type: 'seeded' };
    case 'run': return run(msg, post);
    case 'probe': return probe(msg);
    case 'png': return png(msg);
    default: throw new Error(`unknown request ${msg.type}`);
  }
}

self.onmessage = async (event) => {
  const msg = event.data;
  // A helper of the pool only answers stripes, on the port it was given.
  if (msg.type === 'helper') { serveStripes(msg.port, engine); return; }
  if (msg.type === 'helper-lost') { pool.lost(msg.index); return; }
  try {
    const reply = await handle(msg);
    const { transfer = [], ...rest } = reply;
    self.postMessage({ ...rest, id: msg.id }, transfer);
  } catch (err) {
    self.postMessage({ type: 'error', id: msg.id, message: err && err.message ? err.message : String(err) });
  }
};
