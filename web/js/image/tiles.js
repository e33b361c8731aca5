// Shows a full-resolution image as a grid of tile canvases, a few tiles per
// animation frame, with a downscaled preview for zoomed-out views. Handing the
// compositor one 12-megapixel bitmap makes it copy 48 MB on the main thread in
// a single commit (a long task with software compositing); tiles of 1024²
// split that copy into ~4 MB pieces. A software compositor also redraws every
// shown tile for each frame, and scaling 12 MP down to a viewport costs most of
// a core per frame, taken from the filter's workers: while the image is shown
// smaller than the preview, the preview is drawn and the tiles are not.

export const TILE = 1024;
// Neighbouring tiles overlap by a pixel so that no hairline seam shows at
// fractional zoom; the overlapping pixels are the same image pixels.
export const OVERLAP = 1;
const TILES_PER_FRAME = 2;
/** Longest side of the preview; images up to 1.25 times this have none (their tiles are cheap). */
export const PREVIEW_SIDE = 1600;

/** The preview's size for a width × height image, or null when it needs none. */
export function previewSize(width, height) {
  const long = Math.max(width, height);
  if (long <= PREVIEW_SIDE * 1.25) return null;
  const k = PREVIEW_SIDE / long;
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

/** Closes the bitmaps of a reply that will not be shown. */
export function closeBitmaps(reply) {
  for (const t of reply?.tiles ?? []) t.bitmap.close();
  reply?.preview?.close();
}

/** The tile rectangles of a width × height image. */
export function tileRects(width, height) {
  const rects = [];
  for (let y = 0; y < height; y += TILE) {
    for (let x = 0; x < width; x += TILE) {
      rects.push({ x, y, w: Math.min(TILE + OVERLAP, width - x), h: Math.min(TILE + OVERLAP, height - y) });
    }
  }
  return rects;
}

/**
 * Shows `bitmap` (owned from now on) in `canvas`, made in `layer` when null, at CSS box
 * { x, y, w, h } of the image; returns the canvas.
 */
function paint(layer, canvas, bitmap, { x, y, w, h }) {
  let c = canvas;
  if (!c) {
    c = layer.ownerDocument.createElement('canvas');
    c.setAttribute('aria-hidden', 'true');
    layer.append(c);
  }
  c.width = bitmap.width;
  c.height = bitmap.height;
  Object.assign(c.style, { left: `${x}px`, top: `${y}px`, width: `${w}px`, height: `${h}px` });
  c.getContext('bitmaprenderer').transferFromImageBitmap(bitmap);
  return c;
}

export class TiledImage {
  /** requestFrame(): asks for a frame of the owner's render path, which calls pump(). */
  constructor(layer, { requestFrame }) {
    this.layer = layer;
    this.requestFrame = requestFrame;
    this.canvases = [];
    this.queue = [];
    this.done = null;
    this.width = 0;
    this.height = 0;
    this.preview = null;         // the preview canvas, while the image has one
    this.pendingPreview = null;  // its next bitmap, until the next frame
    this.onPreview = null;       // called in the frame that draws a preview from showPreview
    this.stale = false;          // the tiles on screen are of an earlier image than the preview
    this.scale = 1;              // CSS pixels of the screen per image pixel
  }

  /**
   * Replaces the image with `tiles` ([{ x, y, bitmap }]) and a downscaled
   * `preview` bitmap (null: none; left out: the one showPreview gave), all
   * owned from now on. A new preview is shown in the first frame, the tiles in
   * the frames after it. Resolves once every tile is on screen; a later call
   * supersedes this one and resolves it early.
   */
  show(width, height, tiles, preview) {
    const keep = preview === undefined;
    this.cancelPending({ keepPreview: keep });
    this.resize(width, height);
    while (this.canvases.length > tiles.length) this.canvases.pop().remove();
    this.queue = tiles.map((t, i) => ({ ...t, index: i }));
    if (!keep) {
      this.pendingPreview = preview;
      if (!preview) this.dropPreview();
    }
    this.requestFrame();
    return new Promise((resolve) => { this.done = resolve; });
  }

  /**
   * Shows a new image's preview (owned from now on) in the next frame, ahead of
   * its tiles: until show() has put them all on screen, the preview is drawn at
   * every zoom, since the tiles there are of the image before. `onDrawn` runs in
   * the frame that draws it, unless a later call comes first.
   */
  showPreview(width, height, bitmap, onDrawn = null) {
    this.cancelPending();
    this.resize(width, height);
    this.stale = true;
    this.pendingPreview = bitmap;
    this.onPreview = onDrawn;
    this.requestFrame();
  }

  /** Whether the preview is all the view needs at this zoom (it is drawn then, stale tiles or not). */
  get previewSuffices() {
    const dpr = this.layer.ownerDocument.defaultView?.devicePixelRatio || 1;
    return Boolean(this.preview) && this.scale * dpr * this.width <= this.preview.width * 1.001;
  }

  resize(width, height) {
    this.width = width;
    this.height = height;
    this.layer.style.width = `${width}px`;
    this.layer.style.height = `${height}px`;
  }

  /** Empties the layer (for a new image of another size, until its tiles arrive). */
  clear(width, height) {
    this.cancelPending();
    for (const c of this.canvases) c.remove();
    this.canvases = [];
    this.stale = false;
    this.dropPreview();
    this.resize(width, height);
  }

  /** The view's zoom (CSS pixels per image pixel): picks the preview or the tiles. */
  setScale(scale) {
    this.scale = scale;
    this.choose();
  }

  choose() {
    this.layer.classList.toggle('use-preview', Boolean(this.preview) && (this.stale || this.previewSuffices));
  }

  dropPreview() {
    this.preview?.remove();
    this.preview = null;
    this.choose();
  }

  cancelPending({ keepPreview = false } = {}) {
    for (const t of this.queue) t.bitmap.close();
    this.queue = [];
    if (!keepPreview) {
      this.pendingPreview?.close();
      this.pendingPreview = null;
      this.onPreview = null;
    }
    this.done?.();
    this.done = null;
  }

  /** One frame's share of the drawing; true while more frames are needed. */
  pump() {
    if (this.pendingPreview) {
      const bitmap = this.pendingPreview;
      this.pendingPreview = null;
      this.preview = paint(this.layer, this.preview, bitmap, { x: 0, y: 0, w: this.width, h: this.height });
      this.preview.classList.add('preview');
      this.choose();
      const drawn = this.onPreview;
      this.onPreview = null;
      drawn?.();
      // The preview has a frame to itself: its 7.7 MB are as much as the tiles of one frame.
      if (this.queue.length) return true;
    }
    if (!this.done) return false;
    // Zoomed out the tiles are not drawn (the preview is), and stay so once they are in:
    // handing them over costs the compositor nothing, so all go in one frame.
    const perFrame = this.previewSuffices ? this.queue.length : TILES_PER_FRAME;
    for (let k = 0; k < perFrame && this.queue.length; k++) {
      const t = this.queue.shift();
      const c = paint(this.layer, this.canvases[t.index], t.bitmap, { x: t.x, y: t.y, w: t.bitmap.width, h: t.bitmap.height });
      this.canvases[t.index] = c;
      c.dataset.x = String(t.x);
      c.dataset.y = String(t.y);
    }
    if (this.queue.length) return true;
    this.stale = false;
    this.choose();
    const done = this.done;
    this.done = null;
    done();
    return false;
  }
}
