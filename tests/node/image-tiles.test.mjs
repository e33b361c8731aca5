// The display geometry of web/js/image/tiles.js: tile rectangles and the preview's size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OVERLAP, PREVIEW_SIDE, TILE, previewSize, tileRects } from '../../web/js/image/tiles.js';
import { warmUp } from '../../web/js/image/pool.js';
import { createConvolution } from '../../wasm/convolution.js';

test('tiles cover the image exactly once, overlapping their neighbours by OVERLAP', () => {
  for (const [w, h] of [[1, 1], [TILE, TILE], [TILE + 1, 3], [4000, 3000], [2500, TILE * 2]]) {
    const count = new Uint8Array(w * h);
    for (const r of tileRects(w, h)) {
      assert.ok(r.x + r.w <= w && r.y + r.h <= h, `${w}×${h}: ${JSON.stringify(r)} inside`);
      assert.ok(r.w <= TILE + OVERLAP && r.h <= TILE + OVERLAP);
      // Each pixel belongs to the tile whose own (non-overlap) square holds it.
      for (let y = r.y; y < Math.min(r.y + TILE, h); y++) for (let x = r.x; x < Math.min(r.x + TILE, w); x++) count[y * w + x]++;
    }
    assert.ok(count.every((c) => c === 1), `${w}×${h}: every pixel in one tile`);
  }
});

test('a preview exists only for images past 1.25 × PREVIEW_SIDE, with the long side PREVIEW_SIDE and the shape kept', () => {
  assert.equal(previewSize(PREVIEW_SIDE * 1.25, 10), null);
  assert.equal(previewSize(1600, 1000), null);
  assert.deepEqual(previewSize(4000, 3000), { width: PREVIEW_SIDE, height: 1200 });
  assert.deepEqual(previewSize(3000, 4000), { width: 1200, height: PREVIEW_SIDE });
  assert.deepEqual(previewSize(16384, 1), { width: PREVIEW_SIDE, height: 1 });
  const p = previewSize(2001, 1999);
  assert.equal(p.width, PREVIEW_SIDE);
  assert.ok(Math.abs(p.height - 1999 * PREVIEW_SIDE / 2001) <= 0.5);
});

test('the workers\' warm-up runs every kernel it names through the engine without an error', async () => {
  const engine = await createConvolution();
  let calls = 0;
  const counting = { ...engine, filterImage: (img, o) => { calls++; return engine.filterImage(img, o); } };
  await warmUp(async () => counting);
  // Three rounds of five kernels and every built-in filter.
  assert.equal(calls, 3 * (5 + engine.filters.length));
});
