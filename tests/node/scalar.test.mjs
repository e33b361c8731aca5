import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const child = new URL('./fixtures/filter-digest.mjs', import.meta.url).pathname;
const run = (...args) => JSON.parse(execFileSync(process.execPath, [child, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 }));

test('an engine without wasm SIMD loads the scalar build, which gives the same bytes', () => {
  const simd = run();
  const scalar = run('--scalar');
  assert.equal(simd.build, 'simd');
  assert.equal(scalar.build, 'scalar');
  assert.equal(scalar.bytes.length, simd.bytes.length);
  scalar.bytes.forEach((hex, k) => assert.equal(hex, simd.bytes[k], `output ${k}`));
});

test('the scalar build contains no SIMD instruction and the SIMD build does', (t) => {
  // binaryen's disassembler comes with Emscripten, which builds these files.
  const dis = (file) => execFileSync('wasm-dis', [new URL(`../../wasm/dist/${file}`, import.meta.url).pathname], { encoding: 'utf8', maxBuffer: 1 << 28 });
  let scalar;
  try {
    scalar = dis('convolution_core_scalar.wasm');
  } catch {
    t.skip('wasm-dis (binaryen) is not installed');
    return;
  }
  const simdOps = (text) => (text.match(/\b(v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\./g) ?? []).length;
  assert.equal(simdOps(scalar), 0);
  assert.ok(simdOps(dis('convolution_core.wasm')) > 100);
});
