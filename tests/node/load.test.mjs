// The loader's wasm hook (setWasmSource: bytes for the offline single file, a
// promise for its workers) and the explanations a page shows when loading fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createConvolution, setWasmSource } from '../../wasm/convolution.js';
import { explainLoadFailure, loadError, compileRefused } from '../../wasm/load-error.js';

const WASM = new URL('../../wasm/dist/convolution_core.wasm', import.meta.url);

test('setWasmSource: a promise of the bytes is awaited and used, not the file', async () => {
  let resolveBytes;
  setWasmSource(new Promise((r) => { resolveBytes = r; }));
  const pending = createConvolution();
  let done = false;
  pending.then(() => { done = true; });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(done, false, 'the engine must wait for the bytes');
  resolveBytes(new Uint8Array(await readFile(WASM)));
  const engine = await pending;
  const out = engine.convolve([[1, 2], [3, 4]], [[1, 0], [0, 1]]);
  assert.deepEqual(Array.from(out.data), [5]);
  assert.throws(() => setWasmSource(new Uint8Array(8)), /before createConvolution/);
});

const base = { url: 'https://example.org/c/wasm/convolution_core.wasm', protocol: 'https:', status: 0, hasWebAssembly: true, compileRefused: false, violation: null };

test('each load failure gets its own reason, and the message says what to do', () => {
  const cases = [
    [{ hasWebAssembly: false, error: new ReferenceError('WebAssembly is not defined') }, 'no-webassembly', /does not run WebAssembly/],
    [{ compileRefused: true, error: new WebAssembly.CompileError('refused') }, 'csp-wasm', /Content-Security-Policy blocks WebAssembly.*'wasm-unsafe-eval'/],
    [{ violation: { directive: 'script-src', blocked: 'wasm-eval' }, error: new WebAssembly.CompileError('x') }, 'csp-wasm', /'wasm-unsafe-eval'/],
    [{ violation: { directive: 'connect-src', blocked: base.url }, error: new TypeError('Failed to fetch') }, 'csp-fetch', /\(connect-src\) blocks downloading/],
    [{ protocol: 'file:', error: new TypeError('Failed to fetch') }, 'file', /opened from disk.*offline\/convolution-playground\.html/],
    [{ status: 404, error: new Error('HTTP 404') }, 'not-found', /missing on this server \(HTTP 404\)/],
    [{ status: 503, error: new Error('HTTP 503') }, 'http', /HTTP 503/],
    [{ error: new WebAssembly.CompileError('bad magic') }, 'corrupt', /not a working WebAssembly module/],
    [{ error: new TypeError('Failed to fetch') }, 'network', /could not be downloaded/],
    [{ error: new Error('odd') }, 'failed', /could not start: odd/],
  ];
  for (const [facts, reason, text] of cases) {
    const got = explainLoadFailure({ ...base, ...facts });
    assert.equal(got.reason, reason, JSON.stringify(facts));
    assert.match(got.message, text);
    assert.doesNotMatch(got.message, /npm/, 'a visitor cannot run npm');
  }
});

test('loadError carries code, reason and the cause', () => {
  const cause = new TypeError('Failed to fetch');
  const err = loadError({ ...base, error: cause });
  assert.equal(err.code, 'engine-unavailable');
  assert.equal(err.reason, 'network');
  assert.equal(err.cause, cause);
});

test('compileRefused is false where WebAssembly may be compiled', () => {
  assert.equal(compileRefused(), false);
});
