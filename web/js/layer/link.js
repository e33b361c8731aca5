// Share links of the layer mode (pure, tested in Node). Stable format: only add keys.
//
//   #mode=layer&in=0,9;9,0|1,2;3,4&k=1,0;0,1|0,1;1,0!…&b=0,0.5&rgb=1&s=1,1&d=1,1&p=valid
//    &bd=constant&relu=1&pool=max,2,2,2,2&at=conv,1,2,3&step=4
//
//   in     the input: channels separated by "|", rows by ";", cells by ","
//   k      the kernels: kernels separated by "!", each as "in" (one slice per channel)
//   b      one bias per kernel          rgb  1: the three channels are an image's R, G, B
//   s, d   stride, dilation "rows,columns"   p  padding valid | same | full
//   bd     border                        relu 1 or 0
//   pool   none, or mode,rows,columns,strideRows,strideColumns
//   at     the inspected cell: stage (conv | relu | pool), map, row, column (1-based)
//   step   the shown step of its arithmetic, 1-based
import { createProblems } from '../shared/problems.js';
import { quote, formatCellValue } from '../shared/numbers.js';
import { VIEW_KEYS } from '../embed/params.js';
import { readParts } from '../shared/link-parts.js';
import { validateState } from './json.js';

// Thousands grouped by hand: the first toLocaleString of a process can cost more than the whole check.
const grouped = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export const MAX_LINK_CHARS = 32768;
const KEYS = ['in', 'k', 'b', 'rgb', 's', 'd', 'p', 'bd', 'relu', 'pool', 'at', 'step'];
const esc = (v) => encodeURIComponent(typeof v === 'number' ? formatCellValue(v) : String(v)).replace(/%2F/gi, '/');
function unesc(s) {
  try { return decodeURIComponent(s); } catch { return null; }
}

const planes = (chs) => chs.map((g) => g.map((r) => r.map(esc).join(',')).join(';')).join('|');

export function encodeState(state) {
  const o = state.options ?? {};
  const parts = ['mode=layer'];
  if (state.input) parts.push(`in=${planes(state.input)}`);
  if (state.kernels) parts.push(`k=${state.kernels.map(planes).join('!')}`);
  if (state.bias) parts.push(`b=${state.bias.map(esc).join(',')}`);
  if (state.image) parts.push('rgb=1');
  if (o.strideY !== undefined) parts.push(`s=${o.strideY},${o.strideX ?? o.strideY}`);
  if (o.dilationY !== undefined) parts.push(`d=${o.dilationY},${o.dilationX ?? o.dilationY}`);
  if (typeof o.padding === 'string') parts.push(`p=${o.padding}`);
  if (o.border !== undefined) parts.push(`bd=${esc(o.border)}`);
  if (state.relu !== undefined) parts.push(`relu=${state.relu ? 1 : 0}`);
  if (state.pool) {
    const p = state.pool;
    parts.push(p.mode === 'none' ? 'pool=none' : `pool=${p.mode},${p.height},${p.width},${p.strideY},${p.strideX}`);
  }
  if (state.inspect) {
    const i = state.inspect;
    parts.push(`at=${i.stage},${i.channel + 1},${i.row + 1},${i.col + 1}`);
  }
  if (state.step !== undefined) parts.push(`step=${state.step + 1}`);
  return parts.join('&');
}

/** "1,2;3,4|5,6;7,8" → [c][y][x] cell texts, stopping at sizes no view allows. */
function readPlanes(raw, problems, name) {
  const chs = raw.split('|', 5);
  if (chs.length > 4) {
    problems.add(`The link's ${name} has more than 3 channels; the current one is kept.`);
    return undefined;
  }
  const out = [];
  for (const ch of chs) {
    const rows = ch.split(';', 14);
    if (rows.length > 12) {
      problems.add(`The link's ${name} has more than 12 rows; the current one is kept.`);
      return undefined;
    }
    const g = [];
    for (const r of rows) {
      const cells = r.split(',', 14);
      if (cells.length > 12) {
        problems.add(`The link's ${name} has a row of more than 12 numbers; the current one is kept.`);
        return undefined;
      }
      const texts = cells.map(unesc);
      if (texts.includes(null)) {
        problems.add(`The link's ${name} has a cell that is not readable text; the current one is kept.`);
        return undefined;
      }
      g.push(texts);
    }
    out.push(g);
  }
  return out;
}

const pair = (raw) => {
  const p = raw.split(',');
  if ((p.length !== 1 && p.length !== 2) || p.some((x) => !/^\d{1,3}$/.test(x))) return null;
  return [Number(p[0]), Number(p[p.length - 1])];
};

export function decodeState(hash, specs, { maxLength = MAX_LINK_CHARS } = {}) {
  const body = String(hash ?? '').replace(/^#/, '');
  const problems = createProblems();
  if (body.length > maxLength) {
    problems.add(`This link is ${grouped(body.length)} characters long; layer links are at most ${grouped(maxLength)}, so none of it was read. The first preset is shown.`);
    return { state: {}, problems: problems.list() };
  }
  const obj = {};
  const options = {};
  const { parts, unknown, examples } = readParts(body, { keys: KEYS, viewKeys: VIEW_KEYS, show: (part) => quote(part, 30), maxParts: 100 });
  for (const { key, raw } of parts) {
    switch (key) {
      case 'in': obj.input = readPlanes(raw, problems, 'input'); break;
      case 'k': {
        const ks = raw.split('!', 6);
        if (ks.length > 4) problems.add('The link has more than 4 kernels; the current ones are kept.');
        else {
          const list = ks.map((k) => readPlanes(k, problems, 'kernels'));
          if (!list.includes(undefined)) obj.kernels = list;
        }
        break;
      }
      case 'b': {
        const list = raw.split(',', 6).map(unesc);
        if (list.includes(null)) problems.add('The link\'s bias is not readable; biases of 0 are used.');
        else obj.bias = list;
        break;
      }
      case 'rgb': obj.image = raw === '1'; break;
      case 's':
      case 'd': {
        const v = pair(raw);
        const name = key === 's' ? 'stride' : 'dilation';
        if (!v) problems.add(`The link's ${name} "${quote(raw, 20)}" must be one or two whole numbers (rows,columns); the default is used.`);
        else Object.assign(options, key === 's' ? { strideY: v[0], strideX: v[1] } : { dilationY: v[0], dilationX: v[1] });
        break;
      }
      case 'p': options.padding = unesc(raw) ?? raw; break;
      case 'bd': options.border = unesc(raw) ?? raw; break;
      case 'relu':
        if (raw === '0' || raw === '1') obj.relu = raw === '1';
        else problems.add(`The link's relu "${quote(raw, 20)}" must be 1 or 0.`);
        break;
      case 'pool': {
        const p = raw.split(',', 6);
        if (p[0] === 'none' && p.length === 1) obj.pool = { mode: 'none' };
        else if (p.length === 5 && p.slice(1).every((x) => /^\d{1,3}$/.test(x))) {
          obj.pool = { mode: p[0], height: Number(p[1]), width: Number(p[2]), strideY: Number(p[3]), strideX: Number(p[4]) };
        } else problems.add(`The link's pool "${quote(raw, 30)}" must be none or mode,rows,columns,strideRows,strideColumns (e.g. max,2,2,2,2); the current pooling is kept.`);
        break;
      }
      case 'at': {
        const p = raw.split(',', 5);
        const n = p.slice(1).map((x) => (/^\d{1,2}$/.test(x) ? Number(x) - 1 : -1));
        if (p.length === 4 && n.every((x) => x >= 0)) obj.inspect = { stage: p[0], channel: n[0], row: n[1], col: n[2] };
        else problems.add(`The link's inspected cell "${quote(raw, 30)}" must be stage,map,row,column (e.g. conv,1,2,3); the first cell is inspected.`);
        break;
      }
      case 'step':
        if (/^\d{1,4}$/.test(raw) && Number(raw) >= 1) obj.step = Number(raw) - 1;
        else problems.add(`The link's step "${quote(raw, 20)}" is not a whole number from 1; step 1 is shown.`);
        break;
      default: break;
    }
  }
  if (unknown) problems.add(`The link has ${examples.join(' and ')}${unknown > examples.length ? ` and ${unknown - examples.length} more parts` : ''}, which the layer mode does not read (it knows ${KEYS.join(', ')}); ignored.`);
  for (const k of ['input', 'kernels']) if (obj[k] === undefined) delete obj[k];
  if (Object.keys(options).length) obj.options = options;
  const { patch } = validateState(obj, specs, problems);
  return { state: patchJSON(patch), problems: problems.list() };
}

/** A validated patch as public JSON (cells stay the link's text, so 1/9 stays 1/9). */
function patchJSON(patch) {
  const out = { ...patch };
  if (out.options && !Object.keys(out.options).length) delete out.options;
  return out;
}
