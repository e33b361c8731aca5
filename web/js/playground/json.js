// The matrix mode's public state: the plain JSON object that getState() returns,
// setState() takes and a share link encodes (see link.js). Option names are the
// engine's (SEMANTICS §5); `step` is 0-based. Anything read from outside (a link,
// a course page's message) is validated here: valid parts are kept, the rest named.
//
//   { mode: 'matrix', input: [[1, 2], [3, 4]], kernel: [[1, 0], [0, -1]],
//     options: { strideY, strideX, dilationY, dilationX, padding: 'valid' | { top, bottom, left, right },
//                border, constant, flip },
//     step: 0 }
//
// Cells are numbers; a cell whose text is not a number (a typo being fixed) is its text.
import { parseNumber, formatCellValue, quote, formatCount } from '../shared/numbers.js';
import { readOption } from '../shared/options.js';
import { createProblems } from '../shared/problems.js';
import { LIMITS, OPTION_NAMES, PAD_SIDES, defaultSettings, syncSizeText, textGrid } from './state.js';

const cellJSON = (text) => {
  const v = parseNumber(text);
  return Number.isNaN(v) ? text : v;
};

/** The state → its public JSON. */
export function toJSON(state, specs) {
  const s = state.settings;
  const options = {};
  for (const name of OPTION_NAMES) {
    const spec = specs.get(name);
    if (name === 'padding') {
      options.padding = s.padding === 'explicit'
        ? Object.fromEntries(PAD_SIDES.map((k) => [k, cellJSON(s[`pad${k[0].toUpperCase()}${k.slice(1)}`])]))
        : s.padding;
    } else if (spec.type === 'integer' || spec.type === 'number') options[name] = cellJSON(s[name]);
    else options[name] = s[name];
  }
  return {
    mode: 'matrix',
    input: state.input.map((r) => r.map(cellJSON)),
    kernel: state.kernel.map((r) => r.map(cellJSON)),
    options,
    step: state.step,
  };
}

const LABEL = { input: 'input', kernel: 'kernel' };

function readGrid(value, which, problems, fromLink) {
  const lim = LIMITS[which];
  const label = LABEL[which];
  const the = fromLink ? 'The link\'s' : 'The';
  const fallback = fromLink ? `The default ${label} is shown instead.` : `The current ${label} is kept.`;
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0])) {
    problems.add(() => `${the} ${label} must be a list of rows of numbers, e.g. [[1, 2], [3, 4]]. ${fallback}`);
    return null;
  }
  if (value.length > lim.max) {
    problems.add(() => `${the} ${label} has ${formatCount(value.length)} rows; the ${label} can have ${lim.min} to ${lim.max} rows and ${lim.min} to ${lim.max} columns. ${fallback}`);
    return null;
  }
  const width = value[0].length;
  for (const row of value) {
    if (!Array.isArray(row)) {
      problems.add(() => `${the} ${label} has a row that is not a list of numbers. ${fallback}`);
      return null;
    }
    if (row.length > lim.max || row.length < lim.min) {
      problems.add(() => `${the} ${label} has a row of ${formatCount(row.length)} numbers; the ${label} can have ${lim.min} to ${lim.max} rows and ${lim.min} to ${lim.max} columns. ${fallback}`);
      return null;
    }
    if (row.length !== width) {
      problems.add(() => `${the} ${label} has a row of ${width} ${width === 1 ? 'number' : 'numbers'} and a row of ${row.length}; every row needs the same count. ${fallback}`);
      return null;
    }
  }
  const grid = [];
  for (let r = 0; r < value.length; r++) {
    const line = [];
    for (let c = 0; c < width; c++) {
      const v = value[r][c];
      const text = typeof v === 'number' ? (Number.isFinite(v) ? formatCellValue(v) : '') : typeof v === 'string' ? v.trim() : '';
      if (Number.isNaN(parseNumber(text))) {
        const what = typeof v === 'string' && v.trim() !== '' ? `"${quote(v)}"` : typeof v === 'number' ? String(v) : 'an empty cell';
        problems.add(() => `${the} ${label} has ${what} at row ${r + 1}, column ${c + 1}, which is not a number (numbers look like 3, -1.5, 2e3 or 1/9). ${fallback}`);
        return null;
      }
      line.push(text);
    }
    grid.push(line);
  }
  return grid;
}

const OPTION_WORDS = {
  strideY: 'stride (rows)', strideX: 'stride (columns)', dilationY: 'dilation (rows)', dilationX: 'dilation (columns)',
  padding: 'padding', border: 'border', constant: 'constant', flip: 'flip',
};

/**
 * Outside JSON → { patch, problems }: `patch` holds only what is valid, as the state's own
 * text fields ({ input?, kernel?, settings: {…}, step? }); problems are sentences saying
 * what was wrong, what is allowed and what is used instead (a few, then a count).
 */
export function validateState(obj, specs, { problems = createProblems(), fromLink = false } = {}) {
  const patch = { settings: {} };
  const the = fromLink ? 'The link\'s' : 'The';
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    problems.add('The state must be an object such as { input: [[1, 2], [3, 4]], kernel: [[1]] }; nothing was changed.');
    return { patch, problems: problems.list() };
  }
  const known = new Set(['mode', 'input', 'kernel', 'options', 'step']);
  let unknown = 0;
  for (const key of Object.keys(obj)) {
    if (known.has(key)) continue;
    if (unknown++ === 0) problems.add(() => `The state has "${quote(key)}", which the matrix mode does not read (it reads ${[...known].join(', ')}); it was ignored.`);
    else problems.count(1);
  }
  if (obj.mode !== undefined && obj.mode !== 'matrix') problems.add(() => `The state is for the "${quote(obj.mode)}" mode; this is the matrix mode. Its matrix parts are read anyway.`);
  for (const which of ['input', 'kernel']) {
    if (obj[which] === undefined) continue;
    const grid = readGrid(obj[which], which, problems, fromLink);
    if (grid) patch[which] = grid;
  }
  const o = obj.options;
  if (o !== undefined && (o === null || typeof o !== 'object' || Array.isArray(o))) {
    problems.add('The options must be an object such as { strideY: 2, border: "reflect" }; the current options are kept.');
  } else if (o) {
    for (const key of Object.keys(o)) {
      if (!OPTION_NAMES.includes(key)) {
        problems.add(() => `The options have "${quote(key)}", which the matrix mode does not set (it sets ${OPTION_NAMES.join(', ')}); it was ignored.`);
        continue;
      }
      const spec = specs.get(key);
      let raw = o[key];
      if (spec.type === 'integer' || spec.type === 'number') raw = typeof raw === 'number' ? String(raw) : raw;
      if (key === 'padding' && raw && typeof raw === 'object') {
        raw = Object.fromEntries(PAD_SIDES.map((k) => [k, typeof raw[k] === 'number' ? String(raw[k]) : raw[k]]));
      }
      const r = typeof raw === 'string' || typeof raw === 'boolean' || (key === 'padding' && raw && typeof raw === 'object')
        ? readOption(spec, raw, OPTION_WORDS[key]) : { error: { message: `${OPTION_WORDS[key]} has a value of the wrong type.` } };
      if (r.error) {
        const d = defaultSettings(specs);
        const used = key === 'padding' ? d.padding : d[key];
        problems.add(() => `${the} ${r.error.message.replace(/\.$/, '')}; ${used === undefined ? 'the default' : `"${used}"`} is used instead.`);
        continue;
      }
      if (key === 'padding' && typeof r.value === 'object') {
        Object.assign(patch.settings, {
          padding: 'explicit', padTop: String(r.value.top), padBottom: String(r.value.bottom),
          padLeft: String(r.value.left), padRight: String(r.value.right),
        });
      } else if (spec.type === 'boolean') patch.settings[key] = r.value;
      else if (spec.type === 'number') patch.settings[key] = formatCellValue(r.value);
      else patch.settings[key] = String(r.value);
    }
  }
  if (obj.step !== undefined) {
    if (Number.isSafeInteger(obj.step) && obj.step >= 0) patch.step = obj.step;
    else problems.add(() => `${the} step "${quote(obj.step)}" is not a whole number from 0 (the first step) up; step 1 is shown instead.`);
  }
  return { patch, problems: problems.list() };
}

/**
 * Puts a validated patch into the state; parts it lacks come from `base`: 'defaults' (a
 * link: the engine's options and the matrices of `first`, the opening preset) or
 * 'current' (setState: what is shown now).
 */
export function applyPatch(state, specs, patch, { base = 'defaults', first = null } = {}) {
  const fromBase = (which) => (base === 'defaults' && first ? textGrid(first[which]) : state[which]);
  state.input = patch.input ? patch.input.map((r) => [...r]) : fromBase('input');
  state.kernel = patch.kernel ? patch.kernel.map((r) => [...r]) : fromBase('kernel');
  state.settings = base === 'defaults'
    ? { ...defaultSettings(specs), ...patch.settings }
    : { ...state.settings, ...patch.settings };
  state.presetId = '';
  state.presetNote = '';
  syncSizeText(state);
  state.sizeErrors = [];
  state.notice = '';
  state.step = patch.step ?? (base === 'defaults' ? 0 : state.step);
  state.playing = false;
  state.hoverStep = null;
  state.hoverCell = null;
  state.version++;
}

/** The message for a step past the end, once the output size is known, or ''. */
export function stepProblem(step, total) {
  if (step === undefined || total === 0 || step < total) return '';
  return `The link's step ${step + 1} is past this example's last step, ${total}; step 1 is shown instead.`;
}
