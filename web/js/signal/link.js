// Share links of the 1-D mode. Pure: the page owns location.hash, the element its
// `state` attribute; both pass the text through here.
//
//   mode=1d&x=0,1,1,1&h=1,1,1,1&s=1&d=1&p=full&b=constant&c=0&f=1&step=1&fg=rect,rect&t=1
//
//   x, h    signal and kernel: 1–64 numbers separated by "," (fractions such as 1/3 stay exact)
//   s, d    stride and dilation (whole numbers; ranges from engine.options.convolve1d, narrowed)
//   p       padding: valid | same | full | causal, or "left,right"
//   b, c    border mode and its constant
//   f       1 = flip (convolution), 0 = no flip (cross-correlation)
//   step    the shown move, 1-based (1 is the fold)
//   fg      the continuous view's two functions, e.g. rect,exp
//   t       the continuous view's shift
//   preset  the example the state came from (shown as pressed)
// mode, embed, panels and readonly are the page's view keys and skipped here.
// Keys are only ever added, never renamed, so links already sent keep working.
import { parseNumber, formatCellValue, quote } from '../shared/numbers.js';
import { validateState, defaultState, signalSpecs, capProblems, sampleText } from './model.js';

export const MAX_LINK_CHARS = 8192;
const VIEW_KEYS = ['mode', 'embed', 'panels', 'readonly'];
const KEYS = ['x', 'h', 's', 'd', 'p', 'b', 'c', 'f', 'step', 'fg', 't', 'preset'];

const num = (v) => encodeURIComponent(sampleText(v, formatCellValue)).replace(/%2F/gi, '/');

/** State (as getState gives it) → the hash without "#". */
export function encodeState(state) {
  const p = typeof state.padding === 'object' ? `${state.padding.left},${state.padding.right}` : state.padding;
  const parts = [
    'mode=1d',
    `x=${state.signal.map(num).join(',')}`,
    `h=${state.kernel.map(num).join(',')}`,
    `s=${state.stride}`,
    `d=${state.dilation}`,
    `p=${p}`,
    `b=${state.border}`,
    `c=${num(state.constant)}`,
    `f=${state.flip ? 1 : 0}`,
    `step=${state.step + 1}`,
    `fg=${state.f},${state.g}`,
    `t=${num(state.t)}`,
  ];
  if (state.preset) parts.push(`preset=${encodeURIComponent(state.preset)}`);
  return parts.join('&');
}

function decodeText(raw) {
  try { return decodeURIComponent(raw); } catch { return null; }
}

function readList(raw, label, problems) {
  const text = decodeText(raw);
  if (text === null) { problems.push(`The link's ${label} has a broken %-escape; the default ${label} is used.`); return undefined; }
  const parts = text.split(',', 66);
  const values = parts.map((p) => parseNumber(p));
  const bad = values.findIndex((v) => Number.isNaN(v));
  if (bad >= 0) {
    problems.push(`The link's ${label} has "${quote(parts[bad], 20)}" at place ${bad + 1}, which is not a number (numbers look like 3, -1.5 or 1/3); the default ${label} is used.`);
    return undefined;
  }
  return values;
}

const readInt = (raw) => (/^\d{1,9}$/.test(raw) ? Number(raw) : raw);

/**
 * Hash (with or without "#", with or without mode=1d) → { state, problems }: valid parts
 * are kept, the rest keep the defaults and are named in at most a few sentences.
 * `engineOptions` (engine.options) supplies the names and ranges; without it the
 * engine's own table is used.
 */
export function decodeState(hash, engineOptions) {
  const specs = signalSpecs(engineOptions);
  const base = { ...defaultState(specs), preset: null };
  const body = String(hash ?? '').replace(/^#/, '');
  if (body.length > MAX_LINK_CHARS) {
    return { state: base, problems: [`The link is ${body.length} characters long; a 1-D link is at most ${MAX_LINK_CHARS}. The default example is shown.`] };
  }
  const problems = [];
  const obj = {};
  const unknown = [];
  for (const part of body.split('&', 64)) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    if (VIEW_KEYS.includes(key)) {
      if (key === 'mode' && raw !== '1d') problems.push(`The link is for the "${quote(raw, 20)}" mode, not the 1-D mode; its 1-D parts are read.`);
      continue;
    }
    if (!KEYS.includes(key)) { unknown.push(key); continue; }
    switch (key) {
      case 'x': { const v = readList(raw, 'signal', problems); if (v) obj.signal = v; break; }
      case 'h': { const v = readList(raw, 'kernel', problems); if (v) obj.kernel = v; break; }
      case 's': obj.stride = readInt(raw); break;
      case 'd': obj.dilation = readInt(raw); break;
      case 'p': {
        const m = /^(\d{1,9}),(\d{1,9})$/.exec(raw);
        obj.padding = m ? { left: Number(m[1]), right: Number(m[2]) } : (decodeText(raw) ?? raw);
        break;
      }
      case 'b': obj.border = decodeText(raw) ?? raw; break;
      case 'c': { const t = decodeText(raw); const v = t === null ? NaN : parseNumber(t); obj.constant = Number.isNaN(v) ? t ?? raw : v; break; }
      case 'f': obj.flip = raw === '1' ? true : raw === '0' ? false : raw; break;
      case 'step': {
        const v = readInt(raw);
        obj.step = typeof v === 'number' && v >= 1 ? v - 1 : raw;
        break;
      }
      case 'fg': {
        const [f, g, ...rest] = (decodeText(raw) ?? '').split(',');
        if (rest.length || g === undefined) problems.push(`The link's functions "${quote(raw, 30)}" must be two names such as rect,exp; the rectangle is used for both.`);
        else { obj.f = f; obj.g = g; }
        break;
      }
      case 't': { const t = decodeText(raw); const v = t === null ? NaN : parseNumber(t); obj.t = Number.isNaN(v) ? raw : v; break; }
      case 'preset': obj.preset = decodeText(raw); break;
      default: break;
    }
  }
  if (unknown.length) {
    problems.push(`The link has ${unknown.slice(0, 3).map((k) => `"${quote(k, 20)}"`).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}, which the 1-D mode does not read (it knows ${KEYS.join(', ')}); ignored.`);
  }
  const checked = validateState(obj, specs, base);
  return { state: checked.state, problems: capProblems([...problems, ...checked.problems]) };
}
