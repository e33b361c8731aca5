// The question shown for an image larger than the engine or the page's canvases
// take: its size, the limits, and the size it would be downscaled to. Pure.

/** { text, width, height } for reply { width, height, maxImagePixels, maxImageSide }. */
export function largeImageText(name, { width: W, height: H, maxImagePixels: maxPx, maxImageSide: maxSide }) {
  const k = Math.min(1, Math.sqrt(maxPx / (W * H)), maxSide / W, maxSide / H);
  const width = Math.max(1, Math.floor(W * k)), height = Math.max(1, Math.floor(H * k));
  const side = Math.round(Math.sqrt(maxPx));
  const text = `“${name}” is ${W}×${H} pixels (${(W * H / 1e6).toFixed(1)} MP): too large. The engine filters up to ${(maxPx / 1e6).toFixed(1)} MP (${side}×${side}) and ${maxSide} pixels a side. Downscale it to ${width}×${height}? The current image stays until you choose.`;
  return { text, width, height };
}
