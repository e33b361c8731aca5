// Browser tests of image mode (web/image.html) in headless Chromium: loading,
// filtering against engine.filterImage, the inspector, download, errors and
// screenshots (a 12 MP photo: image-large.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { launch, openPage, ARTIFACTS } from './harness.mjs';
import { act, downloadBytes, helpers, runs, waitRuns } from './image-tools.mjs';
import { decodePNG, encodePNGSamples, flatGrayPNG, pngSize } from './fixtures/image/png.mjs';
import { GIF_PALETTE, GIF_SECOND, alphaPixel, bmpPixel, gifIndex } from './fixtures/image/patterns.mjs';
import * as pagePNG from '../../web/js/image/png.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/image/', import.meta.url));
const fixture = (name) => join(FIXTURES, name);

let env;
let shared; // one page for the functional tests, to keep the runtime short

before(async () => {
  env = await launch();
  shared = await openPage(env.browser, `${env.baseUrl}image.html?sample=small`);
  await waitRuns(shared.page, 0);
});

after(async () => {
  await env?.close();
});

/** Sets a select, waiting for the run when the value changes (setting the same value changes nothing). */
async function choose(page, selector, value) {
  if (await page.locator(selector).inputValue() === value) return;
  await act(page, () => page.selectOption(selector, value));
}

/** Chooses a filter, waiting for the run when that changes the stage (choosing the shown filter again changes nothing). */
async function selectFilter(page, id) {
  if (await page.locator('#filter-select').inputValue() === id) return;
  await act(page, () => page.selectOption('#filter-select', id));
}

async function compareResult(page, options) {
  await helpers(page);
  return page.evaluate((o) => window.T.compare(o), options);
}

async function upload(page, name) {
  await act(page, () => page.setInputFiles('#file-input', fixture(name)));
}

/** RGBA bytes of a width × height image from pixel(x, y) → [r, g, b, a?]. */
function rgba(width, height, pixel) {
  const out = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = pixel(x, y);
      out.set([p[0], p[1], p[2], p[3] ?? 255], (y * width + x) * 4);
    }
  }
  return out;
}

/** Where two byte arrays first differ, for messages; null when equal. */
function firstDifference(a, b) {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  let count = 0, first = -1;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) { count++; if (first < 0) first = i; }
  return count ? `${count} bytes differ, first at byte ${first} (pixel ${first >> 2}, channel ${first & 3}): ${a[first]} vs ${b[first]}` : null;
}

/** engine.filterImage of exact RGBA bytes, computed in the page; returns the result's bytes. */
async function filterInPage(page, width, height, bytes, options) {
  await helpers(page);
  const r = await page.evaluate(async ([w, h, b, o]) => {
    const e = await window.T.engine();
    const out = e.filterImage({ width: w, height: h, data: new Uint8ClampedArray(b) }, o);
    return { width: out.width, height: out.height, data: [...out.data] };
  }, [width, height, [...bytes], options]);
  return { width: r.width, height: r.height, data: Buffer.from(r.data) };
}

/** The identity filter's download: the worker's source pixels, byte for byte. */
async function sourceBytes(page) {
  await selectFilter(page, 'identity');
  return decodePNG((await downloadBytes(page)).bytes);
}

/** Sets the file input to bytes made in Node and waits for the run. */
async function uploadBuffer(page, name, mimeType, buffer) {
  await act(page, () => page.setInputFiles('#file-input', { name, mimeType, buffer }));
}

/** The image the page shows as the original (exact for opaque images only: it is read through a canvas). */
async function shownSource(page) {
  await helpers(page);
  const r = await page.evaluate(async () => {
    const img = await window.T.pixels('source-layer');
    return { width: img.width, height: img.height, data: [...img.data] };
  });
  return { width: r.width, height: r.height, data: Buffer.from(r.data) };
}

test('page structure: header, navigation, labelled controls, engine ready', async () => {
  const { page, errors } = shared;
  assert.equal(await page.locator('header.site-header h1').textContent(), 'Convolution Playground');
  assert.equal(await page.locator('nav a[href="index.html"]').textContent(), 'Matrix');
  assert.equal(await page.locator('nav a[href="image.html"]').getAttribute('aria-current'), 'page');
  // Every form control has an accessible name.
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => !el.closest('[hidden]') && el.type !== 'radio')
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.textContent.trim() || el.getAttribute('aria-labelledby')))
    .map((el) => el.id || el.outerHTML.slice(0, 60)));
  assert.deepEqual(unnamed, []);
  const count = await page.locator('#filter-select option').count();
  assert.ok(count > 5, `catalogue in the select: ${count}`);
  assert.match(await page.locator('#image-info').textContent(), /200×130/);
  assert.deepEqual(errors, []);
});

test('upload through the file input: original shows the decoded file, result equals filterImage', async () => {
  const { page, errors } = shared;
  await upload(page, 'gradient-64x48.png');
  assert.match(await page.locator('#image-info').textContent(), /gradient-64x48\.png · 64×48/);
  await helpers(page);
  const sourceDiff = await page.evaluate(async (bytes) => {
    const blob = new Blob([new Uint8Array(bytes)], { type: 'image/png' });
    const bmp = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
    const o = new OffscreenCanvas(bmp.width, bmp.height);
    const g = o.getContext('2d');
    g.drawImage(bmp, 0, 0);
    return window.T.diff(await window.T.pixels('source-layer'), g.getImageData(0, 0, bmp.width, bmp.height));
  }, [...await readFile(fixture('gradient-64x48.png'))]);
  assert.equal(sourceDiff.count, 0, `original canvas differs from the decoded file: ${JSON.stringify(sourceDiff)}`);
  const filterId = await page.locator('#filter-select').inputValue();
  const d = await compareResult(page, { filter: filterId });
  assert.equal(d.count, 0, JSON.stringify(d));
  assert.deepEqual(errors, []);
});

test('upload by a simulated drop, with EXIF orientation respected', async () => {
  const { page } = shared;
  const bytes = [...await readFile(fixture('exif-orientation-6.jpg'))];
  await act(page, () => page.evaluate((b) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(b)], 'rotated.jpg', { type: 'image/jpeg' }));
    const target = document.querySelector('.pane-result .viewport');
    target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, bytes));
  // Stored 48×32 with orientation 6: shown 32×48, the red corner block now at the top right.
  assert.match(await page.locator('#image-info').textContent(), /rotated\.jpg · 32×48/);
  await helpers(page);
  const corners = await page.evaluate(async () => {
    const img = await window.T.pixels('source-layer');
    const at = (x, y) => Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3));
    return { topRight: at(img.width - 3, 3), topLeft: at(2, 3) };
  });
  assert.ok(corners.topRight[0] > 200 && corners.topRight[2] < 80, `top right should be red: ${corners.topRight}`);
  assert.ok(corners.topLeft[2] > 150, `top left should be blue: ${corners.topLeft}`);
});

test('built-in filters match filterImage exactly', async () => {
  const { page } = shared;
  await upload(page, 'gradient-64x48.png');
  for (const id of ['sobel-magnitude', 'laplacian', 'emboss', 'box-blur-5', 'sharpen', 'motion-blur', 'identity']) {
    await act(page, () => page.selectOption('#filter-select', id));
    const d = await compareResult(page, { filter: id });
    assert.equal(d.count, 0, `${id}: ${JSON.stringify(d)}`);
    assert.match(await page.locator('#filter-description').textContent(), /\w+/);
  }
  // A border mode on a built-in filter.
  await act(page, () => page.selectOption('#opt-border', 'wrap'));
  const d = await compareResult(page, { filter: 'identity', border: 'wrap' });
  assert.equal(d.count, 0);
  await act(page, () => page.selectOption('#filter-select', 'box-blur-5'));
  const d2 = await compareResult(page, { filter: 'box-blur-5', border: 'wrap' });
  assert.equal(d2.count, 0, JSON.stringify(d2));
  const d3 = await compareResult(page, { filter: 'box-blur-5', border: 'replicate' });
  assert.ok(d3.count > 0, 'the border mode changes edge pixels (the comparison can fail)');
  await act(page, () => page.selectOption('#opt-border', 'replicate'));
  // Fractional built-in weights read as taught: integers times one fraction.
  await act(page, () => page.selectOption('#filter-select', 'gaussian-blur-5'));
  const grid = page.locator('#builtin-grids table').first();
  assert.equal(await grid.locator('caption').textContent(), 'Kernel × 1/256');
  assert.deepEqual(await grid.locator('tr').first().locator('td').allTextContents(), ['1', '4', '6', '4', '1']);
});

test('a sample larger than one display tile (1600×1000) is shown exactly', async () => {
  const { page } = shared;
  await page.selectOption('#sample-select', 'harbour');
  await act(page, () => page.click('#sample-load'));
  assert.match(await page.locator('#image-info').textContent(), /1600×1000/);
  assert.ok(await page.locator('#result-layer canvas').count() > 1, 'several tiles');
  const id = await page.locator('#filter-select').inputValue();
  const d = await compareResult(page, { filter: id });
  assert.equal(d.count, 0, JSON.stringify(d));
  await upload(page, 'gradient-64x48.png');
});

test('custom kernels per channel, divisor, bias, grayscale and constant border', async () => {
  const { page } = shared;
  await act(page, () => page.selectOption('#filter-select', 'custom'));
  await act(page, () => page.check('#per-channel'));
  const kR = { height: 3, width: 3, data: [0, 0, 0, 0, 1, 0, 0, 0, 0] };
  const kG = { height: 1, width: 3, data: [-1, 0, 1] };
  const kB = { height: 2, width: 2, data: [0.25, 0.25, 0.25, 0.25] };
  await act(page, () => page.fill('#kernel-text-0', '0 0 0\n0 1 0\n0 0 0'));
  await act(page, () => page.fill('#kernel-text-1', '-1 0 1'));
  await act(page, () => page.fill('#kernel-text-2', '1/4 1/4; 1/4 1/4'));
  let d = await compareResult(page, { kernels: [kR, kG, kB], output: 'clamp' });
  assert.equal(d.count, 0, `per-channel: ${JSON.stringify(d)}`);

  await act(page, () => page.uncheck('#per-channel'));
  await act(page, () => page.fill('#kernel-text-0', '1 2 1\n2 4 2\n1 2 1'));
  await act(page, () => page.fill('#divisor', '16'));
  await act(page, () => page.fill('#opt-bias', '20'));
  d = await compareResult(page, { kernel: { height: 3, width: 3, data: [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16) }, bias: 20 });
  assert.equal(d.count, 0, `divisor and bias: ${JSON.stringify(d)}`);
  // Normalise sets the divisor to the kernel sum (16 here) and the bias stays.
  await act(page, () => page.fill('#divisor', '1'));
  await act(page, () => page.click('#normalise'));
  assert.equal(await page.locator('#divisor').inputValue(), '16');
  await act(page, () => page.fill('#opt-bias', '0'));

  await act(page, () => page.check('#opt-grayscale'));
  await act(page, () => page.selectOption('#opt-border', 'constant'));
  await act(page, () => page.fill('#opt-constant', '255'));
  d = await compareResult(page, {
    kernel: { height: 3, width: 3, data: [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16) },
    grayscale: true, border: 'constant', constant: 255,
  });
  assert.equal(d.count, 0, `grayscale + constant border: ${JSON.stringify(d)}`);
  await act(page, () => page.uncheck('#opt-grayscale'));
  await act(page, () => page.selectOption('#opt-border', 'replicate'));
  await act(page, () => page.fill('#divisor', '1'));

  // An invalid kernel is reported in place and names the problem.
  await page.fill('#kernel-text-0', '1 2\n3');
  await page.waitForFunction(() => !document.getElementById('stage-error').hidden);
  assert.match(await page.locator('#stage-error').textContent(), /Row 2 has 1 values/);
  await act(page, () => page.fill('#kernel-text-0', '1 2 1\n2 4 2\n1 2 1'));
  assert.equal(await page.locator('#stage-error').isHidden(), true);
});

test('output modes with a signed, non-square kernel', async () => {
  const { page } = shared;
  await selectFilter(page, 'custom');
  await act(page, () => page.fill('#kernel-text-0', '-1 0 1\n-1 0 1'));
  const kernel = { height: 2, width: 3, data: [-1, 0, 1, -1, 0, 1] };
  const seen = new Set();
  for (const output of ['clamp', 'abs', 'offset', 'normalize']) {
    await choose(page, '#opt-output', output);
    const d = await compareResult(page, { kernel, output });
    assert.equal(d.count, 0, `${output}: ${JSON.stringify(d)}`);
    assert.ok((await page.locator('#output-help').textContent()).length > 20);
    seen.add(await page.evaluate(async () => {
      const img = await window.T.pixels('result-layer');
      let h = 0;
      for (let i = 0; i < img.data.length; i++) h = (h * 31 + img.data[i]) >>> 0;
      return h;
    }));
  }
  assert.equal(seen.size, 4, 'each output mode gives a different image');
});

test('inspector shows the window, kernel, products, sum and final value of a chosen pixel', async () => {
  const { page } = shared;
  await selectFilter(page, 'custom');
  await act(page, () => page.fill('#kernel-text-0', '1 2 1\n0 0 0\n-1 -2 -1'));
  await choose(page, '#opt-output', 'offset');
  for (const [x, y] of [[21, 12], [0, 0]]) {
    await page.fill('#inspect-x', String(x));
    await page.fill('#inspect-y', String(y));
    await page.locator('#inspect-y').dispatchEvent('change');
    await page.waitForFunction(([px, py]) => {
      const el = document.getElementById('inspector');
      return el.dataset.x === String(px) && el.dataset.y === String(py);
    }, [x, y]);
    await helpers(page);
    const check = await page.evaluate(async ([px, py]) => {
      const e = await window.T.engine();
      const src = await window.T.pixels('source-layer');
      const res = await window.T.pixels('result-layer');
      const kernel = { height: 3, width: 3, data: [1, 2, 1, 0, 0, 0, -1, -2, -1] };
      const out = [];
      const channels = [...document.querySelectorAll('#inspector .channel')];
      channels.forEach((box, c) => {
        const plane = { height: src.height, width: src.width, data: Array.from({ length: src.width * src.height }, (_, k) => src.data[k * 4 + c]) };
        const ex = e.explain(plane, kernel, { padding: 'same', border: 'replicate' }, py, px);
        // The page writes a true minus sign (−), as the matrix page does.
        const num = (t) => Number(t.replace('\u2212', '-'));
        const values = [...box.querySelectorAll('table.values td')].map((td) => num(td.textContent));
        const weights = [...box.querySelectorAll('table.weights td')].map((td) => num(td.textContent));
        const products = [...box.querySelectorAll('table.products td')].map((td) => num(td.textContent));
        const sum = num(box.querySelector('.sum').textContent.replace('Σ = ', ''));
        const byte = Number(/= (\d+)$/.exec(box.querySelector('.result-byte').textContent)[1]);
        out.push({
          values: JSON.stringify(values) === JSON.stringify(ex.taps.map((t) => t.value)),
          weights: JSON.stringify(weights) === JSON.stringify(ex.taps.map((t) => t.weight)),
          products: JSON.stringify(products) === JSON.stringify(ex.taps.map((t) => t.product)),
          sum: sum === ex.sum,
          byte: byte === res.data[(py * res.width + px) * 4 + c],
          borderCells: box.querySelectorAll('table.values td.border').length,
        });
      });
      return out;
    }, [x, y]);
    assert.equal(check.length, 3);
    for (const c of check) {
      assert.deepEqual({ ...c, borderCells: 0 }, { values: true, weights: true, products: true, sum: true, byte: true, borderCells: 0 }, JSON.stringify(check));
    }
    // At the corner, 5 of the 9 window cells lie outside and come from the border.
    assert.equal(check[0].borderCells, x === 0 ? 5 : 0);
  }
  assert.match(await page.locator('#inspector').textContent(), /offset: add 128/);

  // A large kernel's inspector is built over several frames; meanwhile it names no pixel, so a
  // page that waits for data-x / data-y never reads the old kernel's grids or a half-built one.
  await page.evaluate(() => {
    const el = document.getElementById('inspector');
    window.inspectorSeen = [];
    new MutationObserver(() => window.inspectorSeen.push({ x: el.dataset.x, busy: el.getAttribute('aria-busy') === 'true', channels: el.querySelectorAll('.channel').length }))
      .observe(el, { attributes: true, childList: true, subtree: true });
  });
  const big = Array.from({ length: 13 }, () => Array(13).fill(1).join(' ')).join('\n');
  await act(page, () => page.fill('#kernel-text-0', big));
  await page.waitForFunction(() => {
    const el = document.getElementById('inspector');
    return el.dataset.x === '0' && !el.hasAttribute('aria-busy');
  });
  const seen = await page.evaluate(() => window.inspectorSeen);
  assert.ok(seen.some((r) => r.busy && r.x === undefined), `the build was seen in progress: ${JSON.stringify(seen.slice(0, 8))}`);
  assert.deepEqual(seen.filter((r) => r.x !== undefined && (r.busy || r.channels < 3)), [], 'a pixel is named only on a complete inspector');
  await act(page, () => page.fill('#kernel-text-0', '1 2 1\n0 0 0\n-1 -2 -1'));

  // Hovering the result also inspects, and the scan animation steps through pixels.
  await page.locator('.pane-result .viewport').scrollIntoViewIfNeeded();
  const box = await page.locator('.pane-result .viewport').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => ![undefined, '0'].includes(document.getElementById('inspector').dataset.x));
  await page.click('#scan');
  const first = await page.locator('#inspector').getAttribute('data-x');
  await page.waitForFunction((f) => ![undefined, f].includes(document.getElementById('inspector').dataset.x), first, { timeout: 5000 });
  assert.equal(await page.locator('#scan').getAttribute('aria-pressed'), 'true');
  await page.click('#scan');
  // The button is redrawn on the next animation frame, as every view is.
  await page.waitForFunction(() => document.getElementById('scan').getAttribute('aria-pressed') === 'false', null, { timeout: 3000 });
});

test('chain: each stage filters the previous result and each stage can be viewed', async () => {
  const { page } = shared;
  await act(page, () => page.selectOption('#filter-select', 'gaussian-blur-3'));
  await act(page, () => page.click('#add-stage'));
  await selectFilter(page, 'sobel-magnitude');
  assert.equal(await page.locator('#stages li').count(), 2);
  await helpers(page);
  const d = await page.evaluate(async () => {
    const e = await window.T.engine();
    const src = await window.T.pixels('source-layer');
    const want = e.filterImage(e.filterImage(src, { filter: 'gaussian-blur-3' }), { filter: 'sobel-magnitude' });
    return window.T.diff(await window.T.pixels('result-layer'), want);
  });
  assert.equal(d.count, 0, JSON.stringify(d));
  assert.match(await page.locator('#result-caption').textContent(), /stage 2/);
  await act(page, () => page.locator('#stages li button').first().click());
  assert.equal((await compareResult(page, { filter: 'gaussian-blur-3' })).count, 0);
  assert.match(await page.locator('#result-caption').textContent(), /stage 1/);
  await act(page, () => page.click('#remove-stage'));
  assert.equal(await page.locator('#stages li').count(), 1);
});

test('download of an opaque result is a full-resolution PNG equal to filterImage; copy kernel gives JSON', async () => {
  const { page } = shared;
  await upload(page, 'gradient-64x48.png');
  await act(page, () => page.selectOption('#filter-select', 'emboss'));
  const { bytes, name } = await downloadBytes(page);
  assert.deepEqual(pngSize(bytes), { width: 64, height: 48 });
  assert.match(name, /^gradient-64x48-stage1-64x48\.png$/);
  const source = decodePNG(await readFile(fixture('gradient-64x48.png')));
  const want = await filterInPage(page, 64, 48, source.data, { filter: 'emboss' });
  const got = decodePNG(bytes);
  assert.deepEqual([got.width, got.height], [want.width, want.height]);
  assert.equal(firstDifference(got.data, want.data), null);

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await act(page, () => page.selectOption('#filter-select', 'sobel-magnitude'));
  await page.click('#copy-kernel');
  await page.waitForFunction(() => document.getElementById('copy-status').textContent !== '');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  const json = JSON.parse(text);
  assert.equal(json.kernels.length, 2);
  assert.deepEqual(json.kernels[0].data, [-1, 0, 1, -2, 0, 2, -1, 0, 1]);
});

/** What a PNG of the given kind must decode to (the PNG rules, written out apart from the decoder). */
function expectedRGBA(width, height, samples, { colorType, depth, palette, trns }) {
  const to8 = (v) => (depth === 16 ? Math.round((v * 255) / 65535) : depth < 8 ? (v * 255) / (2 ** depth - 1) : v);
  const key16 = (k) => (trns[k] << 8) | trns[k + 1];
  return rgba(width, height, (x, y) => {
    const v = samples(x, y);
    switch (colorType) {
      case 0: return [to8(v[0]), to8(v[0]), to8(v[0]), trns && v[0] === key16(0) ? 0 : 255];
      case 2: return [...v.map(to8), trns && v[0] === key16(0) && v[1] === key16(2) && v[2] === key16(4) ? 0 : 255];
      case 3: return [...palette[v[0]], trns?.[v[0]] ?? 255];
      case 4: return [to8(v[0]), to8(v[0]), to8(v[0]), to8(v[1])];
      default: return v.map(to8);
    }
  });
}

/** PNGs of every colour type and bit depth, interlaced or not, with tRNS where it applies. */
function pngVariants() {
  const W = 19, H = 13; // odd sizes: partial bytes at low depths, uneven Adam7 passes
  const palette = Array.from({ length: 16 }, (_, i) => [i * 17, 255 - i * 13, (i * 71) & 255]);
  const variants = [];
  const fit = (v) => (x, y) => v.samples(x, y).map((s) => s % 2 ** v.depth);
  for (const interlace of [0, 1]) {
    for (const depth of [1, 2, 4, 8, 16]) {
      const max = 2 ** depth - 1;
      variants.push({ colorType: 0, depth, interlace, samples: (x, y) => [(x * 7 + y * 3) % (max + 1)], trns: [0, 0] });
    }
    for (const depth of [1, 2, 4, 8]) {
      const n = Math.min(16, 2 ** depth);
      variants.push({
        colorType: 3, depth, interlace, samples: (x, y) => [(x + 2 * y) % n],
        palette: palette.slice(0, n), trns: [0, 128, 255, 7].slice(0, Math.min(4, n)),
      });
    }
    for (const depth of [8, 16]) {
      const f = depth === 16 ? 257 : 1;
      variants.push({ colorType: 2, depth, interlace, samples: (x, y) => [x * 13 * f, y * 19 * f, (x * y) % 256 * f], trns: depth === 16 ? [0, 0, 0, 0, 0, 0] : [0, 26, 0, 38, 0, 12] });
      variants.push({ colorType: 4, depth, interlace, samples: (x, y) => [x * 13 * f + (depth === 16 ? y : 0), (x * 11 + y * 9) % 256 * f + (depth === 16 ? x * 40 : 0)] });
      variants.push({ colorType: 6, depth, interlace, samples: (x, y) => [x * 13 * f + y, y * 19 * f, (x * y) % 256 * f, ((x + y * W) * 5) % 256 * f + (depth === 16 ? 200 : 0)] });
    }
  }
  return variants.map((v) => ({
    ...v, width: W, height: H, samples: undefined,
    label: `type ${v.colorType}, ${v.depth} bit${v.interlace ? ', Adam7' : ''}${v.trns ? ', tRNS' : ''}`,
    file: encodePNGSamples(W, H, fit(v), v),
    want: expectedRGBA(W, H, fit(v), v),
  }));
}

test('the worker\'s PNG encoder and decoder (web/js/image/png.js) keep every byte', async () => {
  // In Node, which has the same CompressionStream and DecompressionStream.
  const alpha = rgba(64, 48, alphaPixel);
  const noise = Buffer.alloc(37 * 23 * 4);
  for (let i = 0, r = 7; i < noise.length; i++) { r = (Math.imul(r, 1103515245) + 12345) >>> 0; noise[i] = r >>> 24; }
  for (const [w, h, data] of [[64, 48, alpha], [37, 23, noise], [1, 1, Buffer.from([10, 20, 30, 40])]]) {
    const file = Buffer.from(await (await pagePNG.encodePNG(w, h, new Uint8ClampedArray(data))).arrayBuffer());
    const back = decodePNG(file);
    assert.deepEqual([back.width, back.height], [w, h]);
    assert.equal(firstDifference(back.data, data), null, `${w}×${h}: our decoder on the encoder's file`);
    assert.equal(file[25], 6, 'colour type 6');
    const again = await pagePNG.decodePNG(pagePNG.parsePNG(new Uint8Array(file)));
    assert.equal(firstDifference(Buffer.from(again), data), null, `${w}×${h}: the page's own decoder`);
  }
  // The Node-side decoder reads all five filter types (the fixture encoder cycles them).
  const cycled = decodePNG(await readFile(fixture('alpha-64x48.png')));
  assert.deepEqual(cycled.filters.map((n) => n > 0), [true, true, true, true, true]);
  assert.equal(firstDifference(cycled.data, alpha), null);

  for (const v of pngVariants()) {
    const got = await pagePNG.decodePNG(pagePNG.parsePNG(new Uint8Array(v.file)));
    assert.equal(firstDifference(Buffer.from(got), v.want), null, v.label);
    // The worker decodes these itself; the rest it leaves to the browser (exact without alpha).
    assert.equal(pagePNG.pngHasAlpha(new Uint8Array(v.file)), v.colorType >= 4 || !!v.trns, v.label);
  }
  assert.equal(pagePNG.pngHasAlpha(new Uint8Array(await readFile(fixture('gradient-64x48.png')))), false);
  const opaquePalette = encodePNGSamples(4, 4, (x) => [x], { colorType: 3, depth: 2, palette: [[0, 0, 0], [9, 9, 9], [80, 80, 80], [255, 0, 0]] });
  assert.equal(pagePNG.pngHasAlpha(new Uint8Array(opaquePalette)), false);
  // Damage is refused (the worker then leaves the file to the browser).
  const bad = Buffer.from(await readFile(fixture('alpha-64x48.png')));
  bad[bad.length - 20] ^= 1;
  assert.throws(() => pagePNG.parsePNG(new Uint8Array(bad)), /CRC/);
  const corrupt = new Uint8Array(await readFile(fixture('corrupt.png')));
  assert.throws(() => pagePNG.parsePNG(corrupt));
});

test('a semi-transparent PNG: source decoded exactly, download equal to filterImage byte for byte', async () => {
  const { page, errors } = shared;
  const file = rgba(64, 48, alphaPixel);
  await upload(page, 'alpha-64x48.png');
  assert.match(await page.locator('#image-info').textContent(), /alpha-64x48\.png · 64×48/);
  const source = await sourceBytes(page);
  assert.equal(firstDifference(source.data, file), null, 'source pixels = the file\'s bytes');

  for (const filter of ['gaussian-blur-3', 'sobel-magnitude', 'sharpen']) {
    await act(page, () => page.selectOption('#filter-select', filter));
    const { bytes } = await downloadBytes(page);
    assert.equal(bytes[25], 6, 'RGBA PNG');
    const got = decodePNG(bytes);
    const want = await filterInPage(page, 64, 48, file, { filter });
    assert.deepEqual([got.width, got.height], [want.width, want.height]);
    assert.equal(firstDifference(got.data, want.data), null, filter);
  }

  // The canvas route this replaces would fail the comparison above: through a
  // premultiplied canvas, the same pixels come back changed.
  const viaCanvas = await page.evaluate(async (b) => {
    const c = new OffscreenCanvas(64, 48);
    c.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(b), 64, 48), 0, 0);
    return [...new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer())];
  }, [...file]);
  assert.notEqual(firstDifference(decodePNG(Buffer.from(viaCanvas)).data, file), null);
  assert.deepEqual(errors, []);
});

test('PNG variants (palette, gray, 16-bit, Adam7, tRNS) uploaded are decoded exactly', async () => {
  const { page, errors } = shared;
  const pick = pngVariants().filter((v) => v.interlace && (v.colorType === 3 || v.depth === 16) && v.depth >= 4);
  assert.ok(pick.length >= 4);
  for (const v of pick) {
    await uploadBuffer(page, 'variant.png', 'image/png', v.file);
    const got = await sourceBytes(page);
    assert.deepEqual([got.width, got.height], [v.width, v.height], v.label);
    assert.equal(firstDifference(got.data, v.want), null, v.label);
  }
  assert.deepEqual(errors, []);
});

test('16-bit PNGs: opaque and transparent files follow one rule, v·255/65535 rounded', async () => {
  const { page, errors } = shared;
  const W = 21, H = 6;
  // Just past a half step, where the browser's truncation would give one level less.
  const v = (x, y, c) => 257 * ((x * 12 + y * 31 + c * 50) % 255) + 129 + ((x + c) % 3) * 40;
  const round = (t) => Math.round((t * 255) / 65535);
  for (const [colorType, samples] of [
    [2, (x, y) => [0, 1, 2].map((c) => v(x, y, c))],
    [6, (x, y) => [0, 1, 2].map((c) => v(x, y, c)).concat(65535)],
  ]) {
    const file = encodePNGSamples(W, H, samples, { colorType, depth: 16 });
    await uploadBuffer(page, `deep-${colorType}.png`, 'image/png', file);
    const got = await sourceBytes(page);
    const want = rgba(W, H, (x, y) => [0, 1, 2].map((c) => round(v(x, y, c))));
    assert.equal(firstDifference(got.data, want), null, `colour type ${colorType}`);
    const truncated = rgba(W, H, (x, y) => [0, 1, 2].map((c) => Math.floor((v(x, y, c) * 255) / 65535)));
    assert.notEqual(firstDifference(got.data, truncated), null, 'truncation would differ');
  }
  assert.deepEqual(errors, []);
});

test('paste from the clipboard opens the pasted image', async () => {
  const { page, errors } = shared;
  const W = 40, H = 30;
  const pixel = (x, y) => [x * 6, 255 - y * 8, (x ^ y) * 4];
  const file = encodePNGSamples(W, H, pixel, { colorType: 2 });
  await act(page, () => page.evaluate((b) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(b)], 'image.png', { type: 'image/png' }));
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, [...file]));
  assert.match(await page.locator('#image-info').textContent(), /image\.png · 40×30/);
  const shown = await shownSource(page);
  assert.equal(firstDifference(shown.data, rgba(W, H, pixel)), null);
  const id = await page.locator('#filter-select').inputValue();
  assert.equal((await compareResult(page, { filter: id })).count, 0);
  // Pasted text is not an image: nothing changes.
  const info = await page.locator('#image-info').textContent();
  const n = await runs(page);
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'hello');
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#image-info').textContent(), info);
  assert.equal(await runs(page), n);
  assert.deepEqual(errors, []);
});

test('an animated GIF opens at its first frame', async () => {
  const { page, errors } = shared;
  await upload(page, 'two-frames-128x96.gif');
  assert.match(await page.locator('#image-info').textContent(), /two-frames-128x96\.gif · 128×96/);
  const shown = await shownSource(page);
  const first = rgba(128, 96, (x, y) => GIF_PALETTE[gifIndex(x, y)]);
  const second = rgba(128, 96, () => GIF_PALETTE[GIF_SECOND]);
  assert.notEqual(firstDifference(shown.data, second), null, 'not the second frame');
  assert.equal(firstDifference(shown.data, first), null, 'every pixel of the first frame');
  const id = await page.locator('#filter-select').inputValue();
  assert.equal((await compareResult(page, { filter: id })).count, 0);
  assert.deepEqual(errors, []);
});

test('a 24-bit BMP (bottom-up rows) opens upright', async () => {
  const { page, errors } = shared;
  await upload(page, 'rgb-30x20.bmp');
  assert.match(await page.locator('#image-info').textContent(), /rgb-30x20\.bmp · 30×20/);
  const shown = await shownSource(page);
  assert.equal(firstDifference(shown.data, rgba(30, 20, bmpPixel)), null);
  // Upside down would put row 19's colours (green 228) at the top.
  assert.equal(shown.data[1], 0);
  const id = await page.locator('#filter-select').inputValue();
  assert.equal((await compareResult(page, { filter: id })).count, 0);
  assert.deepEqual(errors, []);
});

test('a WebP made by the browser opens with its size and colours', async () => {
  const { page, errors } = shared;
  const blocks = [[220, 40, 30], [30, 180, 60], [40, 70, 210], [240, 230, 200]];
  let encoded;
  await act(page, async () => {
    encoded = await page.evaluate(async (colours) => {
      const c = new OffscreenCanvas(48, 40);
      const g = c.getContext('2d');
      colours.forEach(([r, gg, b], i) => {
        g.fillStyle = `rgb(${r} ${gg} ${b})`;
        g.fillRect((i % 2) * 24, Math.floor(i / 2) * 20, 24, 20);
      });
      const blob = await c.convertToBlob({ type: 'image/webp', quality: 1 });
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'drawn.webp', { type: blob.type }));
      const input = document.getElementById('file-input');
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return { type: blob.type, size: blob.size };
    }, blocks);
  });
  assert.equal(encoded.type, 'image/webp', 'this browser encodes WebP (else the test would not test WebP)');
  assert.match(await page.locator('#image-info').textContent(), /drawn\.webp · 48×40/);
  const shown = await shownSource(page);
  let worst = 0;
  blocks.forEach((colour, i) => {
    // Block centres: lossy WebP may blur the edges between blocks.
    const x = (i % 2) * 24 + 12, y = Math.floor(i / 2) * 20 + 10;
    for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(shown.data[(y * 48 + x) * 4 + c] - colour[c]));
  });
  assert.ok(worst <= 6, `block colours within 6 levels (worst ${worst})`);
  console.log(`# WebP from convertToBlob(quality 1): ${encoded.size} bytes, largest colour error at block centres ${worst}`);
  const id = await page.locator('#filter-select').inputValue();
  assert.equal((await compareResult(page, { filter: id })).count, 0);
  assert.deepEqual(errors, []);
});

test('a corrupt file or a non-image shows a message and keeps the current image', async () => {
  const { page, errors } = shared;
  await helpers(page);
  const hash = () => page.evaluate(async () => {
    const img = await window.T.pixels('source-layer');
    let h = img.width;
    for (let i = 0; i < img.data.length; i++) h = (h * 31 + img.data[i]) >>> 0;
    return h;
  });
  const before = await hash();
  const info = await page.locator('#image-info').textContent();
  await page.setInputFiles('#file-input', fixture('corrupt.png'));
  await page.waitForFunction(() => !document.getElementById('load-message').hidden);
  assert.match(await page.locator('#load-message').textContent(), /Could not open “corrupt\.png”.*damaged.*current image is kept/);
  assert.equal(await page.locator('#image-info').textContent(), info);
  assert.equal(await hash(), before);

  await page.setInputFiles('#file-input', fixture('not-an-image.txt'));
  await page.waitForFunction(() => /not an image/.test(document.getElementById('load-message').textContent));
  assert.equal(await hash(), before);

  // Too large for the engine: a clear question, and a downscale only on consent.
  await page.setInputFiles('#file-input', fixture('too-wide-40000x2.png'));
  await page.waitForFunction(() => !document.getElementById('too-large').hidden, null, { timeout: 20_000 });
  assert.match(await page.locator('#too-large-text').textContent(), /40000×2/);
  assert.equal(await hash(), before);
  await page.click('#downscale-yes');
  await page.waitForFunction(() => /16384×1 px/.test(document.getElementById('image-info').textContent), null, { timeout: 20_000 });

  // A valid opaque 30000×30000 PNG, which the browser refuses to decode at all: the
  // size read from its header says too large (not "damaged") and offers the downscale.
  const info2 = await page.locator('#image-info').textContent();
  const huge = await flatGrayPNG(30000, 30000);
  await page.setInputFiles('#file-input', { name: 'huge.png', mimeType: 'image/png', buffer: huge });
  await page.waitForFunction(() => !document.getElementById('too-large').hidden, null, { timeout: 20_000 });
  assert.match(await page.locator('#too-large-text').textContent(), /“huge\.png” is 30000×30000 pixels \(900\.0 MP\): too large.*Downscale it to 8192×8192\?/);
  assert.equal(await page.locator('#load-message').isHidden(), true, 'no "damaged" message');
  await page.click('#downscale-no');
  assert.equal(await page.locator('#image-info').textContent(), info2);
  assert.deepEqual(errors, []);
});

test('split view with a keyboard-operable divider; synced zoom down to pixels', async () => {
  const { page } = shared;
  await upload(page, 'gradient-64x48.png');
  await page.check('input[name="layout"][value="split"]');
  const divider = page.locator('#divider');
  await divider.waitFor();
  await divider.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await divider.getAttribute('aria-valuenow'), '54');
  await page.keyboard.press('Home');
  assert.equal(await divider.getAttribute('aria-valuenow'), '0');
  await page.keyboard.press('End');
  assert.equal(await divider.getAttribute('aria-valuenow'), '100');
  await page.click('#zoom-in');
  await page.click('#zoom-in');
  await page.click('#zoom-in');
  const t = await page.evaluate(() => [document.getElementById('source-layer').style.transform, document.getElementById('result-layer').style.transform]);
  assert.match(t[0], /scale\(/);
  assert.equal(t[0], t[1], 'both canvases share one transform');
  assert.equal(await page.evaluate(() => document.getElementById('compare').classList.contains('pixelated')), true);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('#result-layer canvas')).imageRendering), 'pixelated');
  await page.check('input[name="layout"][value="side"]');
  await page.click('#zoom-fit');
});

test('screenshots at desktop and phone width, no horizontal page scroll', async () => {
  for (const [width, height] of [[1440, 900], [1024, 768], [390, 844]]) {
    const { page, errors } = await openPage(env.browser, `${env.baseUrl}image.html`, { width, height });
    await waitRuns(page, 0, 60_000);
    await page.locator('.pane-result .viewport').scrollIntoViewIfNeeded();
  const box = await page.locator('.pane-result .viewport').boundingBox();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
    await page.waitForFunction(() => document.querySelectorAll('#inspector .channel').length === 3);
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(scroll <= 0, `${width}px: page scrolls sideways by ${scroll}px`);
    await page.screenshot({ path: join(ARTIFACTS, `image-${width}x${height}.png`), fullPage: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, `image-${width}x${height}-viewport.png`) });
    assert.deepEqual(errors, []);
    await page.context().close();
  }
});
