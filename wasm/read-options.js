// The one option reader: driven by a call's entries in engine.options (options.js), it reads
// the caller's options object once (own enumerable properties only, each getter once) and
// returns the snapshot with the defaults filled in. No option is checked by hand elsewhere.
import { describe, fail, formatNumber, quote } from './errors.js';
import { guarded, isArray, ownDescriptors, readMatrix, readNumbers, valueOf } from './args.js';

const list = (names) => names.map((v) => `'${v}'`).join(', ');

/** What an entry allows, in words, for messages. */
export function allowed(e) {
  switch (e.type) {
    case 'integer': return `an integer from ${e.min} to ${e.max}`;
    case 'number': return `a finite number from ${formatNumber(e.min)} to ${formatNumber(e.max)}`;
    case 'boolean': return 'true or false';
    case 'enum': return `one of ${list(e.values)}`;
    case 'filter': return 'a built-in filter id (engine.filters)';
    case 'function': return 'a function';
    case 'matrix': return '{ height, width, data } or an array of rows';
    case 'matrices': return `an array of ${e.count} matrices`;
    case 'numbers': return 'an array of finite numbers';
    case 'padding': return paddingForms(e);
    default: return e.type;
  }
}

function paddingForms(e) {
  const forms = [];
  if (e.values.length) forms.push(list(e.values));
  if (e.integer) forms.push(`an integer from ${e.min} to ${e.max} for every side`);
  forms.push(`an object { ${e.sides.join(', ')} }${e.allSides ? ' naming every side' : ''}`);
  return forms.join(' or ');
}

function readPadding(e, v) {
  if (typeof v === 'string') {
    if (e.values.includes(v)) return v;
    if (v === 'explicit') fail('bad-option', 'padding', `padding 'explicit' is written as an object { ${e.sides.join(', ')} }`);
    fail('unknown-name', 'padding', `padding must be ${paddingForms(e)}; got ${quote(v)}`);
  }
  const sides = {};
  for (const s of e.sides) sides[s] = 0;
  if (e.integer && typeof v === 'number') {
    if (!Number.isInteger(v) || v < e.min || v > e.max) {
      fail('bad-option', 'padding', `padding must be an integer from ${e.min} to ${e.max}, got ${describe(v)}`);
    }
    for (const s of e.sides) sides[s] = v;
    return sides;
  }
  if (v === null || typeof v !== 'object' || isArray(v)) fail('bad-option', 'padding', `padding must be ${paddingForms(e)}, got ${describe(v)}`);
  const own = guarded('bad-option', 'padding', () => ownDescriptors(v, (key) => {
    if (!e.sides.includes(key)) fail('bad-option', 'padding', `Unknown padding side ${quote(key)}; allowed: ${e.sides.join(', ')}`);
  }));
  for (const s of e.sides) {
    const field = `padding.${s}`;
    const d = own.get(s);
    const x = d === undefined ? undefined : guarded('bad-option', field, () => valueOf(v, d));
    if (x === undefined) {
      if (e.allSides) fail('bad-option', field, `padding as an object names every side (${e.sides.join(', ')}); ${s} is missing`);
      continue;
    }
    if (typeof x !== 'number' || !Number.isInteger(x) || x < e.min || x > e.max) {
      fail('bad-option', field, `${field} must be an integer from ${e.min} to ${e.max}, got ${describe(x)}`);
    }
    sides[s] = x;
  }
  return sides;
}

function readValue(e, v, limits) {
  const { name } = e;
  const bad = () => fail('bad-option', name, `${name} must be ${allowed(e)}, got ${describe(v)}`);
  switch (e.type) {
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < e.min || v > e.max) bad();
      return v;
    case 'number':
      if (typeof v !== 'number' || !(v >= e.min && v <= e.max)) {
        fail('bad-option', name, `${name} must be a finite number with magnitude at most ${formatNumber(e.max)}, got ${describe(v)}`);
      }
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') bad();
      return v;
    case 'function':
      if (typeof v !== 'function') bad();
      return v;
    case 'enum':
      if (typeof v === 'string' && e.values.includes(v)) return v;
      return fail(typeof v === 'string' ? 'unknown-name' : 'bad-option', name, `${name} must be ${allowed(e)}; got ${typeof v === 'string' ? quote(v) : describe(v)}`);
    case 'filter':
      if (typeof v === 'string' && e.values.includes(v)) return v;
      return fail(typeof v === 'string' ? 'unknown-name' : 'bad-option', name,
        `Unknown filter ${typeof v === 'string' ? quote(v) : describe(v)}; allowed: the built-in ids ${e.values.join(', ')}`);
    case 'padding':
      return readPadding(e, v);
    case 'matrix':
      return readMatrix(v, name, kernelLimits(limits));
    case 'matrices':
      return readMatrices(e, v, limits);
    case 'numbers':
      return readNumbers(v, name, { label: 'element', maxLength: limits.maxCells, magnitude: e.max });
    default:
      throw new Error(`engine.options: unknown type ${e.type}`);
  }
}

function kernelLimits(limits) {
  return { maxSide: limits.maxSide, maxCells: limits.maxKernelCells, magnitude: limits.maxMagnitude };
}

function readMatrices(e, v, limits) {
  const { name } = e;
  const example = `${name} must be ${allowed(e)} such as [kR, kG, kB]`;
  if (!isArray(v)) fail('bad-option', name, `${example}, got ${describe(v)}`);
  const length = guarded('bad-option', name, () => {
    const d = Reflect.getOwnPropertyDescriptor(v, 'length');
    return d ? valueOf(v, d) : undefined;
  });
  if (length !== e.count) fail('bad-option', name, `${example}, got an array of ${describe(length)}`);
  const out = [];
  for (let k = 0; k < e.count; k++) {
    const field = `${name}[${k}]`;
    const d = guarded('bad-value', field, () => Reflect.getOwnPropertyDescriptor(v, String(k)));
    if (d === undefined) fail('bad-shape', field, `${field} is missing (a hole in the array); ${example}, one per channel`);
    out.push(readMatrix(guarded('bad-value', field, () => valueOf(v, d)), field, kernelLimits(limits)));
  }
  return out;
}

/**
 * Reads options for `call` from its entries. Returns { values, given }: values holds every
 * entry's value (given or default), given the names the caller set.
 */
export function readOptions(entries, call, options, limits) {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || isArray(options)) {
    fail('bad-option', 'options', `${call} options must be an object such as { ${entries[0].name}: ${JSON.stringify(entries[0].default ?? 1)} }, got ${describe(options)}`);
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const own = guarded('bad-option', 'options', () => ownDescriptors(options, (key) => {
    if (!byName.has(key)) fail('bad-option', 'options', `Unknown option ${quote(key)} for ${call}; allowed: ${entries.map((e) => e.name).join(', ')}`);
  }));
  const values = {};
  const given = new Set();
  for (const e of entries) {
    const d = own.get(e.name);
    const v = d === undefined ? undefined : guarded('bad-option', e.name, () => valueOf(options, d));
    if (v === undefined) continue;
    values[e.name] = readValue(e, v, limits);
    given.add(e.name);
  }
  for (const e of entries) {
    if (given.has(e.name)) continue;
    if (e.required) fail('bad-option', e.name, `${call} needs ${e.name}: ${allowed(e)}`);
    values[e.name] = e.defaultFrom ? values[e.defaultFrom] : e.default;
  }
  checkGroups(entries, call, given);
  return { values, given };
}

function checkGroups(entries, call, given) {
  const groups = new Map();
  for (const e of entries) if (e.group) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);
  for (const members of groups.values()) {
    const set = members.filter((e) => given.has(e.name));
    const names = members.map((e) => e.name);
    if (set.length > 1) {
      fail('bad-option', set[1].name, `give only one of ${names.slice(0, -1).join(', ')} and ${names.at(-1)}, not ${set.map((e) => e.name).join(' and ')}`);
    }
    if (set.length === 0 && members[0].groupRequired) {
      fail('bad-option', names[0], `${call} needs one of: ${members.map((e) => `${e.name} (${allowed(e)})`).join(', ')}`);
    }
  }
}
