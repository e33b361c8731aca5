// Share links: the whole example lives in the URL's hash, so a teacher can send one
// link to a class and every student opens exactly the same input, kernel, settings
// and step, with no server involved. Pure functions (no DOM), so Node tests can run them.
//
// The format (stable: links already sent out must keep opening the same example,
// so only ever add keys, never rename or reinterpret one):
//
//   #in=1,2,3;4,5,6&k=1/9,1/9;1/9,1/9&s=2,2&d=1,1&p=same&b=reflect&c=0&f=1&step=4
//
//   in, k   input and kernel: cells separated by ",", rows by ";", each cell the text
//           the learner typed (so 1/9 stays 1/9) with URI escapes for anything else.
//           Input 1–32 × 1–32, kernel 1–9 × 1–9, every row the same length.
//   s, d    stride and dilation: "rows,columns" (one number sets both); 1–8 and 1–4.
//   p       padding: valid | same | full, or explicit "top,bottom,left,right" (0–16 each;
//           one number pads every side).
//   b       border: constant | replicate | reflect | reflect101 | wrap.
//   c       the constant of the constant border (any number, fractions allowed).
//   f       flip the kernel: 1 (true convolution) or 0 (cross-correlation).
//   step    the shown step, 1-based as the page counts them ("4 / 9").
//   embed   1 hides the site header, navigation and intro, for an iframe in a course page.
//
// Every key is optional; a missing key takes the page's default. A hash that is an
// in-page anchor (no "=") is left alone.
import { parseNumber } from '../shared/numbers.js';
import { LIMITS } from './state.js';

export const BORDERS = ['constant', 'replicate', 'reflect', 'reflect101', 'wrap'];
export const PADDINGS = ['valid', 'same', 'full'];
const KEYS = ['in', 'k', 's', 'd', 'p', 'b', 'c', 'f', 'step', 'embed'];

// URI-escape a cell but keep "/" (fractions) readable; "," ";" "&" "=" "#" are escaped,
// so no typed text can break the separators.
const escapeCell = (text) => encodeURIComponent(text).replace(/%2F/gi, '/');

/** A cell's text for the link: numbers lose spaces and typographic minus (same value, shorter link). */
function cellText(text) {
  const s = String(text).trim();
  if (!Number.isNaN(parseNumber(s))) return s.replace(/\u2212/g, '-').replace(/\s+/g, '');
  return s;
}

const matrixText = (grid) => grid.map((row) => row.map((v) => escapeCell(cellText(v))).join(',')).join(';');

/** The state → the hash (without "#"), every key written so a link never depends on today's defaults. */
export function encodeLink(state, { embed = false } = {}) {
  const s = state.settings;
  const t = (v) => escapeCell(String(v).trim());
  const padding = s.padding === 'explicit'
    ? [s.padTop, s.padBottom, s.padLeft, s.padRight].map(t).join(',')
    : s.padding;
  const parts = [
    `in=${matrixText(state.input)}`,
    `k=${matrixText(state.kernel)}`,
    `s=${t(s.strideY)},${t(s.strideX)}`,
    `d=${t(s.dilationY)},${t(s.dilationX)}`,
    `p=${padding}`,
    `b=${s.border}`,
    `c=${escapeCell(cellText(s.constant))}`,
    `f=${s.flip ? 1 : 0}`,
    `step=${state.step + 1}`,
  ];
  if (embed) parts.push('embed=1');
  return parts.join('&');
}

/** True when a hash is meant for this page rather than being an in-page anchor such as #output-heading. */
export const isLinkHash = (hash) => String(hash ?? '').replace(/^#/, '').includes('=');

function decode(text) {
  try {
    return { text: decodeURIComponent(text) };
  } catch {
    return { text, broken: true };
  }
}

const show = (raw) => {
  const s = decode(raw).text;
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
};

const LABEL = { in: 'input', k: 'kernel' };

function readMatrix(key, raw, lim) {
  const label = LABEL[key];
  const fallback = `The default ${label} is shown instead.`;
  const range = `${lim.min} to ${lim.max}`;
  if (raw.trim() === '') {
    return { problem: `The link's ${label} is empty; write its rows of numbers with "," between cells and ";" between rows, e.g. ${key}=1,2;3,4. ${fallback}` };
  }
  const rows = raw.replace(/;+$/, '').split(';').map((r) => r.split(','));
  if (rows.length > lim.max) {
    return { problem: `The link's ${label} has ${rows.length} rows; the ${label} can have ${range} rows and ${range} columns. ${fallback}` };
  }
  const widths = rows.map((r) => r.length);
  const wide = Math.max(...widths);
  if (wide > lim.max) {
    return { problem: `The link's ${label} has a row of ${wide} numbers; the ${label} can have ${range} rows and ${range} columns. ${fallback}` };
  }
  const other = widths.find((w) => w !== widths[0]);
  if (other !== undefined) {
    return { problem: `The link's ${label} has a row of ${widths[0]} ${widths[0] === 1 ? 'number' : 'numbers'} and a row of ${other}; every row needs the same count. ${fallback}` };
  }
  const grid = [];
  for (let r = 0; r < rows.length; r++) {
    const line = [];
    for (let c = 0; c < rows[r].length; c++) {
      const { text, broken } = decode(rows[r][c]);
      if (broken || Number.isNaN(parseNumber(text))) {
        const what = text.trim() === '' ? 'an empty cell' : `"${show(rows[r][c])}"`;
        return { problem: `The link's ${label} has ${what} at row ${r + 1}, column ${c + 1}, which is not a number (numbers look like 3, -1.5, 2e3 or 1/9). ${fallback}` };
      }
      line.push(text.trim());
    }
    grid.push(line);
  }
  return { grid };
}

/** "2,3" or "2" → two whole numbers within lim, or null. */
function readPair(raw, lim, count) {
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length !== 1 && parts.length !== count) return null;
  const values = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (values.some((v) => !Number.isInteger(v) || v < lim.min || v > lim.max)) return null;
  return parts.length === 1 ? new Array(count).fill(values[0]) : values;
}

/**
 * The hash → { input?, kernel?, settings (only the keys the link set validly), step?, embed,
 * problems: [one sentence each, saying what was wrong, what is allowed and what is used instead] }.
 * Never throws: anything it cannot read is a problem and that part keeps the default.
 * `step` is 0-based here; whether it is in range needs the engine's output size, so the
 * caller checks that (see stepProblem).
 */
export function decodeLink(hash) {
  const body = String(hash ?? '').replace(/^#/, '');
  const out = { settings: {}, embed: false, problems: [] };
  const problem = (text) => out.problems.push(text);
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    if (eq < 0 || !KEYS.includes(key)) {
      problem(`The link has "${show(part)}", which is not something this page reads (it knows ${KEYS.join(', ')}); it was ignored.`);
      continue;
    }
    switch (key) {
      case 'in':
      case 'k': {
        const { grid, problem: p } = readMatrix(key, raw, key === 'in' ? LIMITS.input : LIMITS.kernel);
        if (p) problem(p);
        else out[key === 'in' ? 'input' : 'kernel'] = grid;
        break;
      }
      case 's':
      case 'd': {
        const name = key === 's' ? 'stride' : 'dilation';
        const lim = key === 's' ? LIMITS.stride : LIMITS.dilation;
        const v = readPair(raw, lim, 2);
        if (!v) {
          problem(`The link's ${name} "${show(raw)}" is not allowed; ${name} is one or two whole numbers from ${lim.min} to ${lim.max} (rows,columns), e.g. ${key}=2,2. ${name[0].toUpperCase()}${name.slice(1)} 1, 1 is used instead.`);
        } else {
          const [y, x] = v.map(String);
          Object.assign(out.settings, key === 's' ? { strideY: y, strideX: x } : { dilationY: y, dilationX: x });
        }
        break;
      }
      case 'p': {
        if (PADDINGS.includes(raw)) {
          out.settings.padding = raw;
          break;
        }
        const v = /^[\d,\s]+$/.test(raw) ? readPair(raw, LIMITS.pad, 4) : null;
        if (!v) {
          problem(`The link's padding "${show(raw)}" is not allowed; padding is valid, same, full, or four whole numbers from ${LIMITS.pad.min} to ${LIMITS.pad.max} for top, bottom, left and right, e.g. p=1,1,2,2. Padding "valid" is used instead.`);
        } else {
          const [padTop, padBottom, padLeft, padRight] = v.map(String);
          Object.assign(out.settings, { padding: 'explicit', padTop, padBottom, padLeft, padRight });
        }
        break;
      }
      case 'b':
        if (BORDERS.includes(raw)) out.settings.border = raw;
        else problem(`The link's border "${show(raw)}" is not known; the border is one of ${BORDERS.join(', ')}. The constant border is used instead.`);
        break;
      case 'c': {
        const { text, broken } = decode(raw);
        if (broken || Number.isNaN(parseNumber(text))) {
          problem(`The link's constant "${show(raw)}" is not a number (numbers look like 3, -1.5, 2e3 or 1/9); the constant 0 is used instead.`);
        } else out.settings.constant = text.trim();
        break;
      }
      case 'f':
        if (raw === '0' || raw === '1') out.settings.flip = raw === '1';
        else problem(`The link's flip "${show(raw)}" must be 1 (flip the kernel) or 0 (do not); the kernel is not flipped.`);
        break;
      case 'step':
        if (/^\d+$/.test(raw) && Number(raw) >= 1) out.step = Number(raw) - 1;
        else problem(`The link's step "${show(raw)}" is not a whole number from 1 up to the number of output cells; step 1 is shown instead.`);
        break;
      case 'embed':
        out.embed = raw === '1';
        break;
      default:
        break;
    }
  }
  return out;
}

/** The message for a link's step past the end, once the output size is known, or ''. */
export function stepProblem(step, total) {
  if (step === undefined || total === 0 || step < total) return '';
  return `The link's step ${step + 1} is past this example's last step, ${total}; step 1 is shown instead.`;
}
