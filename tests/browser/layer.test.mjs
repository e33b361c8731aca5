// Browser tests of the layer mode (web/layer.html and <convolution-playground mode="layer">)
// in headless Chromium. Numbers the page shows are checked against hand-worked values
// and against the engine called inside the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage, ARTIFACTS } from './harness.mjs';
import { audit, installFrameClient } from './page-tools.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function open(hash = '', opts = {}) {
  const ctx = await openPage(env.browser, `${env.baseUrl}layer.html${hash}`, opts);
  await ctx.page.waitForSelector('.layer-mode[data-ready="true"]', { timeout: 15_000 });
  return ctx;
}
async function done({ context, errors }) {
  await context.close();
  assert.deepEqual(errors, [], 'no page errors or console errors');
}
const cell = (page, stage, o, i, j) => page.locator(`button.out[data-stage="${stage}"][data-at="${o},${i},${j}"]`);
const arith = (page) => page.locator('.arith').innerText();
// The last step is drawn on the next animation frame: wait until nothing is left unsummed.
const lastStep = async (page) => {
  await page.getByRole('button', { name: 'Last step' }).click();
  await page.waitForFunction(() => !(document.querySelector('.arith')?.innerText ?? '…').includes('…'));
};

test('edge preset: feature maps, ReLU and pooled values as worked by hand', async () => {
  const ctx = await open();
  const { page } = ctx;
  assert.equal(await cell(page, 'conv', 1, 1, 1).innerText(), '18');
  assert.equal(await cell(page, 'conv', 0, 0, 2).innerText(), '27');
  assert.equal(await cell(page, 'conv', 0, 4, 2).innerText(), '−27');
  assert.equal(await cell(page, 'relu', 0, 4, 2).innerText(), '0');
  assert.equal(await page.locator('button.out[data-stage="pool"]').count(), 2 * 3 * 3);
  const counts = await page.locator('.counts').innerText();
  assert.match(counts, /K·\(C·M·N \+ 1\) = 2·\(1·3·3 \+ 1\) = 20/);
  assert.match(counts, /4,680/);
  assert.match(counts, /234× as many parameters/);
  await done(ctx);
});

test('RGB preset: the inspected cell sums three channels\' partial sums and the bias, stepped', async () => {
  const ctx = await open();
  const { page } = ctx;
  await page.getByRole('button', { name: 'RGB image, 3×3×3 kernel' }).click();
  await page.waitForFunction(() => document.querySelector('.arith')?.innerText.includes('R:'));
  // Step 1: the first tap is current; nothing is summed yet.
  let text = await arith(page);
  assert.match(text, /R: .* = …/);
  assert.match(text, /total: …/);
  assert.equal(await page.locator('.stage-input .cell.cur').count(), 1);
  assert.equal(await page.locator('.stage-input .cell.win').count(), 27);
  // Last step: each channel's partial sum, the bias, the total (light − wall per channel).
  await lastStep(page);
  text = await arith(page);
  assert.match(text, /R: .* = 50/);
  assert.match(text, /G: .* = 180/);
  assert.match(text, /B: .* = 20/);
  assert.match(text, /total: 50 \+ 180 \+ 20 \+ 0 = 250/);
  assert.equal(await cell(page, 'conv', 0, 1, 2).innerText(), '250');
  const engineSum = await page.evaluate(async () => {
    const { createConvolution } = await import('/wasm/convolution.js');
    const e = await createConvolution();
    const sky = [90, 160, 230]; const grass = [40, 150, 60]; const wall = [200, 40, 40]; const light = [250, 220, 60];
    const px = (r, c) => (r >= 5 ? grass : r >= 2 && c >= 2 && c <= 5 ? (r === 3 && c === 4 ? light : wall) : sky);
    const input = [0, 1, 2].map((k) => Array.from({ length: 7 }, (_, r) => Array.from({ length: 7 }, (_, c) => px(r, c)[k])));
    const sobel = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];
    return e.explainLayer(input, [[sobel, sobel, sobel]], {}, 0, 1, 2).sum;
  });
  assert.equal(engineSum, 250);
  // The screen reader hears the step.
  assert.match(await page.locator('.inspect [aria-live="polite"]').innerText(), /is 250/);
  await done(ctx);
});

test('pooling: a pooled cell shows its window and the value that won', async () => {
  const ctx = await open();
  const { page } = ctx;
  // Pooled map 2, (1, 1): the window rows 1–2, columns 1–2 of ReLU map 2 holds 9, 9, 18, 18.
  await cell(page, 'pool', 1, 0, 0).click();
  // The click is drawn on the next animation frame.
  await page.waitForFunction(() => document.querySelectorAll('.stage-relu .cell.win').length > 0);
  assert.equal(await page.locator('.stage-relu .cell.win').count(), 4);
  assert.doesNotMatch(await arith(page), /winner/);
  await lastStep(page);
  const text = await arith(page);
  assert.match(text, /max\(9, 9, 18, 18\) = 18/);
  assert.match(text, /The winner: row 2, column 1 \(18\)/);
  assert.equal(await page.locator('.stage-relu .cell.winner').count(), 1);
  assert.equal(await cell(page, 'relu', 1, 1, 0).getAttribute('class').then((c) => c.includes('winner')), true);
  await done(ctx);
});

test('keyboard: arrows move between output cells and inspect them; elsewhere they step; Space plays', async () => {
  const ctx = await open();
  const { page } = ctx;
  await cell(page, 'conv', 1, 1, 1).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await cell(page, 'conv', 1, 1, 2).getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.at), '1,1,2');
  await page.keyboard.press('ArrowDown');
  assert.equal(await cell(page, 'conv', 1, 2, 2).getAttribute('aria-pressed'), 'true');
  await page.getByRole('button', { name: 'Next step' }).focus();
  const stepIs = (text) => page.waitForFunction((t) => document.querySelector('.step-text').textContent === t, text, { timeout: 3000 });
  await page.keyboard.press('End');
  await stepIs('Step 11 / 11');
  await page.keyboard.press('Home');
  await stepIs('Step 1 / 11');
  await page.keyboard.press('ArrowRight');
  await stepIs('Step 2 / 11');
  await page.locator('.arith-box').focus();
  await page.keyboard.press(' ');
  await page.waitForFunction(() => document.querySelector('.step-text').textContent.startsWith('Step 3'), null, { timeout: 5000 });
  await page.keyboard.press(' ');
  await done(ctx);
});

test('link round trip: edits, settings and the inspected cell come back from the hash; bad parts are named', async () => {
  const ctx = await open();
  const { page } = ctx;
  await page.getByRole('button', { name: 'A tiny trained-looking layer' }).click();
  await page.locator('input[data-which="bias"][data-at="2"]').fill('−1/4');
  await page.locator('input[data-which="bias"][data-at="2"]').dispatchEvent('input');
  await cell(page, 'conv', 2, 3, 4).click();
  await page.getByRole('button', { name: 'Next step' }).click();
  await page.waitForFunction(() => location.hash.includes('at=conv,3,4,5') && location.hash.includes('step=2'));
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /b=0\.02,-0\.05,-0\.25,0\.03&/);
  assert.match(hash, /in=0\.35,/);
  const before = await arith(page);
  const again = await open(hash);
  assert.equal(await arith(again.page), before);
  assert.equal(await again.page.locator('.link-message').isHidden(), true);
  await done(again);
  const bad = await open(`${hash}&pool=max,9&zz=1`);
  const msg = await bad.page.locator('.link-message').innerText();
  assert.match(msg, /2 problems/);
  assert.match(msg, /pool "max,9"/);
  await done(bad);
  await done(ctx);
});

test('<convolution-playground mode="layer"> and mode="quiz": state, output, events; iframe protocol', async () => {
  const ctx = await openPage(env.browser, `${new URL('/', env.baseUrl).href}tests/browser/fixtures/embed/layer-quiz.html`);
  const { page } = ctx;
  const result = await page.evaluate(async () => {
    const layer = document.getElementById('layer');
    const quiz = document.getElementById('quiz');
    await Promise.all([layer.ready, quiz.ready]);
    const events = [];
    layer.addEventListener('statechange', (e) => events.push(e.detail.userInitiated));
    const s = layer.getState();
    layer.shadowRoot.querySelector('button.out[data-stage="conv"][data-at="0,0,0"]').click();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return { mode: s.mode, inspect: s.inspect, output: layer.output, events, quiz: quiz.getState() };
  });
  // Input 1..9, kernel [[1, 0], [0, 1]], bias 1 → 1+5+1, 2+6+1, 4+8+1, 5+9+1; ReLU; max pool 2×2 stride 1.
  assert.equal(result.mode, 'layer');
  assert.deepEqual(result.inspect, { stage: 'pool', channel: 0, row: 0, col: 0 });
  assert.deepEqual(result.output, { channels: 1, height: 1, width: 1, data: [15] });
  assert.deepEqual(result.events, [true]);
  assert.equal(result.quiz.seed, 'course');
  assert.equal(result.quiz.count, 3);
  assert.deepEqual(result.quiz.score, { correct: 0, answered: 0, total: 3 });
  await done(ctx);

  // The layer page inside an iframe answers the protocol.
  const frame = await openPage(env.browser, `${new URL('/', env.baseUrl).href}tests/browser/fixtures/embed/layer-quiz.html`);
  await installFrameClient(frame.page);
  const reply = await frame.page.evaluate(async (src) => {
    const { got, ask } = await window.openFrame(src, { width: 900, height: 700 });
    const set = await ask({ id: 1, action: 'setState', state: 'mode=layer&in=1,2;3,4&k=1&b=0&relu=0&pool=none' });
    const out = await ask({ id: 2, action: 'getOutput' });
    const step = await ask({ id: 3, action: 'setStep', step: 1 });
    // getOutput's data crosses as a typed array; the test sees it as a list and its type.
    const data = out.result.data;
    return { set, out: { ...out, result: { ...out.result, data: Array.from(data), dataType: data.constructor.name } }, step, resize: got.some((m) => m.event === 'resize' && m.height > 100) };
  }, `${env.baseUrl}layer.html#embed=1`);
  assert.equal(reply.set.ok, true);
  assert.deepEqual(reply.set.result.problems, []);
  assert.deepEqual(reply.out.result, { channels: 1, height: 2, width: 2, data: [1, 2, 3, 4], dataType: 'Float64Array' });
  assert.deepEqual(reply.step.result, { step: 1 });
  assert.ok(reply.resize);
  await done(frame);
});

test('reduced motion: Play shows the last step at once instead of animating', async () => {
  const ctx = await open('', { reducedMotion: 'reduce' });
  const { page } = ctx;
  await page.getByRole('button', { name: 'Play the steps' }).click();
  await page.waitForFunction(() => document.querySelector('.step-text').textContent === 'Step 11 / 11', null, { timeout: 2000 });
  assert.match(await arith(page), /total: 18 \+ 0 = 18/);
  await done(ctx);
});

test('a picture from disk becomes a small R, G, B input', async () => {
  const ctx = await open();
  const { page } = ctx;
  await page.getByText('Shapes and settings').click();
  await page.locator('input[type="file"]').setInputFiles(fileURLToPath(new URL('./fixtures/image/gradient-64x48.png', import.meta.url)));
  await page.waitForFunction(() => document.querySelector('.stage-input .shape')?.textContent === '3×9×12');
  assert.deepEqual(await page.locator('.stage-input h3').allInnerTexts(), ['R', 'G', 'B']);
  assert.equal(await page.locator('.stage-kernels .shape').innerText(), '2×3×3×3');
  assert.equal(await page.locator('canvas.swatch').count(), 1);
  await done(ctx);
});

test('screenshots at phone, projector and desktop sizes', async () => {
  for (const [w, hgt, name] of [[390, 844, 'phone'], [1024, 768, 'projector'], [1440, 900, 'desktop']]) {
    const ctx = await open('#mode=layer&at=conv,2,2,2&step=4', { width: w, height: hgt });
    const { page } = ctx;
    await page.getByRole('button', { name: 'RGB image, 3×3×3 kernel' }).click();
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.screenshot({ path: join(ARTIFACTS, `layer-${name}.png`) });
    // Nothing wider than the screen but the stages' own scrolling.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow}px`);
    await done(ctx);
  }
});

for (const width of [1440, 390]) {
  test(`layer page has no axe violations at ${width} px, a step shown`, async () => {
    const ctx = await open('#mode=layer&at=conv,1,2,2&step=3', { width, height: 900 });
    await ctx.page.getByRole('button', { name: 'RGB image, 3×3×3 kernel' }).click();
    await ctx.page.getByRole('button', { name: 'Next step' }).click();
    assert.deepEqual(await audit(ctx.page), []);
    await done(ctx);
  });
}

// The focus layout: the input card with the window, the kernel in use, the output card
// of the inspected cell and the arithmetic on one screen at scroll 0, none under another.
for (const [width, height] of [[390, 844], [1024, 768]]) {
  for (const preset of ['Two edge detectors', 'RGB image, 3×3×3 kernel']) {
    test(`focus layout at ${width}×${height}, ${preset}: input window, kernel, output and arithmetic on one screen`, async () => {
      const ctx = await open('', { width, height, ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
      const { page } = ctx;
      await page.locator(`button[data-preset]`, { hasText: preset }).evaluate((b) => b.click());
      await page.getByRole('button', { name: 'Next step' }).click();
      await page.waitForFunction(() => document.querySelector('.step-text')?.textContent.startsWith('Step 2 '));
      const b = await page.evaluate(() => {
        const box = (el) => {
          const r = el.getBoundingClientRect();
          return { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right), visible: getComputedStyle(el).visibility === 'visible' };
        };
        const cur = document.querySelector('.stage-input .cell.cur');
        return {
          scrollY: window.scrollY,
          input: box(cur.closest('.layer-card')), window: box(cur),
          kernel: box(document.querySelector('.stage-kernels .kernel-card.active')),
          output: box(document.querySelector('.stage-conv button.out.sel').closest('.layer-card')),
          arithmetic: box(document.querySelector('.inspect')), play: box(document.querySelector('.player .primary')),
          firstLine: box(document.querySelector('.arith .arith-line')),
        };
      });
      assert.equal(b.scrollY, 0);
      for (const key of ['input', 'window', 'kernel', 'output', 'arithmetic', 'play', 'firstLine']) {
        assert.ok(b[key].visible, `${key} is visible`);
        assert.ok(b[key].top >= 0 && b[key].bottom <= height, `${key} ${b[key].top}–${b[key].bottom} is inside 0–${height}`);
        assert.ok(b[key].left >= 0 && b[key].right <= width, `${key} ${b[key].left}–${b[key].right} is inside 0–${width}`);
      }
      // The arithmetic panel is pinned over the page below the wide layout: nothing it must show is under it.
      for (const key of ['input', 'kernel', 'output']) {
        const a = b[key];
        const p = b.arithmetic;
        const apart = a.bottom <= p.top || a.top >= p.bottom || a.right <= p.left || a.left >= p.right;
        assert.ok(apart, `${key} ${JSON.stringify(a)} is not under the arithmetic ${JSON.stringify(p)}`);
      }
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= width, 'no sideways page scroll');
      await done(ctx);
    });
  }
}

test('decks below the wide layout: the step brings its channel to the front; a tab shows another card', async () => {
  const ctx = await open('', { width: 390, height: 844, isMobile: true, hasTouch: true });
  const { page } = ctx;
  await page.locator('button[data-preset="rgb"]').evaluate((b) => b.click());
  const front = () => page.evaluate(() => [...document.querySelectorAll('.stage-input .layer-card')].map((c) => c.classList.contains('front')));
  await page.waitForFunction(() => document.querySelector('.arith')?.innerText.includes('R:'));
  assert.deepEqual(await front(), [true, false, false]);
  // Step 10 is the first tap of channel G (9 taps per channel).
  for (let k = 0; k < 9; k++) await page.getByRole('button', { name: 'Next step' }).click();
  await page.waitForFunction(() => document.querySelector('.step-text').textContent.startsWith('Step 10 '));
  assert.deepEqual(await front(), [false, true, false]);
  assert.equal(await page.locator('.stage-kernels .slice').nth(1).evaluate((s) => s.classList.contains('front')), true);
  await page.getByRole('button', { name: 'Show Input B' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.stage-input .layer-card')[2].classList.contains('front'));
  assert.equal(await page.getByRole('button', { name: 'Show Input B' }).getAttribute('aria-pressed'), 'true');
  // The next step takes the front back to the step's channel.
  await page.getByRole('button', { name: 'Next step' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.stage-input .layer-card')[1].classList.contains('front'));
  await done(ctx);
});
