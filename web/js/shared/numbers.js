// Numbers as learners type them and as both pages show them. One grammar for every
// cell, weight, constant and link value: a typographic minus (−1), fractions (1/9),
// exponents (2e3), optional brackets "(−1)" as the course writes negative factors.
// Pure: no DOM, so the pages, the worker and Node tests share it.

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
// Typed text longer than this is not a number anyone meant; it is refused before any regex runs.
const MAX_NUMBER_TEXT = 64;

/** Text → number, or NaN. Accepts "−3", "1/9", " 2.5e1 ", "(−1)". */
export function parseNumber(text) {
  let s = String(text);
  if (s.length > MAX_NUMBER_TEXT) return NaN;
  s = s.trim().replace(/\u2212/g, '-').replace(/^\((.*)\)$/, '$1').trim();
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

/** At most `max` characters of what someone typed, for a message. */
export function quote(text, max = 40) {
  const s = String(text);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Why a text is not a number, as the end of a sentence ("… is not a number; type …"). */
export function describeBadNumber(text) {
  const s = String(text).trim();
  if (s === '') return 'is empty; type a number such as 3, -1.5 or 1/9';
  const shown = quote(s);
  if (s.length > MAX_NUMBER_TEXT) return `"${shown}" is too long to be a number (at most ${MAX_NUMBER_TEXT} characters)`;
  if (s.includes('/') && /\/\s*[+-]?0*\.?0*\s*$/.test(s)) return `"${shown}" divides by zero`;
  const v = Number(s.replace(/\u2212/g, '-'));
  if (!Number.isFinite(v) && /inf|nan|e\d{3,}/i.test(s)) return `"${shown}" is not a finite number`;
  return `"${shown}" is not a number; type a number such as 3, -1.5, 2e3 or 1/9`;
}

/**
 * Number → the text put into an editable cell: exact; a short decimal stays a decimal
 * (−3.5, 0.0625), a long one that is an exact fraction becomes one (1/9, 2/3).
 */
export function formatCellValue(v) {
  if (Object.is(v, -0)) return '0';
  if (Number.isInteger(v) || String(v).length <= 8) return String(v);
  for (let den = 2; den <= 1024; den++) {
    const num = Math.round(v * den);
    if (num / den === v && Math.abs(num) < 1e6) return `${num}/${den}`;
  }
  return String(v);
}

/**
 * Number → display text with a true minus sign: integers in full, others to `digits`
 * significant digits with trailing zeros dropped (so 0.0625 shows exactly), very large
 * or small magnitudes in exponent form so a cell never has to hold 20 digits.
 */
export function formatNumber(v, digits = 6) {
  if (Object.is(v, -0) || v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  let s;
  if (Number.isInteger(v) && Math.abs(v) < 1e15) s = String(v);
  else {
    const a = Math.abs(v);
    s = a >= 1e-4 && a < 1e15 ? String(Number(v.toPrecision(digits))) : v.toExponential(Math.max(digits - 1, 0)).replace(/\.?0+e/, 'e');
  }
  if (s === '-0') s = '0';
  return s.replace('-', '\u2212');
}

/** Compact grid cells: 4 significant digits. */
export const formatDisplay = (v) => formatNumber(v, 4);
/** The arithmetic: 6 significant digits, enough to redo the sums by hand. */
export const formatPrecise = (v) => formatNumber(v, 6);

/**
 * The smallest whole d (up to 4096) that turns every weight into an exact small integer,
 * so a kernel can be shown as the course writes it: 1/16 × [[1, 2, 1], …]. 1 when the
 * weights are integers already or when no such d exists.
 */
export function commonDenominator(data) {
  for (let d = 1; d <= 4096; d++) {
    let ok = true;
    for (const w of data) {
      const n = w * d;
      if (!Number.isInteger(n) || Math.abs(n) >= 1e4 || n / d !== w) { ok = false; break; }
    }
    if (ok) return d;
  }
  return 1;
}

/** Rows of numbers → "1/16 × [[1, 2, 1], [2, 4, 2], [1, 2, 1]]" (or the plain list when d = 1). */
export function formatScaledMatrix(rows) {
  const d = commonDenominator(rows.flat());
  const list = `[${rows.map((r) => `[${r.map((w) => formatNumber(w * d, 6)).join(', ')}]`).join(', ')}]`;
  return d === 1 ? list : `1/${d} × ${list}`;
}

/** 1048576 → "1,048,576" without Intl (whose first use loads locale data, slow on a hostile link). */
export function formatCount(n) {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
