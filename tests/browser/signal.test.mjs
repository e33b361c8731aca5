// Browser tests of the 1-D mode: the full page (web/signal.html, which owns the hash),
// the mode mounted twice in plain containers (tests/browser/fixtures/modes) and the
// <convolution-playground mode="1d"> element. Numbers are checked against values
// written out here (the triangle of rect ∗ rect) and against the engine in the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, openPage, ARTIFACTS } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

async function openSignal(hash = '', opts = {}) {
  const ctx = await openPage(env.browser, `${env.baseUrl}signal.html${hash}`, opts);
  await ctx.page.waitForSelector('#mode-root[data-ready="true"]', { timeout: 10_000 });
  await settle(ctx.page);
  return ctx;
}
async function openFixture(query, opts = {}) {
  const ctx = await openPage(env.browser, `${env.baseUrl}../tests/browser/fixtures/modes/index.html?mode=1d&${query}`, opts);
  await ctx.page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  await settle(ctx.page);
  return ctx;
}
async function done({ context, errors }) {
  await context.close();
  assert.deepEqual(errors, [], 'no page errors or console errors');
}
const text = async (page, sel) => { await settle(page); return (await page.locator(sel).first().textContent()).trim(); };

test('rect ∗ rect is the triangle 1 2 3 4 3 2 1, shown move by move', async () => {
  const ctx = await openSignal();
  const { page } = ctx;
  await page.getByRole('button', { name: 'Rectangle with itself' }).click();
  assert.equal(await text(page, '.step-text'), '1 / 22');
  assert.match(await text(page, '.move-title'), /Fold/);
  await page.getByRole('button', { name: 'Step forward' }).click();
  assert.match(await text(page, '.move-title'), /Shift to t = 0/);
  assert.equal(await text(page, '.moves .current'), 'shift');
  // y[3] is summed at step 1 + 3·3 + 2 = 12 (0-based): four overlapping ones.
  await page.getByRole('slider', { name: 'Step' }).fill('12');
  assert.equal(await text(page, '.step-text'), '13 / 22');
  assert.match(await text(page, '.arith-result'), /= 1 \+ 1 \+ 1 \+ 1 = 4$/);
  await page.getByRole('button', { name: 'Last step' }).click();
  await settle(page);
  const vals = await page.locator('.out-plot .val').allTextContents();
  assert.deepEqual(vals, ['1', '2', '3', '4', '3', '2', '1']);
  assert.match(await text(page, '.formula-result'), /⌊\(4 \+ 3 \+ 3 − 4\) \/ 1⌋ \+ 1 = 7/);
  await done(ctx);
});

test('keyboard: Space plays, arrows step, Home/End; a focused stem moves with ↑ ↓', async () => {
  const ctx = await openSignal('#mode=1d&x=1,2,3&h=1,1&p=full&f=1');
  const { page } = ctx;
  await page.locator('.cp-plot').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await text(page, '.step-text'), '3 / 13');
  await page.keyboard.press('End');
  assert.equal(await text(page, '.step-text'), '13 / 13');
  await page.keyboard.press('Home');
  assert.equal(await text(page, '.step-text'), '1 / 13');
  // With nothing focused the page hands the keys to the mode.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('ArrowRight');
  assert.equal(await text(page, '.step-text'), '2 / 13');
  await page.keyboard.press('Home');
  await page.keyboard.press(' ');
  await page.waitForTimeout(1500);
  assert.notEqual(await text(page, '.step-text'), '1 / 13', 'playing advances');
  await page.keyboard.press(' ');
  const stem = page.getByRole('slider', { name: 'Kernel h sample 1' });
  await stem.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Shift+ArrowUp');
  await settle(page);
  assert.equal(await page.getByLabel(/^Kernel h/).first().inputValue(), '1, 2.1');
  assert.equal(await stem.getAttribute('aria-valuenow'), '2.1');
  await page.waitForFunction(() => /h=1,2\.1&/.test(location.hash), null, { timeout: 3000 });
  await done(ctx);
});

test('dragging a stem changes the sample; the output follows (engine)', async () => {
  const ctx = await openFixture('');
  const { page } = ctx;
  const box = await page.getByRole('slider', { name: 'Signal x sample 0' }).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 30, { steps: 4 });
  await page.mouse.up();
  await settle(page);
  const r = await page.evaluate(() => {
    const s = window.fixture.a.getState();
    const o = window.fixture.engine.convolve1d(s.signal, s.kernel, { padding: 'full', flip: true });
    return { first: s.signal[0], out: Array.from(window.fixture.a.output.data), engine: Array.from(o.data), user: window.fixture.events.at(-1).userInitiated };
  });
  assert.ok(r.first < 1, `dragged down: ${r.first}`);
  assert.deepEqual(r.out, r.engine);
  assert.equal(r.user, true);
  await done(ctx);
});

test('swap, x ∗ h beside h ∗ x, and flip off mirrors', async () => {
  const ctx = await openSignal('#mode=1d&x=1,2,0,-1&h=3,1,2&p=full&f=1');
  const { page } = ctx;
  const seqs = async () => { await settle(page); return page.locator('.cp-commute .seq').allTextContents(); };
  const [xh, hx] = await seqs();
  assert.equal(xh, hx);
  assert.match(await text(page, '.cp-commute .note'), /commutative/);
  await page.locator('.cp-editor .swap').click();
  await settle(page);
  assert.equal(await page.getByLabel(/^Signal x/).first().inputValue(), '3, 1, 2');
  await page.getByLabel('Flip kernel (convolution)').uncheck();
  const [a, b] = await seqs();
  assert.equal(a.split(', ').reverse().join(', '), b);
  assert.match(await text(page, '.cp-commute .note'), /not commutative/);
  // Sound only on a click; it must start without an error (headless Chromium has Web Audio).
  await page.getByRole('button', { name: 'Hear y' }).click();
  await page.waitForTimeout(200);
  assert.equal(await page.getByRole('button', { name: 'Hear y' }).isDisabled(), false);
  await done(ctx);
});

test('links round-trip through the page; bad links keep the valid parts and say what is wrong', async () => {
  const hash = '#mode=1d&x=1,2,3,4,5&h=1,0,-1&s=2&d=1&p=same&b=replicate&c=0&f=0&step=5&fg=exp,rect&t=1.5';
  let ctx = await openSignal(hash);
  let { page } = ctx;
  assert.equal(await text(page, '.step-text'), '5 / 10');
  assert.equal(await page.getByLabel('Padding', { exact: true }).inputValue(), 'same');
  assert.equal(await page.getByLabel('Border').inputValue(), 'replicate');
  const now = await page.evaluate(() => location.hash);
  for (const part of hash.slice(1).split('&')) assert.ok(now.includes(part), `${part} in ${now}`);
  await done(ctx);

  ctx = await openSignal('#mode=1d&x=1,oops,3&h=1,1&s=99&b=mirror&bogus=1');
  ({ page } = ctx);
  const msg = await text(page, '.link-message');
  assert.match(msg, /oops/);
  assert.match(msg, /stride "99"/);
  assert.ok(msg.split('\n').length <= 4, msg);
  assert.equal(await page.getByLabel(/^Kernel h/).first().inputValue(), '1, 1', 'valid kernel kept');
  await done(ctx);

  const t0 = Date.now();
  ctx = await openSignal(`#mode=1d&x=${'9,'.repeat(5000)}`);
  assert.match(await text(ctx.page, '.link-message'), /characters long/);
  assert.ok(Date.now() - t0 < 10_000);
  await done(ctx);
});

test('typed samples are checked in place; padding, stride and the formula', async () => {
  const ctx = await openSignal('#mode=1d&x=1,2,3,4,5,6,7,8&h=1,1,1&p=valid&f=1');
  const { page } = ctx;
  await page.getByLabel(/^Signal x/).first().fill('1, 2, x');
  assert.match(await text(page, '.editor-signal .error'), /"x"/);
  await page.getByLabel(/^Signal x/).first().fill('1, 2, 3, 4, 5, 6, 7, 8, 9');
  await page.getByLabel('Stride', { exact: true }).fill('2');
  assert.match(await text(page, '.formula-result'), /⌊\(9 \+ 0 \+ 0 − 3\) \/ 2⌋ \+ 1 = 4/);
  await page.getByLabel('Padding', { exact: true }).selectOption('full');
  assert.match(await text(page, '.formula-result'), /⌊\(9 \+ 2 \+ 2 − 3\) \/ 2⌋ \+ 1 = 6/);
  assert.ok(await page.locator('.lane-x .dot.pad').count() === 4, 'padded samples drawn');
  await page.getByLabel('Padding', { exact: true }).selectOption('explicit');
  assert.equal(await page.getByLabel('Padding left').inputValue(), '2', 'explicit starts from the resolved padding');
  await page.getByLabel('Padding right').fill('0');
  assert.match(await text(page, '.formula-result'), /⌊\(9 \+ 2 \+ 0 − 3\) \/ 2⌋ \+ 1 = 5/);
  await page.getByLabel('Padding', { exact: true }).selectOption('causal');
  assert.match(await text(page, '.formula-result'), /⌊\(9 \+ 2 \+ 0 − 3\) \/ 2⌋ \+ 1 = 5/);
  await page.getByLabel(/^Kernel h/).first().fill(Array(12).fill(1).join(','));
  await page.getByLabel('Padding', { exact: true }).selectOption('valid');
  assert.match(await text(page, '.cp-settings .error'), /.+/);
  await done(ctx);
});

test('two mounts are independent; controller API; reduced motion still steps', async () => {
  const ctx = await openFixture('two=1', { reducedMotion: 'reduce' });
  const { page } = ctx;
  const r = await page.evaluate(async () => {
    const { a, b } = window.fixture;
    const p = a.setState({ signal: [1, 2, 3], kernel: [1, 1], padding: 'full', flip: true, nonsense: 1 });
    a.step = 4;
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    return { problems: p, a: a.getState(), b: b.getState(), out: Array.from(a.output.data), bStep: b.step };
  });
  assert.match(r.problems[0], /nonsense/);
  assert.deepEqual(r.out, [1, 3, 5, 3]);
  assert.equal(r.a.step, 4);
  assert.equal(r.bStep, 0);
  assert.deepEqual(r.b.signal, [1, 1, 1, 1]);
  const framesBefore = await page.evaluate(() => window.fixture.b.timing.frames);
  await page.locator('#b').getByRole('button', { name: 'Step forward' }).click();
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => [window.fixture.a.step, window.fixture.b.step].join()), '4,1');
  // Reduced motion: the shift is one redraw, not a slide of many frames.
  const framesAfter = await page.evaluate(() => window.fixture.b.timing.frames);
  assert.ok(framesAfter - framesBefore <= 3, `${framesAfter - framesBefore} frames for one step`);
  await done(ctx);
});

test('without reduced motion the kernel slides into place over several frames', async () => {
  const ctx = await openFixture('');
  const { page } = ctx;
  const n = await page.evaluate(async () => {
    const { a } = window.fixture;
    a.step = 3;
    await new Promise((r) => setTimeout(r, 100));
    const before = a.timing.frames;
    document.querySelector('#a [aria-label="Step forward"]').click();
    await new Promise((r) => setTimeout(r, 600));
    return a.timing.frames - before;
  });
  assert.ok(n >= 5, `${n} frames`);
});

test('element: mode="1d" in a shadow root, readonly, statechange', async () => {
  const ctx = await openPage(env.browser, `${env.baseUrl}../tests/browser/fixtures/modes/element.html`);
  const { page } = ctx;
  const r = await page.evaluate(async () => {
    const one = document.getElementById('one');
    const three = document.getElementById('three');
    await one.ready;
    await three.ready;
    const seen = [];
    one.addEventListener('statechange', (e) => seen.push(e.detail.userInitiated));
    one.step = 3;
    one.setState({ kernel: [1, 1] });
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    const disabled = [...three.shadowRoot.querySelectorAll('.cp-presets button, .cp-editor .swap, .cp-settings select')].every((b) => b.disabled);
    return { one: Array.from(one.output.data), three: Array.from(three.output.data), seen, disabled, docHasPlot: !!document.querySelector('.cp-plot') };
  });
  assert.deepEqual(r.one, [1, 2, 2, 2, 1]);
  assert.deepEqual(r.three, [-1, -1], 'cross-correlation of 1 2 3 with 1 −1');
  assert.ok(r.seen.length >= 1 && r.seen.every((u) => u === false));
  assert.equal(r.disabled, true);
  assert.equal(r.docHasPlot, false, 'rendered inside the shadow root only');
  await done(ctx);
});

test('playing stays well under a frame of main-thread work', async () => {
  const ctx = await openFixture('state=' + encodeURIComponent('x=' + Array.from({ length: 64 }, (_, i) => i % 7).join(',') + '&h=' + Array(16).fill(1).join(',') + '&p=full&f=1'));
  const { page } = ctx;
  const timing = await page.evaluate(async () => {
    const { a } = window.fixture;
    a.play();
    await new Promise((res) => setTimeout(res, 2500));
    a.pause();
    return a.timing;
  });
  const sorted = timing.history.slice().sort((x, y) => x - y);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  assert.ok(timing.frames > 20, `frames ${timing.frames}`);
  // The machine is shared, so one frame can be delayed by someone else's build: the
  // 95th percentile is held to the frame budget, the maximum is reported.
  assert.ok(at(0.95) < 16, `95th percentile ${at(0.95)} ms`);
  console.log(`1-D per-frame work while playing (64 samples, 16-tap kernel): median ${at(0.5).toFixed(2)} ms, 95th percentile ${at(0.95).toFixed(2)} ms, max ${timing.maxWorkMs.toFixed(2)} ms over ${timing.frames} frames`);
  await done(ctx);
});

test('screenshots at phone, projector and desktop sizes', async () => {
  for (const [w, h] of [[390, 844], [1024, 768], [1440, 900]]) {
    const ctx = await openSignal('#mode=1d&x=0,1,2,3,2,1,0,0&h=1,2,1&p=full&f=1&step=9', { width: w, height: h });
    const { page } = ctx;
    await page.screenshot({ path: join(ARTIFACTS, `signal-${w}x${h}.png`) });
    // The stepper, the plot, the arithmetic and the output on the first screen.
    for (const sel of ['.cp-stepper', '.cp-plot', '.cp-arith', '.cp-output']) {
      const b = await page.locator(sel).boundingBox();
      assert.ok(b && b.y + b.height <= h + 1, `${sel} ends at ${b?.y + b?.height} on ${w}×${h}`);
    }
    await done(ctx);
  }
});
