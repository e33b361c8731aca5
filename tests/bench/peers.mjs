// The peer libraries of the benchmark, each loaded on its own so that one that fails to
// load is reported in one line and the rest still run. Every runner takes RGBA bytes and
// returns RGBA bytes (copies in and out included, as a page would need them), with
// border replicate, matching this engine's image defaults.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

async function loadOpenCV() {
  const cv = require('@techstark/opencv-js');
  // The module object is a thenable that resolves to itself, so awaiting it never settles:
  // wait for the runtime callback instead.
  if (!cv.Mat) await new Promise((resolve) => { cv.onRuntimeInitialized = resolve; });
  const version = require('@techstark/opencv-js/package.json').version;
  return { name: 'OpenCV.js', version, cv };
}

async function loadVips() {
  const Vips = (await import('wasm-vips')).default;
  const vips = await Vips({ dynamicLibraries: [] });
  vips.concurrency(1); // one thread, like this engine's single call
  // The package's exports map hides package.json, so it is read beside the entry point.
  const pkg = join(dirname(require.resolve('wasm-vips')), '..', 'package.json');
  const version = `${JSON.parse(readFileSync(pkg, 'utf8')).version} (libvips ${vips.version()})`;
  return { name: 'wasm-vips', version, vips };
}

/** Loads each peer; a failure becomes { name, error } instead of stopping the benchmark. */
export async function loadPeers() {
  const out = {};
  for (const [key, load, name] of [['opencv', loadOpenCV, 'OpenCV.js'], ['vips', loadVips, 'wasm-vips']]) {
    try {
      out[key] = await load();
    } catch (err) {
      out[key] = { name, error: String(err?.message ?? err).split('\n')[0].slice(0, 200) };
    }
  }
  return out;
}

function withMats(cv, fn) {
  const mats = [];
  const track = (m) => (mats.push(m), m);
  try {
    return fn(track);
  } finally {
    for (const m of mats) m.delete();
  }
}

function cvSource(cv, track, image) {
  const src = track(new cv.Mat(image.height, image.width, cv.CV_8UC4));
  src.data.set(image.data);
  return src;
}

export function opencvFilter2D({ cv }, image, kernel) {
  return withMats(cv, (track) => {
    const src = cvSource(cv, track, image);
    const k = track(cv.matFromArray(kernel.height, kernel.width, cv.CV_32F, Array.from(kernel.data)));
    const dst = track(new cv.Mat());
    cv.filter2D(src, dst, cv.CV_8U, k, new cv.Point(-1, -1), 0, cv.BORDER_REPLICATE);
    return new Uint8ClampedArray(dst.data);
  });
}

export function opencvGaussian({ cv }, image, { size, sigma }) {
  return withMats(cv, (track) => {
    const src = cvSource(cv, track, image);
    const dst = track(new cv.Mat());
    cv.GaussianBlur(src, dst, new cv.Size(size, size), sigma, sigma, cv.BORDER_REPLICATE);
    return new Uint8ClampedArray(dst.data);
  });
}

/** float64 filter2D on one plane: the peer of convolve() on a matrix. */
export function opencvFloat64({ cv }, input, kernel) {
  return withMats(cv, (track) => {
    const src = track(cv.matFromArray(input.height, input.width, cv.CV_64F, input.data));
    const k = track(cv.matFromArray(kernel.height, kernel.width, cv.CV_64F, Array.from(kernel.data)));
    const dst = track(new cv.Mat());
    cv.filter2D(src, dst, cv.CV_64F, k, new cv.Point(-1, -1), 0, cv.BORDER_REPLICATE);
    return new Float64Array(dst.data64F);
  });
}

function vipsRun({ vips }, image, op) {
  const images = [];
  const track = (im) => (images.push(im), im);
  try {
    const src = track(vips.Image.newFromMemory(image.data, image.width, image.height, 4, 'uchar'));
    const out = track(op(src, track));
    return new Uint8ClampedArray(out.writeToMemory());
  } finally {
    for (const im of images) im.delete();
  }
}

function rows(kernel, scale = 1) {
  return Array.from({ length: kernel.height }, (_, m) =>
    Array.from({ length: kernel.width }, (_, n) => kernel.data[m * kernel.width + n] * scale));
}

/** vips conv, float precision: the result is rounded to the nearest byte. */
export function vipsConvFloat(peer, image, kernel) {
  return vipsRun(peer, image, (src, track) => {
    const mask = track(peer.vips.Image.newFromArray(rows(kernel)));
    const f = track(src.conv(mask, { precision: 'float' }));
    const r = track(f.round('rint'));
    return r.cast('uchar');
  });
}

/** vips conv, integer precision, on integers and one divisor (approximate for real weights). */
export function vipsConvInteger(peer, image, kernel, intMask) {
  return vipsRun(peer, image, (src, track) => {
    const mask = track(peer.vips.Image.newFromArray(rows({ ...kernel, data: intMask.data }), intMask.scale, 0));
    return src.conv(mask, { precision: 'integer' });
  });
}

export function vipsGaussblur(peer, image, { sigma }) {
  return vipsRun(peer, image, (src) => src.gaussblur(sigma, { precision: 'integer' }));
}
