// TiledImage (web/js/image/tiles.js) on a stand-in layer: the order in which a result's
// preview and tiles reach the screen, frame by frame, and what is drawn meanwhile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TiledImage, tileRects } from '../../web/js/image/tiles.js';

function classList() {
  const set = new Set();
  return { add: (c) => set.add(c), contains: (c) => set.has(c), toggle: (c, on) => (on ? set.add(c) : set.delete(c)) };
}

/** A layer whose canvases record the bitmap they were last given. */
function fakeLayer() {
  const canvases = [];
  const doc = {
    defaultView: { devicePixelRatio: 1 },
    createElement: () => {
      const c = {
        width: 0, height: 0, style: {}, dataset: {}, classList: classList(), bitmap: null, removed: false,
        setAttribute() {}, remove() { this.removed = true; },
        getContext: () => ({ transferFromImageBitmap: (b) => { c.bitmap = b; } }),
      };
      canvases.push(c);
      return c;
    },
  };
  return { style: {}, classList: classList(), ownerDocument: doc, canvases, append() {} };
}

const bitmap = (width, height, tag) => ({ width, height, tag, closed: false, close() { this.closed = true; } });
const tilesOf = (w, h, tag) => tileRects(w, h).map((r) => ({ x: r.x, y: r.y, bitmap: bitmap(r.w, r.h, tag) }));

function setup() {
  const layer = fakeLayer();
  let frames = 0;
  const image = new TiledImage(layer, { requestFrame: () => { frames++; } });
  return { layer, image, requested: () => frames };
}

test('a preview from showPreview is drawn in the next frame and stands in for the older tiles at any zoom until the new tiles are all in', async () => {
  const { layer, image } = setup();
  // The first image: preview and 12 tiles, shown at 1:1.
  image.setScale(1);
  const first = image.show(4000, 3000, tilesOf(4000, 3000, 'old'), bitmap(1600, 1200, 'old'));
  while (image.pump());
  await first;
  assert.equal(layer.classList.contains('use-preview'), false, 'at 1:1 the tiles are drawn');
  // The next result: its preview first.
  let drawnIn = null;
  let frame = 0;
  image.showPreview(4000, 3000, bitmap(1600, 1200, 'new'), () => { drawnIn = frame; });
  assert.equal(layer.classList.contains('use-preview'), false, 'nothing changes before the frame');
  frame = 1;
  assert.equal(image.pump(), false, 'the preview alone needs no further frame');
  assert.equal(drawnIn, 1);
  const preview = layer.canvases.find((c) => c.classList.contains('preview'));
  assert.equal(preview.bitmap.tag, 'new');
  assert.equal(layer.classList.contains('use-preview'), true, 'at 1:1 too: the tiles on screen are the old result');
  assert.equal(image.previewSuffices, false, 'though the preview is not enough at this zoom');
  // Its tiles: two a frame, the preview kept; the tiles are used again once all are in.
  let complete = false;
  const done = image.show(4000, 3000, tilesOf(4000, 3000, 'new')).then(() => { complete = true; });
  let count = 0;
  while (image.pump()) {
    count++;
    assert.equal(layer.classList.contains('use-preview'), true, `frame ${count}: still the preview`);
  }
  await done;
  assert.ok(complete);
  assert.equal(count, 5, '12 tiles, two a frame: five frames ask for another');
  assert.equal(layer.classList.contains('use-preview'), false);
  assert.equal(preview.bitmap.tag, 'new', 'the preview given by showPreview stays');
  assert.ok(layer.canvases.filter((c) => c.dataset.x !== undefined).every((c) => c.bitmap.tag === 'new'));
});

test('zoomed out, the preview is what is drawn, and a superseded preview is closed, never drawn', async () => {
  const { layer, image, requested } = setup();
  image.setScale(0.25);
  const first = image.show(4000, 3000, tilesOf(4000, 3000, 'a'), bitmap(1600, 1200, 'a'));
  assert.equal(image.pump(), true, 'the preview has its frame');
  assert.equal(image.pump(), false, 'then every tile goes in one frame: zoomed out none is drawn');
  await first;
  assert.equal(layer.classList.contains('use-preview'), true);
  assert.equal(image.previewSuffices, true);
  const skipped = bitmap(1600, 1200, 'b');
  let calls = 0;
  image.showPreview(4000, 3000, skipped, () => { calls++; });
  const before = requested();
  image.showPreview(4000, 3000, bitmap(1600, 1200, 'c'), () => { calls += 10; });
  assert.ok(requested() > before, 'each asks for a frame');
  assert.equal(skipped.closed, true);
  image.pump();
  assert.equal(calls, 10, 'only the last preview is drawn and reported');
  // A result without a preview (null) removes the old one.
  const small = image.show(1000, 800, tilesOf(1000, 800, 'd'), null);
  while (image.pump());
  await small;
  assert.equal(layer.canvases.find((c) => c.classList.contains('preview')).removed, true);
  assert.equal(layer.classList.contains('use-preview'), false);
});

test('pump without anything to draw does nothing and asks for no frame', () => {
  const { image } = setup();
  assert.equal(image.pump(), false);
});
