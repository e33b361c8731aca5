// The built site (scripts/build-site.mjs) where course pages put it: served under a
// sub-path with the strict CSP of SEMANTICS §9 (no violation, every page computes),
// the built element on a plain course page under that CSP, the offline single file
// opened from file:// (every page reached through its ?page= links computes), and the
// explanations when the engine cannot load (CSP without 'wasm-unsafe-eval', a
// missing .wasm, the plain web/ pages opened from disk).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { buildSite, OFFLINE_FILE } from '../../scripts/build-site.mjs';
import { startServer, STRICT_CSP } from '../../scripts/serve.mjs';
import { launchBrowser, ARTIFACTS } from './harness.mjs';

const BASE = '/course/week3/';
// 3×3 input, 2×2 kernel of ones, valid: [[12, 16], [24, 28]].
const MATRIX_HASH = '#in=1,2,3;4,5,6;7,8,9&k=1,1;1,1&step=4';
const WEB = fileURLToPath(new URL('../../web/', import.meta.url));

let browser;
let site;
let strict;
let noWasmEval;

before(async () => {
  site = await buildSite();
  browser = await launchBrowser();
  strict = await startServer({ port: 0, root: site.out, base: BASE, csp: STRICT_CSP });
  noWasmEval = await startServer({ port: 0, root: site.out, base: BASE, csp: STRICT_CSP.replace(" 'wasm-unsafe-eval'", '') });
});

after(async () => {
  if (site) await rm(join(site.out, SNIPPET_PAGE), { force: true });
  await browser?.close();
  for (const s of [strict, noWasmEval]) if (s) await new Promise((r) => s.server.close(r));
});

/** A page that records CSP violations (from before any page script runs), page errors and console errors. */
async function open(url, { width = 1440, height = 900, route, onRequest, onResponse, browser: using = browser } = {}) {
  const context = await using.newContext({ viewport: { width, height } });
  // Workers' requests too: the context sees every request of its pages and their workers.
  if (onRequest) context.on('request', (r) => onRequest(r.url()));
  if (onResponse) context.on('response', onResponse);
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  if (route) await context.route(...route);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  await page.goto(url);
  return { page, context, errors, violations: () => page.evaluate(() => window.__violations) };
}

/** The output grid's cell texts once the matrix page is ready. */
async function matrixOutput(page) {
  await page.waitForSelector('main[data-ready="true"] #output-grid .cell', { timeout: 15_000 });
  return page.locator('#output-grid .cell').allTextContents();
}

/** Waits for the image page's first finished run; returns how many RGBA bytes differ between result and original. */
async function imageDifference(page) {
  await page.waitForFunction(() => Number(document.getElementById('compare')?.dataset.runs ?? 0) > 0, null, { timeout: 30_000 });
  return page.evaluate(async () => {
    const read = async (id) => {
      const layer = document.getElementById(id);
      const width = parseInt(layer.style.width, 10);
      const height = parseInt(layer.style.height, 10);
      const g = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
      for (const c of layer.querySelectorAll('canvas[data-x]')) g.drawImage(await createImageBitmap(c), Number(c.dataset.x), Number(c.dataset.y));
      return g.getImageData(0, 0, width, height);
    };
    const a = await read('source-layer');
    const b = await read('result-layer');
    if (a.width !== b.width || a.height !== b.height || a.width === 0) return -1;
    let differ = 0;
    for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) differ++;
    return differ;
  });
}

// Each page of web/, a link to an example and what it must then show. The list is
// checked against the folder, so a new page cannot be left out.
const PAGES = {
  index: { hash: MATRIX_HASH, title: /^Convolution Playground$/, shows: async (page) => assert.deepEqual(await matrixOutput(page), ['12', '16', '24', '28']) },
  image: { query: '?sample=small', title: /^Image mode/, shows: async (page) => assert.ok(await imageDifference(page) > 0, 'the result differs from the original') },
  signal: {
    // x = [1, 2, 3], h = [1, 1], full: step 12 multiplies the last overlap.
    hash: '#x=1,2,3&h=1,1&p=full&f=1&step=12', title: /^1-D convolution/,
    shows: async (page) => {
      await page.waitForSelector('#mode-root[data-ready="true"] .cp-arith', { timeout: 15_000 });
      assert.match(await page.locator('.cp-arith').innerText(), /3·1 = 3/);
    },
  },
  transpose: {
    // [[1, 2], [3, 4]] scattered through [[1, 0], [2, 1]] with stride 2, up to the last input cell.
    hash: '#in=1,2;3,4&k=1,0;2,1&s=2,2&step=3', title: /^Transposed convolution/,
    shows: async (page) => {
      await page.waitForSelector('#mode-root[data-ready="true"] .g-out .tcell', { timeout: 15_000 });
      assert.deepEqual(await page.locator('.g-out .tcell .v').allTextContents(), ['1', '0', '2', '0', '2', '1', '4', '2', '3', '0', '·', '·', '6', '3', '·', '·']);
    },
  },
  layer: {
    hash: '#in=1,2;3,4&k=1&b=0&relu=0&pool=none', title: /^Layer mode/,
    shows: async (page) => {
      await page.waitForSelector('.layer-mode[data-ready="true"] .arith', { timeout: 15_000 });
      assert.match(await page.locator('.arith').innerText(), /4·1 = 4/);
    },
  },
  quiz: {
    hash: '#seed=ada', title: /^Quiz/,
    shows: async (page) => {
      await page.waitForSelector('.quiz-mode[data-ready="true"] .question h2', { timeout: 15_000 });
      assert.match(await page.locator('.question h2').textContent(), /^Question 1 of \d+: \S/);
    },
  },
};
const linkOf = (name) => `${PAGES[name].query ?? ''}${PAGES[name].hash ?? ''}`;

test('the page list of this test is the pages of web/', async () => {
  const pages = (await readdir(WEB)).filter((f) => f.endsWith('.html')).map((f) => f.replace(/\.html$/, ''));
  assert.deepEqual(pages.sort(), Object.keys(PAGES).sort());
});

for (const name of Object.keys(PAGES)) {
  test(`served under a sub-path with the strict CSP: ${name}.html computes, with no violation and no console error`, async () => {
    const url = `${strict.url}${name}.html${linkOf(name)}`;
    assert.ok(url.includes(BASE));
    const { page, context, errors, violations } = await open(url);
    await PAGES[name].shows(page);
    assert.match(await page.title(), PAGES[name].title);
    assert.equal(await page.locator(`nav a[href="${name}.html"]`).getAttribute('aria-current'), 'page');
    await page.screenshot({ path: join(ARTIFACTS, `site-${name}-1440.png`) });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, `site-${name}-390.png`) });
    assert.deepEqual(await violations(), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('without wasm SIMD the built image page fetches the scalar engine (a file of its own, not in the bundles) and computes', async () => {
  // V8 runs wasm SIMD only with SSE4.1: without it, in the page and in every worker, as on a CPU that lacks it.
  const noSimd = await launchBrowser({ args: ['--js-flags=--no-enable-sse4-1'] });
  try {
    const fetched = [];
    const { page, context, errors, violations } = await open(`${strict.url}image.html?sample=small`, {
      browser: noSimd,
      onRequest: (url) => fetched.push(new URL(url).pathname.slice(BASE.length)),
    });
    assert.ok(await imageDifference(page) > 0, 'the result differs from the original');
    assert.ok(fetched.includes('wasm/dist/convolution_core_scalar.js'), fetched.join(' '));
    assert.ok(fetched.includes('wasm/dist/convolution_core_scalar.wasm'), fetched.join(' '));
    assert.ok(!fetched.includes('wasm/dist/convolution_core.wasm'), 'the SIMD build is not fetched as well');
    assert.deepEqual(await violations(), []);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await noSimd.close();
  }
});

test('what the image page downloads, gzipped, stays under 200 KB (HTML, CSS, JS, its worker and the wasm)', async (t) => {
  const bodies = new Map();
  const { page, context } = await open(`${strict.url}image.html?sample=small`, {
    onResponse: async (response) => {
      const url = new URL(response.url());
      if (url.origin === new URL(strict.url).origin) bodies.set(url.pathname, await response.body().catch(() => Buffer.alloc(0)));
    },
  });
  await imageDifference(page);
  await context.close();
  const kinds = [...bodies.keys()].map((path) => extname(path)).sort();
  for (const kind of ['.css', '.html', '.js', '.wasm']) assert.ok(kinds.includes(kind), `the page loaded a ${kind} file: ${[...bodies.keys()].join(' ')}`);
  assert.ok([...bodies.keys()].some((path) => path.endsWith('/worker.js')), 'the image worker is counted');
  const sizes = [...bodies].map(([path, body]) => [path, gzipSync(body, { level: 9 }).length]);
  const total = sizes.reduce((sum, [, n]) => sum + n, 0);
  const said = `${(total / 1024).toFixed(1)} KB gzipped: ${sizes.map(([p, n]) => `${p.slice(BASE.length)} ${(n / 1024).toFixed(1)}`).join(', ')}`;
  t.diagnostic(said);
  assert.ok(total < 200 * 1024, said);
});

// A course page as a teacher would write it: the element snippet, nothing inline.
const SNIPPET_PAGE = 'snippet-lesson.html';
const SNIPPET_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Lesson</title>
  <script type="module" src="js/element.js"></script>
</head>
<body>
  <h1>Lesson</h1>
  <convolution-playground id="a" mode="matrix" state="in=1,2,3;4,5,6;7,8,9&amp;k=1,1;1,1&amp;step=4"></convolution-playground>
  <convolution-playground id="b" mode="image" state="sample=small"></convolution-playground>
</body>
</html>
`;

test('the element snippet on a plain course page under the strict CSP: a matrix and an image element, each styled and computing', async () => {
  await writeFile(join(site.out, SNIPPET_PAGE), SNIPPET_HTML);
  const { page, context, errors, violations } = await open(`${strict.url}${SNIPPET_PAGE}`);
  const got = await page.evaluate(async () => {
    const [a, b] = ['a', 'b'].map((id) => document.getElementById(id));
    await Promise.all([a.ready, b.ready]);
    const t0 = Date.now();
    while (!b.output?.width && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 100));
    const sheets = (el) => [...el.shadowRoot.querySelectorAll('link[rel="stylesheet"]')].map((l) => [l.getAttribute('href').replace(/^.*\/css\//, ''), (l.sheet?.cssRules.length ?? 0) > 0]);
    return {
      matrix: Array.from(a.output.data), image: [b.output.width, b.output.height, b.output.data.length],
      sheets: { a: sheets(a), b: sheets(b) },
      heights: [a, b].map((el) => el.getBoundingClientRect().height),
    };
  });
  assert.deepEqual(got.matrix, [12, 16, 24, 28]);
  assert.equal(got.image[2], got.image[0] * got.image[1] * 4);
  assert.ok(got.image[0] > 0, 'the image element filtered its sample');
  assert.deepEqual(got.sheets.a, [['common.css', true], ['playground.css', true], ['export.css', true]], 'matrix: its sheets loaded in its shadow root');
  assert.deepEqual(got.sheets.b, [['common.css', true], ['image.css', true]], 'image: its sheets loaded in its shadow root');
  assert.ok(got.heights.every((h) => h > 100), `both elements are laid out: ${got.heights}`);
  await page.screenshot({ path: join(ARTIFACTS, 'site-snippet-1440.png'), fullPage: true });
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the offline single file from file:// links every page with ?page=, and each computes', async () => {
  const file = pathToFileURL(site.offline).href;
  assert.ok(file.startsWith('file://') && file.endsWith(OFFLINE_FILE));
  const first = await open(`${file}${MATRIX_HASH}`);
  await PAGES.index.shows(first.page);
  const hrefs = await first.page.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, ['?page=index', '?page=image', '?page=signal', '?page=transpose', '?page=layer', '?page=quiz'], 'the nav stays inside the single file');
  assert.deepEqual(first.errors, []);
  await first.context.close();
  for (const name of Object.keys(PAGES)) {
    const query = `?page=${name}${(PAGES[name].query ?? '').replace(/^\?/, '&')}`;
    const { page, context, errors } = await open(`${file}${query}${PAGES[name].hash ?? ''}`);
    await PAGES[name].shows(page);
    assert.match(await page.title(), PAGES[name].title, name);
    assert.equal(await page.locator('header nav a[aria-current="page"]').getAttribute('href'), `?page=${name}`);
    if (name === 'index' || name === 'image') {
      await page.screenshot({ path: join(ARTIFACTS, `offline-${name}-1440.png`) });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(ARTIFACTS, `offline-${name}-390.png`) });
    }
    assert.deepEqual(errors, [], name);
    await context.close();
  }
});

test("the offline file's quiz steps a worked answer in place, styled from the sheets the file carries", async () => {
  const file = pathToFileURL(site.offline).href;
  const { page, context, errors } = await open(`${file}?page=quiz#mode=quiz&seed=inline0&n=2&t=value`);
  await page.waitForSelector('.quiz-mode[data-ready="true"]', { timeout: 15_000 });
  await page.getByLabel('Value', { exact: true }).fill('99999');
  await page.getByRole('button', { name: 'Check' }).click();
  const worked = page.locator('.worked-stepper[data-ready="true"]');
  await worked.waitFor({ timeout: 15_000 });
  // Styled: the Play button has the mode's accent, not the browser's default button face.
  const play = worked.getByRole('button', { name: /^Play/ });
  const face = await play.evaluate((b) => getComputedStyle(b).backgroundColor);
  const plain = await page.evaluate(() => {
    const b = document.body.appendChild(document.createElement('button'));
    const c = getComputedStyle(b).backgroundColor;
    b.remove();
    return c;
  });
  assert.notEqual(face, plain, `the Play button is styled (${face})`);
  assert.equal(await worked.locator('link[rel="stylesheet"]').count(), 0, 'no file is linked from disk');
  await worked.getByRole('button', { name: 'Step forward' }).click();
  await worked.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'offline-quiz-worked-1440.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test("under a CSP without 'wasm-unsafe-eval' both pages say so instead of hanging", async () => {
  const matrix = await open(`${noWasmEval.url}index.html`);
  await matrix.page.waitForFunction(() => /blocks WebAssembly/.test(document.getElementById('engine-status').textContent), null, { timeout: 10_000 });
  assert.match(await matrix.page.locator('#engine-status').textContent(), /Content-Security-Policy blocks WebAssembly: its script-src must allow 'wasm-unsafe-eval'/);
  assert.equal(await matrix.page.locator('#engine-status').getAttribute('role'), 'alert');
  await matrix.page.screenshot({ path: join(ARTIFACTS, 'site-no-wasm-eval-1440.png') });
  await matrix.context.close();
  const image = await open(`${noWasmEval.url}image.html?sample=small`);
  // The engine fails before the image mode mounts: the page's own status line says why.
  await image.page.waitForFunction(() => /blocks WebAssembly/.test(document.getElementById('engine-status').textContent), null, { timeout: 10_000 });
  assert.match(await image.page.locator('#engine-status').textContent(), /'wasm-unsafe-eval'/);
  assert.equal(await image.page.locator('#engine-status').isVisible(), true);
  await image.context.close();
});

test('a missing .wasm (HTTP 404) is named, not a hang', async () => {
  const { page, context } = await open(`${strict.url}index.html`, { route: ['**/*.wasm', (r) => r.fulfill({ status: 404, body: 'Not found' })] });
  await page.waitForFunction(() => /HTTP 404/.test(document.getElementById('engine-status').textContent), null, { timeout: 10_000 });
  assert.match(await page.locator('#engine-status').textContent(), /convolution_core\.wasm is missing on this server \(HTTP 404\)/);
  await context.close();
});

test('the plain web/ pages opened from file:// explain what to do', async () => {
  for (const name of (await readdir(WEB)).filter((f) => f.endsWith('.html')).sort()) {
    const status = '#engine-status';
    const { page, context } = await open(pathToFileURL(join(WEB, name)).href);
    const box = page.locator('.load-problem[role="alert"]');
    await box.waitFor({ timeout: 10_000 });
    const text = await box.textContent();
    assert.match(text, /opened from disk.*offline\/convolution-playground\.html.*or open this folder through a web server/, name);
    assert.doesNotMatch(text, /npm/);
    assert.equal(await page.locator(status).isHidden(), true, `${name}: no "Loading…" left to hang`);
    await page.screenshot({ path: join(ARTIFACTS, `web-from-disk-${name.replace('.html', '')}-1440.png`) });
    await context.close();
  }
});

test('the built pages opened from file:// link to the offline file', async () => {
  const { page, context } = await open(pathToFileURL(join(site.out, 'index.html')).href);
  const link = page.locator('.load-problem a');
  await link.waitFor({ timeout: 10_000 });
  assert.match(await link.getAttribute('href'), /^(\.\/)?offline\/convolution-playground\.html$/);
  await link.click();
  await page.waitForURL(/offline\/convolution-playground\.html/);
  const cells = await matrixOutput(page);
  assert.ok(cells.length > 0 && cells.every((c) => Number.isFinite(Number(c.replace('\u2212', '-')))), cells.join(' '));
  await context.close();
});

test('other ways the engine cannot load are each named: download blocked by CSP, network error, no WebAssembly, a missing script', async () => {
  const blocked = await startServer({ port: 0, root: site.out, base: BASE, csp: `${STRICT_CSP}; connect-src 'none'` });
  try {
    const cases = [
      [`${blocked.url}index.html`, {}, /Content-Security-Policy \(connect-src\) blocks downloading .*convolution_core\.wasm/],
      [`${strict.url}index.html`, { route: ['**/*.wasm', (r) => r.abort('connectionreset')] }, /could not be downloaded/],
      [`${strict.url}index.html`, { init: () => { delete globalThis.WebAssembly; } }, /This browser does not run WebAssembly/],
      [`${strict.url}index.html`, { route: ['**/pages/matrix.js', (r) => r.fulfill({ status: 404, body: '' })] }, /script js\/pages\/matrix\.js could not be loaded/],
    ];
    for (const [url, { route, init }, want] of cases) {
      const context = await browser.newContext();
      if (route) await context.route(...route);
      if (init) await context.addInitScript(init);
      const page = await context.newPage();
      await page.goto(url);
      // The loader's reasons reach the page's status line; a script that never ran, boot.js's box.
      const said = () => [...document.querySelectorAll('#engine-status, .load-problem')].map((e) => e.textContent).join(' | ');
      await page.waitForFunction((re) => new RegExp(re).test([...document.querySelectorAll('#engine-status, .load-problem')]
        .map((e) => e.textContent).join(' | ')), want.source, { timeout: 10_000 })
        .catch(async () => assert.fail(`${url}: expected ${want}, the page says "${await page.evaluate(said)}"`));
      await context.close();
    }
  } finally {
    await new Promise((r) => blocked.server.close(r));
  }
});

test("a CSP whose worker-src forbids the image worker is named on the image page", async () => {
  const noWorker = await startServer({ port: 0, root: site.out, base: BASE, csp: STRICT_CSP.replace("worker-src 'self' blob:", "worker-src 'none'") });
  try {
    const { page, context } = await open(`${noWorker.url}image.html?sample=small`);
    const box = page.locator('.load-problem[role="alert"]');
    await box.waitFor({ timeout: 10_000 });
    assert.match(await box.textContent(), /Content-Security-Policy \(worker-src\) blocked .*worker\.js.*worker-src 'self' blob:/);
    await context.close();
  } finally {
    await new Promise((r) => noWorker.server.close(r));
  }
});

test('the offline file served under a strict CSP says why it does nothing', async () => {
  const { page, context } = await open(`${strict.url}${OFFLINE_FILE}`);
  assert.match(await page.locator('#cp-offline-note').textContent(), /its script was blocked.*serve the site's index\.html instead/);
  assert.equal(await page.locator('#cp-offline-note').isVisible(), true);
  await context.close();
});
