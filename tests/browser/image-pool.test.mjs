// The image worker pool in Chromium (web/js/image/pool.js through client.js and
// worker.js): on every setting a pool of 2–4 workers gives the bytes one worker
// gives, including settings the page's controls never make (stride, dilation,
// full and explicit padding); cancel stops it mid-job; the page uses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';

let env;
let shared;

before(async () => {
  env = await launch();
  shared = await openPage(env.browser, `${env.baseUrl}image.html?sample=none`);
  await shared.page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await shared.page.evaluate(async () => {
    const { ImageWorker, Cancelled } = await import('/web/js/image/client.js');
    const { encodePNG } = await import('/web/js/image/png.js');
    let seed = 7;
    const next = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed >>> 24; };
    window.P = {
      ImageWorker,
      Cancelled,
      /** A PNG of pseudo-random RGBA (alpha varies unless `opaque`), decoded exactly by the worker. */
      async image(width, height, opaque = false) {
        const data = new Uint8ClampedArray(width * height * 4);
        for (let i = 0; i < data.length; i++) data[i] = opaque && i % 4 === 3 ? 255 : next();
        return encodePNG(width, height, data);
      },
      async open(workers, blob) {
        const w = new ImageWorker({ workers });
        const r = await w.request({ type: 'load', sourceId: 1, blob }, { long: true });
        for (const t of r.tiles) t.bitmap.close();
        w.sourceId = 1;
        return w;
      },
      async run(w, stages) {
        const reply = await w.request({
          type: 'run', sourceId: 1, stages: stages.map((options, i) => ({ options, key: `${i}:${JSON.stringify(options)}` })),
          view: stages.length - 1, output: true,
        }, { long: true });
        for (const t of reply.tiles ?? []) t.bitmap.close();
        return reply;
      },
      diff(a, b) {
        if (a.width !== b.width || a.height !== b.height) return `sizes ${a.width}×${a.height} and ${b.width}×${b.height}`;
        for (let i = 0; i < a.data.length; i++) {
          if (a.data[i] !== b.data[i]) return `byte ${i} (pixel ${i >> 2}, channel ${i & 3}): ${a.data[i]} against ${b.data[i]}`;
        }
        return null;
      },
      /** Each chain on one worker and on pools of `counts`: { label, workers, problem } per pool run. */
      async compare(width, height, opaque, chains, counts) {
        const blob = await this.image(width, height, opaque);
        const one = await this.open(1, blob);
        const pools = await Promise.all(counts.map((n) => this.open(n, blob)));
        const out = [];
        for (const stages of chains) {
          const want = await this.run(one, stages);
          if (want.type !== 'done') { out.push({ label: JSON.stringify(stages), skipped: want.message ?? want.type }); continue; }
          for (const [k, w] of pools.entries()) {
            const got = await this.run(w, stages);
            out.push({
              label: `${width}×${height} over ${counts[k]}: ${JSON.stringify(stages)}`,
              workers: got.workers, oneWorker: want.workers,
              problem: got.type === 'done' ? this.diff(got.output, want.output) : `${got.type}: ${got.message}`,
            });
          }
        }
        one.terminate();
        for (const w of pools) w.terminate();
        return out;
      },
    };
  });
});

after(async () => {
  await env?.close();
});

const K3 = { height: 3, width: 3, data: [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16) };
const SIGNED = { height: 3, width: 2, data: [1, -2, 3, 0.5, -1, 2.25] };
const PER_CHANNEL = [K3, { height: 3, width: 3, data: [0, -1, 0, -1, 5, -1, 0, -1, 0] }, { height: 3, width: 3, data: [1, 0, -1, 2, 0, -2, 1, 0, -1] }];

function check(results, { split = true } = {}) {
  assert.ok(results.length > 0);
  for (const r of results) {
    assert.equal(r.skipped, undefined, `${r.label} ran`);
    assert.equal(r.problem, null, r.label);
    assert.ok(r.oneWorker.every((n) => n === 1), `${r.label}: one worker means one stripe`);
    if (split) assert.ok(r.workers.every((n) => n > 1), `${r.label}: the pool split it (${r.workers})`);
  }
}

test('pool = one worker, byte for byte: borders, strides, dilation, padding presets, per-channel kernels, chains', async () => {
  const chains = [];
  for (const border of ['constant', 'replicate', 'reflect', 'reflect101', 'wrap']) {
    chains.push([{ kernel: K3, border, constant: 200 }]);
    chains.push([{ kernel: SIGNED, border, output: 'offset', strideY: 2, strideX: 2, padding: 'full', constant: -30.5 }]);
    chains.push([{ kernels: PER_CHANNEL, border, dilationY: 2, dilationX: 3, output: 'abs' }]);
    chains.push([{ filter: 'motion-blur', border, strideY: 3, padding: { top: 4, bottom: 1, left: 2, right: 0 } }]);
  }
  chains.push([{ filter: 'sobel-magnitude', grayscale: true }]);
  chains.push([{ filter: 'gaussian-blur-5' }, { filter: 'sobel-x', strideY: 2 }, { kernel: K3, padding: 'valid', bias: 12.5 }]);
  const results = await shared.page.evaluate((c) => window.P.compare(61, 47, false, c, [2, 3, 4]), chains);
  check(results);
});

test('tiny images with fewer rows than workers, and an opaque photo-sized one', async () => {
  const chains = [
    [{ kernel: K3, border: 'reflect' }],
    [{ kernel: SIGNED, border: 'wrap', padding: 'full', output: 'offset' }],
    [{ kernels: PER_CHANNEL, border: 'constant', constant: 9 }],
  ];
  check(await shared.page.evaluate((c) => window.P.compare(7, 2, false, c, [4]), chains));
  check(await shared.page.evaluate((c) => window.P.compare(5, 3, false, c, [4]), chains));
  // One row: one stripe, so the pool leaves it to one worker; the bytes still agree.
  check(await shared.page.evaluate((c) => window.P.compare(9, 1, false, c.slice(0, 1), [4]), chains), { split: false });
  check(await shared.page.evaluate((c) => window.P.compare(640, 427, true, c, [2]), chains));
});

test('normalize and per-channel kernels of different sizes run on one worker, with the same bytes', async () => {
  const chains = [
    [{ kernel: SIGNED, output: 'normalize' }],
    [{ kernels: [{ height: 1, width: 1, data: [1] }, K3, { height: 5, width: 5, data: new Array(25).fill(1 / 25) }] }],
  ];
  const results = await shared.page.evaluate((c) => window.P.compare(33, 20, false, c, [3]), chains);
  check(results, { split: false });
  assert.ok(results.every((r) => r.workers.every((n) => n === 1)));
});

test('cancel mid-job stops every worker; the next job runs on a fresh, warm pool', async () => {
  const r = await shared.page.evaluate(async () => {
    const blob = await window.P.image(1600, 1200, true);
    const w = await window.P.open(2, blob);
    const oldHelpers = w.helpers.slice();
    // Not rank one and not integers: the direct float32 path, slow enough to be cancelled mid-job.
    const big = { height: 31, width: 31, data: Array.from({ length: 961 }, (_, k) => (((k * 7919) % 13) - 6) / 961) };
    const started = performance.now();
    const job = window.P.run(w, [{ kernel: big, border: 'reflect' }]).then(() => 'finished', (e) => (e instanceof window.P.Cancelled ? 'cancelled' : e.message));
    await new Promise((res) => setTimeout(res, 150));
    w.restart();
    const outcome = await job;
    const cancelMs = performance.now() - started;
    await w.ensureSource(2, { blob });
    const got = await w.request({ type: 'run', sourceId: 2, stages: [{ options: { filter: 'emboss' }, key: 'e' }], view: 0, output: true }, { long: true });
    for (const t of got.tiles) t.bitmap.close();
    const one = await window.P.open(1, blob);
    const want = await window.P.run(one, [{ filter: 'emboss' }]);
    one.terminate();
    const fresh = w.helpers.every((h) => !oldHelpers.includes(h));
    w.terminate();
    return { outcome, cancelMs, fresh, helpers: w.helpers.length, workers: got.workers, problem: window.P.diff(got.output, want.output) };
  });
  assert.equal(r.outcome, 'cancelled');
  assert.ok(r.fresh, 'the helpers were replaced');
  assert.deepEqual(r.workers, [2]);
  assert.equal(r.problem, null);
});

/** The page's shown result with navigator.hardwareConcurrency = `cores`: its size, a hash of its pixels, data-workers, the status. */
async function pageResult(cores) {
  const { page, context, errors } = await openPage(env.browser, 'about:blank');
  await context.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), cores);
  await page.goto(`${env.baseUrl}image.html?sample=small`);
  await page.waitForFunction(() => Number(document.getElementById('compare')?.dataset.runs ?? 0) > 0, null, { timeout: 30_000 });
  const r = await page.evaluate(async () => {
    const layer = document.getElementById('result-layer');
    const o = new OffscreenCanvas(parseInt(layer.style.width, 10), parseInt(layer.style.height, 10));
    const g = o.getContext('2d', { willReadFrequently: true });
    for (const c of layer.querySelectorAll('canvas[data-x]')) g.drawImage(await createImageBitmap(c), Number(c.dataset.x), Number(c.dataset.y));
    const { data } = g.getImageData(0, 0, o.width, o.height);
    let h = 2166136261;
    for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 16777619) >>> 0;
    return {
      size: `${o.width}×${o.height}`, hash: h, workers: document.getElementById('compare').dataset.workers,
      status: document.getElementById('status-text').textContent,
    };
  });
  assert.deepEqual(errors, []);
  await context.close();
  return r;
}

test('the page filters on a pool of min(hardwareConcurrency, 4) workers and shows what one worker shows', async () => {
  const pooled = await pageResult(8);
  const single = await pageResult(1);
  assert.equal(pooled.workers, '4');
  assert.match(pooled.status, /in 4 workers/);
  assert.equal(single.workers, '1');
  assert.match(single.status, /in the worker/);
  assert.equal(pooled.size, single.size);
  assert.equal(pooled.hash, single.hash);
});
