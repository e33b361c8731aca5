// Image mode share links, focus and the mount() contract in headless Chromium:
// a two-stage chain with per-channel kernels and an inspected pixel restored from
// a link exactly, bad links, focus kept when a stage is chosen, the mode mounted
// twice in shadow roots with panels, readonly and output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';
import { createConvolution } from '../../wasm/convolution.js';
import { actions, catalogOf, initialState } from '../../web/js/image/model.js';
import { decodeState, encodeState } from '../../web/js/image/link.js';

const engine = await createConvolution();
const catalog = catalogOf(engine);
let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const waitRuns = (page, n = 0) => page.waitForFunction((k) => Number(document.getElementById('compare')?.dataset.runs ?? 0) > k, n, { timeout: 30_000 });
const runs = (page) => page.evaluate(() => Number(document.getElementById('compare')?.dataset.runs ?? 0));

const KR = '0 0 0\n0 1 0\n0 0 0';
const KG = '-1 0 1';
const KB = '1/4 1/4\n1/4 1/4';

function chainState() {
  let s = actions.chooseSample(initialState(catalog), 'small');
  s = actions.setFilter(s, catalog, 'gaussian-blur-3');
  s = actions.addStage(s, catalog);
  s = actions.setFilter(s, catalog, 'custom');
  s = actions.setPerChannel(s, true);
  s = actions.setKernelText(s, 0, KR);
  s = actions.setKernelText(s, 1, KG);
  s = actions.setKernelText(s, 2, KB);
  s = actions.setField(s, 'output', 'abs');
  s = actions.setField(s, 'border', 'reflect');
  s = actions.setCompare(s, 'split');
  s = actions.setSplit(s, 30);
  s = actions.setZoom(s, 200);
  return actions.inspect(s, 40, 30);
}

test('a link restores a two-stage chain with per-channel kernels and the inspected pixel exactly', async () => {
  const state = chainState();
  const hash = encodeState(state);
  const { page, context, errors } = await openPage(env.browser, `${env.baseUrl}image.html#${hash}`);
  await waitRuns(page);
  await page.waitForFunction(() => document.getElementById('inspector').dataset.x === '40' && document.getElementById('inspector').dataset.y === '30');
  assert.equal(await page.locator('#stages li').count(), 2);
  assert.equal(await page.locator('#stages li button').nth(1).getAttribute('aria-pressed'), 'true');
  assert.deepEqual(await Promise.all([0, 1, 2].map((i) => page.locator(`#kernel-text-${i}`).inputValue())), [KR, KG, KB]);
  assert.equal(await page.locator('#opt-output').inputValue(), 'abs');
  assert.equal(await page.locator('#opt-border').inputValue(), 'reflect');
  assert.equal(await page.locator('#divider').getAttribute('aria-valuenow'), '30');
  assert.equal(await page.locator('#zoom-level').textContent(), '200%');
  assert.equal(await page.locator('#link-problems').isHidden(), true);
  // The result is the engine's chain on the sample, byte for byte.
  const diff = await page.evaluate(async () => {
    const e = await (await import('/wasm/convolution.js')).createConvolution();
    const read = async (id) => {
      const layer = document.getElementById(id);
      const w = parseInt(layer.style.width, 10), h = parseInt(layer.style.height, 10);
      const g = new OffscreenCanvas(w, h).getContext('2d');
      for (const c of layer.querySelectorAll('canvas[data-x]')) g.drawImage(await createImageBitmap(c), Number(c.dataset.x), Number(c.dataset.y));
      return g.getImageData(0, 0, w, h);
    };
    const src = await read('source-layer');
    const k = (height, width, data) => ({ height, width, data });
    const want = e.filterImage(e.filterImage(src, { filter: 'gaussian-blur-3' }), {
      kernels: [k(3, 3, [0, 0, 0, 0, 1, 0, 0, 0, 0]), k(1, 3, [-1, 0, 1]), k(2, 2, [0.25, 0.25, 0.25, 0.25])], output: 'abs', border: 'reflect',
    });
    const got = await read('result-layer');
    let count = 0;
    for (let i = 0; i < got.data.length; i++) if (got.data[i] !== want.data[i]) count++;
    return { count, size: [got.width, got.height, want.width, want.height] };
  });
  assert.deepEqual(diff, { count: 0, size: [200, 130, 200, 130] });
  // Copy link gives the same state back.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.click('#copy-link');
  await page.waitForFunction(() => document.getElementById('share-status').textContent !== '');
  const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
  assert.deepEqual(decodeState(copied.hash, catalog), { state, problems: [] });
  // A change is written to the address bar's hash.
  await page.locator('#stages li button').first().click();
  await page.waitForFunction(() => /sel=1&/.test(location.hash));
  assert.equal(decodeState(await page.evaluate(() => location.hash), catalog).state.selected, 0);
  // Following another link (hashchange) replaces the view.
  const other = encodeState(actions.setFilter(actions.chooseSample(initialState(catalog), 'small'), catalog, 'emboss'));
  await page.evaluate((h) => { location.hash = h; }, other);
  await page.waitForFunction(() => document.querySelectorAll('#stages li').length === 1);
  assert.equal(await page.locator('#filter-select').inputValue(), 'emboss');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a bad link keeps what is valid and names the rest in a few lines, quickly', async () => {
  const junk = Array.from({ length: 50 }, (_, i) => `junk${i}=${i}`).join('&');
  const { page, context, errors } = await openPage(env.browser, `${env.baseUrl}image.html#mode=image&sample=small&s1=sobel-x&s1.border=spiral&s1.out=abs&px=9999999,1&${junk}`);
  await waitRuns(page);
  const lines = await page.locator('#link-problems p').allTextContents();
  assert.ok(lines.length >= 2 && lines.length <= 4, lines.join('\n'));
  assert.match(lines.join('\n'), /border "spiral" is not allowed/);
  assert.match(lines.at(-1), /…and \d+ more problems/);
  assert.equal(await page.locator('#filter-select').inputValue(), 'sobel-x');
  assert.equal(await page.locator('#opt-border').inputValue(), catalog.border.default);
  assert.equal(await page.locator('#opt-output').inputValue(), 'abs');
  // In the page: decoding 1 MB of garbage and 100,000 unknown keys stays under 100 ms.
  const times = await page.evaluate(async () => {
    const mode = await import('/web/js/modes/image.js');
    const e = await (await import('/wasm/convolution.js')).createConvolution();
    const out = {};
    for (const [name, hash] of [['1 MB of garbage', '%'.repeat(1 << 20)], ['100,000 unknown keys', Array.from({ length: 100_000 }, (_, i) => `k${i}=1`).join('&').slice(0, 399_000)]]) {
      const t0 = performance.now();
      const r = mode.decodeState(hash, e);
      out[name] = { ms: performance.now() - t0, lines: r.problems.length };
    }
    return out;
  });
  for (const [name, t] of Object.entries(times)) {
    console.log(`# in Chromium, decodeState of ${name}: ${t.ms.toFixed(1)} ms, ${t.lines} lines`);
    assert.ok(t.ms < 100 && t.lines <= 4, `${name}: ${JSON.stringify(t)}`);
  }
  // The page itself opened on a 1 MB link: one line, the default view.
  await page.goto(`${env.baseUrl}image.html?sample=small#${'x='.repeat(1 << 19)}`);
  await waitRuns(page);
  const big = await page.locator('#link-problems p').allTextContents();
  assert.equal(big.length, 1);
  assert.match(big[0], /1048576 characters long/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('choosing a stage keeps the focus where it was (mouse and keyboard)', async () => {
  const { page, context, errors } = await openPage(env.browser, `${env.baseUrl}image.html#${encodeState(chainState())}`, { width: 1024, height: 768 });
  await waitRuns(page);
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
  let n = await runs(page);
  await page.locator('#stages li button').first().click();
  await waitRuns(page, n);
  assert.match(await focusedText(), /^1\. /, 'the first stage button keeps the focus after the click');
  n = await runs(page);
  await page.keyboard.press('Tab');
  assert.match(await focusedText(), /^2\. /);
  await page.keyboard.press('Enter');
  await waitRuns(page, n);
  assert.match(await focusedText(), /^2\. /, 'Enter on the second stage keeps the focus on it');
  assert.equal(await page.locator('#stages li button').nth(1).getAttribute('aria-pressed'), 'true');
  // Typing in a kernel keeps the focus and the caret in the field through the run.
  n = await runs(page);
  await page.locator('#kernel-text-1').click();
  await page.keyboard.press('End');
  await page.keyboard.type(' 0');
  await waitRuns(page, n);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'kernel-text-1');
  assert.equal(await page.locator('#kernel-text-1').inputValue(), '-1 0 1 0');
  assert.deepEqual(errors, []);
  await context.close();
});

test('mount() twice in shadow roots: independent, panels and readonly, output of the last stage', async () => {
  const { page, context, errors } = await openPage(env.browser, `${env.baseUrl}image.html?sample=none`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  const result = await page.evaluate(async (hash) => {
    const { mount } = await import('/web/js/modes/image.js');
    const e = await (await import('/wasm/convolution.js')).createConvolution();
    const make = () => {
      const host = document.createElement('div');
      document.body.append(host);
      return host.attachShadow({ mode: 'open' });
    };
    const ra = make(), rb = make();
    const changes = [];
    // In a shadow root the host says where web/css/ is, as the element does.
    const styleBase = new URL('/web/css/', location.href).href;
    const a = await mount(ra, { engine: e, state: hash, panels: ['viewer', 'inspector'], readonly: true, styleBase, onStateChange: (s, user) => changes.push(user) });
    const b = await mount(rb, { engine: e, state: { sample: 'small', stages: [{ filter: 'emboss' }] }, styleBase });
    const until = async (f) => { for (let i = 0; i < 300 && !f(); i++) await new Promise((r) => setTimeout(r, 50)); return f(); };
    await until(() => a.output && b.output);
    a.step = 0;
    await until(() => changes.length > 0);
    const src = e.filterImage({ width: 1, height: 1, data: new Uint8ClampedArray(4) }, { filter: 'identity' });
    const sample = async (root) => {
      const layer = root.querySelector('.pane-source .image-layer');
      const w = parseInt(layer.style.width, 10), h = parseInt(layer.style.height, 10);
      const g = new OffscreenCanvas(w, h).getContext('2d');
      for (const c of layer.querySelectorAll('canvas[data-x]')) g.drawImage(await createImageBitmap(c), Number(c.dataset.x), Number(c.dataset.y));
      return g.getImageData(0, 0, w, h);
    };
    const img = await sample(rb);
    const wantB = e.filterImage(img, { filter: 'emboss' });
    let diffB = 0;
    for (let i = 0; i < wantB.data.length; i++) if (b.output.data[i] !== wantB.data[i]) diffB++;
    return {
      src: src.width,
      chainHidden: ra.querySelector('[data-panel="chain"]').hidden,
      sourceHidden: ra.querySelector('[data-panel="source"]').hidden,
      viewerShown: !ra.querySelector('[data-panel="viewer"]').hidden,
      editorDisabled: ra.querySelector('fieldset.stage-editor').disabled,
      stepA: a.step, stepB: b.step,
      stagesA: a.getState().stages.length, stagesB: b.getState().stages.length,
      outA: [a.output.width, a.output.height], diffB,
      changes,
      problems: a.problems,
      styles: [...ra.querySelectorAll('link[rel="stylesheet"]')].map((l) => [l.getAttribute('href').replace(/^.*\/css\//, ''), (l.sheet?.cssRules.length ?? 0) > 0]),
      ids: ra.querySelector('#filter-select') !== null && rb.querySelector('#filter-select') !== null,
    };
  }, encodeState(chainState()));
  assert.equal(result.chainHidden, true);
  assert.equal(result.sourceHidden, true);
  assert.equal(result.viewerShown, true);
  assert.equal(result.editorDisabled, true);
  assert.deepEqual([result.stepA, result.stepB, result.stagesA, result.stagesB], [0, 0, 2, 1]);
  assert.deepEqual(result.outA, [200, 130]);
  assert.equal(result.diffB, 0, 'output is the last stage, byte for byte');
  assert.deepEqual(result.changes.slice(-1), [false], 'setting step from script is not user-initiated');
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.styles, [['common.css', true], ['image.css', true]], 'the sheets are linked from styleBase and load');
  assert.equal(result.ids, true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('iframe protocol: a course page drives the image page by postMessage', async () => {
  // The course page is served from 127.0.0.1, the playground from localhost: two origins.
  const course = `${env.baseUrl.replace('localhost', '127.0.0.1').replace(/web\/$/, '')}tests/browser/fixtures/embed/course.html`;
  const { page, context, errors } = await openPage(env.browser, course);
  const hash = encodeState(chainState());
  const log = await page.evaluate(async ({ src }) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    frame.width = 900;
    frame.height = 700;
    const events = [];
    const replies = new Map();
    window.addEventListener('message', (e) => {
      if (e.source !== frame.contentWindow || e.data?.type !== 'convolution-playground') return;
      if (e.data.event) events.push(e.data);
      else replies.set(e.data.id, e.data);
    });
    document.body.append(frame);
    const until = async (f, ms = 30_000) => { const t0 = Date.now(); while (!f() && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 50)); return f(); };
    await until(() => events.some((e) => e.event === 'ready'));
    let next = 1;
    const ask = async (msg) => {
      const id = next++;
      frame.contentWindow.postMessage({ type: 'convolution-playground', id, ...msg }, '*');
      await until(() => replies.has(id));
      return replies.get(id);
    };
    frame.contentWindow.postMessage({ type: 'something-else', action: 'getState', id: 99 }, '*');
    const state = await ask({ action: 'getState' });
    const step = await ask({ action: 'setStep', step: 0 });
    const bad = await ask({ action: 'setStep', step: -1 });
    await until(() => events.some((e) => e.event === 'statechange'));
    const set = await ask({ action: 'setState', state: 's1=emboss&s1.border=spiral&sample=small' });
    let output = null;
    for (let i = 0; i < 100 && !output; i++) {
      const r = await ask({ action: 'getOutput' });
      output = r.result && r.result.width ? r.result : null;
      if (!output) await new Promise((res) => setTimeout(res, 100));
    }
    const play = await ask({ action: 'play' });
    const pause = await ask({ action: 'pause' });
    return {
      ready: events.find((e) => e.event === 'ready').state.stages.length,
      resize: events.filter((e) => e.event === 'resize').map((e) => e.height),
      state: state.result.stages.length, step: step.result.step, bad: bad.ok,
      statechange: events.filter((e) => e.event === 'statechange').map((e) => e.userInitiated),
      set: { ok: set.ok, stages: set.result.state.stages.map((s) => s.filter), problems: set.result.problems },
      output: output && [output.width, output.height, output.data.constructor.name, output.data.length],
      play: play.result.playing, pause: pause.result.playing,
      ignored: replies.has(99),
    };
  }, { src: `${env.baseUrl}image.html#${hash}&embed=1` });
  assert.equal(log.ready, 2);
  assert.ok(log.resize.length >= 1 && log.resize.every((h) => h > 100), `resize heights ${log.resize}`);
  assert.deepEqual([log.state, log.step, log.bad], [2, 0, false]);
  assert.equal(log.statechange[0], false, 'setStep from the parent is not user-initiated');
  assert.deepEqual(log.set.stages, ['emboss']);
  assert.equal(log.set.problems.length, 1);
  assert.match(log.set.problems[0], /spiral/);
  assert.deepEqual(log.output, [200, 130, 'Uint8ClampedArray', 200 * 130 * 4], 'the RGBA bytes cross as one typed array');
  assert.deepEqual([log.play, log.pause, log.ignored], [true, false, false]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('<convolution-playground mode="image">: state attribute, statechange, output', async () => {
  const { page, context, errors } = await openPage(env.browser, `${env.baseUrl}image.html?sample=none`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  const r = await page.evaluate(async (hash) => {
    await import('/web/js/element.js');
    const el = document.createElement('convolution-playground');
    el.setAttribute('mode', 'image');
    el.setAttribute('state', hash);
    el.setAttribute('panels', 'viewer,chain');
    const changes = [];
    el.addEventListener('statechange', (e) => changes.push(e.detail.userInitiated));
    document.body.append(el);
    await el.ready;
    for (let i = 0; i < 300 && !el.output; i++) await new Promise((res) => setTimeout(res, 50));
    el.step = 1;
    for (let i = 0; i < 100 && !changes.length; i++) await new Promise((res) => setTimeout(res, 20));
    return {
      stages: el.getState().stages.map((s) => s.filter), step: el.step, output: el.output && [el.output.width, el.output.height],
      changes, inspectorHidden: el.shadowRoot.querySelector('[data-panel="inspector"]').hidden,
    };
  }, encodeState(chainState()).replace(/^mode=image&/, ''));
  assert.deepEqual(r.stages, ['gaussian-blur-3', 'custom']);
  assert.equal(r.step, 1);
  assert.deepEqual(r.output, [200, 130]);
  assert.equal(r.inspectorHidden, true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the kernel editor reads −1 and NumPy literals as the matrix page does', async () => {
  const { page, context, errors } = await openPage(env.browser, `${env.baseUrl}image.html#mode=image&sample=small&s1=custom&s1.k=1`);
  await waitRuns(page);
  for (const [text, data] of [['np.array([[1, 0], [0, −1]])', [1, 0, 0, -1]], ['−1 2\n(−3) 1/2', [-1, 2, -3, 0.5]]]) {
    const n = await runs(page);
    await page.fill('#kernel-text-0', text);
    await waitRuns(page, n);
    assert.equal(await page.locator('#stage-error').isHidden(), true, text);
    assert.match(await page.locator('#kernel-text-0-size').textContent(), /^2×2, sum /);
    const diff = await page.evaluate(async (k) => {
      const e = await (await import('/wasm/convolution.js')).createConvolution();
      const read = async (id) => {
        const layer = document.getElementById(id);
        const w = parseInt(layer.style.width, 10), h = parseInt(layer.style.height, 10);
        const g = new OffscreenCanvas(w, h).getContext('2d');
        for (const c of layer.querySelectorAll('canvas[data-x]')) g.drawImage(await createImageBitmap(c), Number(c.dataset.x), Number(c.dataset.y));
        return g.getImageData(0, 0, w, h);
      };
      const want = e.filterImage(await read('source-layer'), { kernel: { height: 2, width: 2, data: k } });
      const got = await read('result-layer');
      let count = 0;
      for (let i = 0; i < got.data.length; i++) if (got.data[i] !== want.data[i]) count++;
      return count;
    }, data);
    assert.equal(diff, 0, text);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
