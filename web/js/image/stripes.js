// Pure geometry of the worker pool: how a filterImage job splits into row
// stripes that give exactly the rows of the whole-image result. Output row r
// reads the padded rows r·Sy … r·Sy + Ey − 1, that is source rows from
// r·Sy − top on; rows outside the image follow the border mode of the whole
// image (SEMANTICS §2–3), which a stripe cannot know by itself.

export const MAX_WORKERS = 4;

/** Workers for a machine reporting `hardwareConcurrency` logical cores: 1 … MAX_WORKERS. */
export function poolSize(hardwareConcurrency) {
  const n = Number.isSafeInteger(hardwareConcurrency) && hardwareConcurrency > 0 ? hardwareConcurrency : 1;
  return Math.min(n, MAX_WORKERS);
}

/** The source row that padded offset i (−∞ … ∞, 0 = first source row) reads in an n-row image; −1 for the constant. */
export function sourceRow(i, n, border) {
  if (i >= 0 && i < n) return i;
  switch (border) {
    case 'constant': return -1;
    case 'replicate': return i < 0 ? 0 : n - 1;
    case 'reflect': {
      const m = ((i % (2 * n)) + 2 * n) % (2 * n);
      return m < n ? m : 2 * n - 1 - m;
    }
    case 'reflect101': {
      if (n === 1) return 0;
      const p = 2 * n - 2;
      const m = ((i % p) + p) % p;
      return m < n ? m : p - m;
    }
    case 'wrap': return ((i % n) + n) % n;
    default: throw new Error(`unknown border mode ${border}`);
  }
}

/**
 * Rows lo … hi − 1 (padded offsets) as copies of source rows: a list of
 * { to, from, count } runs (destination row from 0, source row, rows), so the
 * in-image part moves as one block.
 */
export function rowRuns(lo, hi, n, border) {
  const runs = [];
  for (let i = lo; i < hi; i++) {
    const from = sourceRow(i, n, border);
    const last = runs[runs.length - 1];
    if (last && last.from + last.count === from) last.count++;
    else runs.push({ to: i - lo, from, count: 1 });
  }
  return runs;
}

/** Splits `total` rows into `count` stripes of near-equal size: [[r0, r1), …]. */
export function splitRows(total, count) {
  const k = Math.max(1, Math.min(count, total));
  const out = [];
  for (let i = 0; i < k; i++) out.push([Math.floor((i * total) / k), Math.floor(((i + 1) * total) / k)]);
  return out;
}

/**
 * The stripes of one job, or null when it cannot be split (one stripe, or a
 * stripe that would read no source row at all under the constant border).
 * `height`: source rows; `outHeight`, `top`, `extentY` ((kh − 1)·Dy + 1): the
 * whole image's plan. Each stripe: output rows [r0, r1); the stripe's input is
 * padded rows [lo, hi) (source offsets). Under `constant` these are real rows
 * only, and padTop/padBottom constant rows are the stripe's explicit padding
 * (the constant does not depend on where it is); so are the other borders'
 * where the stripe's own padding reads the same rows (padsAlike). Otherwise the
 * input holds every row it reads, border rows copied from where the whole
 * image's border mode takes them (see rowRuns), and needs no vertical padding.
 */
export function planStripes({ height, outHeight, strideY, extentY, top, border, count }) {
  const parts = splitRows(outHeight, count);
  if (parts.length < 2) return null;
  const stripes = [];
  for (const [r0, r1] of parts) {
    const s0 = r0 * strideY - top;
    const s1 = (r1 - 1) * strideY - top + extentY;
    const lo = Math.max(0, s0), hi = Math.min(height, s1);
    if (border === 'constant' && hi <= lo) return null;
    if (border === 'constant' || padsAlike(s0, s1, lo, hi, height, border)) {
      stripes.push({ r0, r1, lo, hi, padTop: lo - s0, padBottom: s1 - hi, copied: false });
    } else {
      stripes.push({ r0, r1, lo: s0, hi: s1, padTop: 0, padBottom: 0, copied: true });
    }
  }
  return stripes;
}

/**
 * Whether padded rows s0 … lo − 1 and hi … s1 − 1 of the whole image are what the
 * engine's own padding of source rows lo … hi − 1 gives under `border`: then a
 * stripe at the image's top or bottom edge is a plain view of the source rows
 * with explicit padding, as under `constant`. (Not under wrap, whose rows come
 * from the other edge, nor where a reflection would reach past the stripe.)
 */
function padsAlike(s0, s1, lo, hi, height, border) {
  if (hi <= lo) return false;
  const same = (i) => sourceRow(i, height, border) === lo + sourceRow(i - lo, hi - lo, border);
  for (let i = s0; i < lo; i++) if (!same(i)) return false;
  for (let i = hi; i < s1; i++) if (!same(i)) return false;
  return true;
}
