// Share links of the image mode, and the one check every incoming state goes
// through (a link, setState, the element's attribute). Pure: Node tests run it.
//
// The format (only ever add keys; links already sent out must keep opening the same view):
//
//   mode=image&sample=harbour&sel=2&view=side&split=50&zoom=fit&px=120,64
//   &s1=gaussian-blur-5&s1.out=clamp&s1.border=replicate&s1.c=0&s1.div=1&s1.bias=0&s1.gray=0&s1.flip=0
//   &s2=custom&s2.kr=1,0;0,-1&s2.kg=1/9,1/9;1/9,1/9&s2.kb=-1&s2.out=abs&...
//
//   sample   the sample image (harbour, small, test-card) or none
//   photo    "omitted": the sender had their own photo open, which a link never carries
//   sel      the selected stage, 1-based as the page counts them
//   view     side | split;  split: the divider, 0..100;  zoom: fit or a percentage
//   px       the inspected result pixel "x,y", 0-based as the inspector shows it
//   sN       stage N's filter: a built-in id or custom (stages 1..8, in order)
//   sN.k     its kernel (custom), or sN.kr, sN.kg, sN.kb: one kernel per channel;
//            cells "," rows ";", each cell the text typed (1/9 stays 1/9), URI-escaped
//   sN.out, sN.border, sN.c (constant), sN.div (divisor), sN.bias, sN.gray, sN.flip (1 or 0)
//   embed, panels, readonly are read by the page that holds the mode, not here.
import {
  CHANNELS, COMPARE, MAX_COORD, MAX_SIDE, MAX_STAGES, ZOOM, initialState, newStage, parseKernel,
} from './model.js';
import { SAMPLES } from './samples.js';
import { parseNumber } from '../shared/numbers.js';
import { parseBlock } from '../shared/paste.js';

/** Longer links are refused from their length alone, before any parsing. */
export const MAX_LINK = 400_000;
const MAX_PARTS = 2000;
const MAX_TEXT = 100_000;
const SHOWN = 3;
const SAMPLE_IDS = SAMPLES.map((s) => s.id);
const STAGE_KEYS = ['k', 'kr', 'kg', 'kb', 'out', 'border', 'c', 'div', 'bias', 'gray', 'flip'];
const TOP_KEYS = ['mode', 'sample', 'photo', 'sel', 'view', 'split', 'zoom', 'px', 'embed', 'panels', 'readonly'];

/**
 * At most SHOWN sentences, then one line counting the rest. Problems with what
 * the page reads come first; `later` ones (keys it does not know) only fill up.
 */
function problemList() {
  const first = [], last = [];
  let count = 0;
  return {
    add(text) { if (first.length < SHOWN) first.push(text); count++; },
    later(text) { if (last.length < SHOWN) last.push(text); count++; },
    lines: () => {
      const shown = [...first, ...last].slice(0, SHOWN);
      const more = count - shown.length;
      return more ? [...shown, `…and ${more} more ${more === 1 ? 'problem' : 'problems'}.`] : shown;
    },
  };
}

const quote = (v) => {
  let s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  if (s.length > 40) s = `${s.slice(0, 37)}…`;
  return `"${s}"`;
};

const number = (text) => parseNumber(text);
const escapeCell = (text) => encodeURIComponent(text).replace(/%2F/gi, '/');

function unescape(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

// ---------- encoding ----------

/** A kernel's text → rows of cell texts for the link (1/9 stays 1/9); null when the text is not a kernel. */
export function kernelCells(text) {
  let k;
  try {
    k = parseKernel(text);
  } catch {
    return null;
  }
  if (!String(text).trim().startsWith('{')) {
    const rows = parseBlock(text);
    if (rows.length === k.height && rows.every((r) => r.length === k.width)) {
      return rows.map((r) => r.map((c) => c.replace(/\u2212/g, '-').replace(/\s+/g, '')));
    }
  }
  const rows = [];
  for (let r = 0; r < k.height; r++) rows.push(k.data.slice(r * k.width, (r + 1) * k.width).map((v) => String(Object.is(v, -0) ? 0 : v)));
  return rows;
}

function kernelParam(text) {
  const cells = kernelCells(text);
  if (!cells) return escapeCell(String(text));
  return cells.map((row) => row.map(escapeCell).join(',')).join(';');
}

/** The state → the hash (without "#"). Every key is written, so a link never depends on today's defaults. */
export function encodeState(state) {
  // With the person's own photo shown, the link opens on a sample instead (the photo never travels).
  const sample = state.sample ?? (state.photo ? SAMPLE_IDS[0] : 'none');
  const parts = ['mode=image', `sample=${sample}`];
  if (state.photo) parts.push('photo=omitted');
  parts.push(`sel=${state.selected + 1}`, `view=${state.compare}`, `split=${state.split}`, `zoom=${state.zoom}`);
  if (state.inspect) parts.push(`px=${state.inspect.x},${state.inspect.y}`);
  state.stages.forEach((s, i) => {
    const p = `s${i + 1}`;
    parts.push(`${p}=${s.filter}`);
    if (s.filter === 'custom') {
      if (s.perChannel) ['kr', 'kg', 'kb'].forEach((k, c) => parts.push(`${p}.${k}=${kernelParam(s.kernels[c])}`));
      else parts.push(`${p}.k=${kernelParam(s.kernels[0])}`);
    }
    parts.push(`${p}.out=${s.output}`, `${p}.border=${s.border}`, `${p}.c=${s.constant}`, `${p}.div=${s.divisor}`,
      `${p}.bias=${s.bias}`, `${p}.gray=${s.grayscale ? 1 : 0}`, `${p}.flip=${s.flip ? 1 : 0}`);
  });
  return parts.join('&');
}

// ---------- checking a state object ----------

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function checkStage(raw, index, catalog, problem) {
  const label = `Stage ${index + 1}`;
  const ids = catalog.filters.map((f) => f.id);
  if (!isObject(raw) || (raw.filter !== 'custom' && !ids.includes(raw.filter))) {
    const what = isObject(raw) ? `filter ${quote(raw.filter)} is not known` : 'is not an object';
    problem(`${label}'s ${what}; filters are ${ids.slice(0, 6).join(', ')}… or custom. That stage was left out.`);
    return null;
  }
  const s = newStage(catalog, raw.filter === 'custom' ? null : raw.filter);
  const take = (key, ok, allowed) => {
    if (!(key in raw)) return;
    if (ok(raw[key])) s[key] = raw[key];
    else problem(`${label}'s ${key} ${quote(raw[key])} is not allowed (${allowed}); ${quote(s[key])} is used.`);
  };
  const inRange = (opt) => (v) => typeof v === 'number' && Number.isFinite(v) && v >= opt.min && v <= opt.max;
  const oneOf = (opt) => (v) => opt.values.includes(v);
  const bool = (v) => typeof v === 'boolean';
  take('output', oneOf(catalog.output), catalog.output.values.join(', '));
  take('border', oneOf(catalog.border), catalog.border.values.join(', '));
  take('constant', inRange(catalog.constant), `a number from ${catalog.constant.min} to ${catalog.constant.max}`);
  take('bias', inRange(catalog.bias), `a number from ${catalog.bias.min} to ${catalog.bias.max}`);
  take('divisor', (v) => inRange(catalog.bias)(v) && v !== 0, 'a non-zero number');
  take('grayscale', bool, 'true or false');
  take('flip', bool, 'true or false');
  if (s.filter === 'custom') {
    take('perChannel', bool, 'true or false');
    if ('kernels' in raw) {
      const k = raw.kernels;
      if (Array.isArray(k) && k.length === 3 && k.every((t) => typeof t === 'string' && t.length <= MAX_TEXT)) s.kernels = k.slice();
      else problem(`${label}'s kernels must be three kernel texts (R, G and B) of at most ${MAX_TEXT} characters; the default kernel is used.`);
    }
  }
  return s;
}

/**
 * Any value → { state, problems }: every valid part kept, each invalid part at
 * its default and named (at most a few lines). Used by setState and by links.
 */
export function checkState(raw, catalog, problems = problemList()) {
  const state = initialState(catalog);
  const problem = (t) => problems.add(t);
  if (!isObject(raw)) {
    problem(`The state must be an object like getState() returns, not ${quote(raw)}; the default view is shown.`);
    return { state, problems: problems.lines() };
  }
  if ('sample' in raw) {
    if (raw.sample === null || SAMPLE_IDS.includes(raw.sample)) state.sample = raw.sample;
    else problem(`The sample ${quote(raw.sample)} is not known (samples: ${SAMPLE_IDS.join(', ')}); ${state.sample} is shown.`);
  }
  if (raw.photo === true) state.photo = true;
  if ('stages' in raw) {
    if (!Array.isArray(raw.stages) || raw.stages.length === 0) {
      problem('The filter chain must be a list of 1 to 8 stages; the default chain is used.');
    } else {
      if (raw.stages.length > MAX_STAGES) problem(`The chain has ${raw.stages.length} stages; at most ${MAX_STAGES} are kept.`);
      const stages = raw.stages.slice(0, MAX_STAGES).map((s, i) => checkStage(s, i, catalog, problem)).filter(Boolean);
      if (stages.length) state.stages = stages;
    }
  }
  if ('selected' in raw) {
    if (Number.isInteger(raw.selected) && raw.selected >= 0 && raw.selected < state.stages.length) state.selected = raw.selected;
    else problem(`Stage ${quote(typeof raw.selected === 'number' ? raw.selected + 1 : raw.selected)} cannot be selected: the chain has ${state.stages.length}; stage 1 is selected.`);
  }
  if ('compare' in raw) {
    if (COMPARE.includes(raw.compare)) state.compare = raw.compare;
    else problem(`The view ${quote(raw.compare)} is not one of ${COMPARE.join(', ')}; side by side is shown.`);
  }
  if ('split' in raw) {
    if (Number.isFinite(raw.split) && raw.split >= 0 && raw.split <= 100) state.split = raw.split;
    else problem(`The divider position ${quote(raw.split)} must be from 0 to 100; 50 is used.`);
  }
  if ('zoom' in raw) {
    if (raw.zoom === 'fit' || (Number.isFinite(raw.zoom) && raw.zoom >= ZOOM.min && raw.zoom <= ZOOM.max)) state.zoom = raw.zoom;
    else problem(`The zoom ${quote(raw.zoom)} must be fit or a percentage from ${ZOOM.min} to ${ZOOM.max}; fit is used.`);
  }
  if ('inspect' in raw && raw.inspect !== null) {
    const p = raw.inspect;
    const ok = (v) => Number.isInteger(v) && v >= 0 && v < MAX_COORD;
    if (isObject(p) && ok(p.x) && ok(p.y)) state.inspect = { x: p.x, y: p.y };
    else problem(`The inspected pixel ${quote(p)} must be { x, y } with whole numbers from 0; no pixel is inspected.`);
  }
  return { state, problems: problems.lines() };
}

// ---------- decoding ----------

function readKernel(raw, where, problem) {
  const rows = raw.split(';', MAX_SIDE + 2).filter((r, i, all) => r !== '' || i < all.length - 1);
  const wide = rows.length <= MAX_SIDE ? Math.max(0, ...rows.map((r) => r.split(',', MAX_SIDE + 1).length)) : 0;
  if (rows.length > MAX_SIDE || wide > MAX_SIDE) {
    problem(`${where} has ${rows.length > MAX_SIDE ? `more than ${MAX_SIDE} rows` : `a row of more than ${MAX_SIDE} numbers`}; kernels are at most ${MAX_SIDE}×${MAX_SIDE}. The default kernel is used.`);
    return null;
  }
  const texts = [];
  for (let r = 0; r < rows.length; r++) {
    const line = [];
    const cells = rows[r].split(',');
    for (let c = 0; c < cells.length; c++) {
      const cell = unescape(cells[c]);
      if (cell === null || !Number.isFinite(number(cell))) {
        problem(`${where} has ${quote(cell ?? cells[c])} at row ${r + 1}, column ${c + 1}, which is not a number (numbers look like 3, -1.5, 2e3 or 1/9); the default kernel is used.`);
        return null;
      }
      line.push(cell.trim().replace(/\u2212/g, '-'));
    }
    texts.push(line.join(' '));
  }
  const text = texts.join('\n');
  try {
    parseKernel(text);
  } catch (err) {
    problem(`${where}: ${err.message}; the default kernel is used.`);
    return null;
  }
  return text;
}

const BOOL = { 1: true, 0: false };

/** Reads one stage's keys into a raw stage object for checkState. */
function readStage(n, filter, keys, problem) {
  const where = (k) => `The link's stage ${n} ${k}`;
  const s = { filter };
  const num = (k, field) => {
    if (!(k in keys)) return;
    const v = number(unescape(keys[k]) ?? '');
    if (Number.isFinite(v)) s[field] = v;
    else problem(`${where(field)} ${quote(keys[k])} is not a number; the default is used.`);
  };
  const flag = (k, field) => {
    if (!(k in keys)) return;
    if (keys[k] in BOOL) s[field] = BOOL[keys[k]];
    else problem(`${where(field)} ${quote(keys[k])} must be 1 or 0; the default is used.`);
  };
  if ('out' in keys) s.output = keys.out;
  if ('border' in keys) s.border = keys.border;
  num('c', 'constant');
  num('div', 'divisor');
  num('bias', 'bias');
  flag('gray', 'grayscale');
  flag('flip', 'flip');
  if (filter === 'custom') {
    const per = ['kr', 'kg', 'kb'].some((k) => k in keys);
    const kernels = [];
    (per ? ['kr', 'kg', 'kb'] : ['k']).forEach((k, c) => {
      const label = per ? `${CHANNELS[c]} kernel (${k})` : 'kernel';
      if (!(k in keys)) problem(`${where(label)} is missing; the default kernel is used.`);
      kernels.push((k in keys && readKernel(keys[k], where(label), problem)) || undefined);
    });
    const base = kernels[0];
    s.perChannel = per;
    if (kernels.some(Boolean)) {
      const fill = kernels.find(Boolean);
      s.kernels = per ? kernels.map((k) => k ?? fill) : [base ?? fill, base ?? fill, base ?? fill];
    }
  }
  return s;
}

/** The hash → { state, problems }. Never throws; quick on any input (see MAX_LINK). */
export function decodeState(hash, catalog) {
  const problems = problemList();
  const problem = (t) => problems.add(t);
  const body = String(hash ?? '').replace(/^#/, '');
  if (body.length > MAX_LINK) {
    problem(`The link is ${body.length} characters long; links of this page are at most ${MAX_LINK}. The default view is shown.`);
    return { state: initialState(catalog), problems: problems.lines() };
  }
  const top = {};
  const stageKeys = new Map();
  const stageFilter = new Map();
  const parts = body.split('&', MAX_PARTS + 1);
  if (parts.length > MAX_PARTS) {
    problem(`The link has more than ${MAX_PARTS} parts; only the first ${MAX_PARTS} are read.`);
    parts.length = MAX_PARTS;
  }
  for (const part of parts) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    const m = /^s([1-9]\d?)(?:\.([a-z]+))?$/.exec(key);
    if (m && Number(m[1]) <= MAX_STAGES && (!m[2] || STAGE_KEYS.includes(m[2]))) {
      const n = Number(m[1]);
      if (!m[2]) stageFilter.set(n, value);
      else {
        if (!stageKeys.has(n)) stageKeys.set(n, {});
        stageKeys.get(n)[m[2]] = value;
      }
    } else if (TOP_KEYS.includes(key) && eq >= 0) {
      top[key] = value;
    } else {
      problems.later(`The link has ${quote(part)}, which this page does not read; it was ignored.`);
    }
  }
  const raw = {};
  if ('mode' in top && top.mode !== 'image') problem(`The link is for mode ${quote(top.mode)}; it is read as an image-mode link.`);
  if ('sample' in top) raw.sample = top.sample === 'none' ? null : top.sample;
  if (top.photo === 'omitted') {
    const sample = SAMPLE_IDS.includes(raw.sample) ? raw.sample : initialState(catalog).sample;
    problem(`This link was made with the sender's own photo, which a link never includes; it opens on the sample ${quote(sample ?? 'none')} instead.`);
  }
  for (const n of stageKeys.keys()) {
    if (!stageFilter.has(n)) problem(`The link has settings for stage ${n} but no s${n}=filter; they were ignored.`);
  }
  const numbers = [...stageFilter.keys()].sort((a, b) => a - b);
  if (numbers.length) raw.stages = numbers.map((n) => readStage(n, stageFilter.get(n), stageKeys.get(n) ?? {}, problem));
  if ('sel' in top) raw.selected = /^\d{1,3}$/.test(top.sel) ? Number(top.sel) - 1 : top.sel;
  if ('view' in top) raw.compare = top.view;
  if ('split' in top) raw.split = /^\d{1,3}(\.\d+)?$/.test(top.split) ? Number(top.split) : top.split;
  if ('zoom' in top) raw.zoom = top.zoom === 'fit' ? 'fit' : (/^\d{1,5}(\.\d+)?$/.test(top.zoom) ? Number(top.zoom) : top.zoom);
  if ('px' in top) {
    const m = /^(\d{1,6}),(\d{1,6})$/.exec(top.px);
    raw.inspect = m ? { x: Number(m[1]), y: Number(m[2]) } : top.px;
  }
  return checkState(raw, catalog, problems);
}

/** True for a hash meant for the page (not an in-page anchor such as #inspector-heading). */
export const isLinkHash = (hash) => String(hash ?? '').replace(/^#/, '').includes('=');
