// A 4000×3000 "photo" for the image page's large-image test and its benchmark: drawn and
// JPEG-encoded in the page, then opened through the page's file input as a learner would.

/** Resolves once the file input's change event was sent; `label` writes a line of text across it. */
export function chooseLargePhoto(page, { name, label = null }) {
  return page.evaluate(async ({ fileName, text }) => {
    const c = new OffscreenCanvas(4000, 3000);
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, 4000, 3000);
    grad.addColorStop(0, '#203050'); grad.addColorStop(0.5, '#d08060'); grad.addColorStop(1, '#f0e0a0');
    g.fillStyle = grad;
    g.fillRect(0, 0, 4000, 3000);
    for (let i = 0; i < 400; i++) {
      g.fillStyle = `hsl(${(i * 37) % 360} 60% ${30 + (i % 5) * 10}%)`;
      g.fillRect((i * 733) % 3900, (i * 467) % 2900, 20 + (i % 13) * 9, 15 + (i % 7) * 11);
    }
    if (text) {
      g.font = '120px sans-serif';
      g.fillStyle = '#fff';
      g.fillText(text, 300, 1500);
    }
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    const dt = new DataTransfer();
    dt.items.add(new File([blob], fileName, { type: 'image/jpeg' }));
    const input = document.getElementById('file-input');
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, { fileName: name, text: label });
}
