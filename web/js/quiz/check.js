// Checking a learner's response against the engine's answer (solve.js). Pure: a
// response is the text the learner gave (kept as typed, so a link can carry it), and
// numbers are read with the shared number grammar (−3, 1/4, 2.5e1).
import { parseNumber } from '../shared/numbers.js';
import { parseBlock } from '../shared/paste.js';

/** Two numbers are the same answer when they agree to rounding (9/4 and 2.25; 1/3 and 0.333333). */
export function sameNumber(given, expected) {
  if (!Number.isFinite(given)) return false;
  return Math.abs(given - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
}

/** "3,4" → { rows: '3', cols: '4' } (the two fields of a size answer). */
export const splitSize = (text) => {
  const [rows = '', cols = ''] = String(text ?? '').split(',');
  return { rows, cols };
};

/** "0.1;2.3" → ['0.1', '2.3'] (0-based row.col keys of picked cells). */
export const splitCells = (text) => String(text ?? '').split(';').filter((k) => /^\d{1,3}\.\d{1,3}$/.test(k));

/**
 * { correct, why } for a response. `why` names what is wrong in the learner's terms
 * (the second number, a missing cell), or what could not be read.
 */
export function checkResponse(q, solved, response) {
  const text = String(response ?? '');
  switch (q.type) {
    case 'size': {
      const { rows, cols } = splitSize(text);
      const r = parseNumber(rows);
      const c = parseNumber(cols);
      if (!Number.isInteger(r) || !Number.isInteger(c)) return { correct: false, why: 'Give the rows and the columns as whole numbers.' };
      const okR = r === solved.answer.rows;
      const okC = c === solved.answer.cols;
      return { correct: okR && okC, why: okR && okC ? '' : `${okR ? '' : `The rows are ${solved.answer.rows}, not ${r}. `}${okC ? '' : `The columns are ${solved.answer.cols}, not ${c}.`}`.trim() };
    }
    case 'feeds': {
      const picked = new Set(splitCells(text));
      const want = new Set(solved.answer);
      const missing = [...want].filter((k) => !picked.has(k)).length;
      const extra = [...picked].filter((k) => !want.has(k)).length;
      const correct = missing === 0 && extra === 0;
      return { correct, why: correct ? '' : [missing ? `${missing} ${missing === 1 ? 'cell it reads is' : 'cells it reads are'} not picked` : '', extra ? `${extra} picked ${extra === 1 ? 'cell is' : 'cells are'} not read` : ''].filter(Boolean).join('; ') + '.' };
    }
    case 'value': {
      const v = parseNumber(text);
      if (Number.isNaN(v)) return { correct: false, why: 'That is not a number (numbers look like 7, −3, 2.5 or 9/4).' };
      return { correct: sameNumber(v, solved.answer), why: '' };
    }
    case 'filter':
      return { correct: text === solved.answer, why: '' };
    case 'pool': {
      let rows;
      try {
        // "1, 2; 3, 4" on one line: the semicolons end rows.
        rows = parseBlock(!text.includes('\n') && text.includes(',') ? text.replace(/;/g, '\n') : text);
      } catch {
        return { correct: false, why: 'Type the pooled matrix: numbers with spaces or commas between cells and ";" or new lines between rows.' };
      }
      const want = solved.answer;
      if (rows.length !== want.length || rows.some((r) => r.length !== want[0].length)) {
        return { correct: false, why: `The pooled matrix is ${want.length} × ${want[0].length}; yours is ${rows.length} × ${Math.max(...rows.map((r) => r.length))}.` };
      }
      let wrong = 0;
      rows.forEach((r, i) => r.forEach((cell, j) => { if (!sameNumber(parseNumber(cell), want[i][j])) wrong++; }));
      return { correct: wrong === 0, why: wrong ? `The size is right; ${wrong} ${wrong === 1 ? 'value is' : 'values are'} not.` : '' };
    }
    default:
      return { correct: false, why: '' };
  }
}
