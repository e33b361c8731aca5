// Actions: every change a view, a link or a script makes goes through one of these
// plain functions on the state object. Pure (no DOM); the caller schedules a frame.
import { LIMITS, SPEEDS, resizeGrid, syncSizeText } from './state.js';
import { clampStep } from './geometry.js';

const LIMIT_OF = { input: LIMITS.input, kernel: LIMITS.kernel };

function edited(state) {
  state.presetId = '';
  state.presetNote = '';
  state.version++;
}

export function setCell(state, which, r, c, text) {
  if (!state[which]?.[r] || c < 0 || c >= state[which][r].length) return;
  state[which][r][c] = String(text);
  edited(state);
}

/** Typed size text → resized matrix, or a message (the matrix is kept until the size is valid). */
export function setSize(state, which, axis, text) {
  state.sizeText[`${which}${axis === 'rows' ? 'Rows' : 'Cols'}`] = String(text);
  const lim = LIMIT_OF[which];
  const errors = [];
  const size = {};
  for (const [ax, k] of [['rows', `${which}Rows`], ['columns', `${which}Cols`]]) {
    const t = String(state.sizeText[k]).trim();
    const v = Number(t);
    if (t === '' || !Number.isInteger(v) || v < lim.min || v > lim.max) {
      errors.push({ which, message: `The ${which} needs ${lim.min} to ${lim.max} ${ax}; "${t.slice(0, 20)}" is not a whole number in that range.` });
    } else size[ax] = v;
  }
  state.sizeErrors = state.sizeErrors.filter((e) => e.which !== which).concat(errors);
  if (!errors.length) {
    state[which] = resizeGrid(state[which], size.rows, size.columns);
    edited(state);
  } else state.version++;
}

/** A block of cell texts into a matrix from (r0, c0), growing it up to its limit; or replacing it. */
export function pasteBlock(state, which, r0, c0, rows, replace) {
  const lim = LIMIT_OF[which];
  const blockW = Math.max(...rows.map((r) => r.length));
  const old = state[which];
  const h = Math.min(replace ? rows.length : Math.max(old.length, r0 + rows.length), lim.max);
  const w = Math.min(replace ? blockW : Math.max(old[0].length, c0 + blockW), lim.max);
  const grid = replace ? resizeGrid([], h, w) : resizeGrid(old, h, w);
  let dropped = 0;
  rows.forEach((row, i) => row.forEach((text, j) => {
    const r = r0 + i;
    const c = c0 + j;
    if (r < h && c < w) grid[r][c] = text;
    else dropped++;
  }));
  state[which] = grid;
  syncSizeText(state);
  state.sizeErrors = [];
  const ragged = rows.some((r) => r.length !== blockW);
  state.notice = `Pasted a ${rows.length} × ${blockW} block into the ${which}`
    + (replace ? '' : ` from row ${r0 + 1}, column ${c0 + 1}`) + '.'
    + (ragged ? ' Rows had different lengths; missing cells were set to 0.' : '')
    + (dropped ? ` ${dropped} ${dropped === 1 ? 'value' : 'values'} did not fit (the ${which} is at most ${lim.max} × ${lim.max}) and were left out.` : '');
  edited(state);
}

export function fillMatrix(state, which, make) {
  state[which] = make(state[which].length, state[which][0].length);
  state.notice = '';
  edited(state);
}

export function randomGrid(height, width, lo, hi, random = Math.random) {
  return Array.from({ length: height }, () =>
    Array.from({ length: width }, () => String(lo + Math.floor(random() * (hi - lo + 1)))));
}

/**
 * One setting as its control holds it (text, a name, or a boolean). Switching padding
 * to explicit starts from the padding the previous choice resolved to, so nothing jumps.
 */
export function setSetting(state, key, value, resolvedPadding) {
  const s = state.settings;
  if (key === 'padding' && value === 'explicit' && s.padding !== 'explicit' && resolvedPadding) {
    const p = resolvedPadding;
    Object.assign(s, { padTop: String(p.top), padBottom: String(p.bottom), padLeft: String(p.left), padRight: String(p.right) });
  }
  s[key] = key === 'flip' ? Boolean(value) : String(value);
  edited(state);
}

export function setStep(state, step, total) {
  state.playing = false;
  state.hoverStep = null;
  state.step = total > 0 ? clampStep(step, total) : Math.max(0, Math.trunc(Number(step)) || 0);
}

export function play(state, total) {
  if (total <= 1 || state.playing) return false;
  if (state.step >= total - 1) state.step = 0;
  state.playing = true;
  state.hoverStep = null;
  return true;
}

export function pause(state) {
  const was = state.playing;
  state.playing = false;
  return was;
}

export function setSpeed(state, index) {
  state.speedIndex = clampStep(index, SPEEDS.length);
}

/** One playback tick at time `now`; returns the new time of the last advance. */
export function advance(state, total, now, lastAdvance) {
  const interval = 1000 / SPEEDS[state.speedIndex];
  if (now - lastAdvance < interval) return lastAdvance;
  if (state.step >= total - 1) {
    state.playing = false;
    return now;
  }
  state.step++;
  if (state.step >= total - 1) state.playing = false;
  return now;
}
