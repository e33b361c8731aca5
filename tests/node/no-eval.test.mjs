// The strict Content-Security-Policy course sites send (SEMANTICS §9) has no
// 'unsafe-eval': embind's glue must not build functions from strings. It does
// unless the module is linked with -sDYNAMIC_EXECUTION=0 (CMakeLists.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

test('the Emscripten glue contains no eval and no Function constructor', async () => {
  const glue = await readFile(new URL('../../wasm/dist/convolution_core.js', import.meta.url), 'utf8');
  assert.ok(glue.length > 1000, 'the glue was not built');
  assert.doesNotMatch(glue, /(^|[^\w$.])eval\s*\(/, 'eval( in the glue');
  assert.doesNotMatch(glue, /(^|[^\w$.])Function\s*\(/, 'Function( in the glue');
});
