// Runs the exported Python snippets with Debian's python3 and its NumPy, SciPy, OpenCV
// and PyTorch packages, and compares what they print with engine.convolve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createConvolution } from '../../wasm/convolution.js';
import { exportCode, pyNumber, resolvePadding } from '../../web/js/shared/export-code.js';
import { rng } from './oracle.mjs';

const PYTHON = '/usr/bin/python3';
const APT = { numpy: 'python3-numpy', scipy: 'python3-scipy', cv2: 'python3-opencv', torch: 'python3-torch' };
const LIBRARIES = { numpy: ['numpy', 'scipy'], torch: ['torch'], opencv: ['numpy', 'cv2'] };

const engine = await createConvolution();
const random = rng(11);
const grid = (h, w, lo = -4, hi = 5) => Array.from({ length: h }, () => Array.from({ length: w }, () => random.int(lo, hi)));

// Each border with every padding kind, strides 1-3 and dilations 1-2 spread over them,
// then the corners: stride-1 SciPy path, n = 1 axes, even kernels, fractions, c ≠ 0.
function cases() {
  const list = [];
  const borders = ['constant', 'replicate', 'reflect', 'reflect101', 'wrap'];
  const paddings = ['valid', 'same', 'full', { top: 1, bottom: 2, left: 0, right: 3 }, { top: 7, bottom: 5, left: 9, right: 8 }];
  borders.forEach((border, b) => {
    paddings.forEach((padding, q) => {
      const k = b * paddings.length + q;
      list.push({
        input: grid(5, 6),
        kernel: grid(2 + (k % 2), 3),
        options: {
          strideY: 1 + (k % 3), strideX: 1 + ((k + 1) % 3), dilationY: 1 + (k % 2), dilationX: 1 + (Math.floor(k / 2) % 2),
          padding, border, constant: border === 'constant' ? -2.5 : 0, flip: k % 2 === 1,
        },
      });
    });
    list.push({ input: grid(4, 5), kernel: grid(3, 3), options: { padding: 'same', border, flip: b % 2 === 0 } });
    list.push({ input: grid(3, 3), kernel: grid(2, 2), options: { padding: { top: 4, bottom: 6, left: 2, right: 3 }, border } });
    // Lopsided and wider than the input: where numpy 1.24's np.pad leaves the rule.
    list.push({ input: grid(3, 4), kernel: grid(2, 2), options: { padding: { top: 1, bottom: 12, left: 13, right: 2 }, border, flip: true } });
    list.push({ input: grid(1, 4), kernel: grid(3, 2), options: { padding: 'full', dilationY: 2, strideX: 2, border, flip: true } });
  });
  const third = 1 / 3;
  list.push(
    { input: [[1, 2, 3, 0], [4, 5, 6, 1], [7, 8, 9, 2], [0, 1, 2, 3]], kernel: [[1, 0], [0, -1]], options: {} },
    { input: [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]], kernel: grid(3, 3), options: { strideY: 2, strideX: 2 } },
    { input: grid(5, 5, 0, 9).map((r) => r.map((v) => v / 10)), kernel: grid(3, 3, 1, 1).map((r) => r.map(() => 1 / 9)), options: { padding: 'same', border: 'constant', constant: third } },
    { input: grid(6, 7), kernel: grid(4, 2), options: { padding: 'same', strideY: 2, strideX: 3, border: 'reflect101', flip: true } },
    { input: grid(7, 5), kernel: grid(2, 4), options: { padding: 'same', dilationY: 2, dilationX: 2, border: 'constant', constant: 7 } },
    { input: grid(8, 9), kernel: grid(1, 1), options: { strideY: 3, strideX: 2, padding: { top: 0, bottom: 1, left: 2, right: 0 }, border: 'wrap' } },
    { input: grid(12, 10), kernel: grid(7, 7), options: { padding: 'same', dilationY: 2, dilationX: 2, border: 'reflect', flip: true } },
    { input: grid(2, 2, 0, 0).map((r) => r.map(() => 1e-300)), kernel: [[0.1, -2.5e-8], [1e90, 3]], options: { padding: 'full', border: 'replicate' } },
  );
  return list;
}

const CASES = cases();
const expected = CASES.map(({ input, kernel, options }) => engine.convolve(input, kernel, options));
const snippets = CASES.map((c) => exportCode(c));

// One python process per library: every snippet is exec'd in its own namespace, its
// print() captured, and `out` reported as JSON; a missing module is reported by name.
const RUNNER = `
import contextlib, io, json, sys, traceback
job = json.load(sys.stdin)
for name in job['imports']:
    try:
        __import__(name)
    except ImportError:
        print(json.dumps({'missing': name}))
        sys.exit(0)
results = []
for code in job['snippets']:
    try:
        ns = {'__name__': '__snippet__'}
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            exec(compile(code, '<snippet>', 'exec'), ns)
        out = ns['out']
        results.append({'dtype': str(out.dtype), 'values': [[float(v) if v == v and abs(v) != float('inf') else str(v) for v in row] for row in out.tolist()], 'printed': printed.getvalue() != ''})
    except Exception:
        results.append({'error': traceback.format_exc(limit=3)})
print(json.dumps({'results': results}))
`;

function python(script, stdin) {
  return new Promise((resolve, reject) => {
    const child = execFile(PYTHON, ['-c', script], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err?.code === 'ENOENT') reject(new Error(`${PYTHON} not found: install it with apt-get install python3 (or run scripts/setup.sh)`));
      else if (err) reject(new Error(`python3 failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout));
    });
    child.stdin.end(stdin);
  });
}

async function runLibrary(library) {
  const answer = await python(RUNNER, JSON.stringify({ imports: LIBRARIES[library], snippets: snippets.map((s) => s[library]) }));
  if (answer.missing) {
    assert.fail(`Python module '${answer.missing}' is missing: install it with apt-get install -y ${APT[answer.missing]} (scripts/setup.sh does)`);
  }
  return answer.results;
}

// Within 1e-9 of the largest term a window can add up: summation order differs by library.
function compare(library, results) {
  let exact = 0;
  results.forEach((r, k) => {
    const where = `${library} case ${k} ${JSON.stringify(CASES[k].options)}`;
    assert.ok(!r.error, `${where} raised:\n${r.error}\n${snippets[k][library]}`);
    assert.ok(r.printed, `${where}: the snippet prints nothing`);
    assert.match(r.dtype, /float64/, `${where}: dtype ${r.dtype}`);
    const want = expected[k];
    assert.deepEqual([r.values.length, r.values[0].length], [want.height, want.width], `${where}: output size`);
    const { input, kernel, options } = CASES[k];
    const big = Math.max(Math.abs(options.constant ?? 0), ...input.flat().map(Math.abs));
    const bound = big * kernel.flat().reduce((s, v) => s + Math.abs(v), 0);
    let same = true;
    r.values.forEach((row, i) => row.forEach((v, j) => {
      const w = want.data[i * want.width + j];
      assert.equal(typeof v, 'number', `${where}: cell (${i}, ${j}) is ${v}`);
      assert.ok(Math.abs(v - w) <= 1e-9 * bound, `${where}: cell (${i}, ${j}) is ${v}, the engine says ${w}\n${snippets[k][library]}`);
      if (v !== w) same = false;
    }));
    if (same) exact++;
  });
  return exact;
}

test('the cases cover every border with every padding kind and both sides of each library limit', () => {
  const text = (lib) => snippets.map((s) => s[lib]);
  for (const border of ['constant', 'replicate', 'reflect', 'reflect101', 'wrap']) {
    assert.ok(CASES.some((c) => c.options.border === border && typeof c.options.padding === 'object'
      && c.options.padding.top > c.input.length), `a ${border} case with padding wider than the input`);
  }
  assert.ok(text('numpy').some((s) => s.includes('correlate2d')) && text('numpy').some((s) => s.includes('sliding_window_view')));
  assert.ok(text('numpy').some((s) => s.includes('border_index')) && text('numpy').some((s) => s.includes("mode='wrap'")));
  assert.ok(text('torch').some((s) => s.includes('border_index')) && text('torch').some((s) => s.includes("mode='circular'")));
  assert.ok(text('torch').some((s) => s.includes("mode='reflect'")) && text('torch').some((s) => /conv2d\(x, w, stride=\(\d, \d\), padding=/.test(s)));
  assert.ok(text('opencv').some((s) => s.includes('spread')) && text('opencv').some((s) => s.includes('value=-2.5')));
});

// The three interpreters start at once; each test waits for its own.
const runs = Object.fromEntries(Object.keys(LIBRARIES).map((library) => [library,
  runLibrary(library).then((results) => ({ results }), (error) => ({ error }))]));

for (const library of Object.keys(LIBRARIES)) {
  test(`${library} snippets print what engine.convolve computes (${CASES.length} settings)`, async (t) => {
    const { results, error } = await runs[library];
    if (error) throw error;
    const exact = compare(library, results);
    t.diagnostic(`${library}: ${exact} of ${CASES.length} outputs bit-identical, the rest within 1e-9`);
  });
}

test('numbers are printed so that Python reads back the same float64', async () => {
  const values = [1 / 9, 0.1, 1 / 3, -2.5e-8, 1e21, 1.5e300, 5e-324, 2 ** 53 + 2, 123456789012345680000, -0, 1e100, -1e-100];
  const back = await python('import json, sys\nprint(json.dumps([repr(v) for v in eval(sys.stdin.read())]))', `[${values.map(pyNumber).join(', ')}]`);
  assert.deepEqual(back.map((s) => (s === '-0.0' ? -0 : Number(s))), values);
  assert.equal(pyNumber(1 / 9), '0.1111111111111111');
});

test("'same' and 'full' resolve to the padding engine.plan reports", () => {
  const r = rng(5);
  for (let k = 0; k < 400; k++) {
    const input = { height: r.int(1, 12), width: r.int(1, 12) };
    const kernel = { height: r.int(1, 6), width: r.int(1, 6) };
    const options = { padding: r.pick(['same', 'full', 'valid']), strideY: r.int(1, 4), strideX: r.int(1, 4), dilationY: r.int(1, 3), dilationX: r.int(1, 3) };
    let want;
    try { want = engine.plan(input, kernel, options).padding; } catch { continue; }
    assert.deepEqual(resolvePadding(input, kernel, options), want, JSON.stringify({ input, kernel, options }));
  }
});

test('bad settings get an error with code and field, not a broken snippet', () => {
  const ok = [[1, 2], [3, 4]];
  const cases = [
    [{ input: [], kernel: ok }, 'bad-shape', 'input'],
    [{ input: [[1, 2], [3]], kernel: ok }, 'bad-shape', 'input'],
    [{ input: ok, kernel: [[NaN]] }, 'bad-value', 'kernel'],
    [{ input: ok, kernel: ok, options: { stride: 2 } }, 'bad-option', 'stride'],
    [{ input: ok, kernel: ok, options: { strideX: 0 } }, 'bad-value', 'strideX'],
    [{ input: ok, kernel: ok, options: { border: 'mirror' } }, 'unknown-name', 'border'],
    [{ input: ok, kernel: ok, options: { padding: { top: -1 } } }, 'bad-value', 'padding.top'],
    [{ input: ok, kernel: ok, options: { padding: 'explicit' } }, 'unknown-name', 'padding'],
    [{ input: ok, kernel: [[1, 2, 3]] }, 'does-not-fit', 'kernel'],
  ];
  for (const [args, code, field] of cases) {
    assert.throws(() => exportCode(args), (err) => err.code === code && err.field === field && err.message.length > 10, JSON.stringify(args));
  }
});

test('the matrix state form { height, width, data } gives the same snippets as rows', () => {
  const rows = [[1, 2, 3], [4, 5, 6]];
  const flat = { height: 2, width: 3, data: Float64Array.from(rows.flat()) };
  assert.deepEqual(exportCode({ input: flat, kernel: { height: 1, width: 2, data: [1, -1] } }), exportCode({ input: rows, kernel: [[1, -1]] }));
});
