// A course page on ANOTHER origin (a second server, another port) embeds the matrix page
// in an <iframe> and drives it only by postMessage (SEMANTICS §9): ready, getState,
// setState, setStep, play/pause, getOutput, resize and statechange with userInitiated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchTwoOrigins, openCoursePage, frameEvents as events } from './course-page.mjs';

let env;
let app;
let course;
before(async () => {
  env = await launchTwoOrigins();
  ({ app, course } = env);
});
after(async () => { await env?.close(); });

/** Opens the course page and adds the frame of the matrix page with this hash. */
const coursePage = (hash) => openCoursePage(env, `${app.url}#${hash}`);

test('a course page on another origin drives the frame by postMessage', async () => {
  const { page, context, errors, frame } = await coursePage('in=1,2,3;4,5,6;7,8,9&k=1,0;0,-1&step=2');
  const [ready] = await events(page, 'ready');
  assert.equal(ready.origin, new URL(app.url).origin);
  assert.deepEqual(ready.state.kernel, [[1, 0], [0, -1]]);
  assert.equal(ready.state.step, 1, 'step=2 in the link is the second step (0-based 1)');

  const got = await page.evaluate(() => window.ask({ id: 'g1', action: 'getState' }));
  assert.equal(got.ok, true);
  assert.deepEqual(got.result.input, [[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  assert.equal(got.result.options.border, 'constant');

  const out = await page.evaluate(() => window.ask({ id: 'o1', action: 'getOutput' }));
  assert.deepEqual(out.result, { height: 2, width: 2, data: [-4, -4, -4, -4], dataType: 'Float64Array' }, '1·I(r, c) − 1·I(r + 1, c + 1)');

  // setState: validated like a link; the valid parts are applied, the rest named.
  const before = (await events(page, 'statechange')).length;
  const set = await page.evaluate(() => window.ask({
    id: 's1', action: 'setState',
    state: { input: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]], kernel: [[0, 1], [1, 0]], options: { padding: 'same', border: 'mirror' }, step: 3, extra: 1 },
  }));
  assert.equal(set.ok, true);
  assert.equal(set.result.state.options.padding, 'same');
  assert.equal(set.result.state.options.border, 'constant', 'the unknown border is not applied');
  assert.equal(set.result.problems.length, 2);
  assert.match(set.result.problems.join('\n'), /border "mirror" is not known; it is one of constant, replicate, reflect, reflect101, wrap/);
  assert.match(set.result.problems.join('\n'), /"extra"/);
  await page.waitForFunction((n) => window.events.filter((e) => e.event === 'statechange').length > n, before);
  const change = (await events(page, 'statechange')).at(-1);
  assert.equal(change.userInitiated, false, 'a scripted change is not the learner’s');
  assert.equal(change.state.step, 3);
  const out2 = await page.evaluate(() => window.ask({ id: 'o2', action: 'getOutput' }));
  const expected = await page.evaluate(async (wasmUrl) => {
    const { createConvolution } = await import(wasmUrl);
    const e = await createConvolution();
    const r = e.convolve([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]], [[0, 1], [1, 0]], { padding: 'same' });
    return { height: r.height, width: r.width, data: Array.from(r.data), dataType: 'Float64Array' };
  }, `${course.url.replace('/web/', '/wasm/convolution.js')}`);
  assert.deepEqual(out2.result, expected, 'the frame’s output is the engine’s');

  // A link hash works as a state too.
  const byHash = await page.evaluate(() => window.ask({ id: 's2', action: 'setState', state: 'in=1,2;3,4&k=1&b=wrap' }));
  assert.deepEqual(byHash.result.state.input, [[1, 2], [3, 4]]);
  assert.equal(byHash.result.state.options.border, 'wrap');

  // setStep, play and pause.
  await page.evaluate(() => window.ask({ id: 's3', action: 'setState', state: { input: [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], kernel: [[1, 1], [1, 1]] } }));
  const step = await page.evaluate(() => window.ask({ id: 'st', action: 'setStep', step: 4 }));
  assert.deepEqual(step.result, { step: 4 });
  assert.equal(await frame.getByRole('slider', { name: 'Step' }).inputValue(), '4');
  const badStep = await page.evaluate(() => window.ask({ id: 'st2', action: 'setStep', step: 'x' }));
  assert.equal(badStep.ok, false);
  assert.equal(badStep.error.field, 'step');
  const played = await page.evaluate(() => window.ask({ id: 'p1', action: 'play' }));
  assert.equal(played.result.playing, true);
  const paused = await page.evaluate(() => window.ask({ id: 'p2', action: 'pause' }));
  assert.equal(paused.result.playing, false);

  // The learner's own click is reported as userInitiated.
  await frame.getByRole('button', { name: 'First step' }).click();
  await page.waitForFunction(() => window.events.some((e) => e.event === 'statechange' && e.userInitiated === true));
  const mine = (await events(page, 'statechange')).filter((e) => e.userInitiated).at(-1);
  assert.equal(mine.state.step, 0);

  // Copy link inside a cross-origin frame without clipboard permission: copied by selection, or shown to copy by hand.
  await frame.getByRole('button', { name: 'Copy link' }).click();
  const said = frame.locator('#share-status');
  await said.filter({ hasText: /Link copied|clipboard is not available/ }).waitFor({ timeout: 3000 });
  if (/not available/.test(await said.textContent())) {
    assert.match(await frame.getByLabel('Link to this example').inputValue(), /#mode=matrix&in=/);
  }
  await frame.getByRole('button', { name: /embed/i }).click();
  await said.filter({ hasText: /Embed code copied|clipboard is not available/ }).waitFor({ timeout: 3000 });

  // resize: the content height, again when it changes.
  const sizes = await events(page, 'resize');
  assert.ok(sizes.length >= 1 && sizes[0].height > 100, `resize events carry the height (${sizes.map((s) => s.height)})`);
  const n = sizes.length;
  await page.evaluate(() => window.ask({ id: 's4', action: 'setState', state: { input: Array.from({ length: 20 }, () => Array(20).fill(1)) } }));
  await page.waitForFunction((k) => window.events.filter((e) => e.event === 'resize').length > k, n, { timeout: 5000 });
  const grown = (await events(page, 'resize')).at(-1).height;
  assert.ok(grown > sizes.at(-1).height, `the frame reports a taller page (${sizes.at(-1).height} → ${grown})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('messages of any other shape are ignored; nothing in a message runs or becomes HTML', async () => {
  const { page, context, errors, frame } = await coursePage('k=1,0;0,-1');
  const noReply = await page.evaluate(async () => {
    const w = window.frameEl.contentWindow;
    w.postMessage('getState', '*');
    w.postMessage({ type: 'other', id: 'x1', action: 'getState' }, '*');
    w.postMessage({ type: 'convolution-playground', id: 'x2', action: 'eval', code: 'alert(1)' }, '*');
    w.postMessage({ type: 'convolution-playground', action: 'getState' }, '*');
    w.postMessage({ type: 'convolution-playground', id: { nested: 'x' }, action: 'getState' }, '*');
    await new Promise((r) => setTimeout(r, 500));
    return window.replies.size;
  });
  assert.equal(noReply, 0, 'no reply to malformed messages');
  const hostile = await page.evaluate(() => window.ask({
    id: 'h1', action: 'setState',
    state: { input: [['<img src=x onerror="window.pwned=1">', 1], [2, 3]], kernel: [['1', '<b>2</b>']], options: { border: '<script>alert(1)</script>' } },
  }));
  assert.equal(hostile.ok, true);
  assert.equal(hostile.result.problems.length, 3);
  assert.equal(await frame.locator('img, script:not([src]), b').count(), 0, 'no element was made from message text');
  // A huge state is refused from its size, fast, with a few lines of text.
  const big = await page.evaluate(async () => {
    const state = { options: {} };
    for (let k = 0; k < 100_000; k++) state[`k${k}`] = k;
    state.input = Array.from({ length: 1000 }, () => Array(1000).fill(1));
    const t0 = performance.now();
    const r = await window.ask({ id: 'big', action: 'setState', state }, 10_000);
    return { r, ms: performance.now() - t0 };
  });
  assert.equal(big.r.ok, true);
  assert.ok(big.r.result.problems.length <= 5, `${big.r.result.problems.length} lines of problems`);
  assert.match(big.r.result.problems.join('\n'), /and 99,999 more/);
  assert.match(big.r.result.problems.join('\n'), /input has 1,000 rows/);
  console.log(`setState with 100,000 unknown keys and a 10⁶-cell input: answered in ${big.ms.toFixed(0)} ms (structured clone included)`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('panels and readonly in the link choose what the frame shows', async () => {
  const { page, context, errors, frame } = await coursePage('in=1,2,3;4,5,6;7,8,9&k=1,0;0,-1&panels=stepper,input,arithmetic&readonly=1&embed=1');
  assert.equal(await frame.getByRole('button', { name: 'Step forward' }).isVisible(), true);
  assert.equal(await frame.locator('#arithmetic').isVisible(), true);
  assert.equal(await frame.locator('#padded-grid').isVisible(), true);
  for (const hidden of ['#kernel-grid', '#output-grid', '#formula', 'details.presets', 'details.settings', '#pseudocode']) {
    assert.equal(await frame.locator(hidden).isVisible(), false, `${hidden} is not shown`);
  }
  assert.equal(await frame.locator('header.site-header').isVisible(), false);
  const cell = frame.getByLabel('Input row 1 column 1', { exact: true });
  assert.equal(await cell.evaluate((c) => c.readOnly), true, 'readonly locks the cells');
  await frame.getByRole('button', { name: 'Step forward' }).click();
  await page.waitForFunction(() => window.events.some((e) => e.event === 'statechange' && e.userInitiated && e.state.step === 1));
  assert.deepEqual(errors, []);
  await context.close();
});
