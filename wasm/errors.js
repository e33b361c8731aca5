// Errors a page can route (SEMANTICS.md section 5): every Error the engine throws carries a
// stable `code` and the `field` it is about, and its message quotes at most 80 characters
// of whatever the caller passed.

export const CODES = Object.freeze(['bad-shape', 'bad-value', 'bad-option', 'unknown-name', 'does-not-fit', 'too-large']);

const QUOTE_CHARS = 60; // of the caller's text, escaped; with the quotes and the length note a quote stays under 80

const ours = new WeakSet();

export function apiError(code, field, message, cause) {
  const err = new Error(message, cause === undefined ? undefined : { cause });
  err.code = code;
  err.field = field;
  ours.add(err);
  return err;
}

/** True for errors this module made (an error thrown by the caller's own code may imitate the fields). */
export function isApiError(err) {
  return ours.has(err);
}

export function fail(code, field, message) {
  throw apiError(code, field, message);
}

/** A number as the caller gave it: shortest round-trip digits, so a value above a bound never prints as the bound. */
export function formatNumber(v) {
  if (Number.isNaN(v)) return 'NaN (not a number)';
  if (v === Infinity || v === -Infinity) return `${v} (not finite)`;
  if (Object.is(v, -0)) return '-0';
  // Exact digits for big integers: 2 ** 63 prints as 9223372036854775808, not ...6000.
  if (Number.isInteger(v) && !Number.isSafeInteger(v) && Math.abs(v) < 1e21) return BigInt(v).toString();
  return String(v).replace('e+', 'e');
}

/** The caller's text in quotes, control characters escaped, cut after 60 characters with its length said. */
export function quote(s) {
  let shown = '';
  let k = 0;
  for (; k < s.length && shown.length < QUOTE_CHARS; k++) {
    const c = s.charCodeAt(k);
    shown += c < 0x20 || c === 0x7f || c === 0x27 || c === 0x5c ? JSON.stringify(s[k]).slice(1, -1).replace("'", "\\'") : s[k];
  }
  return k < s.length ? `'${shown}…' (${s.length} characters)` : `'${shown}'`;
}

const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), Symbol.toStringTag).get;

/** What a value is, in a few words, without running any of the caller's code. */
export function describe(v) {
  switch (typeof v) {
    case 'number': return formatNumber(v);
    case 'string': return `the string ${quote(v)}`;
    case 'bigint': { const s = String(v); return `the BigInt ${s.length > QUOTE_CHARS ? `${s.slice(0, QUOTE_CHARS)}… (${s.length} digits)` : s}n`; }
    case 'boolean': return String(v);
    case 'undefined': return 'undefined';
    case 'symbol': return 'a symbol';
    case 'function': return 'a function';
    default: break;
  }
  if (v === null) return 'null';
  try {
    if (Array.isArray(v)) return 'an array';
    const tag = typedArrayTag.call(v);
    if (tag) return `a ${tag}`;
    if (v instanceof DataView) return 'a DataView';
    if (v instanceof ArrayBuffer) return 'an ArrayBuffer';
  } catch {
    return 'a revoked Proxy';
  }
  return 'an object';
}

/** A 1-based position with its 0-based index, as "row 3 (index 2)": the page counts from 1, the API from 0. */
export function position(what, index) {
  return `${what} ${index + 1} (index ${index})`;
}
