// Decoding a PNG straight to a smaller size, one row at a time, for files too
// large to decode whole (a 30000×30000 PNG is 3.6 GB of RGBA; browsers refuse
// it even with resizeWidth). Each output pixel is the mean of the source pixels
// in its box (area averaging, per channel, alpha not premultiplied). Pure module.
import { CHANNELS, expand, unfilter } from './png.js';

/**
 * `info` from parsePNG (non-interlaced), target size w × h (each at most the
 * source's). Resolves to RGBA bytes (ImageData layout). `onProgress(fraction)`.
 */
export async function decodePNGScaled(info, w, h, onProgress) {
  const { width: W, height: H, depth, colorType, interlace } = info;
  if (interlace) throw new Error('an interlaced PNG this large cannot be downscaled here; save it without interlacing');
  const bitsPerPixel = CHANNELS[colorType] * depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const rowBytes = Math.ceil((W * bitsPerPixel) / 8);
  const stride = rowBytes + 1;
  // Two rows, the previous one first, as unfilter() expects when it streams.
  const rows = new Uint8Array(2 * stride);
  const rgba = new Uint8ClampedArray(W * 4);
  const rowInfo = { ...info, height: 1 };
  const column = new Uint32Array(W);
  for (let x = 0; x < W; x++) column[x] = Math.min(w - 1, Math.floor((x * w) / W));
  const perColumn = new Float64Array(w);
  for (let x = 0; x < W; x++) perColumn[column[x]]++;
  const sums = new Float64Array(w * 4);
  const out = new Uint8ClampedArray(w * h * 4);
  let y = 0, filled = 0, rowsInBox = 0, target = 0;

  const finishRow = () => {
    for (let tx = 0; tx < w; tx++) {
      const n = perColumn[tx] * rowsInBox;
      for (let c = 0; c < 4; c++) out[(target * w + tx) * 4 + c] = Math.round(sums[tx * 4 + c] / n);
    }
    sums.fill(0);
    rowsInBox = 0;
    target++;
  };
  // 8-bit gray, RGB and RGBA without a transparent colour are summed straight from the row.
  const direct = depth === 8 && !info.trns && [0, 2, 6].includes(colorType) ? CHANNELS[colorType] : 0;
  const addExpanded = () => {
    expand(rowInfo, rows, stride, W, 1, rgba, 0, 0, 1, 1);
    for (let x = 0; x < W; x++) {
      const t = column[x] * 4, s = x * 4;
      sums[t] += rgba[s]; sums[t + 1] += rgba[s + 1]; sums[t + 2] += rgba[s + 2]; sums[t + 3] += rgba[s + 3];
    }
  };
  const addDirect = () => {
    const o = stride + 1;
    for (let x = 0; x < W; x++) {
      const t = column[x] * 4, s = o + x * direct;
      if (direct === 1) {
        const v = rows[s];
        sums[t] += v; sums[t + 1] += v; sums[t + 2] += v; sums[t + 3] += 255;
      } else {
        sums[t] += rows[s]; sums[t + 1] += rows[s + 1]; sums[t + 2] += rows[s + 2];
        sums[t + 3] += direct === 4 ? rows[s + 3] : 255;
      }
    }
  };
  const takeRow = () => {
    unfilter(rows, stride, 1, rowBytes, bpp, y > 0);
    if (direct) addDirect();
    else addExpanded();
    rowsInBox++;
    y++;
    if (y === H || Math.min(h - 1, Math.floor((y * h) / H)) !== target) finishRow();
    rows.copyWithin(0, stride, 2 * stride);
    if (y % 256 === 0) onProgress?.(y / H);
  };

  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  const writing = (async () => {
    for (const p of info.idat) {
      await writer.ready;
      writer.write(p);
    }
    await writer.close();
  })();
  writing.catch(() => {});
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    let at = 0;
    while (at < value.length) {
      if (y >= H) {
        reader.cancel().catch(() => {});
        throw new Error('PNG image data is longer than its size says');
      }
      const n = Math.min(stride - filled, value.length - at);
      rows.set(value.subarray(at, at + n), stride + filled);
      filled += n;
      at += n;
      if (filled === stride) {
        filled = 0;
        takeRow();
      }
    }
  }
  await writing;
  if (y !== H) throw new Error('PNG image data is shorter than its size says');
  return out;
}
