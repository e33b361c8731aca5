// Synced zoom and pan of the original and the result, side by side or as a
// before/after split. The image layers stay at full resolution and are moved
// with a CSS transform, so zooming never resamples pixels in script.

const MAX_SCALE = 64;

export function createViewer({ compare, viewports, layers, divider, onPoint, onView, onZoomed, onSplit }) {
  const view = { scale: 1, tx: 0, ty: 0 };
  let size = { width: 0, height: 0 };
  let split = 50;
  let mode = 'side';
  let markers = { window: null, pixel: null };

  const clampScale = (s) => Math.min(MAX_SCALE, Math.max(minScale(), s));
  function minScale() {
    const fit = fitScale();
    return Math.min(fit, 1) / 4;
  }
  function viewportSize() {
    const r = viewports[0].getBoundingClientRect();
    return { w: r.width || 1, h: r.height || 1 };
  }
  function fitScale() {
    if (!size.width) return 1;
    const { w, h } = viewportSize();
    return Math.min(w / size.width, h / size.height);
  }

  function apply() {
    const t = `translate(${view.tx}px, ${view.ty}px) scale(${view.scale})`;
    for (const l of layers) l.style.transform = t;
    compare.classList.toggle('pixelated', view.scale >= 2);
    drawMarkers();
    onView?.(view);
  }

  function setView(scale, tx, ty) {
    view.scale = clampScale(scale);
    view.tx = tx;
    view.ty = ty;
    keepInside();
    apply();
  }

  /** Keeps at least a quarter of the viewport showing image, so it cannot be lost off-screen. */
  function keepInside() {
    const { w, h } = viewportSize();
    const iw = size.width * view.scale, ih = size.height * view.scale;
    const mx = Math.min(w, iw) * 0.25, my = Math.min(h, ih) * 0.25;
    view.tx = Math.min(w - mx, Math.max(mx - iw, view.tx));
    view.ty = Math.min(h - my, Math.max(my - ih, view.ty));
  }

  function fit() {
    const s = fitScale();
    const { w, h } = viewportSize();
    view.scale = s;
    view.tx = (w - size.width * s) / 2;
    view.ty = (h - size.height * s) / 2;
    apply();
  }

  function zoomAt(factor, px, py) {
    const s = clampScale(view.scale * factor);
    const k = s / view.scale;
    setView(s, px - (px - view.tx) * k, py - (py - view.ty) * k);
  }

  function zoomCentre(factor) {
    const { w, h } = viewportSize();
    zoomAt(factor, w / 2, h / 2);
  }

  function actualSize() {
    const { w, h } = viewportSize();
    const cx = (w / 2 - view.tx) / view.scale, cy = (h / 2 - view.ty) / view.scale;
    setView(1, w / 2 - cx, h / 2 - cy);
  }

  /** Zooms so that the image region (x, y, w, h) fills the viewport. */
  function showRegion(x, y, w, h) {
    const vp = viewportSize();
    const s = clampScale(Math.min(vp.w / w, vp.h / h));
    setView(s, vp.w / 2 - (x + w / 2) * s, vp.h / 2 - (y + h / 2) * s);
  }

  function toImage(vp, clientX, clientY) {
    const r = vp.getBoundingClientRect();
    return {
      x: Math.floor((clientX - r.left - view.tx) / view.scale),
      y: Math.floor((clientY - r.top - view.ty) / view.scale),
      px: clientX - r.left,
      py: clientY - r.top,
    };
  }

  function place(el, rect) {
    if (!rect) { el.hidden = true; return; }
    el.hidden = false;
    el.style.left = `${view.tx + rect.x * view.scale}px`;
    el.style.top = `${view.ty + rect.y * view.scale}px`;
    el.style.width = `${rect.w * view.scale}px`;
    el.style.height = `${rect.h * view.scale}px`;
  }

  function drawMarkers() {
    for (const vp of viewports) {
      place(vp.querySelector('.marker-window'), markers.window);
      place(vp.querySelector('.marker-pixel'), markers.pixel);
    }
  }

  // Pointer: drag pans, a tap (little movement) inspects, two fingers pinch-zoom.
  const pointers = new Map();
  let drag = null;
  for (const vp of viewports) {
    vp.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      vp.setPointerCapture(e.pointerId);
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.size === 1) drag = { x: e.clientX, y: e.clientY, tx: view.tx, ty: view.ty, moved: false };
      else drag = null;
    });
    vp.addEventListener('pointermove', (e) => {
      const prev = pointers.get(e.pointerId);
      if (prev && pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        const before = Math.hypot(a.x - b.x, a.y - b.y);
        prev.x = e.clientX; prev.y = e.clientY;
        const [c, d] = [...pointers.values()];
        const after = Math.hypot(c.x - d.x, c.y - d.y);
        const p = toImage(vp, (c.x + d.x) / 2, (c.y + d.y) / 2);
        if (before > 0) { zoomAt(after / before, p.px, p.py); onZoomed?.(view.scale); }
        return;
      }
      if (prev && drag) {
        const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
        if (drag.moved) setView(view.scale, drag.tx + dx, drag.ty + dy);
        prev.x = e.clientX; prev.y = e.clientY;
        return;
      }
      if (e.pointerType === 'mouse') {
        const p = toImage(vp, e.clientX, e.clientY);
        onPoint?.(p.x, p.y, 'hover');
      }
    });
    const end = (e) => {
      if (!pointers.has(e.pointerId)) return;
      pointers.delete(e.pointerId);
      if (drag && !drag.moved && e.type === 'pointerup') {
        const p = toImage(vp, e.clientX, e.clientY);
        onPoint?.(p.x, p.y, 'tap');
      }
      drag = null;
    };
    vp.addEventListener('pointerup', end);
    vp.addEventListener('pointercancel', end);
    vp.addEventListener('wheel', (e) => {
      e.preventDefault();
      const p = toImage(vp, e.clientX, e.clientY);
      const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      zoomAt(Math.exp(-delta * 0.0015), p.px, p.py);
      onZoomed?.(view.scale);
    }, { passive: false });
    vp.addEventListener('keydown', (e) => {
      const step = e.shiftKey ? 160 : 40;
      const keys = {
        ArrowLeft: () => setView(view.scale, view.tx + step, view.ty),
        ArrowRight: () => setView(view.scale, view.tx - step, view.ty),
        ArrowUp: () => setView(view.scale, view.tx, view.ty + step),
        ArrowDown: () => setView(view.scale, view.tx, view.ty - step),
        '+': () => zoomCentre(1.25),
        '=': () => zoomCentre(1.25),
        '-': () => zoomCentre(0.8),
        0: () => fit(),
        1: () => actualSize(),
      };
      const f = keys[e.key];
      if (f && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        f();
        if (!e.key.startsWith('Arrow')) onZoomed?.(e.key === '0' ? 'fit' : view.scale);
      }
    });
  }

  // The divider is a slider: pointer drag anywhere on it, arrow keys when focused.
  function setSplit(v, user = false) {
    split = Math.max(0, Math.min(100, v));
    if (user) onSplit?.(split);
    compare.style.setProperty('--split', `${split}%`);
    divider.setAttribute('aria-valuenow', String(Math.round(split)));
    divider.setAttribute('aria-valuetext', `${Math.round(split)}% original on the left, result on the right`);
  }
  divider.addEventListener('pointerdown', (e) => {
    e.stopPropagation();
    divider.setPointerCapture(e.pointerId);
    const move = (ev) => {
      const r = compare.querySelector('.split-area').getBoundingClientRect();
      setSplit(((ev.clientX - r.left) / r.width) * 100, true);
    };
    move(e);
    const up = () => {
      divider.removeEventListener('pointermove', move);
      divider.removeEventListener('pointerup', up);
      divider.removeEventListener('pointercancel', up);
    };
    divider.addEventListener('pointermove', move);
    divider.addEventListener('pointerup', up);
    divider.addEventListener('pointercancel', up);
  });
  divider.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? 10 : 2;
    const map = { ArrowLeft: -step, ArrowDown: -step, ArrowRight: step, ArrowUp: step, PageDown: -10, PageUp: 10 };
    if (e.key in map) { e.preventDefault(); setSplit(split + map[e.key], true); }
    else if (e.key === 'Home') { e.preventDefault(); setSplit(0, true); }
    else if (e.key === 'End') { e.preventDefault(); setSplit(100, true); }
  });
  setSplit(50);

  const resizes = new ResizeObserver(() => { if (size.width) keepInside(); apply(); });
  resizes.observe(viewports[0]);

  /** Zooms to `scale` around image point (cx, cy), or the view's centre. */
  function zoomTo(scale, cx, cy) {
    const { w, h } = viewportSize();
    const s = clampScale(scale);
    const x = cx ?? (w / 2 - view.tx) / view.scale, y = cy ?? (h / 2 - view.ty) / view.scale;
    setView(s, w / 2 - x * s, h / 2 - y * s);
  }

  return {
    view,
    setSize(width, height) {
      const changed = width !== size.width || height !== size.height;
      size = { width, height };
      compare.style.setProperty('--aspect', `${width} / ${height}`);
      if (changed) fit();
    },
    setMode(m) {
      if (m === mode) return;
      mode = m;
      compare.classList.toggle('mode-split', m === 'split');
      compare.classList.toggle('mode-side', m !== 'split');
      divider.hidden = m !== 'split';
      requestAnimationFrame(() => { if (size.width) fit(); });
    },
    get mode() { return mode; },
    fit,
    zoom: zoomCentre,
    actualSize,
    showRegion,
    zoomTo,
    get split() { return split; },
    destroy() { resizes.disconnect(); },
    setSplit,
    setMarkers(m) { markers = m; drawMarkers(); },
  };
}
