// PNG encoding and decoding of RGBA pixels without a canvas. A 2-D canvas keeps
// premultiplied alpha, so a pixel with alpha < 255 loses RGB precision on the way
// through putImageData/convertToBlob or drawImage/getImageData; these functions
// keep every byte. Pure module (no DOM): the image worker uses it. zlib work is
// done by the browser's CompressionStream / DecompressionStream ('deflate' is
// the zlib format, which PNG's IDAT wants).

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Running CRC-32: start with crc = 0xffffffff, finish with crc ^ 0xffffffff (then >>> 0). */
export function crc32Update(crc, bytes) {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return c >>> 0;
}

export function crc32(bytes) {
  return (crc32Update(0xffffffff, bytes) ^ 0xffffffff) >>> 0;
}

function u32(v) {
  return new Uint8Array([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]);
}

function chunk(type, data) {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Writes row y of an RGBA image (rowBytes = width * 4) into out[at..], Paeth
 * filtered. Measured on a 12 MP photo-like image in Chromium, choosing each
 * row's filter by the usual least-sum-of-|signed bytes| heuristic made the file
 * 0.1 % smaller and the encoding 1.7 times as slow; Up alone was a third faster
 * than Paeth but 3 % larger, and Sub or no filter much larger.
 */
function filterRow(data, y, rowBytes, out, at) {
  const cur = y * rowBytes;
  const prev = cur - rowBytes;
  out[at] = 4;
  const o = at + 1;
  if (y === 0) {
    // Above the image everything is 0, so Paeth predicts from the left neighbour.
    for (let i = 0; i < rowBytes; i++) out[o + i] = data[cur + i] - (i >= 4 ? data[cur + i - 4] : 0);
    return;
  }
  for (let i = 0; i < 4; i++) out[o + i] = data[cur + i] - data[prev + i];
  for (let i = 4; i < rowBytes; i++) {
    const a = data[cur + i - 4];
    const b = data[prev + i];
    const c = data[prev + i - 4];
    const p = a + b - c;
    const pa = p > a ? p - a : a - p;
    const pb = p > b ? p - b : b - p;
    const pc = p > c ? p - c : c - p;
    out[o + i] = data[cur + i] - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
  }
}

// Rows go to the compressor in pieces of about this size, so the filtered copy
// of a 12 MP image never exists whole.
const PIECE_BYTES = 1 << 20;

/**
 * Encodes RGBA 8-bit pixels (ImageData layout) as a PNG of colour type 6 with
 * one IDAT chunk. Every byte of `data` comes back from a decoder unchanged.
 * @returns {Promise<Blob>} image/png
 */
export async function encodePNG(width, height, data) {
  if (!(width > 0 && height > 0) || data.length !== width * height * 4) {
    throw new Error(`encodePNG: ${data.length} bytes do not make a ${width}×${height} RGBA image`);
  }
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const rowBytes = width * 4;
  const rowsPerPiece = Math.max(1, Math.floor(PIECE_BYTES / (rowBytes + 1)));

  const stream = new CompressionStream('deflate');
  const parts = [];
  let idatLength = 0;
  let crc = crc32Update(0xffffffff, [0x49, 0x44, 0x41, 0x54]); // "IDAT"
  // Read while writing: the stream applies backpressure, so a writer that
  // awaited everything before reading would wait for ever.
  const reading = (async () => {
    const reader = stream.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      crc = crc32Update(crc, value);
      idatLength += value.length;
      parts.push(value);
    }
  })();
  const writer = stream.writable.getWriter();
  try {
    for (let y0 = 0; y0 < height; y0 += rowsPerPiece) {
      const rows = Math.min(rowsPerPiece, height - y0);
      // A fresh buffer each time: the stream may still hold the previous one.
      const piece = new Uint8Array(rows * (rowBytes + 1));
      for (let r = 0; r < rows; r++) filterRow(bytes, y0 + r, rowBytes, piece, r * (rowBytes + 1));
      await writer.ready;
      writer.write(piece);
    }
    await writer.close();
  } catch (err) {
    writer.abort(err).catch(() => {});
    throw err;
  }
  await reading;

  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8;   // bit depth
  ihdr[9] = 6;   // RGBA
  // compression 0, filter method 0, no interlace: already zero
  return new Blob([
    new Uint8Array(SIGNATURE),
    chunk('IHDR', ihdr),
    u32(idatLength), new Uint8Array([0x49, 0x44, 0x41, 0x54]), ...parts, u32((crc ^ 0xffffffff) >>> 0),
    chunk('IEND', new Uint8Array(0)),
  ], { type: 'image/png' });
}

// ---------- decoding ----------

export function isPNG(bytes) {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * The header fields of a PNG from its first 33 bytes (so the size is known even
 * when the file is too large for anyone to decode), or null when these bytes are
 * not the start of a PNG.
 */
export function pngHeader(bytes) {
  if (!isPNG(bytes) || bytes.length < 33) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
  // A damaged header is no size to report: the file is then left to be called damaged.
  if (crc32(bytes.subarray(12, 29)) !== view.getUint32(29)) return null;
  const h = { width: view.getUint32(16), height: view.getUint32(20), depth: bytes[24], colorType: bytes[25], interlace: bytes[28] };
  if (!h.width || !h.height || h.width > 0x7fffffff || h.height > 0x7fffffff) return null;
  if (!(h.colorType in CHANNELS) || !DEPTHS[h.colorType].includes(h.depth) || h.interlace > 1) return null;
  return h;
}

/**
 * Whether a PNG can hold alpha below 255 (an alpha channel or a tRNS chunk),
 * from the chunk headers before the image data; no CRC checks, so it is cheap.
 */
export function pngHasAlpha(bytes) {
  if (!isPNG(bytes) || bytes.length < 33) return false;
  const colorType = bytes[25];
  if (colorType === 4 || colorType === 6) return true;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let pos = 8; pos + 8 <= bytes.length; pos += 12 + view.getUint32(pos)) {
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    if (type === 'tRNS') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
  }
  return false;
}

export const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
// Adam7: [x0, y0, dx, dy] of each pass.
const ADAM7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];

/**
 * Reads a PNG's chunks. Returns the header and what decoding needs, or null
 * for a file whose display the browser could make differ from its samples
 * (an EXIF orientation in eXIf), which the caller leaves to the browser.
 * Throws on a damaged file.
 */
export function parsePNG(bytes) {
  if (!isPNG(bytes)) throw new Error('not a PNG');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let header = null;
  let palette = null;
  let trns = null;
  const idat = [];
  let ended = false;
  while (pos + 12 <= bytes.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > bytes.length) throw new Error(`PNG chunk ${type} runs past the end of the file`);
    const body = bytes.subarray(pos + 8, pos + 8 + length);
    const critical = (bytes[pos + 4] & 0x20) === 0;
    if (critical && crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== view.getUint32(pos + 8 + length)) {
      throw new Error(`PNG chunk ${type} is damaged (CRC)`);
    }
    if (!header && type !== 'IHDR') throw new Error('PNG without IHDR first');
    if (type === 'IHDR') {
      if (length !== 13) throw new Error('bad IHDR');
      header = {
        width: view.getUint32(pos + 8), height: view.getUint32(pos + 12),
        depth: body[8], colorType: body[9], compression: body[10], filter: body[11], interlace: body[12],
      };
    } else if (type === 'PLTE') {
      palette = body;
    } else if (type === 'tRNS') {
      trns = body;
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'eXIf') {
      return null;
    } else if (type === 'IEND') {
      ended = true;
      break;
    } else if (critical) {
      throw new Error(`unknown critical PNG chunk ${type}`);
    }
    pos = end;
  }
  if (!header || !idat.length) throw new Error('PNG without image data');
  if (!ended) throw new Error('PNG truncated (no IEND)');
  const { width, height, depth, colorType, compression, filter, interlace } = header;
  if (!width || !height) throw new Error('PNG of zero size');
  if (!(colorType in CHANNELS) || !DEPTHS[colorType].includes(depth) || compression !== 0 || filter !== 0 || interlace > 1) {
    throw new Error('PNG header with an invalid combination of fields');
  }
  if (colorType === 3 && (!palette || palette.length % 3 || palette.length / 3 > 2 ** depth)) throw new Error('PNG palette missing or invalid');
  return { width, height, depth, colorType, interlace, palette, trns, idat };
}

async function inflate(parts, expected) {
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  const writing = (async () => {
    for (const p of parts) {
      await writer.ready;
      writer.write(p);
    }
    await writer.close();
  })();
  const out = new Uint8Array(expected);
  let at = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.length > expected) {
      reader.cancel().catch(() => {});
      writing.catch(() => {});
      throw new Error('PNG image data is longer than its size says');
    }
    out.set(value, at);
    at += value.length;
  }
  await writing;
  if (at !== expected) throw new Error('PNG image data is shorter than its size says');
  return out;
}

/**
 * Undoes the filters of `rows` rows of rowBytes bytes each (after the filter byte), in place.
 * `previous`: the row before the first one is in buf just before `at` (streamed decoding).
 */
export function unfilter(buf, at, rows, rowBytes, bpp, previous = false) {
  const stride = rowBytes + 1;
  for (let r = 0; r < rows; r++) {
    const start = at + r * stride;
    const type = buf[start];
    const o = start + 1;
    const p = o - stride;
    const first = r === 0 && !previous;
    switch (type) {
      case 0: break;
      case 1:
        for (let i = bpp; i < rowBytes; i++) buf[o + i] += buf[o + i - bpp];
        break;
      case 2:
        if (!first) for (let i = 0; i < rowBytes; i++) buf[o + i] += buf[p + i];
        break;
      case 3:
        for (let i = 0; i < rowBytes; i++) {
          buf[o + i] += ((i >= bpp ? buf[o + i - bpp] : 0) + (first ? 0 : buf[p + i])) >> 1;
        }
        break;
      case 4:
        for (let i = 0; i < rowBytes; i++) {
          const a = i >= bpp ? buf[o + i - bpp] : 0;
          const b = first ? 0 : buf[p + i];
          const c = first || i < bpp ? 0 : buf[p + i - bpp];
          const q = a + b - c;
          const pa = q > a ? q - a : a - q;
          const pb = q > b ? q - b : b - q;
          const pc = q > c ? q - c : c - q;
          buf[o + i] += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
        break;
      default:
        throw new Error(`PNG row with unknown filter type ${type}`);
    }
  }
}

/**
 * Writes the pixels of an unfiltered (sub)image to RGBA `out`: its pixel (x, y)
 * goes to image pixel (x0 + x·dx, y0 + y·dy). 16-bit samples are rounded to the
 * nearest 8-bit value (v·255/65535); fewer bits are scaled up exactly.
 */
export function expand(info, buf, at, w, h, out, x0, y0, dx, dy) {
  const { width, depth, colorType, palette, trns } = info;
  const channels = CHANNELS[colorType];
  const rowBytes = Math.ceil((w * channels * depth) / 8);
  const stride = rowBytes + 1;
  const max = 2 ** depth - 1;
  const scale = depth < 8 ? 255 / max : 1;
  // The one transparent colour of gray or RGB images, at the file's bit depth.
  let key = null;
  if (trns && colorType === 0 && trns.length >= 2) key = [(trns[0] << 8) | trns[1]];
  if (trns && colorType === 2 && trns.length >= 6) key = [0, 2, 4].map((k) => (trns[k] << 8) | trns[k + 1]);
  const sample = depth === 16
    ? (row, i) => (buf[row + 2 * i] << 8) | buf[row + 2 * i + 1]
    : depth === 8
      ? (row, i) => buf[row + i]
      : (row, i) => {
        const bit = i * depth;
        return (buf[row + (bit >> 3)] >> (8 - depth - (bit & 7))) & max;
      };
  if (colorType === 6 && depth === 8 && dx === 1) {
    for (let y = 0; y < h; y++) {
      const row = at + y * stride + 1;
      out.set(buf.subarray(row, row + rowBytes), ((y0 + y * dy) * width + x0) * 4);
    }
    return;
  }
  const to8 = depth === 16 ? (v) => Math.floor((v * 255 + 32767) / 65535) : depth < 8 ? (v) => v * scale : (v) => v;
  for (let y = 0; y < h; y++) {
    const row = at + y * stride + 1;
    let o = ((y0 + y * dy) * width + x0) * 4;
    const step = dx * 4;
    for (let x = 0; x < w; x++, o += step) {
      const s = x * channels;
      switch (colorType) {
        case 0: {
          const g = sample(row, s);
          out[o] = out[o + 1] = out[o + 2] = to8(g);
          out[o + 3] = key && g === key[0] ? 0 : 255;
          break;
        }
        case 2: {
          const r = sample(row, s), g = sample(row, s + 1), b = sample(row, s + 2);
          out[o] = to8(r); out[o + 1] = to8(g); out[o + 2] = to8(b);
          out[o + 3] = key && r === key[0] && g === key[1] && b === key[2] ? 0 : 255;
          break;
        }
        case 3: {
          const k = sample(row, s);
          if (3 * k + 2 >= palette.length) throw new Error('PNG pixel outside its palette');
          out[o] = palette[3 * k]; out[o + 1] = palette[3 * k + 1]; out[o + 2] = palette[3 * k + 2];
          out[o + 3] = trns && k < trns.length ? trns[k] : 255;
          break;
        }
        case 4: {
          const g = to8(sample(row, s));
          out[o] = out[o + 1] = out[o + 2] = g;
          out[o + 3] = to8(sample(row, s + 1));
          break;
        }
        default:
          out[o] = to8(sample(row, s)); out[o + 1] = to8(sample(row, s + 1));
          out[o + 2] = to8(sample(row, s + 2)); out[o + 3] = to8(sample(row, s + 3));
      }
    }
  }
}

/** Decodes what parsePNG returned to RGBA 8-bit (ImageData layout), colour values as stored. */
export async function decodePNG(info) {
  const { width, height, depth, colorType, interlace } = info;
  const bitsPerPixel = CHANNELS[colorType] * depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const passes = interlace
    ? ADAM7.map(([x0, y0, dx, dy]) => ({
      x0, y0, dx, dy, w: Math.ceil((width - x0) / dx), h: Math.ceil((height - y0) / dy),
    })).filter((p) => p.w > 0 && p.h > 0)
    : [{ x0: 0, y0: 0, dx: 1, dy: 1, w: width, h: height }];
  let total = 0;
  for (const p of passes) {
    p.rowBytes = Math.ceil((p.w * bitsPerPixel) / 8);
    p.at = total;
    total += p.h * (p.rowBytes + 1);
  }
  const raw = await inflate(info.idat, total);
  const out = new Uint8ClampedArray(width * height * 4);
  for (const p of passes) {
    unfilter(raw, p.at, p.h, p.rowBytes, bpp);
    expand(info, raw, p.at, p.w, p.h, out, p.x0, p.y0, p.dx, p.dy);
  }
  return out;
}
