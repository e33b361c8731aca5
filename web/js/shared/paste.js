// The paste grammar both pages accept for a whole matrix: spreadsheet cells
// (tab-separated), CSV, semicolon lists, whitespace columns, and NumPy / Python /
// MATLAB literals such as "np.array([[1, 0], [0, -1]])" or "[1 2; 3 4]".
// Pure: rows of cell texts come back, numbers are checked by the caller (so a typo
// stays visible in its cell) or by parseMatrix.
import { parseNumber, describeBadNumber, formatCount } from './numbers.js';

// A pasted block larger than this is refused before it is split (no page holds more cells).
export const MAX_PASTE_CHARS = 1_000_000;

function splitRow(line, sep) {
  const cells = sep === 'ws' ? line.trim().split(/\s+/) : line.split(sep).map((c) => c.trim());
  // A trailing separator (common when copying from spreadsheets or CSV writers) is not an extra cell.
  while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/** A pasted block → rows of cell texts. Throws an Error saying what was expected. */
export function parseBlock(text) {
  const raw = String(text ?? '');
  if (raw.length > MAX_PASTE_CHARS) {
    throw new Error(`The text is ${formatCount(raw.length)} characters long; a matrix to paste is at most ${formatCount(MAX_PASTE_CHARS)}.`);
  }
  const src = raw.replace(/\r\n?/g, '\n').trim();
  if (src === '') throw new Error('Nothing to paste: the text is empty.');

  if (src.includes('[')) {
    const open = src.indexOf('[');
    const close = src.lastIndexOf(']');
    if (close < open) throw new Error('The list literal has a "[" without a matching "]".');
    const body = src.slice(open, close + 1);
    const inner = [...body.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]);
    const nested = /\[\s*\[/.test(body);
    // MATLAB-style "[1 2; 3 4]": semicolons separate rows.
    const rowTexts = nested ? inner : inner.join(',').split(';');
    const rows = rowTexts.map((r) => r.split(/[,\s]+/).map((c) => c.trim()).filter((c) => c !== ''));
    const kept = rows.filter((r) => r.length > 0);
    if (kept.length === 0) throw new Error('The list literal has no numbers in it.');
    return kept;
  }

  const lines = src.split('\n').filter((l) => l.trim() !== '');
  let sep = 'ws';
  if (src.includes('\t')) sep = '\t';
  else if (src.includes(';') && !src.includes(',')) sep = ';';
  else if (src.includes(',')) sep = ',';
  // MATLAB-style "1 2; 3 4" on a single line: semicolons separate rows.
  if (lines.length === 1 && sep === ';') return lines[0].split(';').map((r) => splitRow(r, 'ws')).filter((r) => r[0] !== '');
  return lines.map((l) => splitRow(l, sep));
}

/**
 * A pasted block → { height, width, data: number[] } for callers that need numbers
 * now (a kernel editor). Throws an Error naming the first bad cell or ragged row.
 */
export function parseMatrix(text, { maxSide = Infinity } = {}) {
  const rows = parseBlock(text);
  const width = rows[0].length;
  rows.forEach((r, i) => {
    if (r.length !== width) throw new Error(`Row ${i + 1} has ${r.length} values but row 1 has ${width}; every row needs the same count.`);
  });
  if (rows.length > maxSide || width > maxSide) {
    throw new Error(`The matrix is ${rows.length}×${width}; at most ${maxSide}×${maxSide} is allowed here.`);
  }
  const data = [];
  rows.forEach((r, i) => r.forEach((cell, j) => {
    const v = parseNumber(cell);
    if (Number.isNaN(v)) throw new Error(`Row ${i + 1}, value ${j + 1} ${describeBadNumber(cell)}.`);
    data.push(v);
  }));
  return { height: rows.length, width, data };
}
