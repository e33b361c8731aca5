// Shows a full-resolution image as a grid of tile canvases, a few tiles per
// animation frame. Handing the compositor one 12-megapixel bitmap makes it copy
// 48 MB on the main thread in a single commit (measured 35-60 ms with software
// compositing); tiles of 1024² split that copy into ~4 MB pieces.

export const TILE = 1024;
// Neighbouring tiles overlap by a pixel so that no hairline seam shows at
// fractional zoom; the overlapping pixels are the same image pixels.
export const OVERLAP = 1;
const TILES_PER_FRAME = 2;

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

export class TiledImage {
  constructor(layer) {
    this.layer = layer;
    this.canvases = [];
    this.queue = [];
    this.frame = 0;
    this.done = null;
    this.width = 0;
    this.height = 0;
  }

  /**
   * Replaces the image with `tiles` ([{ x, y, bitmap }], bitmaps owned from now
   * on). Resolves once every tile is on screen; a later call supersedes this one
   * and resolves it early.
   */
  show(width, height, tiles) {
    this.cancelPending();
    this.width = width;
    this.height = height;
    this.layer.style.width = `${width}px`;
    this.layer.style.height = `${height}px`;
    while (this.canvases.length > tiles.length) this.canvases.pop().remove();
    this.queue = tiles.map((t, i) => ({ ...t, index: i }));
    return new Promise((resolve) => {
      this.done = resolve;
      this.frame = requestAnimationFrame(() => this.pump());
    });
  }

  /** Empties the layer (for a new image of another size, until its tiles arrive). */
  clear(width, height) {
    this.cancelPending();
    for (const c of this.canvases) c.remove();
    this.canvases = [];
    this.width = width;
    this.height = height;
    this.layer.style.width = `${width}px`;
    this.layer.style.height = `${height}px`;
  }

  cancelPending() {
    cancelAnimationFrame(this.frame);
    for (const t of this.queue) t.bitmap.close();
    this.queue = [];
    this.done?.();
    this.done = null;
  }

  pump() {
    for (let k = 0; k < TILES_PER_FRAME && this.queue.length; k++) {
      const t = this.queue.shift();
      let c = this.canvases[t.index];
      if (!c) {
        c = this.layer.ownerDocument.createElement('canvas');
        c.setAttribute('aria-hidden', 'true');
        this.canvases[t.index] = c;
        this.layer.append(c);
      }
      c.width = t.bitmap.width;
      c.height = t.bitmap.height;
      Object.assign(c.style, {
        left: `${t.x}px`, top: `${t.y}px`, width: `${t.bitmap.width}px`, height: `${t.bitmap.height}px`,
      });
      c.dataset.x = String(t.x);
      c.dataset.y = String(t.y);
      c.getContext('bitmaprenderer').transferFromImageBitmap(t.bitmap);
    }
    if (this.queue.length) {
      this.frame = requestAnimationFrame(() => this.pump());
    } else {
      const done = this.done;
      this.done = null;
      done?.();
    }
  }
}
