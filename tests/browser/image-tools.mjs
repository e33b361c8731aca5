// Helpers of the image page's browser tests: run counting, page-side read-back of what the
// page shows, downloads, and the longest main-thread task from a Chromium trace.
import { readFile } from 'node:fs/promises';

/** Number of finished runs shown by the page. */
export async function runs(page) {
  return Number(await page.locator('#compare').getAttribute('data-runs') ?? 0);
}

/** Waits until more than `count` runs have finished; returns the new count. */
export async function waitRuns(page, count, timeout = 30_000) {
  await page.waitForFunction((n) => Number(document.getElementById('compare')?.dataset.runs ?? 0) > n, count, { timeout });
  return runs(page);
}

/** Does something that starts a run and waits for that run to finish. */
export async function act(page, fn, timeout) {
  const n = await runs(page);
  await fn();
  await waitRuns(page, n, timeout);
}

/** Installs page-side helpers: canvas read-back and the engine itself, for expected values. */
export async function helpers(page) {
  await page.evaluate(() => {
    if (window.T) return;
    window.T = {
      async engine() {
        this.e ??= await (await import('/wasm/convolution.js')).createConvolution();
        return this.e;
      },
      // What the page shows: its tile canvases ('bitmaprenderer', read back through
      // an ImageBitmap of each element) assembled at their positions.
      async pixels(id) {
        const layer = document.getElementById(id);
        const width = parseInt(layer.style.width, 10), height = parseInt(layer.style.height, 10);
        const o = new OffscreenCanvas(width, height);
        const g = o.getContext('2d', { willReadFrequently: true });
        for (const c of layer.querySelectorAll('canvas[data-x]')) {
          g.drawImage(await createImageBitmap(c), Number(c.dataset.x), Number(c.dataset.y));
        }
        return g.getImageData(0, 0, width, height);
      },
      diff(a, b) {
        if (a.width !== b.width || a.height !== b.height) return { sizes: [a.width, a.height, b.width, b.height], count: -1 };
        let count = 0, first = -1;
        for (let i = 0; i < a.data.length; i++) {
          if (a.data[i] !== b.data[i]) { count++; if (first < 0) first = i; }
        }
        return { count, first, got: first >= 0 ? a.data[first] : null, want: first >= 0 ? b.data[first] : null };
      },
      // Filters the displayed original (or a given image) with the engine, compares with the result canvas.
      async compare(options, input) {
        const e = await this.engine();
        const src = input ?? await this.pixels('source-layer');
        const want = e.filterImage(src, options);
        const got = await this.pixels('result-layer');
        return this.diff(got, want);
      },
    };
  });
}

/** Clicks Download and returns the file's bytes. */
export async function downloadBytes(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  return { bytes: await readFile(await download.path()), name: download.suggestedFilename() };
}

/**
 * Runs fn while tracing, and returns the longest main-thread task of the page's
 * renderer: wall time, and thread (CPU) time. On a loaded machine (our test
 * machines have 2 cores shared with other jobs) the wall time includes time the
 * thread waited for a CPU; the thread time is what the page itself kept the
 * main thread busy, so that is what the test asserts on.
 */
export async function longestMainThreadTask(browser, page, fn) {
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
  let buf;
  try {
    // A user-timing mark names this page's renderer main thread in the trace.
    await page.evaluate(() => performance.mark('image-test-trace'));
    await fn();
  } finally {
    buf = await browser.stopTracing();
  }
  const events = JSON.parse(buf.toString()).traceEvents;
  const mark = events.find((e) => e.name === 'image-test-trace');
  let wall = 0, cpu = 0, tasks = 0;
  for (const e of events) {
    if (e.ph !== 'X' || e.pid !== mark.pid || e.tid !== mark.tid) continue;
    if (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask') continue;
    tasks++;
    wall = Math.max(wall, (e.dur ?? 0) / 1000);
    cpu = Math.max(cpu, (e.tdur ?? 0) / 1000);
  }
  return { wall, cpu, tasks };
}
