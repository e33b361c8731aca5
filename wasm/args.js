// Reading the caller's arguments (SEMANTICS.md section 5): every argument is read exactly
// once, into the engine's own snapshot, before any work starts. Options count only as own
// enumerable properties; each getter and Proxy trap runs at most once per property; numbers
// land in fresh Float64Arrays, checked as they are read. Whatever the caller's objects do
// while being read (grow, shrink, resize their buffer, throw), the engine ends up with one
// consistent snapshot or an Error carrying `code` and `field`.
import { apiError, describe, fail, formatNumber, isApiError, position, quote } from './errors.js';

const TypedArray = Object.getPrototypeOf(Int8Array.prototype);
const typedTag = Object.getOwnPropertyDescriptor(TypedArray, Symbol.toStringTag).get;
const typedLength = Object.getOwnPropertyDescriptor(TypedArray, 'length').get;
const FLOAT_TAGS = new Set(['Float16Array', 'Float32Array', 'Float64Array']);
const HOLE = Symbol('hole');
const MAX_PROTO_DEPTH = 64;

/** The typed-array kind of x ('Float64Array', ...) or undefined, without running the caller's code. */
export function typedKind(x) {
  return typedTag.call(x);
}

/** Typed arrays of numbers: BigInt arrays cannot be mixed with doubles and a DataView has no elements. */
export function isNumberView(x) {
  const tag = typedTag.call(x);
  return tag !== undefined && tag !== 'BigInt64Array' && tag !== 'BigUint64Array';
}

/** Array.isArray that answers false for a revoked Proxy, whose next read then fails inside a guard. */
export function isArray(x) {
  try {
    return Array.isArray(x);
  } catch {
    return false;
  }
}

/** Runs a read of the caller's objects; whatever their code throws becomes an engine error. */
export function guarded(code, field, fn) {
  try {
    return fn();
  } catch (err) {
    if (isApiError(err)) throw err;
    const why = err instanceof Error ? quote(String(err.message)) : describe(err);
    throw apiError(code, field, `${field} could not be read: reading it threw ${why}; pass values the engine can read once (plain data, getters that return)`, err);
  }
}

/**
 * One property, read once: own or inherited, but never from Object.prototype, so a polluted
 * prototype cannot supply it while ImageData's prototype getters still work.
 */
export function getField(obj, key) {
  let o = obj;
  for (let depth = 0; o !== null && o !== Object.prototype && depth < MAX_PROTO_DEPTH; depth++) {
    const d = Reflect.getOwnPropertyDescriptor(o, key);
    if (d) return d.get ? d.get.call(obj) : d.value;
    o = Reflect.getPrototypeOf(o);
  }
  return undefined;
}

/**
 * Own enumerable string-keyed properties as descriptors (each Proxy trap runs once per key);
 * check(key) may throw to refuse a key before the rest are looked at.
 */
export function ownDescriptors(obj, check) {
  const out = new Map();
  for (const key of Reflect.ownKeys(obj)) {
    if (typeof key !== 'string') continue;
    const d = Reflect.getOwnPropertyDescriptor(obj, key);
    if (!d || !d.enumerable) continue;
    check(key);
    out.set(key, d);
  }
  return out;
}

/** The value a descriptor from ownDescriptors stands for; a getter runs here, once. */
export function valueOf(obj, d) {
  return d.get ? d.get.call(obj) : d.value;
}

function isIndexKey(k) {
  return typeof k === 'string' && /^(0|[1-9][0-9]*)$/.test(k);
}

const ARRAY_PROTO_KEYS = Reflect.ownKeys(Array.prototype).filter((k) => !isIndexKey(k)).length;
const OBJECT_PROTO_KEYS = Reflect.ownKeys(Object.prototype).filter((k) => !isIndexKey(k)).length;

// Array.prototype or Object.prototype holding index keys would fill holes of plain arrays.
// Their key counts are compared first, so the usual case costs no scan.
function prototypesHoldIndices() {
  const a = Reflect.ownKeys(Array.prototype);
  const o = Reflect.ownKeys(Object.prototype);
  return (a.length !== ARRAY_PROTO_KEYS && a.some(isIndexKey)) || (o.length !== OBJECT_PROTO_KEYS && o.some(isIndexKey));
}

/** A reader of element k of a list: HOLE for a missing own element; inherited elements do not count. */
function elementReader(x, inherited) {
  if (!inherited && isArray(x) && Reflect.getPrototypeOf(x) === Array.prototype) {
    return (k) => {
      const v = x[k];
      return v === undefined && !Object.hasOwn(x, k) ? HOLE : v;
    };
  }
  return (k) => {
    const d = Reflect.getOwnPropertyDescriptor(x, String(k));
    return d === undefined ? HOLE : d.get ? d.get.call(x) : d.value;
  };
}

/** The length of a list, read once, as a count from 0 to max. */
function lengthOf(x, field, what, max) {
  const len = typedTag.call(x) !== undefined ? typedLength.call(x) : getField(x, 'length');
  if (typeof len !== 'number' || !Number.isInteger(len) || len < 0) {
    fail('bad-shape', field, `${what} has a length of ${describe(len)}; a length is an integer from 0`);
  }
  if (len > max) fail('too-large', field, `${what} has ${formatNumber(len)} entries; at most ${max} are allowed`);
  return len;
}

function valueProblem(v) {
  if (v === HOLE) return 'missing (a hole in a sparse array)';
  if (typeof v !== 'number') return `${describe(v)}, which is not a number`;
  if (Number.isNaN(v)) return 'NaN (not a number)';
  if (!Number.isFinite(v)) return `${v}, which is not finite`;
  return `${formatNumber(v)}, which is too large`;
}

/**
 * Copies len values of list x into out from offset, checking each: a finite number with
 * magnitude at most `magnitude`. where(k) names value k in messages.
 */
function copyValues(x, out, offset, len, ctx, where) {
  const { field, magnitude, inherited } = ctx;
  const bad = (k, v) => fail('bad-value', field,
    `${field} value at ${where(k)} is ${valueProblem(v)}; values must be finite numbers with magnitude at most ${formatNumber(magnitude)}`);
  const tag = typedTag.call(x);
  if (tag !== undefined) {
    // No caller code runs between reading the length and this copy, so both see the same buffer.
    if (typedLength.call(x) !== len) fail('bad-shape', field, `${field} changed its length while it was read; pass data that stays the same while the engine copies it`);
    out.set(x, offset);
    if (FLOAT_TAGS.has(tag)) {
      for (let k = 0; k < len; k++) {
        const v = out[offset + k];
        if (!(v >= -magnitude && v <= magnitude)) bad(k, v);
      }
    }
    return;
  }
  const read = elementReader(x, inherited);
  for (let k = 0; k < len; k++) {
    const v = read(k);
    if (!(typeof v === 'number' && v >= -magnitude && v <= magnitude)) bad(k, v);
    out[offset + k] = v;
  }
}

function listKind(x) {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return 'none';
  const tag = typedTag.call(x);
  if (tag === 'BigInt64Array' || tag === 'BigUint64Array') return 'bigint';
  if (tag !== undefined) return 'typed';
  if (isArray(x)) return 'array';
  return 'other';
}

function checkSide(v, field, what, max) {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    fail('bad-shape', field, `${what} must be an integer from 1 to ${max}, got ${describe(v)}`);
  }
  if (v > max) fail('too-large', field, `${what} must be an integer from 1 to ${max}, got ${formatNumber(v)}`);
  return v;
}

function checkCells(sizes, field, maxCells) {
  const cells = sizes.reduce((a, b) => a * b, 1);
  if (cells > maxCells) {
    fail('too-large', field, `${field} is too large: ${sizes.join('x')} = ${formatNumber(cells)} cells; at most ${maxCells} cells are allowed`);
  }
  return cells;
}

/**
 * A tensor argument in either form the API takes: { <dims...>, data } (row-major) or nested
 * arrays as deep as there are dims (rows may be typed arrays). spec: { dims: ['height',
 * 'width'], labels: ['row', 'column'], maxSide, maxCells, magnitude, example }.
 * Returns { sizes, data: Float64Array }.
 */
export function readTensor(x, field, spec) {
  return guarded('bad-value', field, () => {
    const ctx = { field, magnitude: spec.magnitude, inherited: prototypesHoldIndices() };
    const kind = listKind(x);
    if (kind === 'array') return readNested(x, ctx, spec);
    if (kind !== 'other' || typeof x === 'function') fail('bad-shape', field, `${field} is ${describe(x)}; ${spec.example}`);
    return readFlat(x, ctx, spec);
  });
}

function readFlat(x, ctx, spec) {
  const { field } = ctx;
  const sizes = spec.dims.map((d) => checkSide(getField(x, d), field, `${field}.${d}`, spec.maxSide));
  const cells = checkCells(sizes, field, spec.maxCells);
  const data = getField(x, 'data');
  const kind = listKind(data);
  if (kind === 'bigint') fail('bad-value', field, `${field}.data is ${describe(data)}; use an array or a typed array of numbers such as Float64Array`);
  if (kind === 'none' || typeof data === 'function' || (kind === 'other' && data instanceof DataView)) {
    fail('bad-shape', field, `${field}.data must be an array or typed array of numbers in row-major order, got ${describe(data)}`);
  }
  const len = lengthOf(data, field, `${field}.data`, spec.maxCells);
  if (len !== cells) {
    fail('bad-shape', field, `${field}.data has ${formatNumber(len)} numbers but ${spec.dims.join(' × ')} = ${sizes.join(' × ')} = ${cells}; it must hold exactly ${cells} numbers in row-major order`);
  }
  const out = new Float64Array(cells);
  copyValues(data, out, 0, cells, ctx, (k) => flatPosition(k, sizes, spec.labels));
  return { sizes, data: out };
}

function flatPosition(k, sizes, labels) {
  const parts = [];
  for (let d = sizes.length - 1; d >= 0; d--) {
    parts.unshift(position(labels[d], k % sizes[d]));
    k = Math.floor(k / sizes[d]);
  }
  return parts.join(', ');
}

function readNested(x, ctx, spec) {
  const { field } = ctx;
  const depth = spec.dims.length;
  const sizes = [];
  let out = null;
  let offset = 0;
  const where = (path) => path.map((k, d) => position(spec.labels[d], k)).join(', ');
  const plural = (d) => `${spec.labels[d]}s`;
  const visit = (node, d, path) => {
    const what = d === 0 ? field : `${field} ${where(path)}`;
    const len = lengthOf(node, field, what, spec.maxSide);
    if (d === sizes.length) {
      if (len === 0) fail('bad-shape', field, d === 0 ? `${field} has no ${plural(0)}; ${spec.example}` : `${what} is empty; every ${spec.labels[d - 1]} needs at least one ${spec.labels[d]}`);
      sizes.push(len);
    } else if (len !== sizes[d]) {
      const first = where(path.map(() => 0));
      fail('bad-shape', field, `${what} has ${len} ${plural(d)} but ${first} has ${sizes[d]}; all ${plural(d - 1)} must have the same length`);
    }
    if (d === depth - 1) {
      if (out === null) out = new Float64Array(checkCells(sizes, field, spec.maxCells));
      copyValues(node, out, offset, len, ctx, (k) => where([...path, k]));
      offset += len;
      return;
    }
    const read = elementReader(node, ctx.inherited);
    for (let k = 0; k < len; k++) {
      const child = read(k);
      const kind = listKind(child);
      const at = `${field} ${where([...path, k])}`;
      if (child === HOLE) fail('bad-shape', field, `${at} is missing (a hole in a sparse array); ${spec.example}`);
      if (kind === 'array' || (kind === 'typed' && d + 1 === depth - 1)) {
        visit(child, d + 1, [...path, k]);
        continue;
      }
      if (d === 0 && k === 0 && typeof child === 'number') fail('bad-shape', field, `${field} is a flat array; ${spec.example}`);
      if (kind === 'bigint') fail('bad-value', field, `${at} is ${describe(child)}; every ${spec.labels[d]} must be an array or a typed array of numbers`);
      fail('bad-shape', field, `${at} is ${describe(child)}; every ${spec.labels[d]} must be an array${d + 1 === depth - 1 ? ' or a typed array of numbers' : ` of ${plural(d + 1)}`}`);
    }
  };
  visit(x, 0, []);
  return { sizes, data: out };
}

/** A matrix argument: { height, width, data } or an array of rows. Returns { height, width, data: Float64Array }. */
export function readMatrix(x, field, { maxSide, maxCells, magnitude }) {
  const { sizes, data } = readTensor(x, field, {
    dims: ['height', 'width'], labels: ['row', 'column'], maxSide, maxCells, magnitude,
    example: `${field} must be { height, width, data } or an array of rows such as [[1, 2], [3, 4]]`,
  });
  return { height: sizes[0], width: sizes[1], data };
}

/** A list of numbers (a signal, a bias per channel): an array or typed array. Returns a Float64Array. */
export function readNumbers(x, field, { label = 'element', maxLength, magnitude }) {
  return guarded('bad-value', field, () => {
    const kind = listKind(x);
    if (kind === 'bigint') fail('bad-value', field, `${field} is ${describe(x)}; use an array or a typed array of numbers`);
    if (kind !== 'array' && kind !== 'typed') fail('bad-shape', field, `${field} must be an array of numbers, got ${describe(x)}`);
    const len = lengthOf(x, field, field, maxLength);
    const out = new Float64Array(len);
    copyValues(x, out, 0, len, { field, magnitude, inherited: prototypesHoldIndices() }, (k) => position(label, k));
    return out;
  });
}

/** A shape for plan(): { height, width } (data not needed) or an array of rows. */
export function readShape(x, field, limits) {
  if (listKind(x) === 'array') return readMatrix(x, field, limits);
  return guarded('bad-value', field, () => {
    if (x === null || typeof x !== 'object') fail('bad-shape', field, `${field} must be { height, width } or an array of rows, got ${describe(x)}`);
    const height = checkSide(getField(x, 'height'), field, `${field}.height`, limits.maxSide);
    const width = checkSide(getField(x, 'width'), field, `${field}.width`, limits.maxSide);
    checkCells([height, width], field, limits.maxCells);
    return { height, width };
  });
}

/** An index argument (explain's i and j): an integer from 0 to max; `context` says where max comes from. */
export function readIndex(v, field, what, max, context) {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    fail('bad-value', field, `${field} (${what}, counted from 0) must be an integer from 0 to ${max} (${context}), got ${describe(v)}`);
  }
  return v;
}

/**
 * An image header: { width, height, data } (an ImageData works) with RGBA bytes. The bytes
 * are not copied here: the caller copies them to the heap after every other argument was
 * read, checking the length again at that moment.
 */
export function readImage(x, { maxImageSide }) {
  return guarded('bad-value', 'image', () => {
    if (x === null || typeof x !== 'object') fail('bad-shape', 'image', `image must be { width, height, data } (an ImageData works), got ${describe(x)}`);
    const width = checkSide(getField(x, 'width'), 'image', 'image.width', Infinity);
    const height = checkSide(getField(x, 'height'), 'image', 'image.height', Infinity);
    const data = getField(x, 'data');
    const tag = listKind(data) === 'typed' ? typedTag.call(data) : undefined;
    if (tag !== 'Uint8ClampedArray' && tag !== 'Uint8Array') {
      fail('bad-shape', 'image', `image.data must be a Uint8ClampedArray (or Uint8Array) of RGBA bytes, got ${describe(data)}`);
    }
    const len = typedLength.call(data);
    if (len !== width * height * 4) {
      fail('bad-shape', 'image', `image.data has ${len} bytes but width × height × 4 = ${formatNumber(width)} × ${formatNumber(height)} × 4 = ${formatNumber(width * height * 4)}; it must hold exactly 4 bytes (RGBA) per pixel`);
    }
    for (const [key, v] of [['width', width], ['height', height]]) {
      if (v > maxImageSide) fail('too-large', 'image', `image.${key} is ${v}; at most ${maxImageSide} pixels on a side can be filtered. Downscale it first.`);
    }
    return { width, height, data, bytes: len };
  });
}

/** The byte length of an image's data now (no caller code runs in this read). */
export function imageBytesNow(data) {
  return typedLength.call(data);
}
