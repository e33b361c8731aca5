// Share links of the transposed mode. Pure.
//
//   mode=transpose&in=1,2;3,4&k=1,0;2,1&s=2,2&d=1,1&p=0,0,0,0&op=0,0&step=1&y=0
//
//   in, k   input (1–6 × 1–6) and kernel (1–4 × 1–4): "," between cells, ";" between rows
//   s, d    stride and dilation "rows,columns" (one number sets both)
//   p       padding (cropping) "top,bottom,left,right" (one number: every side)
//   op      output padding "rows,columns"
//   step    the input cell being scattered, 1-based row by row
//   y       the adjoint check's test grid (a seed: 0, 1, 2, …)
//   preset  the example the state came from
// mode, embed, panels and readonly are the page's view keys and skipped here.
import { parseNumber, formatCellValue, quote } from '../shared/numbers.js';
import { transposeSpecs, defaultState, validateState } from './model.js';
import { capProblems } from '../signal/model.js';

export const MAX_LINK_CHARS = 4096;
const VIEW_KEYS = ['mode', 'embed', 'panels', 'readonly'];
const KEYS = ['in', 'k', 's', 'd', 'p', 'op', 'step', 'y', 'preset'];

const cell = (v) => encodeURIComponent(formatCellValue(v)).replace(/%2F/gi, '/');
const grid = (g) => g.map((r) => r.map(cell).join(',')).join(';');

export function encodeState(state) {
  const p = state.padding;
  const parts = [
    'mode=transpose',
    `in=${grid(state.input)}`,
    `k=${grid(state.kernel)}`,
    `s=${state.strideY},${state.strideX}`,
    `d=${state.dilationY},${state.dilationX}`,
    `p=${p.top},${p.bottom},${p.left},${p.right}`,
    `op=${state.outputPaddingY},${state.outputPaddingX}`,
    `step=${state.step + 1}`,
    `y=${state.probe}`,
  ];
  if (state.preset) parts.push(`preset=${encodeURIComponent(state.preset)}`);
  return parts.join('&');
}

function decodeText(raw) {
  try { return decodeURIComponent(raw); } catch { return null; }
}

function readGrid(raw, label, problems) {
  const text = decodeText(raw);
  if (text === null) { problems.push(`The link's ${label} has a broken %-escape; the default ${label} is used.`); return undefined; }
  const rows = text.split(';', 8).map((r) => r.split(',', 8));
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < rows[r].length; c++) {
      const v = parseNumber(rows[r][c]);
      if (Number.isNaN(v)) {
        problems.push(`The link's ${label} has "${quote(rows[r][c], 20)}" at row ${r + 1}, column ${c + 1}, which is not a number; the default ${label} is used.`);
        return undefined;
      }
      rows[r][c] = v;
    }
  }
  return rows;
}

const int = (s) => (/^\d{1,9}$/.test(s) ? Number(s) : s);

function readInts(raw, count) {
  const parts = raw.split(',', count + 1).map(int);
  if (parts.length === 1) return new Array(count).fill(parts[0]);
  return parts.length === count ? parts : null;
}

export function decodeState(hash, engineOptions) {
  const specs = transposeSpecs(engineOptions);
  const base = { ...defaultState(specs), preset: null };
  const body = String(hash ?? '').replace(/^#/, '');
  if (body.length > MAX_LINK_CHARS) {
    return { state: base, problems: [`The link is ${body.length} characters long; a transposed-mode link is at most ${MAX_LINK_CHARS}. The default example is shown.`] };
  }
  const problems = [];
  const obj = {};
  const unknown = [];
  const pair = (raw, a, b, label) => {
    const v = readInts(raw, 2);
    if (!v) { problems.push(`The link's ${label} "${quote(raw, 20)}" must be one or two whole numbers (rows,columns).`); return; }
    [obj[a], obj[b]] = v;
  };
  for (const part of body.split('&', 64)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    if (VIEW_KEYS.includes(key)) {
      if (key === 'mode' && raw !== 'transpose') problems.push(`The link is for the "${quote(raw, 20)}" mode, not the transposed mode; its transposed parts are read.`);
      continue;
    }
    if (!KEYS.includes(key)) { unknown.push(key); continue; }
    switch (key) {
      case 'in': { const g = readGrid(raw, 'input', problems); if (g) obj.input = g; break; }
      case 'k': { const g = readGrid(raw, 'kernel', problems); if (g) obj.kernel = g; break; }
      case 's': pair(raw, 'strideY', 'strideX', 'stride'); break;
      case 'd': pair(raw, 'dilationY', 'dilationX', 'dilation'); break;
      case 'op': pair(raw, 'outputPaddingY', 'outputPaddingX', 'output padding'); break;
      case 'p': {
        const v = readInts(raw, 4);
        if (!v) problems.push(`The link's padding "${quote(raw, 20)}" must be one or four whole numbers (top,bottom,left,right).`);
        else obj.padding = { top: v[0], bottom: v[1], left: v[2], right: v[3] };
        break;
      }
      case 'step': { const v = int(raw); obj.step = typeof v === 'number' && v >= 1 ? v - 1 : raw; break; }
      case 'y': obj.probe = int(raw); break;
      case 'preset': obj.preset = decodeText(raw); break;
      default: break;
    }
  }
  if (unknown.length) problems.push(`The link has ${unknown.slice(0, 3).map((k) => `"${quote(k, 20)}"`).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}, which the transposed mode does not read (it knows ${KEYS.join(', ')}); ignored.`);
  const checked = validateState(obj, specs, base);
  return { state: checked.state, problems: capProblems([...problems, ...checked.problems]) };
}
