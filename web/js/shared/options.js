// Option controls and option validation built from `engine.options` (SEMANTICS §5):
// names, types, defaults and ranges are the engine's data; a page only says which
// options it shows, how it labels them and, where it wants, a narrower range
// (a 32×32 teaching grid has no use for stride 65536).
// The pure part (specs, defaults, readOption) runs in Node; buildOptionControls
// needs a document, which it takes from the root it is given.
import { parseNumber, describeBadNumber, quote } from './numbers.js';

/** The spec list of one call, keyed by option name. Throws when the engine lacks the call. */
export function specsOf(options, call) {
  const list = options?.[call];
  if (!Array.isArray(list)) throw new Error(`engine.options has no entry for "${call}"`);
  const map = new Map();
  for (const s of list) map.set(s.name, s);
  return map;
}

/** A spec narrowed by a page's own limits ({ min?, max? }), never widened past the engine's. */
export function narrow(spec, limit = {}) {
  const out = { ...spec };
  if (limit.min !== undefined) out.min = Math.max(spec.min ?? -Infinity, limit.min);
  if (limit.max !== undefined) out.max = Math.min(spec.max ?? Infinity, limit.max);
  if (limit.values) out.values = spec.values.filter((v) => limit.values.includes(v));
  return out;
}

/** { name: default } for the listed names (all when omitted). */
export function defaultsOf(specs, names = [...specs.keys()]) {
  const o = {};
  for (const n of names) {
    const s = specs.get(n);
    if (s && s.default !== undefined) o[n] = s.default;
  }
  return o;
}

const PAD_SIDES = ['top', 'bottom', 'left', 'right'];

function readInteger(spec, text, label) {
  const t = String(text).trim();
  const v = /^[+-]?\d+$/.test(t) ? Number(t) : NaN;
  const range = `from ${spec.min ?? '−∞'} to ${spec.max ?? '∞'}`;
  if (!Number.isSafeInteger(v) || (spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
    return { error: { code: 'bad-option', field: spec.name, message: `${label} must be a whole number ${range}; "${quote(t)}" is not.` } };
  }
  return { value: v };
}

/**
 * A control's value (text for numbers, a string for enums, a boolean for checkboxes,
 * an object for explicit padding) → { value } or { error: { code, field, message } }.
 */
export function readOption(spec, raw, label = spec.name) {
  switch (spec.type) {
    case 'integer':
      return readInteger(spec, raw, label);
    case 'number': {
      const v = typeof raw === 'number' ? raw : parseNumber(raw);
      if (!Number.isFinite(v)) return { error: { code: 'bad-option', field: spec.name, message: `${label} ${describeBadNumber(raw)}.` } };
      if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
        return { error: { code: 'bad-option', field: spec.name, message: `${label} must be from ${spec.min} to ${spec.max}; "${quote(raw)}" is not.` } };
      }
      return { value: v };
    }
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === '1' || raw === 'true') return { value: true };
      if (raw === '0' || raw === 'false') return { value: false };
      return { error: { code: 'bad-option', field: spec.name, message: `${label} must be on or off (1 or 0); "${quote(raw)}" is neither.` } };
    case 'enum':
      if (spec.values.includes(raw)) return { value: raw };
      return { error: { code: 'unknown-name', field: spec.name, message: `${label} "${quote(raw)}" is not known; it is one of ${spec.values.join(', ')}.` } };
    case 'padding': {
      if (typeof raw === 'string') {
        if (spec.values.includes(raw)) return { value: raw };
        return { error: { code: 'unknown-name', field: spec.name, message: `${label} "${quote(raw)}" is not known; it is one of ${spec.values.join(', ')}, or four whole numbers for top, bottom, left and right.` } };
      }
      if (!raw || typeof raw !== 'object') return { error: { code: 'bad-option', field: spec.name, message: `${label} must be ${spec.values.join(', ')} or { top, bottom, left, right }.` } };
      const side = { name: spec.name, min: spec.sideMin ?? 0, max: spec.sideMax ?? 65536 };
      const value = {};
      for (const k of PAD_SIDES) {
        const r = readInteger({ ...side, name: `${spec.name}.${k}` }, raw[k] ?? '', `${label} ${k}`);
        if (r.error) return r;
        value[k] = r.value;
      }
      return { value };
    }
    default:
      return { error: { code: 'bad-option', field: spec.name, message: `${label} cannot be set here.` } };
  }
}

let controlCount = 0;

/**
 * Builds one labelled control per listed option inside `container` (an element of the
 * root the caller renders into) and returns { controls: Map(name → element), read() }.
 * `fields` is [{ name, label, ariaLabel?, limit?, describe?(value) → option text, hint?, explicit? }]
 * (`explicit` adds an "explicit" choice to a padding select).
 * Integers become number inputs, numbers text inputs (fractions allowed), enums and
 * padding presets selects, booleans checkboxes; the defaults are the engine's.
 */
export function buildOptionControls(container, specs, fields, { idPrefix } = {}) {
  const doc = container.ownerDocument;
  const prefix = idPrefix ?? `opt${++controlCount}-`;
  const controls = new Map();
  const used = new Map();
  for (const f of fields) {
    const base = specs.get(f.name);
    if (!base) throw new Error(`the engine has no option "${f.name}"`);
    const spec = narrow(base, f.limit);
    used.set(f.name, spec);
    const wrap = doc.createElement('div');
    wrap.className = `field option-${f.name}`;
    const id = `${prefix}${f.name}`;
    const label = doc.createElement('label');
    label.htmlFor = id;
    label.textContent = f.label;
    let input;
    if (spec.type === 'enum' || spec.type === 'padding') {
      input = doc.createElement('select');
      const values = [...spec.values, ...(spec.type === 'padding' && f.explicit ? ['explicit'] : [])];
      for (const v of values) {
        const o = doc.createElement('option');
        o.value = v;
        o.textContent = f.describe ? f.describe(v) : v;
        input.append(o);
      }
      input.value = typeof spec.default === 'string' ? spec.default : values[0];
    } else if (spec.type === 'boolean') {
      input = doc.createElement('input');
      input.type = 'checkbox';
      input.checked = Boolean(spec.default);
      wrap.classList.add('check');
    } else {
      input = doc.createElement('input');
      input.type = spec.type === 'integer' ? 'number' : 'text';
      input.inputMode = spec.type === 'integer' ? 'numeric' : 'decimal';
      if (spec.type === 'integer') {
        if (spec.min !== undefined) input.min = String(spec.min);
        if (spec.max !== undefined) input.max = String(spec.max);
      }
      input.value = String(spec.default ?? '');
    }
    input.id = id;
    input.dataset.option = f.name;
    if (f.ariaLabel) input.setAttribute('aria-label', f.ariaLabel);
    if (spec.type === 'boolean') wrap.append(input, label);
    else wrap.append(label, input);
    if (f.hint) {
      const hint = doc.createElement('span');
      hint.className = 'hint';
      hint.textContent = f.hint;
      wrap.append(hint);
    }
    container.append(wrap);
    controls.set(f.name, input);
  }
  function read() {
    const values = {};
    const errors = [];
    for (const f of fields) {
      const input = controls.get(f.name);
      const spec = used.get(f.name);
      const raw = spec.type === 'boolean' ? input.checked : input.value;
      const r = readOption(spec, raw, f.label);
      if (r.error) errors.push(r.error);
      else values[f.name] = r.value;
    }
    return { values, errors };
  }
  return { controls, specs: used, read };
}
