// The quiz mode's generators, answers, checks, model and links. Answers come from the
// real engine; the tests check them against SEMANTICS §1, §7 and §8 written out here
// (the oracle), and check that the same seed always gives the same questions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConvolution } from '../../wasm/convolution.js';
import { hashSeed, createRandom } from '../../web/js/quiz/prng.js';
import { generateQuiz, TYPES, questionImage } from '../../web/js/quiz/questions.js';
import { solve } from '../../web/js/quiz/solve.js';
import { checkResponse, sameNumber } from '../../web/js/quiz/check.js';
import { createState, derive, answer, finish, restart, setSettings, canAnswer, showsFeedback, toJSON, validateState, applyPatch } from '../../web/js/quiz/model.js';
import { encodeState, decodeState, MAX_LINK_CHARS } from '../../web/js/quiz/link.js';

const engine = await createConvolution();
const filterIds = engine.filters.map((f) => f.id);

test('the generator is deterministic: same seed, same questions; another seed, others', () => {
  const a = generateQuiz({ seed: 'ada', count: 12, filterIds });
  const b = generateQuiz({ seed: 'ada', count: 12, filterIds });
  assert.deepEqual(a, b);
  assert.notDeepEqual(generateQuiz({ seed: 'bob', count: 12, filterIds }), a);
  // A longer quiz starts with the same questions.
  assert.deepEqual(generateQuiz({ seed: 'ada', count: 5, filterIds }), a.slice(0, 5));
  // Every type is asked in the first five, and only the chosen types when some are chosen.
  assert.deepEqual(new Set(a.slice(0, 5).map((q) => q.type)), new Set(TYPES));
  assert.ok(generateQuiz({ seed: 'x', count: 9, types: ['pool', 'size'], filterIds }).every((q) => ['pool', 'size'].includes(q.type)));
  assert.equal(hashSeed('student-name'), hashSeed('student-name'));
  assert.notEqual(hashSeed('student-name'), hashSeed('student-namf'));
  // FNV-1a of the empty string is its offset basis: the hash is the documented one.
  assert.equal(hashSeed(''), 0x811c9dc5);
  const r = createRandom(7);
  for (let i = 0; i < 1000; i++) {
    const v = r.int(-2, 3);
    assert.ok(Number.isInteger(v) && v >= -2 && v <= 3);
  }
});

test('size answers equal the SEMANTICS formulas (convolution §1 and transposed §7)', () => {
  let transposed = 0;
  for (let k = 0; k < 60; k++) {
    for (const q of generateQuiz({ seed: `size${k}`, count: 3, types: ['size'] })) {
      const s = solve(q, engine);
      const { height: H, width: W, kernelHeight: M, kernelWidth: N, stride: S, padding: p, dilation: D, outputPadding: op } = q;
      const want = q.transposed
        ? [(H - 1) * S - 2 * p + D * (M - 1) + op + 1, (W - 1) * S - 2 * p + D * (N - 1) + op + 1]
        : [Math.floor((H + 2 * p - (D * (M - 1) + 1)) / S) + 1, Math.floor((W + 2 * p - (D * (N - 1) + 1)) / S) + 1];
      assert.deepEqual([s.answer.rows, s.answer.cols], want, JSON.stringify(q));
      assert.ok(s.worked.some((l) => l.includes(`= ${want[0]}`)));
      if (q.transposed) transposed++;
    }
  }
  assert.ok(transposed > 10, 'transposed questions are asked');
});

test('feeds answers are the window\'s inside cells (SEMANTICS §1 index formula)', () => {
  for (let k = 0; k < 40; k++) {
    const [q] = generateQuiz({ seed: `feeds${k}`, count: 1, types: ['feeds'] });
    const s = solve(q, engine);
    const want = [];
    for (let m = 0; m < q.kernelHeight; m++) {
      for (let n = 0; n < q.kernelWidth; n++) {
        const r = s.cell.row * q.stride + m * q.dilation - q.padding;
        const c = s.cell.col * q.stride + n * q.dilation - q.padding;
        if (r >= 0 && r < q.height && c >= 0 && c < q.width) want.push(`${r}.${c}`);
      }
    }
    assert.deepEqual([...s.answer].sort(), want.sort(), JSON.stringify(q));
    assert.ok(checkResponse(q, s, want.join(';')).correct);
    assert.equal(checkResponse(q, s, want.slice(1).join(';')).correct, want.length === 0);
    assert.equal(s.matrix.step, s.cell.row * s.outWidth + s.cell.col);
  }
});

test('value answers equal the direct sum; typed answers use the shared number grammar', () => {
  for (let k = 0; k < 40; k++) {
    const [q] = generateQuiz({ seed: `value${k}`, count: 1, types: ['value'] });
    const s = solve(q, engine);
    let sum = 0;
    for (let m = 0; m < q.kernel.length; m++) {
      for (let n = 0; n < q.kernel[0].length; n++) {
        const r = s.cell.row * q.stride + m - q.padding;
        const c = s.cell.col * q.stride + n - q.padding;
        if (r >= 0 && r < q.input.length && c >= 0 && c < q.input[0].length) sum += q.input[r][c] * q.kernel[m][n];
      }
    }
    assert.equal(s.answer, sum);
    assert.ok(checkResponse(q, s, String(sum).replace('-', '\u2212')).correct);
    assert.ok(checkResponse(q, s, `${sum * 2}/2`).correct);
    assert.equal(checkResponse(q, s, String(sum + 1)).correct, false);
    assert.match(checkResponse(q, s, 'seven').why, /not a number/);
  }
});

test('pool answers equal max_pool2d / avg_pool2d by hand; size and values are both checked', () => {
  for (let k = 0; k < 30; k++) {
    const [q] = generateQuiz({ seed: `pool${k}`, count: 1, types: ['pool'] });
    const s = solve(q, engine);
    const H = q.input.length;
    const oh = Math.floor((H - q.window) / q.stride) + 1;
    const want = Array.from({ length: oh }, (_, i) => Array.from({ length: oh }, (_, j) => {
      const v = [];
      for (let m = 0; m < q.window; m++) for (let n = 0; n < q.window; n++) v.push(q.input[i * q.stride + m][j * q.stride + n]);
      return q.mode === 'max' ? Math.max(...v) : v.reduce((a, b) => a + b, 0) / v.length;
    }));
    s.answer.forEach((row, i) => row.forEach((v, j) => assert.ok(sameNumber(v, want[i][j]))));
    const typed = want.map((r) => r.join(' ')).join('\n');
    assert.ok(checkResponse(q, s, typed).correct, typed);
    assert.ok(checkResponse(q, s, want.map((r) => r.join(', ')).join('; ')).correct);
    assert.match(checkResponse(q, s, want.slice(1).map((r) => r.join(' ')).join('\n') || '1').why, /pooled matrix is/);
    assert.ok(s.layer.pool.height === q.window);
  }
});

test('filter questions: the answer is among the choices, the distractors look different', () => {
  for (let k = 0; k < 12; k++) {
    const [q] = generateQuiz({ seed: `filter${k}`, count: 1, types: ['filter'], filterIds });
    const s = solve(q, engine);
    assert.equal(s.choices.length, 4);
    assert.equal(s.choices.filter((c) => c.id === q.filterId).length, 1);
    const right = engine.filterImage(questionImage(q), { filter: q.filterId });
    assert.deepEqual(s.result.data, right.data);
    for (const c of s.choices) {
      if (c.id === q.filterId) continue;
      const other = engine.filterImage(questionImage(q), { filter: c.id }).data;
      let diff = 0;
      for (let i = 0; i < other.length; i++) diff += Math.abs(other[i] - right.data[i]);
      assert.ok(diff / other.length >= 8, `${c.id} vs ${q.filterId}`);
    }
    assert.ok(checkResponse(q, s, q.filterId).correct);
    assert.equal(checkResponse(q, s, s.choices.find((c) => c.id !== q.filterId).id).correct, false);
  }
});

/** The engine's right answer to question i, typed as a learner would. */
function rightText(q, s) {
  if (q.type === 'size') return `${s.answer.rows},${s.answer.cols}`;
  if (q.type === 'feeds') return s.answer.join(';');
  if (q.type === 'pool') return s.answer.map((r) => r.join(' ')).join('\n');
  return String(s.answer);
}

test('practice: an answer is checked once and counted; score and answers are in the JSON', () => {
  const st = createState();
  setSettings(st, { seed: 'class-7b', count: 6 });
  let d = derive(st, engine);
  answer(st, 0, rightText(d.questions[0], d.solvedOf(0)));
  answer(st, 1, 'nonsense');
  assert.equal(canAnswer(st, 0), false);
  assert.equal(answer(st, 0, 'changed'), false);
  d = derive(st, engine);
  assert.deepEqual(d.score, { correct: 1, answered: 2, total: 6 });
  assert.ok(showsFeedback(st));
  const json = toJSON(st, d);
  assert.deepEqual(json.score, { correct: 1, answered: 2, total: 6 });
  assert.deepEqual(json.answers.slice(0, 3).map((a) => a.correct), [true, false, null]);
  restart(st);
  assert.deepEqual(derive(st, engine).score, { correct: 0, answered: 0, total: 6 });
});

test('exam: answers can change until the end and feedback is held until then', () => {
  const st = createState();
  setSettings(st, { seed: 'exam', count: 4, exam: true });
  const d = derive(st, engine);
  answer(st, 0, 'wrong');
  answer(st, 0, rightText(d.questions[0], d.solvedOf(0)));
  assert.equal(showsFeedback(st), false);
  answer(st, 1, 'nonsense');
  // Before Finish the public state carries the answers, but no mark and no score.
  const before = toJSON(st, derive(st, engine));
  assert.equal(before.score, null);
  assert.deepEqual(before.responses.slice(0, 2), [rightText(d.questions[0], d.solvedOf(0)), 'nonsense']);
  assert.deepEqual(before.answers.map((a) => a.correct), [null, null, null, null]);
  assert.deepEqual(before.answers.map((a) => a.type), d.questions.map((q) => q.type));
  assert.equal(before.answers[1].response, 'nonsense');
  finish(st);
  assert.equal(showsFeedback(st), true);
  assert.equal(answer(st, 1, 'late'), false);
  assert.deepEqual(derive(st, engine).score, { correct: 1, answered: 2, total: 4 });
  const after = toJSON(st, derive(st, engine));
  assert.deepEqual(after.score, { correct: 1, answered: 2, total: 4 });
  assert.deepEqual(after.answers.map((a) => a.correct), [true, false, null, null]);
});

test('links round-trip seed, settings, responses and position; the score is recomputed, never read', () => {
  const st = createState();
  setSettings(st, { seed: 'Zoë & co, #1', count: 7, types: ['size', 'pool', 'value'], exam: true });
  answer(st, 0, '3,4');
  answer(st, 2, '1 2\n3 4');
  st.current = 2;
  const d = derive(st, engine);
  const json = toJSON(st, d);
  const hash = encodeState(json);
  assert.match(hash, /^mode=quiz&seed=Zo%C3%AB%20%26%20co%2C%20%231&n=7&t=size,value,pool&exam=1&q=3&r=3%2C4,,1%202%0A3%204$/);
  const back = decodeState(hash);
  assert.deepEqual(back.problems, []);
  const t = createState();
  applyPatch(t, back.state, { base: 'defaults' });
  assert.deepEqual(toJSON(t, derive(t, engine)), json);
  // A score in a link is not a key of the link: it is named and ignored.
  const forged = decodeState(`${hash}&score=7`);
  assert.equal(forged.problems.length, 1);
  assert.equal(forged.state.score, undefined);
});

test('bad links keep valid parts, name a few problems, and oversized ones are refused by length', () => {
  const { state, problems } = decodeState('mode=quiz&seed=ok&n=99&t=size,nope&exam=2&q=0&zz=1');
  assert.equal(state.seed, 'ok');
  assert.equal(state.count, undefined);
  assert.deepEqual(state.types, ['size']);
  assert.ok(problems.length >= 4 && problems.length <= 5, problems.join('\n'));
  const long = `mode=quiz&r=${'x,'.repeat(MAX_LINK_CHARS)}`;
  const t0 = performance.now();
  const huge = decodeState(long);
  assert.ok(performance.now() - t0 < 100);
  assert.deepEqual(huge.state, {});
  assert.match(huge.problems[0], /characters long/);
  assert.equal(validateState(null).problems.length, 1);
  assert.match(validateState({ seed: 'x'.repeat(65) }).problems[0], /1 to 64 characters/);
});
