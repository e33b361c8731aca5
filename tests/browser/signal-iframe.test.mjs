// The 1-D and transposed pages inside a course page on ANOTHER origin, driven only by
// postMessage (SEMANTICS §9): ready, getState, setState (object and hash), setStep,
// play/pause, getOutput, statechange with userInitiated, resize.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchTwoOrigins, openCoursePage, frameEvents as events } from './course-page.mjs';

let env;
before(async () => { env = await launchTwoOrigins(); });
after(async () => { await env?.close(); });

/** Opens the course page and adds the frame of one mode page, embedded, with this hash. */
const coursePage = (pageName, hash) => openCoursePage(env, `${env.app.url}${pageName}#${hash}&embed=1`);
const ask = (page, msg) => page.evaluate((m) => window.ask(m), msg);

test('1-D page in a cross-origin frame', async () => {
  const { page, context, errors, frame } = await coursePage('signal.html', 'mode=1d&x=1,1,1,1&h=1,1,1,1&p=full&f=1&step=4');
  const [ready] = await events(page, 'ready');
  assert.deepEqual(ready.state.signal, [1, 1, 1, 1]);
  assert.equal(ready.state.step, 3);
  assert.deepEqual((await ask(page, { id: 'o', action: 'getOutput' })).result.data, [1, 2, 3, 4, 3, 2, 1]);
  const set = await ask(page, { id: 's', action: 'setState', state: { signal: [1, 2, 3], kernel: [1, -1], padding: 'valid', flip: false, border: 'mirror' } });
  assert.equal(set.ok, true);
  assert.equal(set.result.problems.length, 1);
  assert.match(set.result.problems[0], /mirror/);
  assert.deepEqual((await ask(page, { id: 'o2', action: 'getOutput' })).result.data, [-1, -1]);
  const byHash = await ask(page, { id: 'h', action: 'setState', state: 'x=1,2,3&h=1,1&p=full&f=1' });
  assert.deepEqual(byHash.result.state.kernel, [1, 1]);
  assert.deepEqual((await ask(page, { id: 'st', action: 'setStep', step: 5 })).result, { step: 5 });
  assert.equal(await frame.getByRole('slider', { name: 'Step' }).inputValue(), '5');
  assert.equal((await ask(page, { id: 'p', action: 'play' })).result.playing, true);
  assert.equal((await ask(page, { id: 'q', action: 'pause' })).result.playing, false);
  const scripted = (await events(page, 'statechange')).filter((e) => !e.userInitiated);
  assert.ok(scripted.length >= 1);
  await frame.getByRole('button', { name: 'First step' }).click();
  await page.waitForFunction(() => window.events.some((e) => e.event === 'statechange' && e.userInitiated === true && e.state.step === 0));
  const sizes = await events(page, 'resize');
  assert.ok(sizes.length >= 1 && sizes[0].height > 300, `resize ${sizes.map((s) => s.height)}`);
  assert.equal(await frame.locator('.site-header').isHidden(), true, 'embed=1 hides the header');
  await context.close();
  assert.deepEqual(errors, []);
});

test('transposed page in a cross-origin frame', async () => {
  const { page, context, errors, frame } = await coursePage('transpose.html', 'mode=transpose&in=1,2;3,4&k=1,0;2,1&s=2,2');
  const out = await ask(page, { id: 'o', action: 'getOutput' });
  assert.deepEqual(out.result, { height: 4, width: 4, data: [1, 0, 2, 0, 2, 1, 4, 2, 3, 0, 4, 0, 6, 3, 8, 4], dataType: 'Float64Array' });
  const set = await ask(page, { id: 's', action: 'setState', state: { strideY: 1, strideX: 1, wrong: true } });
  assert.match(set.result.problems.join(' '), /"wrong"/);
  assert.deepEqual((await ask(page, { id: 'o2', action: 'getOutput' })).result, { height: 3, width: 3, data: [1, 2, 0, 5, 9, 2, 6, 11, 4], dataType: 'Float64Array' });
  assert.deepEqual((await ask(page, { id: 'st', action: 'setStep', step: 2 })).result, { step: 2 });
  assert.equal(await frame.locator('.cp-stepper .step-text').textContent(), '3 / 4');
  const bad = await ask(page, { id: 'b', action: 'setState', state: 42 });
  assert.equal(bad.ok, false);
  await context.close();
  assert.deepEqual(errors, []);
});
