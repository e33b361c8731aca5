// The quiz mode's model: the state (seed, which questions, exam or practice, the
// learner's responses as typed), the actions on it, the derive step (questions from
// the seed, answers from the engine, checks) and the public JSON a course page reads.
// Pure apart from the engine handed to derive.
//
//   { mode: 'quiz', seed: 'ada', count: 8, types: ['size', …], exam: false,
//     current: 0, responses: ['3,3', null, …], finished: false,
//     score: { correct, answered, total }, answers: [{ type, response, correct }] }
//
// score and answers are derived (from the responses, checked by the engine's
// answers): setState and links ignore them, so no one can send a score.
import { generateQuiz, TYPES, DEFAULT_COUNT, LIMITS } from './questions.js';
import { solve } from './solve.js';
import { checkResponse } from './check.js';
import { createProblems } from '../shared/problems.js';
import { quote } from '../shared/numbers.js';

const MAX_RESPONSE = 400;

export function createState() {
  return { seed: '1', count: DEFAULT_COUNT, types: [...TYPES], exam: false, current: 0, responses: [], finished: false, version: 0 };
}

const bump = (s) => { s.version++; };

export function setCurrent(state, index) {
  state.current = Math.max(0, Math.min(state.count - 1, Math.trunc(Number(index)) || 0));
}

/** Practice: an answer is final once checked. Exam: editable until the end. */
export function canAnswer(state, index) {
  if (state.finished) return false;
  return state.exam || state.responses[index] === null || state.responses[index] === undefined;
}

export function answer(state, index, text) {
  if (!canAnswer(state, index) && !state.exam) return false;
  if (state.finished) return false;
  const t = String(text ?? '').slice(0, MAX_RESPONSE);
  while (state.responses.length < state.count) state.responses.push(null);
  state.responses[index] = t;
  bump(state);
  return true;
}

export function finish(state) {
  state.finished = true;
  bump(state);
}

/** A fresh attempt at the same questions (or new ones with a new seed). */
export function restart(state, seed = state.seed) {
  state.seed = String(seed).slice(0, LIMITS.seed.max) || '1';
  state.responses = [];
  state.current = 0;
  state.finished = false;
  bump(state);
}

export function setSettings(state, { seed, count, types, exam }) {
  if (seed !== undefined) state.seed = String(seed).slice(0, LIMITS.seed.max) || '1';
  if (count !== undefined) state.count = Math.max(LIMITS.count.min, Math.min(LIMITS.count.max, Math.trunc(count)));
  if (types !== undefined) state.types = TYPES.filter((t) => types.includes(t));
  if (!state.types.length) state.types = [...TYPES];
  if (exam !== undefined) state.exam = Boolean(exam);
  state.responses = state.responses.slice(0, state.count);
  setCurrent(state, state.current);
  bump(state);
}

/** Questions, the engine's answers (solved when asked for) and the checks of the responses. */
export function derive(state, engine) {
  const filterIds = (engine.filters ?? []).map((f) => f.id);
  const questions = generateQuiz({ seed: state.seed, count: state.count, types: state.types, filterIds });
  const solved = new Map();
  const solvedOf = (i) => {
    if (!solved.has(i)) {
      try {
        solved.set(i, { ...solve(questions[i], engine), error: '' });
      } catch (err) {
        solved.set(i, { error: err.message, code: err.code ?? '' });
      }
    }
    return solved.get(i);
  };
  const checks = questions.map((q, i) => {
    const r = state.responses[i];
    if (r === null || r === undefined) return null;
    const s = solvedOf(i);
    return s.error ? { correct: false, why: s.error } : checkResponse(q, s, r);
  });
  const answered = checks.filter(Boolean).length;
  const correct = checks.filter((c) => c?.correct).length;
  return { version: state.version, questions, solvedOf, checks, score: { correct, answered, total: questions.length } };
}

/** Whether the view may say right or wrong yet (exam: only at the end). */
export const showsFeedback = (state) => !state.exam || state.finished;

/**
 * The public JSON. An exam before Finish holds back what the learner is not shown
 * either: score is null and every answer's correct is null (a page reading the state
 * must not leak the marks); after Finish, and always in practice, both are there.
 */
export function toJSON(state, d) {
  const reveal = showsFeedback(state);
  return {
    mode: 'quiz', seed: state.seed, count: state.count, types: [...state.types], exam: state.exam,
    current: state.current, responses: Array.from({ length: state.count }, (_, i) => state.responses[i] ?? null),
    finished: state.finished,
    score: d && reveal ? { ...d.score } : null,
    answers: d ? d.questions.map((q, i) => ({ type: q.type, response: state.responses[i] ?? null, correct: reveal && d.checks[i] ? d.checks[i].correct : null })) : [],
  };
}

/** Outside state (setState, a decoded link) → { patch, problems }: valid parts kept, the rest named. */
export function validateState(obj, problems = createProblems()) {
  const patch = {};
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    problems.add('The quiz state must be an object such as { seed: "ada", count: 8 }.');
    return { patch, problems: problems.list() };
  }
  if (obj.seed !== undefined) {
    if ((typeof obj.seed === 'string' || typeof obj.seed === 'number') && String(obj.seed).length >= 1 && String(obj.seed).length <= LIMITS.seed.max) patch.seed = String(obj.seed);
    else problems.add(`The seed must be 1 to ${LIMITS.seed.max} characters (a number or a name such as a student's); "${quote(String(obj.seed))}" is not. Seed 1 is used.`);
  }
  if (obj.count !== undefined) {
    const c = Number(obj.count);
    if (Number.isInteger(c) && c >= LIMITS.count.min && c <= LIMITS.count.max) patch.count = c;
    else problems.add(`The number of questions must be a whole number from ${LIMITS.count.min} to ${LIMITS.count.max}; "${quote(String(obj.count))}" is not. ${DEFAULT_COUNT} are asked.`);
  }
  if (obj.types !== undefined) {
    const list = Array.isArray(obj.types) ? obj.types.slice(0, 20).map(String) : [];
    const good = TYPES.filter((t) => list.includes(t));
    const bad = list.filter((t) => !TYPES.includes(t));
    if (bad.length || !good.length) problems.add(`The question types ${bad.length ? bad.slice(0, 3).map((b) => `"${quote(b, 20)}"`).join(', ') + ' are' : 'given are'} not known; the types are ${TYPES.join(', ')}.`);
    if (good.length) patch.types = good;
  }
  if (obj.exam !== undefined) {
    if (typeof obj.exam === 'boolean') patch.exam = obj.exam;
    else problems.add('exam must be true (feedback at the end) or false (after each question).');
  }
  if (obj.finished !== undefined) {
    if (typeof obj.finished === 'boolean') patch.finished = obj.finished;
    else problems.add('finished must be true or false.');
  }
  if (obj.responses !== undefined) {
    if (Array.isArray(obj.responses) && obj.responses.length <= LIMITS.count.max) {
      patch.responses = obj.responses.map((r) => (r === null || r === undefined ? null : String(r).slice(0, MAX_RESPONSE)));
    } else problems.add(`responses must be a list of at most ${LIMITS.count.max} answers (text, or null for none).`);
  }
  if (obj.current !== undefined) {
    const c = Number(obj.current);
    if (Number.isInteger(c) && c >= 0 && c < LIMITS.count.max) patch.current = c;
    else problems.add(`current must be the index of a question, from 0; "${quote(String(obj.current))}" is not.`);
  }
  return { patch, problems: problems.list() };
}

export function applyPatch(state, patch, { base = 'current' } = {}) {
  if (base === 'defaults') Object.assign(state, createState(), { version: state.version + 1 });
  for (const k of ['seed', 'count', 'types', 'exam', 'finished', 'responses']) if (patch[k] !== undefined) state[k] = Array.isArray(patch[k]) ? [...patch[k]] : patch[k];
  state.responses = state.responses.slice(0, state.count);
  if (patch.current !== undefined) state.current = patch.current;
  setCurrent(state, state.current);
  bump(state);
}
