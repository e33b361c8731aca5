// The image worker's own PNG reading (web/js/image/png.js, png-scale.js) in Node,
// which has the same DecompressionStream: the header read before any decoding,
// one 16-bit rule for opaque and transparent files, and the streamed downscale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { decodePNG, parsePNG, pngHeader, pngHasAlpha } from '../../web/js/image/png.js';
import { decodePNGScaled } from '../../web/js/image/png-scale.js';
import { largeImageText } from '../../web/js/image/too-large.js';
import { encodePNGSamples, flatGrayPNG } from '../browser/fixtures/image/png.mjs';

const to8 = (v) => Math.round((v * 255) / 65535);

test('a 30000×30000 PNG: the header gives its size without decoding, and the message says too large', async () => {
  const file = await flatGrayPNG(30000, 30000);
  assert.ok(file.length < 2e6, `the fixture is small (${file.length} bytes)`);
  assert.deepEqual(pngHeader(new Uint8Array(file.subarray(0, 33))), { width: 30000, height: 30000, depth: 8, colorType: 0, interlace: 0 });
  assert.equal(pngHasAlpha(new Uint8Array(file)), false, 'opaque');
  const { text, width, height } = largeImageText('huge.png', { width: 30000, height: 30000, maxImagePixels: 67108864, maxImageSide: 16384 });
  assert.match(text, /“huge\.png” is 30000×30000 pixels \(900\.0 MP\): too large/);
  assert.deepEqual([width, height], [8192, 8192]);
  assert.equal(pngHeader(new Uint8Array(Buffer.from('GIF89a' + ' '.repeat(40)))), null);
  // A damaged header (text where the IHDR fields belong) gives no size: the file is called damaged.
  const corrupt = await readFile(new URL('../browser/fixtures/image/corrupt.png', import.meta.url));
  assert.equal(pngHeader(new Uint8Array(corrupt)), null);
  const flipped = Buffer.from(file.subarray(0, 33));
  flipped[17] ^= 1;
  assert.equal(pngHeader(new Uint8Array(flipped)), null, 'IHDR CRC checked');
});

test('16-bit PNGs, opaque or not, round each sample to nearest: v·255/65535', async () => {
  const W = 23, H = 5;
  // Values just past a half step, where truncation and rounding differ.
  const v = (x, y, c) => Math.min(65535, 257 * ((x * 11 + y * 37 + c * 71) % 255) + 129 + ((x + c) % 3) * 40);
  const kinds = [
    { colorType: 2, samples: (x, y) => [0, 1, 2].map((c) => v(x, y, c)), alpha: () => 255 },
    { colorType: 6, samples: (x, y) => [...[0, 1, 2].map((c) => v(x, y, c)), v(x, y, 3)], alpha: (x, y) => to8(v(x, y, 3)) },
    { colorType: 0, samples: (x, y) => [v(x, y, 0)], alpha: () => 255 },
    { colorType: 4, samples: (x, y) => [v(x, y, 0), v(x, y, 3)], alpha: (x, y) => to8(v(x, y, 3)) },
  ];
  let differs = 0;
  for (const kind of kinds) {
    const file = encodePNGSamples(W, H, kind.samples, { colorType: kind.colorType, depth: 16 });
    const got = await decodePNG(parsePNG(new Uint8Array(file)));
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const s = kind.samples(x, y);
        const rgb = kind.colorType >= 2 && kind.colorType !== 4 ? s.slice(0, 3) : [s[0], s[0], s[0]];
        const want = [...rgb.map(to8), kind.alpha(x, y)];
        const at = (y * W + x) * 4;
        assert.deepEqual([...got.subarray(at, at + 4)], want, `type ${kind.colorType} at ${x},${y}`);
        if (rgb.some((t) => Math.floor((t * 255) / 65535) !== to8(t))) differs++;
      }
    }
  }
  assert.ok(differs > 20, 'the fixture has samples where truncating would give another byte');
});

test('the streamed downscale equals the mean of each box, for every colour type', async () => {
  const cases = [
    { W: 37, H: 23, w: 10, h: 7, colorType: 6, depth: 8 },
    { W: 40, H: 9, w: 7, h: 4, colorType: 2, depth: 16 },
    { W: 33, H: 17, w: 33, h: 5, colorType: 0, depth: 4 },
    { W: 19, H: 31, w: 4, h: 9, colorType: 3, depth: 8 },
    { W: 29, H: 13, w: 6, h: 13, colorType: 0, depth: 8 },
    { W: 31, H: 11, w: 5, h: 3, colorType: 2, depth: 8 },
  ];
  for (const c of cases) {
    const palette = Array.from({ length: 256 }, (_, i) => [i, 255 - i, (i * 7) & 255]);
    const max = 2 ** c.depth - 1;
    const samples = {
      6: (x, y) => [(x * 7) & 255, (y * 11) & 255, (x * y) & 255, (x + y * 3) & 255],
      2: (x, y) => [(x * 1601) & max, (y * 7001) & max, (x * y * 97) & max],
      0: (x, y) => [(x * 5 + y * 3) % (max + 1)],
      3: (x, y) => [(x * 13 + y) & 255],
    }[c.colorType];
    const file = encodePNGSamples(c.W, c.H, samples, { colorType: c.colorType, depth: c.depth, palette: c.colorType === 3 ? palette : undefined });
    const info = parsePNG(new Uint8Array(file));
    const full = await decodePNG(info);
    let progress = 0;
    const got = await decodePNGScaled(info, c.w, c.h, (f) => { progress = f; });
    assert.ok(progress <= 1);
    const box = (t, n, N) => [Math.ceil((t * N) / n), Math.ceil(((t + 1) * N) / n)];
    for (let ty = 0; ty < c.h; ty++) {
      for (let tx = 0; tx < c.w; tx++) {
        const [y0, y1] = box(ty, c.h, c.H), [x0, x1] = box(tx, c.w, c.W);
        for (let ch = 0; ch < 4; ch++) {
          let sum = 0;
          for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += full[(y * c.W + x) * 4 + ch];
          const want = Math.round(sum / ((y1 - y0) * (x1 - x0)));
          assert.equal(got[(ty * c.w + tx) * 4 + ch], want, `type ${c.colorType} ${c.W}×${c.H}→${c.w}×${c.h} at ${tx},${ty} channel ${ch}`);
        }
      }
    }
  }
  const interlaced = parsePNG(new Uint8Array(encodePNGSamples(8, 8, (x) => [x, x, x, 255], { interlace: 1 })));
  await assert.rejects(decodePNGScaled(interlaced, 2, 2), /interlaced/);
});
