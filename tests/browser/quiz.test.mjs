// Browser tests of the quiz mode (web/quiz.html and <convolution-playground mode="quiz">).
// The right answers are worked out here in Node from the same seed (the generator is
// pure, the answers come from the engine), then typed into the page as a learner would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, openPage, ARTIFACTS } from './harness.mjs';
import { audit, installFrameClient } from './page-tools.mjs';
import { createConvolution } from '../../wasm/convolution.js';
import { generateQuiz } from '../../web/js/quiz/questions.js';
import { solve } from '../../web/js/quiz/solve.js';
import { promptOf } from '../../web/js/quiz/view.js';

let env;
const engine = await createConvolution();
const filterIds = engine.filters.map((f) => f.id);
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function open(hash, opts = {}) {
  const ctx = await openPage(env.browser, `${env.baseUrl}quiz.html#${hash}`, opts);
  await ctx.page.waitForSelector('.quiz-mode[data-ready="true"]', { timeout: 15_000 });
  return ctx;
}
async function done({ context, errors }) {
  await context.close();
  assert.deepEqual(errors, [], 'no page errors or console errors');
}
const questions = (seed, count, types) => generateQuiz({ seed, count, types, filterIds }).map((q) => ({ q, s: solve(q, engine) }));

async function prompts(page, count) {
  const out = [];
  for (let k = 0; k < count; k++) {
    out.push(await page.locator('.prompt').innerText());
    if (k < count - 1) {
      await page.getByRole('button', { name: 'Next ▶' }).click();
      await page.waitForFunction((n) => document.querySelector('.question h2').textContent.startsWith(`Question ${n} `), k + 2);
    }
  }
  return out;
}

test('the same seed gives the same questions, the ones the generator makes; another seed others', async () => {
  const a = await open('mode=quiz&seed=ada&n=5');
  const first = await prompts(a.page, 5);
  await done(a);
  const b = await open('mode=quiz&seed=ada&n=5');
  assert.deepEqual(await prompts(b.page, 5), first);
  await done(b);
  const want = questions('ada', 5).map(({ q, s }) => promptOf(q, s));
  assert.deepEqual(first, want);
  const c = await open('mode=quiz&seed=bob&n=5');
  assert.notDeepEqual(await prompts(c.page, 5), first);
  await done(c);
});

test('practice: a right answer and a wrong one, each with its worked answer; the score follows', async () => {
  const [one, two] = questions('score', 2, ['value', 'size']);
  const ctx = await open('mode=quiz&seed=score&n=2&t=value,size');
  const { page } = ctx;
  const fill = async ({ q, s }, right) => {
    if (q.type === 'value') await page.getByLabel('Value', { exact: true }).fill(String(right ? s.answer : s.answer + 1).replace('-', '−'));
    else {
      await page.getByLabel('Rows', { exact: true }).fill(String(s.answer.rows));
      await page.getByLabel('Columns', { exact: true }).fill(String(right ? s.answer.cols : s.answer.cols + 2));
    }
  };
  await fill(one, true);
  await page.getByRole('button', { name: 'Check' }).click();
  await page.locator('.feedback.right').waitFor();
  assert.match(await page.locator('.feedback').innerText(), /Right/);
  assert.match(await page.locator('.score').innerText(), /Score: 1 right of 1 answered \(2 questions\)/);
  await page.getByRole('button', { name: 'Next ▶' }).click();
  await page.waitForFunction(() => document.querySelector('.question h2').textContent.startsWith('Question 2 '));
  await fill(two, false);
  await page.getByRole('button', { name: 'Check' }).click();
  await page.locator('.feedback.wrong').waitFor();
  const fb = await page.locator('.feedback').innerText();
  if (two.q.type === 'size') {
    assert.match(fb, new RegExp(`The columns are ${two.s.answer.cols}`));
    assert.match(fb, /⌊|\(in − 1\)/);
  } else {
    assert.match(fb, new RegExp(`Answer: ${String(two.s.answer).replace('-', '−')}`));
    assert.match(fb, /Output \(\d, \d\) = .* = /);
  }
  assert.match(await page.locator('.score').innerText(), /Score: 1 right of 2 answered/);
  // A checked answer is final in practice mode.
  assert.equal(await page.locator('[data-answer]').first().getAttribute('readonly'), '');
  const marks = await page.locator('.q-button').allInnerTexts();
  assert.deepEqual(marks, ['1✓', '2✗']);
  // The worked answer links to the stepper with that exact example.
  if (!two.s.matrix) await page.getByRole('button', { name: /Question 1/ }).click();
  const href = await page.getByRole('link', { name: 'Step through it in the matrix mode' }).getAttribute('href');
  assert.match(href, /index\.html#mode=matrix&in=.*&step=/);
  await done(ctx);
});

test('exam: no feedback until Finish; then every mark and the score', async () => {
  const [one] = questions('exam', 3, ['size']);
  const ctx = await open('mode=quiz&seed=exam&n=3&t=size&exam=1');
  const { page } = ctx;
  assert.equal(await page.getByRole('button', { name: 'Check' }).isHidden(), true);
  await page.getByLabel('Rows', { exact: true }).fill(String(one.s.answer.rows));
  await page.getByLabel('Columns', { exact: true }).fill(String(one.s.answer.cols));
  await page.getByRole('button', { name: 'Next ▶' }).click();
  await page.getByLabel('Rows', { exact: true }).fill('1');
  await page.getByLabel('Columns', { exact: true }).fill('1');
  assert.equal(await page.locator('.feedback').count(), 0);
  assert.match(await page.locator('.score').innerText(), /2 of 3 answered\. Exam/);
  assert.deepEqual(await page.locator('.q-button').allInnerTexts(), ['1•', '2•', '3']);
  await page.getByRole('button', { name: 'Finish and show the results' }).click();
  await page.locator('.feedback').waitFor();
  const score = await page.locator('.score').innerText();
  const second = questions('exam', 3, ['size'])[1].s.answer;
  const secondRight = second.rows === 1 && second.cols === 1;
  assert.match(score, new RegExp(`Score: ${secondRight ? 2 : 1} right of 2 answered`));
  assert.equal(await page.getByRole('button', { name: 'Finish and show the results' }).isHidden(), true);
  await done(ctx);
});

test('feeds: picking cells on the grid, with keyboard; the link round-trips the responses', async () => {
  const [{ s }] = questions('feeds', 1, ['feeds']);
  const ctx = await open('mode=quiz&seed=feeds&n=1&t=feeds');
  const { page } = ctx;
  for (const key of s.answer) {
    const [r, c] = key.split('.').map(Number);
    const b = page.getByRole('button', { name: `Input row ${r + 1} column ${c + 1}`, exact: true });
    await b.focus();
    await page.keyboard.press('Enter');
    assert.equal(await b.getAttribute('aria-pressed'), 'true');
  }
  await page.getByRole('button', { name: 'Check' }).click();
  await page.locator('.feedback.right').waitFor();
  await page.waitForFunction(() => location.hash.includes('&r='));
  const hash = await page.evaluate(() => location.hash.slice(1));
  const again = await open(hash);
  assert.match(await again.page.locator('.score').innerText(), /Score: 1 right of 1 answered/);
  assert.equal(await again.page.locator('.feedback.right').count(), 1);
  await done(again);
  const bad = await open(`${hash}&n=500&t=size,zap`);
  assert.match(await bad.page.locator('.quiz-mode > .link-message').innerText(), /2 problems/);
  await done(bad);
  await done(ctx);
});

test('keyboard: arrows move between questions, Enter checks a typed answer', async () => {
  const [, two] = questions('keys', 2, ['value']);
  const ctx = await open('mode=quiz&seed=keys&n=2&t=value');
  const { page } = ctx;
  await page.getByRole('button', { name: /^Question 1,/ }).focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('.question h2').textContent.startsWith('Question 2'));
  const input = page.getByLabel('Value', { exact: true });
  await input.fill(String(two.s.answer));
  await input.press('Enter');
  await page.locator('.feedback.right').waitFor();
  await done(ctx);
});

test('<convolution-playground mode="quiz">: score and answers in getState and statechange', async () => {
  const [first] = questions('course', 3, ['size', 'value']);
  const ctx = await openPage(env.browser, `${new URL('/', env.baseUrl).href}tests/browser/fixtures/embed/layer-quiz.html`);
  const { page } = ctx;
  await page.evaluate(() => document.getElementById('quiz').ready);
  await page.evaluate(() => {
    window.events = [];
    document.getElementById('quiz').addEventListener('statechange', (e) => window.events.push(e.detail));
  });
  const quiz = page.locator('#quiz');
  if (first.q.type === 'size') {
    await quiz.getByLabel('Rows', { exact: true }).fill(String(first.s.answer.rows));
    await quiz.getByLabel('Columns', { exact: true }).fill(String(first.s.answer.cols));
  } else await quiz.getByLabel('Value', { exact: true }).fill(String(first.s.answer));
  await quiz.getByRole('button', { name: 'Check' }).click();
  await quiz.locator('.feedback.right').waitFor();
  const { state, events } = await page.evaluate(() => ({ state: document.getElementById('quiz').getState(), events: window.events }));
  assert.deepEqual(state.score, { correct: 1, answered: 1, total: 3 });
  assert.equal(state.answers[0].correct, true);
  assert.equal(state.answers[0].type, first.q.type);
  const last = events[events.length - 1];
  assert.equal(last.userInitiated, true);
  assert.deepEqual(last.state.score, state.score);
  await done(ctx);
});

test('iframe protocol: a course page sets the quiz, reads the score, hears statechange', async () => {
  const [first] = questions('frame', 2, ['value']);
  const ctx = await openPage(env.browser, `${new URL('/', env.baseUrl).href}tests/browser/fixtures/embed/layer-quiz.html`);
  await installFrameClient(ctx.page);
  const out = await ctx.page.evaluate(async ({ src, answer }) => {
    const { wait, ask } = await window.openFrame(src);
    const set = await ask({ id: 'a', action: 'setState', state: { seed: 'frame', count: 2, types: ['value'], responses: [answer, '1e9'] } });
    const change = wait((m) => m.event === 'statechange');
    const step = await ask({ id: 'b', action: 'setStep', step: 1 });
    const ev = await change;
    const state = await ask({ id: 'c', action: 'getState' });
    return { set, step, ev, state };
  }, { src: `${env.baseUrl}quiz.html#embed=1`, answer: String(first.s.answer) });
  assert.equal(out.set.ok, true);
  assert.deepEqual(out.set.result.problems, []);
  assert.deepEqual(out.set.result.state.score, { correct: 1, answered: 2, total: 2 });
  assert.deepEqual(out.step.result, { step: 1 });
  assert.equal(out.ev.userInitiated, false);
  assert.deepEqual(out.state.result.answers.map((a) => a.correct), [true, false]);
  await done(ctx);
});

test('screenshots at phone, projector and desktop sizes, with feedback shown', async () => {
  const qs = questions('shots', 5);
  const k = qs.findIndex(({ q }) => q.type === 'value');
  for (const [w, hgt, name] of [[390, 844, 'phone'], [1024, 768, 'projector'], [1440, 900, 'desktop']]) {
    const responses = qs.map(({ q, s }, i) => (i === k ? String(s.answer + 1) : '')).join(',');
    const ctx = await open(`mode=quiz&seed=shots&n=5&q=${k + 1}&r=${encodeURIComponent(responses).replace(/%2C/g, ',')}`, { width: w, height: hgt });
    await ctx.page.locator('.feedback.wrong').waitFor();
    await ctx.page.screenshot({ path: join(ARTIFACTS, `quiz-${name}.png`) });
    const overflow = await ctx.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow}px`);
    await done(ctx);
  }
});

for (const width of [1440, 390]) {
  test(`quiz page has no axe violations at ${width} px, feedback shown`, async () => {
    const ctx = await open('mode=quiz&seed=axe&n=5&r=1,0.0,3,4,5', { width, height: 900 });
    for (let k = 0; k < 5; k++) {
      await ctx.page.locator('.feedback').waitFor();
      assert.deepEqual(await audit(ctx.page), [], `question ${k + 1}`);
      if (k < 4) await ctx.page.getByRole('button', { name: 'Next ▶' }).click();
    }
    await done(ctx);
  });
}

test('<convolution-playground mode="quiz"> exam: answers but no marks or score until Finish, then all of them', async () => {
  const [one, two] = questions('held', 2, ['size']);
  const ctx = await openPage(env.browser, `${new URL('/', env.baseUrl).href}tests/browser/fixtures/embed/layer-quiz.html`);
  const { page } = ctx;
  await page.evaluate(async () => {
    const el = document.createElement('convolution-playground');
    el.id = 'exam';
    el.setAttribute('mode', 'quiz');
    el.setAttribute('state', 'seed=held&n=2&t=size&exam=1');
    document.querySelector('main').append(el);
    await el.ready;
    window.events = [];
    el.addEventListener('statechange', (e) => window.events.push(e.detail));
  });
  const exam = page.locator('#exam');
  await exam.getByLabel('Rows', { exact: true }).fill(String(one.s.answer.rows));
  await exam.getByLabel('Columns', { exact: true }).fill(String(one.s.answer.cols));
  await exam.getByRole('button', { name: 'Next ▶' }).click();
  await exam.getByLabel('Rows', { exact: true }).fill(String(two.s.answer.rows + 1));
  await exam.getByLabel('Columns', { exact: true }).fill(String(two.s.answer.cols));
  await page.waitForFunction(() => window.events.some((e) => e.state.responses[1] !== null));
  const before = await page.evaluate(() => ({ state: document.getElementById('exam').getState(), events: window.events }));
  assert.equal(before.state.score, null);
  assert.deepEqual(before.state.responses, [`${one.s.answer.rows},${one.s.answer.cols}`, `${two.s.answer.rows + 1},${two.s.answer.cols}`]);
  assert.deepEqual(before.state.answers.map((a) => a.correct), [null, null]);
  assert.ok(before.events.length >= 2);
  for (const e of before.events) {
    assert.equal(e.state.score, null, 'no statechange before Finish carries a score');
    assert.ok(e.state.answers.every((a) => a.correct === null), 'no statechange before Finish carries a mark');
  }
  await exam.getByRole('button', { name: 'Finish and show the results' }).click();
  await page.waitForFunction(() => window.events.at(-1).state.finished);
  const after = await page.evaluate(() => ({ state: document.getElementById('exam').getState(), last: window.events.at(-1) }));
  assert.deepEqual(after.state.score, { correct: 1, answered: 2, total: 2 });
  assert.deepEqual(after.state.answers.map((a) => a.correct), [true, false]);
  assert.deepEqual(after.last.state.score, after.state.score);
  assert.equal(after.last.userInitiated, true);
  await done(ctx);
});

// Frames requested by anything on the page during `ms`, counted by wrapping requestAnimationFrame.
const framesDuring = (page, ms) => page.evaluate((wait) => new Promise((resolve) => {
  const raf = window.requestAnimationFrame;
  let calls = 0;
  window.requestAnimationFrame = (cb) => { calls++; return raf.call(window, cb); };
  setTimeout(() => { window.requestAnimationFrame = raf; resolve(calls); }, wait);
}), ms);

test('the worked answer is stepped in place: the matrix stepper at the asked cell, gone with the next question', async () => {
  // A question whose asked cell has a next step: the output has more than one cell and it is not the last.
  let seed = null;
  for (let k = 0; k < 200 && !seed; k++) {
    const [{ s: x }] = questions(`inline${k}`, 1, ['value']);
    if (x.matrix.step + 1 < x.outHeight * x.outWidth) seed = `inline${k}`;
  }
  const [{ s }] = questions(seed, 2, ['value']);
  const ctx = await open(`mode=quiz&seed=${seed}&n=2&t=value`);
  const { page } = ctx;
  await page.getByLabel('Value', { exact: true }).fill(String(s.answer + 1));
  await page.getByRole('button', { name: 'Check' }).click();
  await page.locator('.feedback.wrong').waitFor();
  const worked = page.locator('.worked-stepper[data-ready="true"]');
  await worked.waitFor();
  assert.match(await worked.locator('> h3').innerText(), /matrix stepper/);
  const stepText = worked.locator('[id$="step-text"]');
  const total = Number((await stepText.innerText()).split('/')[1]);
  assert.equal(await stepText.innerText(), `${s.matrix.step + 1} / ${total}`);
  // Readonly: the numbers cannot be edited, but Step and Play work.
  assert.equal(await worked.locator('input[data-matrix]').first().evaluate((c) => c.readOnly || c.disabled), true);
  await worked.getByRole('button', { name: 'Step forward' }).click();
  await page.waitForFunction(([want]) => document.querySelector('.worked-stepper > div').shadowRoot.querySelector('[id$="step-text"]').textContent === want, [`${s.matrix.step + 2} / ${total}`]);
  await worked.getByRole('button', { name: /^Play/ }).click();
  assert.ok(await framesDuring(page, 300) > 3, 'Play animates');
  await page.getByRole('button', { name: 'Next ▶' }).click();
  await page.waitForFunction(() => document.querySelector('.question h2').textContent.startsWith('Question 2 '));
  assert.equal(await page.locator('.worked-stepper').count(), 0);
  // The destroyed stepper asks for no more frames, though it was playing.
  await page.waitForTimeout(100);
  assert.equal(await framesDuring(page, 400), 0);
  await done(ctx);
});

test('at phone width the worked stepper keeps its slider labels apart (Speed wraps below Step where both do not fit)', async () => {
  const ctx = await open('mode=quiz&seed=inline0&n=2&t=value', { width: 390, height: 844 });
  const { page } = ctx;
  await page.getByLabel('Value', { exact: true }).fill('99999');
  await page.getByRole('button', { name: 'Check' }).click();
  const worked = page.locator('.worked-stepper[data-ready="true"]');
  await worked.waitFor();
  const boxes = await worked.locator('.slider-field').evaluateAll((fields) => fields.flatMap((f) => [...f.childNodes]
    .map((n) => {
      const r = document.createRange();
      r.selectNodeContents(n);
      const b = r.getBoundingClientRect();
      return { text: n.textContent.trim() || n.nodeName, x: b.x, y: b.y, right: b.right, bottom: b.bottom };
    })
    .filter((b) => b.right > b.x)));
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length; b++) {
      const p = boxes[a], q = boxes[b];
      const overlap = p.x < q.right - 0.5 && q.x < p.right - 0.5 && p.y < q.bottom - 0.5 && q.y < p.bottom - 0.5;
      assert.ok(!overlap, `"${p.text}" and "${q.text}" overlap: ${JSON.stringify([p, q])}`);
    }
  }
  await done(ctx);
});

test('transposed size questions are worked in the transposed stepper; pooling in the layer stepper', async () => {
  let seed = null;
  for (let k = 0; k < 200 && !seed; k++) if (questions(`tr${k}`, 1, ['size'])[0].q.transposed) seed = `tr${k}`;
  const ctx = await open(`mode=quiz&seed=${seed}&n=1&t=size`);
  const { page } = ctx;
  await page.getByLabel('Rows', { exact: true }).fill('1');
  await page.getByLabel('Columns', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Check' }).click();
  await page.locator('.feedback').waitFor();
  const worked = page.locator('.worked-stepper[data-ready="true"]');
  await worked.waitFor();
  assert.match(await worked.locator('> h3').innerText(), /transposed stepper/);
  const text = () => worked.locator('.step-text').innerText();
  const first = await text();
  await worked.getByRole('button', { name: 'Step forward' }).click();
  await page.waitForFunction((was) => document.querySelector('.worked-stepper > div').shadowRoot.querySelector('.step-text').textContent !== was, first);
  assert.match(await page.getByRole('link', { name: 'Step through it in the transposed mode' }).getAttribute('href'), /transpose\.html#mode=transpose&in=/);
  await done(ctx);

  const pool = await open('mode=quiz&seed=pool&n=1&t=pool');
  await pool.page.getByLabel('Pooled matrix').fill('1');
  await pool.page.getByRole('button', { name: 'Check' }).click();
  const layer = pool.page.locator('.worked-stepper[data-ready="true"]');
  await layer.waitFor();
  assert.match(await layer.locator('> h3').innerText(), /layer stepper/);
  assert.match(await layer.locator('.arith').innerText(), /max\(|\) \/ \d/);
  await done(pool);
});
