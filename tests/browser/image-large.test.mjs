// The image page on a 12 MP photo: the main thread stays responsive while it filters, the
// preview is drawn zoomed out and the tiles at 1:1, a new result arrives preview first,
// download, superseding and cancel, with timings printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';
import { chooseLargePhoto } from './photo.mjs';
import { pngSize } from './fixtures/image/png.mjs';
import { act, downloadBytes, helpers, longestMainThreadTask as traced, runs, waitRuns } from './image-tools.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });
const longestMainThreadTask = (page, fn) => traced(env.browser, page, fn);

test('12 MP photo: main thread stays responsive, progress and cancel work, timings', async () => {
  const { page, errors } = await openPage(env.browser, `${env.baseUrl}image.html?sample=none`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await act(page, () => chooseLargePhoto(page, { name: 'large.jpg', label: '12 megapixels' }), 90_000);
  assert.match(await page.locator('#image-info').textContent(), /4000×3000/);

  const startMonitor = () => page.evaluate(() => {
    window.M = { longest: 0, tasks: 0, gap: 0, last: performance.now(), on: true };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { window.M.tasks++; window.M.longest = Math.max(window.M.longest, e.duration); }
    }).observe({ type: 'longtask' });
    const frame = () => {
      if (!window.M.on) return;
      const now = performance.now();
      window.M.gap = Math.max(window.M.gap, now - window.M.last);
      window.M.last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const stopMonitor = () => page.evaluate(() => { window.M.on = false; return window.M; });

  // 3×3 kernel, with progress shown and a pointer moving over the images the whole time.
  await startMonitor();
  let progressSeen = false;
  const t3 = await longestMainThreadTask(page, () => act(page, async () => {
    await page.selectOption('#filter-select', 'gaussian-blur-3');
    const box = await page.locator('.pane-source .viewport').boundingBox();
    for (let i = 0; i < 20; i++) {
      await page.mouse.move(box.x + 10 + i * 5, box.y + 20 + i * 3);
      if (!progressSeen) progressSeen = await page.locator('#progress-wrap').isVisible();
      await page.waitForTimeout(25);
    }
  }, 60_000));
  const m3 = await stopMonitor();
  const ms3 = Number(await page.locator('#compare').getAttribute('data-last-ms'));
  console.log(`# 12 MP (4000×3000), 3×3 Gaussian: ${ms3.toFixed(0)} ms in the worker; main thread longest task ${t3.cpu.toFixed(1)} ms CPU / ${t3.wall.toFixed(1)} ms wall (${t3.tasks} tasks traced); PerformanceObserver long tasks: ${m3.tasks}, longest ${m3.longest.toFixed(0)} ms; longest frame gap ${m3.gap.toFixed(0)} ms`);

  // Gaussian σ = 5 from the generator: 31×31, its full ±3σ support.
  await act(page, () => page.selectOption('#filter-select', 'custom'), 60_000);
  await page.fill('#gauss-sigma', '5');
  await startMonitor();
  const t5 = await longestMainThreadTask(page, () => act(page, () => page.click('#gen-gauss'), 120_000));
  const m5 = await stopMonitor();
  const ms5 = Number(await page.locator('#compare').getAttribute('data-last-ms'));
  const size = (await page.locator('#kernel-text-0').inputValue()).split('\n').length;
  console.log(`# 12 MP (4000×3000), Gaussian σ = 5 (${size}×${size}): ${ms5.toFixed(0)} ms in the worker; main thread longest task ${t5.cpu.toFixed(1)} ms CPU / ${t5.wall.toFixed(1)} ms wall (${t5.tasks} tasks traced); PerformanceObserver long tasks: ${m5.tasks}, longest ${m5.longest.toFixed(0)} ms; longest frame gap ${m5.gap.toFixed(0)} ms`);
  assert.equal(size, 31);
  assert.match(await page.locator('#gen-note').textContent(), /σ = 5: 31×31/);

  assert.ok(progressSeen || ms3 < 250, 'progress is shown for work over 200 ms');
  assert.ok(t3.tasks > 100 && t5.tasks > 10, 'the trace saw the main thread');
  assert.ok(t3.cpu < 50 && t5.cpu < 50, `no main-thread task over 50 ms of CPU (got ${t3.cpu}, ${t5.cpu})`);

  // Zoomed out, the result is drawn from its downscaled preview (the tiles are not composited);
  // at 1:1 the full-resolution tiles are shown again. The preview is the browser's resize of the
  // blurred result: close to it, not byte for byte.
  const shown = () => page.evaluate(() => {
    const layer = document.getElementById('result-layer');
    const preview = layer.querySelector('canvas.preview');
    const tile = layer.querySelector('canvas[data-x]');
    return {
      usePreview: layer.classList.contains('use-preview'),
      preview: preview && { width: preview.width, height: preview.height, display: getComputedStyle(preview).display },
      tileDisplay: getComputedStyle(tile).display,
    };
  });
  assert.deepEqual(await shown(), { usePreview: true, preview: { width: 1600, height: 1200, display: 'block' }, tileDisplay: 'none' });
  await helpers(page);
  const previewDiff = await page.evaluate(async () => {
    const full = await window.T.pixels('result-layer');
    const c = document.querySelector('#result-layer canvas.preview');
    const o = new OffscreenCanvas(c.width, c.height);
    const g = o.getContext('2d', { willReadFrequently: true });
    g.drawImage(await createImageBitmap(c), 0, 0);
    const p = g.getImageData(0, 0, c.width, c.height).data;
    let worst = 0, sum = 0, n = 0;
    for (let y = 0; y < c.height; y += 7) {
      for (let x = 0; x < c.width; x += 7) {
        const fx = Math.min(full.width - 1, Math.floor((x + 0.5) * full.width / c.width));
        const fy = Math.min(full.height - 1, Math.floor((y + 0.5) * full.height / c.height));
        for (let ch = 0; ch < 3; ch++) {
          const d = Math.abs(p[(y * c.width + x) * 4 + ch] - full.data[(fy * full.width + fx) * 4 + ch]);
          worst = Math.max(worst, d);
          sum += d;
          n++;
        }
      }
    }
    return { worst, mean: sum / n };
  });
  assert.ok(previewDiff.mean < 2 && previewDiff.worst < 40, `the preview shows the result: ${JSON.stringify(previewDiff)}`);
  const previewUsed = (v) => page.waitForFunction((want) => document.getElementById('result-layer').classList.contains('use-preview') === want, v, { timeout: 5000 });
  await page.click('#zoom-1');
  await previewUsed(false);
  assert.deepEqual(await shown(), { usePreview: false, preview: { width: 1600, height: 1200, display: 'none' }, tileDisplay: 'block' });

  // A new result arrives preview first: zoomed out it is on screen (data-shown) frames before its
  // last tile; at 1:1 the new preview stands in for the old tiles until every new tile is in,
  // and only then does the run count as on screen.
  const frames = (border) => page.evaluate((value) => new Promise((resolve) => {
    const compare = document.getElementById('compare');
    const layer = document.getElementById('result-layer');
    const runs = Number(compare.dataset.runs), shownRuns = Number(compare.dataset.shown);
    const log = [];
    const frame = () => {
      log.push({ shown: Number(compare.dataset.shown) > shownRuns, done: Number(compare.dataset.runs) > runs, preview: layer.classList.contains('use-preview') });
      if (log[log.length - 1].done) resolve(log);
      else requestAnimationFrame(frame);
    };
    const select = document.getElementById('opt-border');
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    requestAnimationFrame(frame);
  }), border);
  const atOne = await frames('reflect');
  const firstPreview = atOne.findIndex((f) => f.preview);
  assert.ok(firstPreview >= 0, 'at 1:1 the new preview stands in for the old tiles');
  // The frame that draws the last tile is one before the page records the run complete.
  assert.ok(atOne.slice(firstPreview, -2).every((f) => f.preview && !f.shown), `from the new preview to the last tile, no old tile is drawn: ${JSON.stringify(atOne)}`);
  assert.deepEqual(atOne[atOne.length - 1], { shown: true, done: true, preview: false });
  await page.click('#zoom-fit');
  await previewUsed(true);
  const atFit = await frames('replicate');
  const onScreen = atFit.findIndex((f) => f.shown);
  assert.ok(onScreen >= 0 && onScreen < atFit.length - 1, `zoomed out, on screen before the last tile: ${JSON.stringify(atFit)}`);
  assert.ok(atFit.every((f) => f.preview));

  // Download at full size: the PNG is encoded in the worker, not on this thread.
  let file;
  const t0 = Date.now();
  const td = await longestMainThreadTask(page, async () => { file = await downloadBytes(page); });
  console.log(`# 12 MP download (opaque result, canvas encoder in the worker): ${Date.now() - t0} ms to the file, ${(file.bytes.length / 1e6).toFixed(1)} MB; main thread longest task ${td.cpu.toFixed(1)} ms CPU / ${td.wall.toFixed(1)} ms wall`);
  assert.deepEqual(pngSize(file.bytes), { width: 4000, height: 3000 });
  assert.ok(td.cpu < 50, `no main-thread task over 50 ms while encoding the download (got ${td.cpu})`);

  // Superseding: a second change while the first job runs; the final result is the second one.
  // The restarted worker gets the source again, which must not block this thread either.
  const n = await runs(page);
  const ts = await longestMainThreadTask(page, async () => {
    await page.selectOption('#filter-select', 'box-blur-5');
    await page.waitForTimeout(150);
    await page.selectOption('#filter-select', 'sobel-x');
    await waitRuns(page, n, 60_000);
  });
  assert.match(await page.locator('#result-caption').textContent(), /Sobel x/);
  assert.equal(await runs(page), n + 1, 'the superseded job never completed');
  console.log(`# superseding a running 12 MP job (worker restarted, source decoded again): main thread longest task ${ts.cpu.toFixed(1)} ms CPU / ${ts.wall.toFixed(1)} ms wall`);
  assert.ok(ts.cpu < 50, `no main-thread task over 50 ms while superseding (got ${ts.cpu})`);

  // Cancel: the job stops, the page says so and stays usable. A 41×41 kernel that is no
  // outer product runs 1,681 float32 taps a channel: seconds at 12 MP, long enough to be
  // cancelled on an idle machine, where even Sobel magnitude is over in about 200 ms.
  await act(page, () => page.selectOption('#filter-select', 'custom'), 60_000);
  const big = Array.from({ length: 41 }, (_, i) => Array.from({ length: 41 }, (_, j) => ((i * 7 + j * 3) % 5) - 2 + (i === 20 && j === 20 ? 60 : 0)).join(' ')).join('\n');
  await page.fill('#kernel-text-0', big);
  await page.locator('#progress-wrap').waitFor({ state: 'visible', timeout: 10_000 });
  await page.evaluate(() => document.getElementById('cancel').click());
  await page.waitForFunction(() => document.getElementById('compare').dataset.state === 'cancelled');
  assert.equal(await page.locator('#progress-wrap').isHidden(), true);
  assert.match(await page.locator('#status-text').textContent(), /Cancelled/);
  assert.deepEqual(errors, []);
  await page.context().close();
});
