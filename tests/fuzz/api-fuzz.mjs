// Fuzzes the public JS API (issue 7): random valid calls of convolve, explain, plan and
// filterImage against the independent oracle in tests/node/oracle.mjs, and hostile arguments
// (cases.mjs, hostile.mjs). Every call must give the oracle's result or an Error with a valid
// code and field, and leave engine.memory().inUse at its baseline.
//
//   node tests/fuzz/api-fuzz.mjs --seconds N [--seed S] [--cases N] [--case K]
//
// Case k draws from a generator seeded by (S, k) alone, so `--seed S --case k` replays it.
import { createConvolution } from '../../wasm/convolution.js';
import { rng } from '../node/oracle.mjs';
import { convolveCase, explainCase, filterImageCase, planCase } from './cases.mjs';
import { hostileCase } from './hostile.mjs';

const CODES = ['bad-shape', 'bad-value', 'bad-option', 'unknown-name', 'does-not-fit', 'too-large'];
const MAX_FINDINGS = 10;

function parseArgs(argv) {
  const args = { seconds: 10, seed: null, cases: Infinity, only: null };
  for (let k = 0; k < argv.length; k++) {
    const [key, inline] = argv[k].split('=');
    const value = () => Number(inline ?? argv[++k]);
    if (key === '--seconds') args.seconds = value();
    else if (key === '--seed') args.seed = value();
    else if (key === '--cases') args.cases = value();
    else if (key === '--case') args.only = value();
    else throw new Error(`api-fuzz: unknown argument ${argv[k]}; use --seconds N [--seed S] [--cases N] [--case K]`);
  }
  for (const [key, v] of Object.entries(args)) {
    if (v !== null && v !== Infinity && !(Number.isInteger(v) && v >= 0)) throw new Error(`api-fuzz: --${key} must be a non-negative integer`);
  }
  args.seed ??= (Date.now() ^ (process.pid << 16)) >>> 0;
  return args;
}

const GENERATORS = [
  [convolveCase, 30], [explainCase, 12], [planCase, 8], [filterImageCase, 15], [hostileCase, 35],
];
const TOTAL = GENERATORS.reduce((s, [, w]) => s + w, 0);

function makeCase(seed, k, engine) {
  const r = rng((seed ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0);
  let pick = r() * TOTAL;
  for (const [gen, weight] of GENERATORS) {
    pick -= weight;
    if (pick < 0) return gen(r, engine);
  }
  return GENERATORS[0][0](r, engine);
}

function errorProblem(err, expect) {
  if (!(err instanceof Error)) return `threw a non-Error: ${String(err).slice(0, 200)}`;
  if (!CODES.includes(err.code)) return `threw an Error without a valid code (${String(err.code)}): ${err.message.slice(0, 300)}`;
  if (typeof err.field !== 'string' || err.field.length === 0 || err.field.length > 100) return `threw an Error without a valid field: ${err.message.slice(0, 300)}`;
  if (err.message.length > 600) return `a ${err.message.length}-character message: ${err.message.slice(0, 200)}…`;
  if (!expect.error) return `threw ${err.code} (${err.field}): ${err.message.slice(0, 300)}`;
  if (!expect.error.includes(err.code)) return `threw ${err.code}, want ${expect.error.join(' or ')}: ${err.message.slice(0, 300)}`;
  if (expect.field && err.field !== expect.field) return `field ${err.field}, want ${expect.field}: ${err.message.slice(0, 300)}`;
  return '';
}

/** Runs one case; returns '' or what is wrong. */
function check(c, engine, baseline) {
  let result;
  let thrown = null;
  let threw = false;
  try {
    result = c.run();
  } catch (err) {
    threw = true;
    thrown = err;
  }
  let problem = threw ? errorProblem(thrown, c.expect)
    : c.expect.error ? `returned a result, want an error ${c.expect.error.join(' or ')}` : c.expect.compare(result);
  const inUse = engine.memory().inUse;
  if (!problem && inUse !== baseline) problem = `engine.memory().inUse is ${inUse}, baseline ${baseline}`;
  return problem;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const engine = await createConvolution();
  // Warm the allocator up to its steady state before taking the baseline.
  for (let k = 0; k < 200; k++) {
    try { makeCase(1, k, engine).run(); } catch { /* errors are expected here */ }
  }
  const baseline = engine.memory().inUse;
  const start = performance.now();
  const deadline = start + args.seconds * 1000;
  let passed = 0;
  let failed = 0;
  let resets = 0;
  const first = args.only ?? 0;
  const last = args.only ?? Infinity;
  for (let k = first; k <= last && passed + failed < args.cases; k++) {
    if (args.only === null && (k & 63) === 0 && performance.now() > deadline) break;
    let c;
    let problem;
    try {
      c = makeCase(args.seed, k, engine);
      problem = check(c, engine, baseline);
    } catch (err) {
      problem = `the fuzzer itself failed: ${err?.stack ?? err}`;
    }
    if (!problem) { passed++; continue; }
    failed++;
    console.log(`api-fuzz: FINDING in case ${k} (${c?.name ?? '?'}); replay: node tests/fuzz/api-fuzz.mjs --seed ${args.seed} --case ${k}\n  ${problem}${c?.detail ? `\n  ${c.detail().slice(0, 2000)}` : ''}`);
    if (engine.memory().inUse !== baseline) resets++;
    if (failed >= MAX_FINDINGS || resets > 0) break;
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(`api-fuzz: seed ${args.seed}, ${passed + failed} cases in ${seconds.toFixed(1)} s${failed ? ` (replay with --seed ${args.seed})` : ''}`);
  console.log(`api-fuzz: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
