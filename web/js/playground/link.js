// Share links of the matrix mode: the whole example lives in the URL's hash, so a
// teacher can send one link and every student opens the same input, kernel, settings
// and step, with no server. Pure functions (no DOM), tested in Node.
//
// The format (stable: links already sent out must keep opening the same example,
// so only ever add keys, never rename or reinterpret one):
//
//   #mode=matrix&in=1,2,3;4,5,6&k=1/9,1/9;1/9,1/9&s=2,2&d=1,1&p=same&b=reflect&c=0&f=1&step=4
//
//   mode    matrix (optional: links from before modes existed have none).
//   in, k   input and kernel: cells separated by ",", rows by ";", each cell the text
//           the learner typed (so 1/9 stays 1/9) with URI escapes for anything else.
//           Input 1–32 × 1–32, kernel 1–9 × 1–9, every row the same length.
//   s, d    stride and dilation: "rows,columns" (one number sets both); 1–8 and 1–4.
//   p       padding: valid | same | full, or explicit "top,bottom,left,right" (0–16 each;
//           one number pads every side).
//   b       border: one of engine.options' border values.
//   c       the constant of the constant border (any number, fractions allowed).
//   f       flip the kernel: 1 (true convolution) or 0 (cross-correlation).
//   step    the shown step, 1-based as the page counts them ("4 / 9").
// and the page's view keys (read by embed/params.js, ignored here):
//   embed=1, panels=stepper,arithmetic, readonly=1.
//
// Every key is optional; a missing key takes the engine's default. A hash that is an
// in-page anchor (no "=") is not a link.
import { parseNumber, quote, formatCellValue, formatCount } from '../shared/numbers.js';
import { createProblems } from '../shared/problems.js';
import { VIEW_KEYS } from '../embed/params.js';
import { readParts } from '../shared/link-parts.js';
import { LIMITS } from './state.js';
import { validateState } from './json.js';

/** Longer links are refused from their length alone: no valid matrix link comes near it. */
export const MAX_LINK_CHARS = 65536;
const KEYS = ['in', 'k', 's', 'd', 'p', 'b', 'c', 'f', 'step'];

// URI-escape a cell but keep "/" (fractions) readable; "," ";" "&" "=" "#" are escaped,
// so no typed text can break the separators.
const escapeCell = (text) => encodeURIComponent(text).replace(/%2F/gi, '/');

/** A cell's text for the link: numbers lose spaces and typographic minus (same value, shorter link). */
function cellText(v) {
  const s = String(v).trim();
  if (!Number.isNaN(parseNumber(s))) return s.replace(/\u2212/g, '-').replace(/\s+/g, '');
  return s;
}

const matrixText = (grid) => grid.map((row) => row.map((v) => escapeCell(cellText(formatCell(v)))).join(',')).join(';');
// Numbers from JSON state are written as exact text: a short decimal, or a fraction such as 1/9.
const formatCell = (v) => (typeof v === 'number' ? (Number.isFinite(v) ? formatCellValue(v) : String(v)) : v);

/** Public JSON state (json.js) → the hash without "#"; every key written, so a link never depends on today's defaults. */
export function encodeState(state) {
  const o = state.options ?? {};
  const t = (v) => escapeCell(String(formatCell(v)).trim());
  const padding = o.padding && typeof o.padding === 'object'
    ? ['top', 'bottom', 'left', 'right'].map((k) => t(o.padding[k])).join(',')
    : o.padding;
  const parts = ['mode=matrix'];
  if (state.input) parts.push(`in=${matrixText(state.input)}`);
  if (state.kernel) parts.push(`k=${matrixText(state.kernel)}`);
  if (o.strideY !== undefined) parts.push(`s=${t(o.strideY)},${t(o.strideX ?? o.strideY)}`);
  if (o.dilationY !== undefined) parts.push(`d=${t(o.dilationY)},${t(o.dilationX ?? o.dilationY)}`);
  if (padding !== undefined) parts.push(`p=${padding}`);
  if (o.border !== undefined) parts.push(`b=${escapeCell(o.border)}`);
  if (o.constant !== undefined) parts.push(`c=${t(o.constant)}`);
  if (o.flip !== undefined) parts.push(`f=${o.flip ? 1 : 0}`);
  if (state.step !== undefined) parts.push(`step=${state.step + 1}`);
  return parts.join('&');
}

/** True when a hash is meant for the page rather than being an in-page anchor such as #output-heading. */
export const isLinkHash = (hash) => String(hash ?? '').replace(/^#/, '').includes('=');

function decode(text) {
  try {
    return { text: decodeURIComponent(text), broken: false };
  } catch {
    return { text, broken: true };
  }
}

const show = (raw) => quote(decode(raw).text);

/** "1,2;3,4" → rows of cell texts, refusing too many rows or columns before splitting cells. */
function readMatrixText(key, raw, problems) {
  const label = key === 'in' ? 'input' : 'kernel';
  const lim = key === 'in' ? LIMITS.input : LIMITS.kernel;
  const fallback = `The default ${label} is shown instead.`;
  if (raw.trim() === '') {
    problems.add(() => `The link's ${label} is empty; write its rows of numbers with "," between cells and ";" between rows, e.g. ${key}=1,2;3,4. ${fallback}`);
    return undefined;
  }
  const lines = raw.replace(/;+$/, '').split(';');
  if (lines.length > lim.max) {
    problems.add(() => `The link's ${label} has ${formatCount(lines.length)} rows; the ${label} can have ${lim.min} to ${lim.max} rows and ${lim.min} to ${lim.max} columns. ${fallback}`);
    return undefined;
  }
  const rows = [];
  for (let r = 0; r < lines.length; r++) {
    const cells = lines[r].split(',');
    if (cells.length > lim.max) {
      problems.add(() => `The link's ${label} has a row of ${formatCount(cells.length)} numbers; the ${label} can have ${lim.min} to ${lim.max} rows and ${lim.min} to ${lim.max} columns. ${fallback}`);
      return undefined;
    }
    const row = [];
    for (let c = 0; c < cells.length; c++) {
      const { text, broken } = decode(cells[c]);
      if (broken) {
        problems.add(() => `The link's ${label} has "${quote(cells[c])}" at row ${r + 1}, column ${c + 1}, which is not a number (numbers look like 3, -1.5, 2e3 or 1/9). ${fallback}`);
        return undefined;
      }
      row.push(text);
    }
    rows.push(row);
  }
  return rows;
}

/** "2,3" or "2" → [y, x] texts, or null. */
function readPair(raw, count) {
  const parts = raw.split(',');
  if (parts.length !== 1 && parts.length !== count) return null;
  if (parts.some((p) => !/^\s*\d{1,9}\s*$/.test(p))) return null;
  const values = parts.map((p) => p.trim());
  return parts.length === 1 ? new Array(count).fill(values[0]) : values;
}

/**
 * The hash → { state, problems }: `state` is the public JSON of what the link sets
 * validly (json.js; cells as the link's text), `problems` at most a few sentences, then
 * a count. Never throws. With `specs` (modeSpecs(engine.options).specs) values are
 * checked against the engine's names and ranges too; the mode always passes them.
 * `step` past the output's end needs the engine's output size: see json.js stepProblem.
 */
export function decodeState(hash, specs, { maxLength = MAX_LINK_CHARS } = {}) {
  const text = String(hash ?? '');
  const problems = createProblems();
  // Measured before anything reads a character (that would flatten a huge string): a huge link costs nothing.
  if (text.length > maxLength + 1) {
    problems.add(() => `This link is ${formatCount(text.length)} characters long; links of this page are at most ${formatCount(maxLength)}, so none of it was read. The default example is shown.`);
    return { state: {}, problems: problems.list() };
  }
  const body = text.startsWith('#') ? text.slice(1) : text;
  const state = {};
  const options = {};
  const { parts, unknown, examples } = readParts(body, { keys: KEYS, viewKeys: VIEW_KEYS, show });
  for (const { key, raw } of parts) {
    switch (key) {
      case 'in':
      case 'k': {
        const grid = readMatrixText(key, raw, problems);
        if (grid) state[key === 'in' ? 'input' : 'kernel'] = grid;
        break;
      }
      case 's':
      case 'd': {
        const name = key === 's' ? 'stride' : 'dilation';
        const lim = key === 's' ? LIMITS.stride : LIMITS.dilation;
        const v = readPair(raw, 2);
        if (!v) problems.add(() => `The link's ${name} "${show(raw)}" is not allowed; ${name} is one or two whole numbers from ${lim.min} to ${lim.max} (rows,columns), e.g. ${key}=2,2. The default ${name} is used instead.`);
        else if (key === 's') Object.assign(options, { strideY: v[0], strideX: v[1] });
        else Object.assign(options, { dilationY: v[0], dilationX: v[1] });
        break;
      }
      case 'p': {
        if (/^[a-z0-9]{1,16}$/i.test(raw) && !/^\d+$/.test(raw)) {
          options.padding = raw;
          break;
        }
        const v = readPair(raw, 4);
        if (!v) problems.add(() => `The link's padding "${show(raw)}" is not allowed; padding is valid, same, full, or four whole numbers from ${LIMITS.pad.min} to ${LIMITS.pad.max} for top, bottom, left and right, e.g. p=1,1,2,2. The default padding is used instead.`);
        else options.padding = { top: v[0], bottom: v[1], left: v[2], right: v[3] };
        break;
      }
      case 'b': {
        const { text } = decode(raw);
        options.border = text;
        break;
      }
      case 'c': {
        const { text, broken } = decode(raw);
        if (broken) problems.add(() => `The link's constant "${show(raw)}" is not a number (numbers look like 3, -1.5, 2e3 or 1/9); the default constant is used instead.`);
        else options.constant = text.trim();
        break;
      }
      case 'f':
        if (raw === '0' || raw === '1') options.flip = raw === '1';
        else problems.add(() => `The link's flip "${show(raw)}" must be 1 (flip the kernel) or 0 (do not); the kernel is not flipped.`);
        break;
      case 'step':
        if (/^\d{1,9}$/.test(raw) && Number(raw) >= 1) state.step = Number(raw) - 1;
        else problems.add(() => `The link's step "${show(raw)}" is not a whole number from 1 up to the number of output cells; step 1 is shown instead.`);
        break;
      default:
        break;
    }
  }
  if (unknown) {
    const known = ['mode', ...KEYS, ...VIEW_KEYS.filter((k) => k !== 'mode')].join(', ');
    const rest = unknown - examples.length;
    problems.add(() => `The link has ${examples.join(' and ')}${rest ? ` and ${formatCount(rest)} more ${rest === 1 ? 'part' : 'parts'}` : ''}, which this page does not read (it knows ${known}); ${unknown === 1 ? 'it was' : 'they were'} ignored.`);
  }
  if (Object.keys(options).length) state.options = options;
  if (!specs) return { state, problems: problems.list() };
  // Values (numbers in cells, option names and ranges) are checked against the engine's specs.
  const { patch } = validateState(state, specs, { problems, fromLink: true });
  return { state: patchToJSON(patch), problems: problems.list() };
}

/** A validated patch back to public JSON, keeping the texts (so 1/9 stays 1/9 in the link). */
function patchToJSON(patch) {
  const out = {};
  if (patch.input) out.input = patch.input;
  if (patch.kernel) out.kernel = patch.kernel;
  const s = patch.settings;
  if (Object.keys(s).length) {
    const o = {};
    for (const k of ['strideY', 'strideX', 'dilationY', 'dilationX', 'border', 'constant', 'flip']) if (s[k] !== undefined) o[k] = s[k];
    if (s.padding === 'explicit') o.padding = { top: s.padTop, bottom: s.padBottom, left: s.padLeft, right: s.padRight };
    else if (s.padding !== undefined) o.padding = s.padding;
    out.options = o;
  }
  if (patch.step !== undefined) out.step = patch.step;
  return out;
}
