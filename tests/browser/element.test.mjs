// <convolution-playground> on a course page: two elements scripted independently,
// attributes, events, shadow-root isolation and clear messages for unknown modes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, openPage, ARTIFACTS } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function lesson(opts = {}) {
  const ctx = await openPage(env.browser, env.baseUrl.replace('/web/', '/tests/browser/fixtures/embed/two-elements.html'), { width: 1024, height: 900, ...opts });
  await ctx.page.evaluate(async () => {
    window.log = [];
    for (const id of ['a', 'b']) {
      const el = document.getElementById(id);
      el.addEventListener('statechange', (ev) => window.log.push({ id, step: ev.detail.state.step, user: ev.detail.userInitiated, kernel: ev.detail.state.kernel }));
      await el.ready;
    }
  });
  return ctx;
}

test('two elements on one page are scripted independently', async () => {
  const ctx = await lesson();
  const { page, errors } = ctx;
  const r = await page.evaluate(async () => {
    const a = document.getElementById('a');
    const b = document.getElementById('b');
    const out = { aState: a.getState(), bState: b.getState(), aOut: a.output, bOut: b.output };
    a.step = 3;
    out.steps = [a.step, b.step];
    const problems = b.setState({ kernel: [[2]], options: { border: 'wrap' } });
    out.problems = problems;
    out.afterSet = { aKernel: a.getState().kernel, bKernel: b.getState().kernel, bBorder: b.getState().options.border, bInput: b.getState().input.length };
    out.ids = [document.getElementById('arithmetic'), document.querySelector('.playground')];
    out.shadow = [a.shadowRoot.getElementById('arithmetic') !== null, b.shadowRoot.getElementById('arithmetic') !== null];
    return { ...out, ids: out.ids.map((x) => x === null) };
  });
  assert.deepEqual(r.aState.input, [[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  assert.deepEqual(r.bState.options.strideY, 2);
  assert.deepEqual(r.aOut, { height: 2, width: 2, data: [-4, -4, -4, -4] });
  assert.deepEqual(r.bOut, { height: 1, width: 2, data: [35, 45] }, 'the course stride case: 1 × 2');
  assert.deepEqual(r.steps, [3, 0]);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.afterSet, { aKernel: [[1, 0], [0, -1]], bKernel: [[2]], bBorder: 'wrap', bInput: 4 });
  assert.deepEqual(r.ids, [true, true], 'nothing of the elements is in the document tree');
  assert.deepEqual(r.shadow, [true, true]);
  // Events: each element reports its own changes; a click is userInitiated, a script's setState is not.
  await page.locator('#a').getByRole('button', { name: 'Step back' }).click();
  await page.waitForFunction(() => window.log.some((e) => e.id === 'a' && e.user));
  const log = await page.evaluate(() => window.log);
  assert.ok(log.some((e) => e.id === 'b' && !e.user && e.kernel[0][0] === 2), 'b reported the scripted change');
  assert.deepEqual(log.filter((e) => e.user).map((e) => [e.id, e.step]), [['a', 2]]);
  // Keys act on the element that has focus only.
  await page.locator('#a').getByRole('group', { name: /^Output matrix/ }).focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await page.evaluate(() => [document.getElementById('a').step, document.getElementById('b').step]), [2, 0]);
  // play() / pause() on one leave the other alone.
  await page.evaluate(() => document.getElementById('a').setState({ step: 0 }));
  await page.evaluate(() => document.getElementById('a').play());
  await page.waitForFunction(() => document.getElementById('a').step >= 1, null, { timeout: 5000 });
  await page.evaluate(() => document.getElementById('a').pause());
  assert.equal(await page.evaluate(() => document.getElementById('b').step), 0);
  assert.deepEqual(errors, []);
  await ctx.context.close();
});

test('attributes: state, panels, readonly and mode; unknown modes say so', async () => {
  const ctx = await lesson();
  const { page, errors } = ctx;
  const b = page.locator('#b');
  assert.equal(await b.locator('#kernel-grid').isVisible(), false, 'panels="stepper,input,output,arithmetic" hides the kernel');
  assert.equal(await b.locator('#arithmetic').isVisible(), true);
  assert.equal(await b.getByLabel('Input row 1 column 1', { exact: true }).evaluate((c) => c.readOnly), true, 'readonly locks the cells');
  await page.evaluate(() => {
    const a = document.getElementById('a');
    a.setAttribute('state', 'in=1,2;3,4&k=3');
    a.setAttribute('panels', 'output,arithmetic');
    a.setAttribute('readonly', '');
  });
  await page.waitForFunction(() => document.getElementById('a').getState().kernel[0][0] === 3);
  assert.deepEqual(await page.evaluate(() => document.getElementById('a').output), { height: 2, width: 2, data: [3, 6, 9, 12] });
  // Attribute changes are drawn on the next animation frame.
  await page.locator('#a').locator('#padded-grid').waitFor({ state: 'hidden', timeout: 5000 });
  await page.evaluate(() => document.getElementById('b').removeAttribute('readonly'));
  const cellOfB = b.getByLabel('Input row 1 column 1', { exact: true });
  for (let t = 0; t < 100 && await cellOfB.evaluate((c) => c.readOnly); t++) await new Promise((r) => { setTimeout(r, 50); });
  assert.equal(await cellOfB.evaluate((c) => c.readOnly), false);
  // A bad state attribute: valid parts kept, problems shown in the element.
  await page.evaluate(() => document.getElementById('b').setAttribute('state', 'k=1,2;3&b=mirror&zz=1'));
  await page.waitForFunction(() => document.getElementById('b').problems.length === 3);
  assert.match(await b.locator('#link-message').textContent(), /^This link has 3 problems[\s\S]*border "mirror" is not known/);
  // A script's state: the same checks, called a state; many problems are counted, not listed.
  const many = await page.evaluate(() => {
    const state = { options: { border: 'x' } };
    for (let k = 0; k < 500; k++) state[`k${k}`] = k;
    return document.getElementById('b').setState(state);
  });
  assert.equal(many.length, 3);
  assert.match(await b.locator('#link-message').textContent(), /^This state has 501 problems; everything else in it was loaded\.[\s\S]*…and 499 more problems\./);
  const msgs = await page.evaluate(async () => {
    const out = {};
    for (const id of ['c', 'd']) {
      const el = document.getElementById(id);
      out[id] = { text: el.shadowRoot.textContent, err: await el.ready.then(() => null, (e) => ({ code: e.code, field: e.field })) };
    }
    return out;
  });
  assert.equal(msgs.c.err, null, 'a transpose element mounts');
  assert.equal(await page.evaluate(() => document.getElementById('c').getState().mode), 'transpose');
  assert.match(msgs.d.text, /Unknown mode "nonsense<b>"; <convolution-playground> knows the modes matrix, image, 1d, transpose, layer and quiz/);
  assert.deepEqual(msgs.d.err, { code: 'unknown-name', field: 'mode' });
  assert.equal(await page.locator('#d b').count(), 0, 'the mode name is text, never markup');
  // Switching an element to matrix mounts it.
  await page.evaluate(() => document.getElementById('d').setAttribute('mode', 'matrix'));
  await page.evaluate(() => document.getElementById('d').ready);
  assert.equal(await page.evaluate(() => document.getElementById('d').getState().mode), 'matrix');
  await page.screenshot({ path: join(ARTIFACTS, 'element-two-on-a-page.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.context.close();
});
