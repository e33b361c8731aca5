// Share links of the quiz mode. A teacher sends one seed to the whole class (everyone
// gets the same questions) or tells each student to put their name in as the seed
// (each gets their own). The responses ride along, so a reload loses no work; the
// score is never in the link: it is recomputed from the responses.
//
//   #mode=quiz&seed=ada&n=8&t=size,feeds,value,filter,pool&exam=1&q=3&r=3%2C3,,7&done=1
//
//   seed  any text up to 64 characters (URI-escaped)
//   n     number of questions, 1–30          t     question types, comma-separated
//   exam  1: feedback held until the end     q     the question shown, 1-based
//   r     the responses, comma-separated, each URI-escaped, empty when unanswered
//   done  1: the quiz was finished (exam feedback is shown)
import { createProblems } from '../shared/problems.js';
import { quote } from '../shared/numbers.js';
import { VIEW_KEYS } from '../embed/params.js';
import { readParts } from '../shared/link-parts.js';
import { validateState } from './model.js';

// Thousands grouped by hand: the first toLocaleString of a process can cost more than the whole check.
const grouped = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export const MAX_LINK_CHARS = 16384;
const KEYS = ['seed', 'n', 't', 'exam', 'q', 'r', 'done'];

const esc = (s) => encodeURIComponent(s);
function unesc(s) {
  try { return decodeURIComponent(s); } catch { return null; }
}

/** Public JSON → hash without "#". */
export function encodeState(state) {
  const parts = ['mode=quiz'];
  if (state.seed !== undefined) parts.push(`seed=${esc(String(state.seed))}`);
  if (state.count !== undefined) parts.push(`n=${state.count}`);
  if (state.types) parts.push(`t=${state.types.join(',')}`);
  if (state.exam !== undefined) parts.push(`exam=${state.exam ? 1 : 0}`);
  if (state.current !== undefined) parts.push(`q=${state.current + 1}`);
  const r = state.responses ?? [];
  if (r.some((x) => x !== null && x !== undefined)) {
    let last = r.length;
    while (last > 0 && (r[last - 1] === null || r[last - 1] === undefined)) last--;
    parts.push(`r=${r.slice(0, last).map((x) => (x === null || x === undefined ? '' : esc(x))).join(',')}`);
  }
  if (state.finished) parts.push('done=1');
  return parts.join('&');
}

/** Hash → { state, problems }: what is valid is kept, at most a few problems named. */
export function decodeState(hash, { maxLength = MAX_LINK_CHARS } = {}) {
  const body = String(hash ?? '').replace(/^#/, '');
  const problems = createProblems();
  if (body.length > maxLength) {
    problems.add(`This link is ${grouped(body.length)} characters long; quiz links are at most ${grouped(maxLength)}, so none of it was read. A quiz with seed 1 is shown.`);
    return { state: {}, problems: problems.list() };
  }
  const obj = {};
  const { parts, unknown, examples } = readParts(body, { keys: KEYS, viewKeys: VIEW_KEYS, show: (part) => quote(part, 30), maxParts: 200 });
  for (const { key, raw } of parts) {
    const int = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    switch (key) {
      case 'seed': {
        const s = unesc(raw);
        if (s === null) problems.add(`The link's seed "${quote(raw)}" is not readable text; seed 1 is used.`);
        else obj.seed = s;
        break;
      }
      case 'n': obj.count = Number.isNaN(int) ? raw : int; break;
      case 't': obj.types = raw.split(',', 20); break;
      case 'exam':
      case 'done':
        if (raw === '0' || raw === '1') obj[key === 'exam' ? 'exam' : 'finished'] = raw === '1';
        else problems.add(`The link's ${key} "${quote(raw)}" must be 1 or 0.`);
        break;
      case 'q':
        if (int >= 1) obj.current = int - 1;
        else problems.add(`The link's question number "${quote(raw)}" is not a whole number from 1; question 1 is shown.`);
        break;
      case 'r': {
        const list = raw.split(',', 40).map((x) => (x === '' ? null : unesc(x)));
        if (list.length > 30) problems.add('The link holds more than 30 responses; the rest were dropped.');
        obj.responses = list.slice(0, 30);
        break;
      }
      default: break;
    }
  }
  if (unknown) problems.add(`The link has ${examples.join(' and ')}${unknown > examples.length ? ` and ${unknown - examples.length} more parts` : ''}, which the quiz does not read (it knows ${KEYS.join(', ')}); ignored.`);
  const { patch } = validateState(obj, problems);
  return { state: patch, problems: problems.list() };
}
