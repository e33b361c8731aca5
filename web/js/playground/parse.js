// Reading numbers and blocks of numbers the way learners bring them: typed in a
// cell, copied from a spreadsheet (tab-separated), from a CSV file, or from a
// NumPy / Python list literal such as "np.array([[1, 0], [0, -1]])".

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Cell text → number, or NaN. Accepts a typographic minus and fractions like "1/9". */
export function parseNumber(text) {
  const s = String(text).trim().replace(/\u2212/g, '-').replace(/^\((.*)\)$/, '$1').trim();
  if (s === '') return NaN;
  const slash = s.indexOf('/');
  if (slash > 0) {
    const num = s.slice(0, slash).trim();
    const den = s.slice(slash + 1).trim();
    if (!NUMBER.test(num) || !NUMBER.test(den)) return NaN;
    const v = Number(num) / Number(den);
    return Number.isFinite(v) ? v : NaN;
  }
  if (!NUMBER.test(s)) return NaN;
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

/** Why a cell's text is not a number, for the in-place message. */
export function describeBadNumber(text) {
  const s = String(text).trim();
  if (s === '') return 'is empty; type a number such as 3, -1.5 or 1/9';
  const v = Number(s.replace(/\u2212/g, '-'));
  if (s.includes('/') && /\/\s*[+-]?0*\.?0*\s*$/.test(s)) return `"${s}" divides by zero`;
  if (!Number.isFinite(v) && /inf|nan/i.test(s)) return `"${s}" is not a finite number`;
  return `"${s}" is not a number; type a number such as 3, -1.5, 2e3 or 1/9`;
}

/** Number → the text put into a cell: exact, with fractions for values like 1/9. */
export function formatCellValue(v) {
  if (Object.is(v, -0)) return '0';
  if (Number.isInteger(v)) return String(v);
  for (let den = 2; den <= 1024; den++) {
    const num = Math.round(v * den);
    if (num / den === v && Math.abs(num) < 1e6) return `${num}/${den}`;
  }
  return String(v);
}

/**
 * Number → display text with a true minus sign: integers in full, others to `digits`
 * significant digits with trailing zeros dropped, so dyadic weights such as 0.0625
 * show exactly. Grid cells use the compact default; the arithmetic asks for more.
 */
export function formatDisplay(v, digits = 4) {
  if (Object.is(v, -0) || v === 0) return '0';
  let s;
  if (Number.isInteger(v) && Math.abs(v) < 1e15) s = String(v);
  else s = String(Number(v.toPrecision(digits)));
  if (s === '-0') s = '0';
  return s.replace('-', '\u2212');
}

/** The arithmetic's precision: enough digits that a learner can redo the sums by hand. */
export const formatPrecise = (v) => formatDisplay(v, 6);

function splitRow(line, sep) {
  const cells = sep === 'ws' ? line.trim().split(/\s+/) : line.split(sep).map((c) => c.trim());
  // A trailing separator (common when copying from spreadsheets or CSV writers) is not an extra cell.
  while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/**
 * A pasted block → rows of cell texts (not yet numbers, so a typo stays visible
 * and fixable in its cell). Throws an Error saying what was expected.
 */
export function parseBlock(text) {
  const src = String(text ?? '').replace(/\r\n?/g, '\n').trim();
  if (src === '') throw new Error('Nothing to paste: the text is empty.');

  if (src.includes('[')) {
    const open = src.indexOf('[');
    const close = src.lastIndexOf(']');
    if (close < open) throw new Error('The list literal has a "[" without a matching "]".');
    const body = src.slice(open, close + 1);
    const inner = [...body.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]);
    const nested = /\[\s*\[/.test(body);
    const flat = inner.join(',');
    // MATLAB-style "[1 2; 3 4]": semicolons separate rows.
    const rowTexts = nested ? inner : flat.split(';');
    const rows = rowTexts
      .map((r) => r.split(/[,\s]+/).map((c) => c.trim()).filter((c) => c !== ''));
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
