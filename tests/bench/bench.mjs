// npm run bench: this engine against OpenCV.js, wasm-vips and a textbook JavaScript loop,
// in one Node process on the same generated images. Prints a table and writes
// build/bench/results.json. Timings are medians after a warm-up run; on a shared
// machine they still move by some per cent from run to run.
//
//   node tests/bench/bench.mjs [--quick] [--only dense3,gauss31] [--out file.json]
//                              [--engine path/convolution.js] [--baseline path/convolution.js]
// --engine times another build of the JS module; --baseline adds one (say a copy of an
// earlier build) as one more method, timed in alternation with the others under the same load.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { CASES, countDiffs, fastestMask, makeImage, measureTogether, referenceBytes, textbookFilter } from './cases.mjs';
import * as peers from './peers.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const outFile = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : 'build/bench/results.json');
// A method whose 1024² run predicts more than this per 12 MP run is skipped at 12 MP.
const SLOW_MS = quick ? 3000 : 10000;

const enginePath = resolve(args.includes('--engine') ? args[args.indexOf('--engine') + 1] : new URL('../../wasm/convolution.js', import.meta.url).pathname);
const { createConvolution } = await import(pathToFileURL(enginePath).href);
const engine = await createConvolution();
const baselinePath = args.includes('--baseline') ? resolve(args[args.indexOf('--baseline') + 1]) : null;
const baseline = baselinePath ? await (await import(pathToFileURL(baselinePath).href)).createConvolution() : null;
const loaded = await peers.loadPeers();
for (const p of Object.values(loaded)) {
  if (p.error) console.log(`! ${p.name} did not load (${p.error}); its columns are left out`);
}
const { opencv, vips } = loaded;
const ok = (p) => p && !p.error;

const vipsMasks = new Map(); // case id → the fixed-point mask vips runs fastest (on the 1024² image)

/** The methods to time for one case: [library, method, run(image) → bytes]. */
function methodsFor(c) {
  const k = c.kernel;
  const m = [['this engine', 'filterImage', (im) => engine.filterImage(im, { kernel: k }).data]];
  if (baseline) m.push(['baseline engine', 'filterImage', (im) => baseline.filterImage(im, { kernel: k }).data]);
  if (ok(opencv)) {
    m.push(['OpenCV.js', 'filter2D', (im) => peers.opencvFilter2D(opencv, im, k)]);
    if (c.opencvBlur) m.push(['OpenCV.js', 'GaussianBlur', (im) => peers.opencvGaussian(opencv, im, c.opencvBlur)]);
  }
  if (ok(vips)) {
    m.push(['wasm-vips', 'conv float', (im) => peers.vipsConvFloat(vips, im, k)]);
    if (!vipsMasks.has(c.id)) vipsMasks.set(c.id, fastestMask(c.intMasks, (mask) => peers.vipsConvInteger(vips, images[0], k, mask)));
    const mask = vipsMasks.get(c.id);
    const scale = c.intMasks.length > 1 ? ` (weights × ${mask.scale})` : '';
    m.push(['wasm-vips', `conv integer${scale}`, (im) => peers.vipsConvInteger(vips, im, k, mask)]);
    if (c.vipsBlur) m.push(['wasm-vips', 'gaussblur integer', (im) => peers.vipsGaussblur(vips, im, c.vipsBlur)]);
  }
  m.push(['JavaScript', 'textbook loop', (im) => textbookFilter(im, k)]);
  return m;
}

const sizes = quick ? [[1024, 1024]] : [[1024, 1024], [4000, 3000]];
const images = sizes.map(([w, h]) => makeImage(w, h, 7));
const rows = [];
const opts = quick ? { minRuns: 3, maxRuns: 5, budgetMs: 3000 } : {};

for (const c of CASES) {
  if (only && !only.includes(c.id)) continue;
  const reference = referenceBytes(engine, images[0], c.kernel);
  const predicted = new Map();
  for (const [si, image] of images.entries()) {
    const mpix = (image.width * image.height) / 1e6;
    const todo = [];
    for (const [library, method, run] of methodsFor(c)) {
      const key = `${library} ${method}`;
      const row = { case: c.id, label: c.label, size: `${image.width}x${image.height}`, library, method };
      rows.push(row);
      const guess = predicted.get(key) * (mpix / 1.048576);
      if (si > 0 && guess > SLOW_MS) row.skipped = `about ${(guess / 1000).toFixed(0)} s a run`;
      else todo.push({ row, key, run });
    }
    const times = measureTogether(todo.map((t) => () => t.run(image)), opts);
    todo.forEach(({ row, key }, q) => {
      const t = times[q];
      if (t.error) {
        row.error = t.error;
      } else {
        if (si === 0) Object.assign(row, countDiffs(t.first, reference));
        if (si === 0) predicted.set(key, t.ms);
        Object.assign(row, { ms: t.ms, runs: t.runs, mpixPerSec: mpix / (t.ms / 1000) });
      }
      process.stderr.write(`  ${c.id} ${row.size} ${key}: ${row.ms ? `${row.ms.toFixed(1)} ms` : row.error}\n`);
    });
  }
}

// Small calls: explain on 32×32 with 9×9, and the float64 matrix path.
const extras = [];
if (!only || only.includes('explain')) {
  const r = (() => { let s = 3; return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1; })();
  const input = { height: 32, width: 32, data: Array.from({ length: 1024 }, r) };
  const kernel = { height: 9, width: 9, data: Array.from({ length: 81 }, r) };
  const batch = 200;
  const explainWith = (e) => () => { for (let q = 0; q < batch; q++) e.explain(input, kernel, { padding: 'same' }, q % 32, (q * 7) % 32); };
  const engines = [['this engine', engine], ...(baseline ? [['baseline engine', baseline]] : [])];
  measureTogether(engines.map(([, e]) => explainWith(e)), opts).forEach((t, q) => {
    extras.push({ case: 'explain', label: 'explain 32×32, 9×9 kernel', library: engines[q][0], method: 'explain', usPerCall: (t.ms * 1000) / batch });
  });
}
if (!only || only.includes('convolve')) {
  const img = makeImage(1024, 1024, 9);
  const input = { height: 1024, width: 1024, data: Float64Array.from({ length: 1024 * 1024 }, (_, p) => img.data[4 * p] / 255) };
  const kernel = { height: 3, width: 3, data: [0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9] };
  const o = { padding: 'same', border: 'replicate' };
  const want = engine.convolve(input, kernel, o).data;
  const label = 'convolve float64 1024², 3×3';
  const methods = [['this engine', 'convolve', () => engine.convolve(input, kernel, o).data]];
  if (baseline) methods.push(['baseline engine', 'convolve', () => baseline.convolve(input, kernel, o).data]);
  if (ok(opencv)) methods.push(['OpenCV.js', 'filter2D CV_64F', () => peers.opencvFloat64(opencv, input, kernel)]);
  measureTogether(methods.map((m) => m[2]), opts).forEach((t, q) => {
    let maxAbsDiff = 0;
    for (let p = 0; p < want.length; p++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(t.first[p] - want[p]));
    extras.push({ case: 'convolve', label, library: methods[q][0], method: methods[q][1], ms: t.ms, runs: t.runs, maxAbsDiff });
  });
}

// Ratios to OpenCV.js filter2D of the same case and size.
for (const row of rows) {
  const base = rows.find((x) => x.case === row.case && x.size === row.size && x.method === 'filter2D');
  if (base?.mpixPerSec && row.mpixPerSec) row.ratioToOpenCV = row.mpixPerSec / base.mpixPerSec;
}

const meta = {
  date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length,
  loadAverage: os.loadavg().map((x) => +x.toFixed(2)), quick, engine: enginePath,
  peers: Object.fromEntries(Object.entries(loaded).map(([k, p]) => [k, p.error ? { error: p.error } : { version: p.version }])),
  note: 'MPix/s = output pixels per second, RGBA in and out, copies included; median of repeated runs after a warm-up; accuracy columns count R, G, B bytes of the 1024x1024 run against the float64 direct sum',
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify({ meta, rows, extras }, null, 1)}\n`);

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`\nConvolution benchmark, Node ${process.version}, ${meta.cpu} ×${meta.cores}, load ${meta.loadAverage.join(' ')}`);
console.log(`${pad('case', 22)}${pad('size', 11)}${pad('library / method', 34)}${lpad('MPix/s', 9)}${lpad('× OpenCV', 10)}${lpad('bytes off >1', 14)}`);
for (const r of rows) {
  const speed = r.mpixPerSec ? r.mpixPerSec.toFixed(1) : (r.skipped ? 'skipped' : 'error');
  const ratio = r.ratioToOpenCV ? r.ratioToOpenCV.toFixed(2) : '';
  const off = r.bytes ? `${((100 * r.offByMore) / r.bytes).toFixed(3)} %` : '';
  console.log(`${pad(r.label, 22)}${pad(r.size, 11)}${pad(`${r.library} ${r.method}`, 34)}${lpad(speed, 9)}${lpad(ratio, 10)}${lpad(off, 14)}${r.error ? `  ${r.error}` : ''}${r.skipped ? `  (${r.skipped})` : ''}`);
}
for (const e of extras) {
  const v = e.usPerCall !== undefined ? `${e.usPerCall.toFixed(1)} µs a call` : `${e.ms.toFixed(2)} ms${e.maxAbsDiff !== undefined ? ` (max |diff| ${e.maxAbsDiff.toExponential(1)})` : ''}`;
  console.log(`${pad(e.label, 33)}${pad(`${e.library} ${e.method}`, 34)}${v}`);
}
console.log(`\nwrote ${outFile}`);
