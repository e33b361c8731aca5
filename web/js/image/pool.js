// The worker pool, worker side. The coordinating image worker splits a
// filterImage job into row stripes (stripes.js), posts all but one to helper
// workers over MessagePorts the page gave it (buffers transferred, nothing
// shared: this works in a non-isolated iframe and from file://), filters its
// own stripe meanwhile and assembles the result. The bytes equal those of one
// filterImage call on the whole image; jobs that cannot be split exactly go to
// one call (see splitOf).
import { gaussianKernel } from './kernels.js';
import { planStripes, rowRuns } from './stripes.js';

const GEOMETRY = ['padding', 'border', 'constant', 'flip', 'strideY', 'strideX', 'dilationY', 'dilationX'];
// Each progress message redraws the page; with software compositing a frame that shows two
// full-resolution images costs most of a core, which the filter itself then lacks.
export const PROGRESS_EVERY_MS = 150;
// A helper that has not warmed up by then is left out of jobs until it has.
const SETTLE_MS = 5000;

/**
 * Kernels that between them take each of the engine's image paths: integer, float32 direct,
 * float32 separable with a mirrored factor, and the built-in filters' combines.
 */
function warmKernels(eng) {
  const g = gaussianKernel(5).kernel;
  // Weights that are no integers times one scale, with a dominant centre.
  const dense = (side) => ({
    height: side, width: side,
    data: Array.from({ length: side * side }, (_, i) => ((i * 7919) % 13 - 6) / 97 + (i === (side * side - 1) / 2 ? 1 : 0)),
  });
  return [
    { kernel: { height: 3, width: 3, data: [1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16) } },
    { kernel: dense(3) }, { kernel: dense(5) }, { kernel: dense(15) }, { kernel: g },
    ...eng.filters.map((f) => ({ filter: f.id })),
  ];
}

/**
 * Loads the engine and runs each image path a few times, then yields, so the first real job
 * meets optimised code: the wasm engine runs a function in its baseline tier until the function
 * has done enough work, and optimises it in the background (a call already running stays in
 * the baseline tier, which made a fresh worker's first large filter about twice as slow).
 */
export async function warmUp(engine) {
  const eng = await engine();
  const side = 128;
  const image = { width: side, height: side, data: new Uint8ClampedArray(side * side * 4).map((_, i) => (i * 37) & 255) };
  for (let round = 0; round < 3; round++) {
    for (const opts of warmKernels(eng)) eng.filterImage(image, opts);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Rows `from` … `from + rows − 1` of an RGBA image `width` wide held in `data`, as a view. */
function rowsOf(data, width, from, rows) {
  const row = width * 4;
  return { width, height: rows, data: data.subarray(from * row, (from + rows) * row) };
}

/**
 * Helper side: filters the stripes that arrive on `port`. A stripe comes with its
 * pixels, or names rows of the last block it was sent to keep (`keep`, then `ref`),
 * so a slider moved over one image sends the helper its rows only once.
 */
export function serveStripes(port, engine) {
  const ready = warmUp(engine).then(() => port.postMessage({ ready: true }), (err) => port.postMessage({ failed: err.message }));
  let kept = null; // { key, width, data }
  port.onmessage = async (e) => {
    const { id, options, keep, ref } = e.data;
    let { image } = e.data;
    await ready;
    try {
      if (keep) {
        kept = { key: keep.key, width: image.width, data: image.data };
        image = rowsOf(kept.data, kept.width, keep.from, keep.rows);
      } else if (ref) {
        if (kept?.key !== ref.key) throw new Error('the helper no longer holds the rows it was sent');
        image = rowsOf(kept.data, kept.width, ref.from, ref.rows);
      }
      const eng = await engine();
      let last = 0;
      const onProgress = (f) => {
        const now = performance.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        port.postMessage({ id, progress: f });
      };
      const result = eng.filterImage(image, { ...options, onProgress });
      port.postMessage({ id, result }, [result.data.buffer]);
    } catch (err) {
      port.postMessage({ id, error: err && err.message ? err.message : String(err) });
    }
  };
}

function isOpaque(data) {
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) return false;
  return true;
}

/** Whether every alpha byte of `img` is 255, remembered on the object (images are never changed in place). */
function opaque(img) {
  if (img.opaque === undefined) Object.defineProperty(img, 'opaque', { value: isOpaque(img.data) });
  return img.opaque;
}

/**
 * How to split this job over `count` workers, or null for one call: normalize
 * needs the min and max of the whole result before any byte is written, and
 * per-channel kernels of different sizes are planned (padded) per channel.
 */
export function splitOf(eng, input, options, count) {
  if (count < 2 || input.height < 2) return null;
  const table = eng.options.filterImage;
  const dflt = (name) => options[name] ?? table.find((o) => o.name === name).default;
  const filter = options.filter ? eng.filters.find((f) => f.id === options.filter) : null;
  const output = options.output ?? filter?.output ?? dflt('output');
  if (output === 'normalize') return null;
  const kernels = filter ? filter.kernels : options.kernel ? [options.kernel] : options.kernels;
  if (!Array.isArray(kernels) || !kernels.length) return null;
  const { height: kh, width: kw } = kernels[0];
  if (kernels.some((k) => k.height !== kh || k.width !== kw)) return null;
  const geometry = Object.fromEntries(GEOMETRY.map((name) => [name, dflt(name)]));
  const plan = eng.plan({ height: input.height, width: input.width }, { height: kh, width: kw }, geometry);
  const stripes = planStripes({
    height: input.height, outHeight: plan.outHeight, strideY: geometry.strideY,
    extentY: plan.extentY, top: plan.padding.top, border: geometry.border, count,
  });
  return stripes && { plan, geometry, stripes };
}

/** The input rows one stripe reads: a view of `input` when they are its own rows, else a copy with the border rows. */
function stripeInput(input, s, border) {
  const row = input.width * 4;
  const height = s.hi - s.lo;
  if (!s.copied) return rowsOf(input.data, input.width, s.lo, height);
  const data = new Uint8ClampedArray(height * row);
  for (const run of rowRuns(s.lo, s.hi, input.height, border)) {
    data.set(input.data.subarray(run.from * row, (run.from + run.count) * row), run.to * row);
  }
  return { width: input.width, height, data };
}

// Rows a helper is sent beyond its stripe's, so that the next job on the same image (another
// kernel size, say) still finds its rows there.
const KEEP_MARGIN_ROWS = 64;

export class StripePool {
  constructor() {
    this.ports = [];
    this.ready = new Set();
    this.pending = new Map();
    this.nextId = 1;
    this.settled = Promise.resolve();
    this.kept = new Map(); // helper index → { input, lo, hi, key }: the rows it holds
    this.nextKey = 1;
  }

  /**
   * The helpers' ports; each is used once it reports that its engine is warm.
   * Jobs wait until every helper is warm or gone (at most SETTLE_MS), so the
   * first job already runs on all of them.
   */
  attach(ports) {
    this.ports = ports;
    const waiting = new Set(ports.keys());
    let done;
    this.settled = new Promise((resolve) => { done = resolve; });
    this.settle = (index) => { waiting.delete(index); if (!waiting.size) done(); };
    if (!waiting.size) done();
    setTimeout(done, SETTLE_MS);
    ports.forEach((port, index) => {
      port.onmessage = (e) => this.receive(index, e.data);
    });
  }

  receive(index, m) {
    if (m.ready) { this.ready.add(index); this.settle(index); return; }
    if (m.failed) { this.lost(index); return; }
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.progress !== undefined) { p.onProgress(m.progress); return; }
    this.pending.delete(m.id);
    if (m.error) {
      // After a failure the helper's rows are not trusted: the next job sends them again.
      this.kept.delete(index);
      p.reject(new Error(m.error));
    } else {
      p.resolve(m.result);
    }
  }

  /** A helper that failed (or crashed): its jobs reject, and it gets no more. */
  lost(index) {
    this.ready.delete(index);
    this.kept.delete(index);
    this.settle?.(index);
    for (const [id, p] of this.pending) {
      if (p.index !== index) continue;
      this.pending.delete(id);
      p.reject(new Error('a helper worker stopped'));
    }
  }

  /** Workers a job can use now: this one and every warm helper. */
  get size() { return 1 + this.ready.size; }

  /**
   * Posts one stripe job to helper `index`. A stripe that is a view of `input`'s rows goes as
   * a reference when the helper holds those rows, else as a copy of them (with a margin) that
   * the helper keeps; a stripe of copied rows owns its buffer, which moves.
   */
  send(index, input, stripe, image, options, onProgress) {
    const id = this.nextId++;
    let message, transfer = [];
    if (image.data.buffer !== input.data.buffer) {
      message = { id, image, options };
      transfer = [image.data.buffer];
    } else {
      const held = this.kept.get(index);
      if (held && held.input === input && held.lo <= stripe.lo && stripe.hi <= held.hi) {
        message = { id, ref: { key: held.key, from: stripe.lo - held.lo, rows: stripe.hi - stripe.lo }, options };
      } else {
        const lo = Math.max(0, stripe.lo - KEEP_MARGIN_ROWS), hi = Math.min(input.height, stripe.hi + KEEP_MARGIN_ROWS);
        const block = rowsOf(input.data, input.width, lo, hi - lo);
        const key = this.nextKey++;
        const copy = { ...block, data: block.data.slice() };
        message = { id, image: copy, keep: { key, from: stripe.lo - lo, rows: stripe.hi - stripe.lo }, options };
        transfer = [copy.data.buffer];
        this.kept.set(index, { input, lo, hi, key });
      }
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { index, resolve, reject, onProgress });
      this.ports[index].postMessage(message, transfer);
    });
  }

  /**
   * eng.filterImage(input, options) over the pool; resolves to
   * { result, workers }. A failed split falls back to one call, which also
   * reports the job's own errors in the engine's words. `spare`: buffers no
   * longer in use that the result may be assembled into.
   */
  async filter(eng, input, options, onProgress, spare = []) {
    const whole = () => ({ result: eng.filterImage(input, { ...options, onProgress }), workers: 1 });
    await this.settled;
    let split = null;
    try {
      split = splitOf(eng, input, options, this.size);
    } catch {
      split = null;
    }
    if (!split) return whole();
    try {
      return { result: await this.run(eng, input, options, split, onProgress, spare), workers: split.stripes.length };
    } catch {
      return whole();
    }
  }

  async run(eng, input, options, split, onProgress, spare) {
    const jobs = stripeJobs(input, options, split);
    const fractions = new Array(jobs.length).fill(0);
    const report = (i, f) => {
      fractions[i] = f;
      onProgress?.(fractions.reduce((a, b) => a + b, 0) / jobs.length);
    };
    const helpers = [...this.ready];
    // The last stripe stays here: the posted ones run while this worker filters it.
    const own = jobs.length - 1;
    const posted = jobs.slice(0, own).map((j, i) => this.send(helpers[i], input, split.stripes[i], j.image, j.options, (f) => report(i, f)));
    let mine;
    try {
      mine = eng.filterImage(jobs[own].image, { ...jobs[own].options, onProgress: (f) => report(own, f) });
    } catch (err) {
      posted.forEach((p) => p.catch(() => {}));
      throw err;
    }
    return assemble(input, split, [...await Promise.all(posted), mine], spare);
  }
}

/**
 * The filterImage calls of a split job, one a stripe: { image, options }. An
 * image is a view of `input`'s rows where it can be, else a copy that owns its
 * buffer (StripePool.send decides what a helper is sent).
 */
export function stripeJobs(input, options, { plan, geometry, stripes }) {
  const { onProgress: _unused, ...base } = options;
  return stripes.map((s) => ({
    image: stripeInput(input, s, geometry.border),
    options: { ...base, padding: { top: s.padTop, bottom: s.padBottom, left: plan.padding.left, right: plan.padding.right } },
  }));
}

/**
 * The whole result from the stripes' results (in stripe order), in one of the `spare`
 * buffers of the right length if there is one, which is taken out of `spare` (the
 * stripes overwrite every byte).
 */
export function assemble(input, { plan, stripes }, parts, spare = []) {
  const { outHeight, outWidth } = plan;
  const row = outWidth * 4;
  const k = spare.findIndex((d) => d instanceof Uint8ClampedArray && d.length === outHeight * row && d.byteOffset === 0);
  const data = k >= 0 ? spare.splice(k, 1)[0] : new Uint8ClampedArray(outHeight * row);
  parts.forEach((part, i) => {
    if (part.width !== outWidth || part.height !== stripes[i].r1 - stripes[i].r0) throw new Error('a stripe came back with the wrong size');
    data.set(part.data, stripes[i].r0 * row);
  });
  const result = { width: outWidth, height: outHeight, data };
  fixAlpha(input, result, parts, stripes);
  return result;
}

/**
 * Alpha as one call gives it: the input's alpha when the result has the
 * input's size, else 255. A stripe carried its own input's alpha exactly when
 * its input and output sizes were equal, which is right only by accident;
 * with an opaque input every rule gives 255 and nothing needs doing.
 */
function fixAlpha(input, result, parts, stripes) {
  const carries = result.width === input.width && result.height === input.height;
  if (!opaque(input)) {
    const d = result.data;
    if (carries) {
      const a = input.data;
      for (let i = 3; i < d.length; i += 4) d[i] = a[i];
    } else {
      parts.forEach((part, i) => {
        if (part.height !== stripes[i].hi - stripes[i].lo || part.width !== input.width) return;
        const end = stripes[i].r1 * result.width * 4;
        for (let j = stripes[i].r0 * result.width * 4 + 3; j < end; j += 4) d[j] = 255;
      });
    }
  }
  Object.defineProperty(result, 'opaque', { value: carries ? opaque(input) : true });
}
