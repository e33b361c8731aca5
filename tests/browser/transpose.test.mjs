// Browser tests of the transposed mode: the full page (web/transpose.html), the mode in
// plain containers (tests/browser/fixtures/modes) and <convolution-playground
// mode="transpose">. The 2×2 stride-2 example is worked out by hand here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, openPage, ARTIFACTS } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const text = async (page, sel) => { await settle(page); return (await page.locator(sel).first().textContent()).trim(); };

async function openT(hash = '', opts = {}) {
  const ctx = await openPage(env.browser, `${env.baseUrl}transpose.html${hash}`, opts);
  await ctx.page.waitForSelector('#mode-root[data-ready="true"]', { timeout: 10_000 });
  await settle(ctx.page);
  return ctx;
}
async function done({ context, errors }) {
  await context.close();
  assert.deepEqual(errors, [], 'no page errors or console errors');
}
/** The output canvas as shown: rows of { text, badge, crop }. */
async function canvas(page) {
  await settle(page);
  return page.locator('.g-out').evaluate((g) => {
    const cols = Number(getComputedStyle(g).getPropertyValue('--cols'));
    const cells = [...g.querySelectorAll('.tcell')].map((b) => ({ text: b.querySelector('.v').textContent, badge: b.querySelector('.badge').textContent, crop: b.classList.contains('crop') }));
    const rows = [];
    for (let i = 0; i < cells.length; i += cols) rows.push(cells.slice(i, i + cols));
    return rows;
  });
}

test('2×2 input, 2×2 kernel, stride 2 by hand, accumulated cell by cell', async () => {
  const ctx = await openT();
  const { page } = ctx;
  await page.getByRole('button', { name: '2×2, stride 2 (no overlap)' }).click();
  let g = await canvas(page);
  // Step 1: x[0][0] = 1 stamps K = [[1, 0], [2, 1]] in the top-left corner only.
  assert.deepEqual(g.map((r) => r.map((c) => c.text)), [['1', '0', '·', '·'], ['2', '1', '·', '·'], ['·', '·', '·', '·'], ['·', '·', '·', '·']]);
  assert.match(await text(page, '.move-title'), /\(0, 0\) = 1 scatters/);
  await page.getByRole('button', { name: 'Last step' }).click();
  g = await canvas(page);
  assert.deepEqual(g.map((r) => r.map((c) => c.text)), [['1', '0', '2', '0'], ['2', '1', '4', '2'], ['3', '0', '4', '0'], ['6', '3', '8', '4']]);
  assert.ok(g.flat().every((c) => c.badge === '×1'), 'no overlap: one contribution each');
  const formula = await page.locator('.cp-formula .formula-result').allTextContents();
  assert.deepEqual(formula, ['rows:    (2 − 1)·2 − 0 − 0 + 1·(2 − 1) + 0 + 1 = 4', 'columns: (2 − 1)·2 − 0 − 0 + 1·(2 − 1) + 0 + 1 = 4']);
  const out = await page.evaluate(async () => {
    const { createConvolution } = await import('/wasm/convolution.js');
    const e = await createConvolution();
    return Array.from(e.convolveTranspose([[1, 2], [3, 4]], [[1, 0], [2, 1]], { strideY: 2, strideX: 2 }).data);
  });
  assert.deepEqual(out, [1, 0, 2, 0, 2, 1, 4, 2, 3, 0, 4, 0, 6, 3, 8, 4], 'the engine agrees with the hand-worked numbers');
  await done(ctx);
});

test('checkerboard counts, cropping, hover feeders and targets', async () => {
  const ctx = await openT();
  const { page } = ctx;
  await page.getByRole('button', { name: '3×3, stride 2 (checkerboard)' }).click();
  await page.getByRole('button', { name: 'Last step' }).click();
  const g = await canvas(page);
  assert.deepEqual(g[0].map((c) => c.badge), ['×1', '×1', '×2', '×1', '×2', '×1', '×1']);
  assert.deepEqual(g[2].map((c) => c.badge), ['×2', '×2', '×4', '×2', '×4', '×2', '×2']);
  await page.getByRole('button', { name: /^Output row 3 column 3:/ }).hover();
  assert.match(await text(page, '.hover-note'), /^out\[2\]\[2\] = x\[0\]\[0\]·k\[2\]\[2\] \+ x\[0\]\[1\]·k\[2\]\[0\] \+ x\[1\]\[0\]·k\[0\]\[2\] \+ x\[1\]\[1\]·k\[0\]\[0\] = 1 \+ 1 \+ 1 \+ 1 = 4 \(4 contributions\)$/);
  assert.equal(await page.locator('.g-input .tcell.fed').count(), 4);
  await page.getByRole('button', { name: /^Input row 2 column 2:/ }).focus();
  assert.match(await text(page, '.hover-note'), /^x\[1\]\[1\] = 1 goes to \(2, 2\), \(2, 3\), \(2, 4\), \(3, 2\)/);
  assert.equal(await page.locator('.g-out .tcell.target').count(), 9);
  await page.getByRole('button', { name: 'Padding 1 (cropping)' }).click();
  const c = await canvas(page);
  assert.equal(c.length, 7);
  assert.ok(c[0].every((x) => x.crop) && c[6].every((x) => x.crop) && c.every((r) => r[0].crop && r[6].crop));
  assert.match(await text(page, '.gbox-out h3'), /Output 5×5 \(uncropped 7×7\)/);
  await done(ctx);
});

test('forward convolution beside it: sizes map back, the dot products agree', async () => {
  const ctx = await openT('#mode=transpose&in=1,2,3;4,5,6&k=1,-1,2;0,1,1&s=2,3&p=1,0,0,2&op=1,1&y=4');
  const { page } = ctx;
  const lines = await page.locator('.adjoint p').allTextContents();
  assert.match(lines[0], /2×3 → convolveTranspose → 4×8 → convolve → 2×3/);
  const lhs = Number(lines[1].split('=').pop().replace('\u2212', '-'));
  const rhs = Number(lines[2].split('=').pop().replace('\u2212', '-'));
  assert.equal(lhs, rhs);
  assert.match(lines[3], /^equal/);
  await page.getByRole('button', { name: 'New Y' }).click();
  await page.waitForFunction(() => /y=5/.test(location.hash), null, { timeout: 3000 });
  await done(ctx);
});

test('keyboard, link round trip, bad links', async () => {
  let ctx = await openT('#mode=transpose&in=1,2;3,4&k=1,1;1,1&s=1,2&d=2,1&p=0,1,0,0&op=1,0&step=3&y=2');
  let { page } = ctx;
  assert.equal(await text(page, '.cp-stepper .step-text'), '3 / 4');
  await page.locator('.cp-scatter').focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await text(page, '.cp-stepper .step-text'), '2 / 4');
  await page.keyboard.press('End');
  assert.equal(await text(page, '.cp-stepper .step-text'), '4 / 4');
  await page.keyboard.press('Home');
  await page.keyboard.press(' ');
  await page.waitForTimeout(1200);
  await page.keyboard.press(' ');
  assert.notEqual(await text(page, '.cp-stepper .step-text'), '1 / 4');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => location.hash.includes('step=1'), null, { timeout: 3000 });
  const h = await page.evaluate(() => location.hash);
  for (const part of ['in=1,2;3,4', 'k=1,1;1,1', 's=1,2', 'd=2,1', 'p=0,1,0,0', 'op=1,0', 'y=2']) assert.ok(h.includes(part), `${part} in ${h}`);
  await done(ctx);

  ctx = await openT('#mode=transpose&in=1,2;3&k=1,nope&s=0,9&op=a&what=1');
  ({ page } = ctx);
  const msg = await text(page, '.link-message');
  assert.ok(msg.split('\n').length <= 4, msg);
  assert.match(msg, /same length|nope/);
  assert.equal(await page.locator('.g-out .tcell').count(), 16, 'the default example still computes');
  await done(ctx);
});

test('settings: bad values named beside the controls; an output padding too large is the engine\'s error', async () => {
  const ctx = await openT();
  const { page } = ctx;
  await page.getByLabel('Stride rows').fill('0');
  assert.match(await text(page, '.cp-settings .error'), /Stride|stride/);
  await page.getByLabel('Stride rows').fill('2');
  await page.getByLabel('Output padding rows').fill('3');
  assert.match(await text(page, '.cp-settings .error'), /.+/);
  await page.getByLabel('Output padding rows').fill('1');
  await settle(page);
  assert.equal(await page.locator('.cp-settings .error').isHidden(), true);
  await page.locator('.cp-editor input').first().fill('1, 2; 3');
  assert.match(await text(page, '.cp-editor .error'), /Row 2/);
  await done(ctx);
});

test('element mode="transpose" with chosen panels; two mounts independent; timing', async () => {
  let ctx = await openPage(env.browser, `${env.baseUrl}../tests/browser/fixtures/modes/element.html`);
  let { page } = ctx;
  const r = await page.evaluate(async () => {
    const two = document.getElementById('two');
    await two.ready;
    two.step = 3;
    const sr = two.shadowRoot;
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    return { out: Array.from(two.output.data), step: two.step, settingsHidden: sr.querySelector('.cp-settings').hidden, scatterHidden: sr.querySelector('.cp-scatter').hidden };
  });
  assert.deepEqual(r.out, [1, 0, 2, 0, 2, 1, 4, 2, 3, 0, 4, 0, 6, 3, 8, 4]);
  assert.equal(r.step, 3);
  assert.equal(r.settingsHidden, true);
  assert.equal(r.scatterHidden, false);
  await done(ctx);

  ctx = await openPage(env.browser, `${env.baseUrl}../tests/browser/fixtures/modes/index.html?mode=transpose&two=1`, { reducedMotion: 'reduce' });
  ({ page } = ctx);
  await page.waitForSelector('body[data-ready="true"]');
  const t = await page.evaluate(async () => {
    const { a, b } = window.fixture;
    a.setState({ input: [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]], kernel: [[1, 2, 1, 0], [1, 2, 1, 0], [1, 2, 1, 0], [1, 2, 1, 0]], strideY: 3, strideX: 3 });
    await new Promise((res) => setTimeout(res, 300));
    a.play();
    await new Promise((res) => setTimeout(res, 2500));
    a.pause();
    return { timing: a.timing, bStep: b.step, aStep: a.step };
  });
  const sorted = t.timing.history.slice().sort((x, y) => x - y);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  assert.ok(t.aStep > 0 && t.bStep === 0);
  assert.ok(at(0.95) < 16, `95th percentile ${at(0.95)} ms`);
  console.log(`transposed per-frame work while playing (6×6 input, 4×4 kernel): median ${at(0.5).toFixed(2)} ms, 95th percentile ${at(0.95).toFixed(2)} ms, max ${t.timing.maxWorkMs.toFixed(2)} ms over ${t.timing.frames} frames`);
  await done(ctx);
});

test('screenshots at phone, projector and desktop sizes', async () => {
  for (const [w, h] of [[390, 844], [1024, 768], [1440, 900]]) {
    const ctx = await openT('#mode=transpose&in=1,2,1;2,4,2;1,2,1&k=1,1,1;1,1,1;1,1,1&s=2,2&p=1,1,1,1&op=1,1&step=5', { width: w, height: h });
    const { page } = ctx;
    await page.screenshot({ path: join(ARTIFACTS, `transpose-${w}x${h}.png`) });
    for (const sel of ['.cp-stepper', '.cp-scatter']) {
      const b = await page.locator(sel).boundingBox();
      assert.ok(b && b.y + b.height <= h + 1, `${sel} ends at ${b?.y + b?.height} on ${w}×${h}`);
    }
    await done(ctx);
  }
});
