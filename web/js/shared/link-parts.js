// The parts of a share link's hash, as every mode reads them: "key=value" split on
// "&", the page's view keys skipped, parts that are not a key of the mode counted,
// the first two of them quoted for the message that names them. Pure.

/**
 * body: the hash without "#"; keys: the mode's keys; viewKeys: the page's (skipped);
 * show(part): how an unknown part is quoted; maxParts: how many "&" pieces are read at
 * most (empty ones count, as split('&', maxParts) would). Returns { parts: [{ key, raw }],
 * unknown, examples }.
 */
export function readParts(body, { keys, viewKeys, show, maxParts = Infinity }) {
  const parts = [];
  const examples = [];
  let unknown = 0;
  let start = 0;
  // A hand-written loop instead of split('&'): a million empty parts cost nothing.
  for (let n = 0; start <= body.length && n < maxParts; n++) {
    let end = body.indexOf('&', start);
    if (end < 0) end = body.length;
    const part = body.slice(start, end);
    start = end + 1;
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (viewKeys.includes(key)) continue;
    if (eq < 0 || !keys.includes(key)) {
      if (unknown++ < 2) examples.push(`"${show(part)}"`);
      continue;
    }
    parts.push({ key, raw: part.slice(eq + 1) });
  }
  return { parts, unknown, examples };
}
