// Browser tests of the matrix playground (web/index.html) in headless Chromium.
// Every number the page shows is checked against the engine itself, called inside
// the page, on inputs and settings written out here (not read back from the
// page's own preset table), so a wrong preset or a wrong option mapping fails.
//
// Accessible names used (also what course pages and assistive tech rely on):
//   buttons "Play"/"Pause", "Step forward", "Step back", "First step", "Last step";
//   sliders "Step", "Speed"; selects "Padding", "Border" (getByLabel with exact: true,
//   because "Padding top" etc. also contain the word); checkbox "Flip kernel";
//   per-axis settings are fieldsets: getByRole('group', { name: 'Stride' }) holding
//   inputs "Stride rows" / "Stride columns" (same for "Dilation");
//   cells "Input row R column C" / "Kernel row R column C" (1-based).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, openPage, ARTIFACTS } from './harness.mjs';
import { parseNumber } from '../../web/js/shared/numbers.js';
import { parseBlock } from '../../web/js/shared/paste.js';
import { decodeLink, encodeLink, stepProblem } from '../../web/js/playground/link.js';
import { createState, applyLink } from '../../web/js/playground/state.js';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function open({ url = env.baseUrl, ...opts } = {}) {
  const ctx = await openPage(env.browser, url, opts);
  await ctx.page.waitForSelector('main[data-ready="true"]', { timeout: 10_000 });
  return ctx;
}

async function done({ context, errors }) {
  await context.close();
  assert.deepEqual(errors, [], 'no page errors or console errors');
}

/** engine.convolve evaluated inside the page, on the engine module the page itself loads. */
function engineConvolve(page, input, kernel, options) {
  return page.evaluate(async ([i, k, o]) => {
    const { createConvolution } = await import('/wasm/convolution.js');
    const engine = await createConvolution();
    const r = engine.convolve(i, k, o);
    return { height: r.height, width: r.width, data: Array.from(r.data) };
  }, [input, kernel, options]);
}

/** Waits for the page's next animation frame, where it renders whatever the last action changed. */
function settle(page) {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function text(page, selector) {
  await settle(page);
  return page.locator(selector).textContent();
}

const num = (text) => Number(String(text).replace(/\u2212/g, '-'));

/** The output grid as the learner sees it: shape and the text of every cell. */
async function readOutput(page) {
  await settle(page);
  return page.evaluate(() => {
    const grid = document.getElementById('output-grid');
    const cells = [...grid.querySelectorAll('.cell')];
    const width = Number(getComputedStyle(grid).getPropertyValue('--cols')) || 0;
    return { width, height: width ? cells.length / width : 0, cells: cells.map((c) => c.textContent) };
  });
}

async function readGrid(page, matrix) {
  await settle(page);
  return page.evaluate((which) => {
    const cells = [...document.querySelectorAll(`input[data-matrix="${which}"]`)];
    const rows = [];
    for (const c of cells) (rows[Number(c.dataset.r)] ??= [])[Number(c.dataset.c)] = c.value;
    return rows;
  }, matrix);
}

function assertOutputEquals(actual, expected, what) {
  assert.equal(actual.height, expected.height, `${what}: output height`);
  assert.equal(actual.width, expected.width, `${what}: output width`);
  expected.data.forEach((v, k) => {
    const text = actual.cells[k];
    assert.notEqual(text, '', `${what}: cell ${k} is shown`);
    const got = num(text);
    if (Number.isInteger(v)) assert.equal(got, v, `${what}: cell ${k} shows "${text}", engine says ${v}`);
    else assert.ok(Math.abs(got - v) <= Math.max(5e-4, Math.abs(v) * 5e-3), `${what}: cell ${k} shows "${text}", engine says ${v}`);
  });
}

async function loadPreset(page, group, name) {
  await page.getByRole('group', { name: group }).getByRole('button', { name, exact: true }).click();
}

const tapped = async (page) => (await settle(page), page.evaluate(() =>
  [...document.querySelectorAll('#padded-grid .tap-mark:not([hidden])')].map((c) => `${c.dataset.pr},${c.dataset.pc}`).sort()));

const VERTICAL_EDGE = { input: Array.from({ length: 5 }, () => [1, 1, 1, 0, 0]), kernel: Array.from({ length: 3 }, () => [1, 0, -1]) };
const STRIDE_INPUT = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]];
const STRIDE_KERNEL = [[1, 0, 1], [0, 1, 0], [1, 0, 1]];

test('parsing pasted text: spreadsheet, CSV, NumPy and Python literals, fractions', () => {
  assert.deepEqual(parseBlock('1\t2\t3\n4\t5\t6\n'), [['1', '2', '3'], ['4', '5', '6']]);
  assert.deepEqual(parseBlock('1,2\r\n3,4'), [['1', '2'], ['3', '4']]);
  assert.deepEqual(parseBlock('np.array([[1., -2.],\n       [3.5, 4e1]])'), [['1.', '-2.'], ['3.5', '4e1']]);
  assert.deepEqual(parseBlock('[1, 0, -1]'), [['1', '0', '-1']]);
  assert.deepEqual(parseBlock('[1 2; 3 4]'), [['1', '2'], ['3', '4']]);
  assert.equal(parseNumber('1/9'), 1 / 9);
  assert.equal(parseNumber('\u22123'), -3);
  assert.ok(Number.isNaN(parseNumber('abc')));
  assert.ok(Number.isNaN(parseNumber('1/0')));
  assert.throws(() => parseBlock('   '), /empty/);
});

test('page loads with header, navigation and a computed first step', async () => {
  const ctx = await open();
  const { page } = ctx;
  await assertHeading(page);
  const out = await readOutput(page);
  assert.deepEqual([out.height, out.width], [3, 3]);
  assert.equal(out.cells[0], '0', 'the first output cell is computed at step 1');
  assert.equal(out.cells[1], '', 'later output cells fill in as the window moves');
  assert.match(await text(page, '#formula'), /⌊\(5 \+ 0 \+ 0 − 3\) \/ 1⌋ \+ 1 = 3/);
  assert.match(await text(page, '#macs'), /3 × 3 × 3 × 3 = 81/);
  await done(ctx);
});

async function assertHeading(page) {
  assert.equal(await page.title(), 'Convolution Playground');
  assert.equal(await text(page, 'header.site-header h1'), 'Convolution Playground');
  const nav = page.locator('header.site-header nav');
  assert.equal(await nav.getByRole('link', { name: 'Matrix' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('link', { name: 'Image' }).getAttribute('href'), 'image.html');
}

test('course presets match the engine number by number', async () => {
  const ctx = await open();
  const { page } = ctx;
  const cases = [
    ['4×4 input, 2×2 kernel', [[1, 2, 3, 0], [4, 5, 6, 1], [7, 8, 9, 2], [0, 1, 2, 3]], [[1, 0], [0, -1]], {}, [3, 3]],
    ['5×5 square, outline kernel', [[0, 0, 0, 0, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 0, 0, 0, 0]],
      [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]], {}, [3, 3]],
    ['Vertical edge', VERTICAL_EDGE.input, VERTICAL_EDGE.kernel, {}, [3, 3]],
    ['4×5 input, stride 2', STRIDE_INPUT, STRIDE_KERNEL,
      { strideY: 2, strideX: 2, padding: { top: 1, bottom: 1, left: 1, right: 1 } }, [2, 3]],
  ];
  for (const [name, input, kernel, options, shape] of cases) {
    await loadPreset(page, 'Course examples', name);
    assert.deepEqual((await readGrid(page, 'input')).map((r) => r.map(num)), input, `${name}: input cells`);
    assert.deepEqual((await readGrid(page, 'kernel')).map((r) => r.map(num)), kernel, `${name}: kernel cells`);
    await page.getByRole('button', { name: 'Last step' }).click();
    const expected = await engineConvolve(page, input, kernel, options);
    assert.deepEqual([expected.height, expected.width], shape, `${name}: expected shape`);
    assertOutputEquals(await readOutput(page), expected, name);
  }
  // Known answers of the course's worked examples, not only agreement with the engine.
  await loadPreset(page, 'Course examples', '4×4 input, 2×2 kernel');
  await page.getByRole('button', { name: 'Last step' }).click();
  assert.deepEqual((await readOutput(page)).cells.map(num), [-4, -4, 2, -4, -4, 4, 6, 6, 6]);
  await page.getByLabel('Flip kernel').check();
  await settle(page);
  // Flipping keeps the step where it was (the last), where the Last step button is disabled.
  if (await page.getByRole('button', { name: 'Last step' }).isEnabled()) await page.getByRole('button', { name: 'Last step' }).click();
  assert.deepEqual((await readOutput(page)).cells.map(num), [4, 4, -2, 4, 4, -4, -6, -6, -6]);
  // The course's worked example: position (0, 1) of the vertical edge sums to 3.
  await loadPreset(page, 'Course examples', 'Vertical edge');
  await page.getByRole('button', { name: 'Step forward' }).click();
  const arith = await text(page, '#arithmetic');
  assert.match(arith, /position \(0, 1\)/);
  assert.match(arith, /\(1×1 \+ 1×0 \+ 0×\(−1\)\)/);
  assert.match(arith, /= 3$/m);
  await done(ctx);
});

test('every built-in filter preset matches the engine', async () => {
  const ctx = await open();
  const { page } = ctx;
  const filters = await page.evaluate(async () => {
    const { createConvolution } = await import('/wasm/convolution.js');
    const engine = await createConvolution();
    return engine.filters.map((f) => ({ id: f.id, name: f.name, count: f.kernels.length,
      kernel: { height: f.kernels[0].height, width: f.kernels[0].width, data: Array.from(f.kernels[0].data) } }));
  });
  assert.ok(filters.length > 0, 'the engine lists filters');
  const buttons = page.getByRole('group', { name: 'Built-in filters' }).getByRole('button');
  assert.equal(await buttons.count(), filters.length, 'one button per engine filter');
  for (const f of filters) {
    await buttons.filter({ hasText: new RegExp(`^${f.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first().click();
    const kernelCells = (await readGrid(page, 'kernel')).flat().map(parseNumber);
    assert.deepEqual(kernelCells, f.kernel.data, `${f.id}: kernel cells hold the engine's first kernel exactly`);
    if (f.count > 1) assert.match(await text(page, '#preset-note'), /first one/, `${f.id}: the note explains the second kernel`);
    const input = (await readGrid(page, 'input')).map((r) => r.map(parseNumber));
    await page.getByRole('button', { name: 'Last step' }).click();
    const expected = await engineConvolve(page, input, f.kernel, { padding: 'same', border: 'replicate' });
    assertOutputEquals(await readOutput(page), expected, f.id);
  }
  await done(ctx);
});

test('editing a cell changes the output; a typo is explained and kept', async () => {
  const ctx = await open();
  const { page } = ctx;
  await loadPreset(page, 'Course examples', 'Vertical edge');
  await page.getByRole('button', { name: 'Last step' }).click();
  const before = await readOutput(page);
  assert.equal(before.cells[1], '3');
  await page.getByLabel('Input row 1 column 4', { exact: true }).fill('5');
  const after = await readOutput(page);
  assert.equal(after.cells[1], '\u22122', '3 − 5·1 at position (0, 1)');
  const input = VERTICAL_EDGE.input.map((r) => [...r]);
  input[0][3] = 5;
  assertOutputEquals(after, await engineConvolve(page, input, VERTICAL_EDGE.kernel, {}), 'after edit');

  const cell = page.getByLabel('Kernel row 2 column 3', { exact: true });
  await cell.fill('abc');
  assert.equal(await cell.inputValue(), 'abc', 'what the learner typed stays');
  await settle(page);
  assert.equal(await cell.getAttribute('aria-invalid'), 'true');
  assert.match(await text(page, '#cell-errors'), /Kernel row 2 column 3 "abc" is not a number/);
  assert.match(await text(page, '#output-message'), /fix the cells/i);
  await settle(page);
  assert.equal(await page.locator('#padded-grid input').count(), 25, 'the input is still drawn');
  await cell.fill('-1');
  await settle(page);
  assert.equal(await page.locator('#cell-errors').isHidden(), true);
  assertOutputEquals(await readOutput(page), await engineConvolve(page, input, VERTICAL_EDGE.kernel, {}), 'after fix');
  await done(ctx);
});

test('paste a block into a cell, and a NumPy literal as the kernel', async () => {
  const ctx = await open();
  const { page } = ctx;
  const paste = (label, text) => page.getByLabel(label, { exact: true }).evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await paste('Input row 4 column 4', '7\t8\t9\n4\t5\t6\n');
  const grid = await readGrid(page, 'input');
  assert.equal(grid.length, 5, 'still 5 rows');
  assert.equal(grid[0].length, 6, 'grew to 6 columns to hold the block');
  assert.deepEqual([grid[3].slice(3), grid[4].slice(3)], [['7', '8', '9'], ['4', '5', '6']]);
  assert.equal(await page.getByLabel('Input columns').inputValue(), '6');
  await page.getByText('Paste or type a whole matrix').click();
  await page.getByLabel('Matrix text').fill('np.array([[0, 1], [2, 3]])');
  await page.getByRole('button', { name: 'Use as kernel' }).click();
  assert.deepEqual(await readGrid(page, 'kernel'), [['0', '1'], ['2', '3']]);
  assert.match(await text(page, '#notice'), /2 × 2 block/);
  await done(ctx);
});

test('step forward and back: window, weights, output cell and arithmetic', async () => {
  const ctx = await open();
  const { page } = ctx;
  await loadPreset(page, 'Course examples', 'Vertical edge');
  const windowAt = (r0, c0) => {
    const cells = [];
    for (let r = r0; r < r0 + 3; r++) for (let c = c0; c < c0 + 3; c++) cells.push(`${r},${c}`);
    return cells.sort();
  };
  assert.deepEqual(await tapped(page), windowAt(0, 0));
  await page.getByRole('button', { name: 'Step forward' }).click();
  assert.deepEqual(await tapped(page), windowAt(0, 1));
  await settle(page);
  assert.equal(await page.locator('#output-grid .cell.current').getAttribute('data-step'), '1');
  const badges = await page.locator('#padded-grid .tap-mark:not([hidden]) .weight').allTextContents();
  assert.deepEqual(badges, ['×1', '×0', '×−1', '×1', '×0', '×−1', '×1', '×0', '×−1']);
  assert.match(await text(page, '#arithmetic'), /Step 2 of 9: output position \(0, 1\)/);
  assert.match(await text(page, '#announce'), /Step 2 of 9, output position \(0, 1\): 1 × 1 \+ 1 × 0 \+ 0 × \(−1\).* = 3$/);
  assert.equal(await text(page, '#pseudocode .code-line.current'), '▶     O[i][j] = sum  # O[0][1] = 3');
  for (let k = 0; k < 3; k++) await page.getByRole('button', { name: 'Step forward' }).click();
  assert.deepEqual(await tapped(page), windowAt(1, 1), 'step 5 is position (1, 1)');
  await page.getByRole('button', { name: 'Step back' }).click();
  assert.deepEqual(await tapped(page), windowAt(1, 0));
  assert.match(await text(page, '#arithmetic'), /position \(1, 0\)/);
  await page.getByRole('button', { name: 'First step' }).click();
  assert.deepEqual(await tapped(page), windowAt(0, 0));
  await settle(page);
  assert.equal(await page.getByRole('button', { name: 'Step back' }).isDisabled(), true);
  await page.getByRole('button', { name: 'Last step' }).click();
  assert.deepEqual(await tapped(page), windowAt(2, 2));
  await settle(page);
  assert.equal(await page.getByRole('button', { name: 'Step forward' }).isDisabled(), true);
  await done(ctx);
});

test('scrub with the step slider; hover and tap inspect and pin', async () => {
  const ctx = await open();
  const { page } = ctx;
  await loadPreset(page, 'Course examples', 'Vertical edge');
  await page.getByRole('slider', { name: 'Step' }).fill('5');
  const out = await readOutput(page);
  assert.deepEqual(out.cells.map((t) => t !== ''), [true, true, true, true, true, true, false, false, false]);
  assert.match(await text(page, '#arithmetic'), /Step 6 of 9: output position \(1, 2\)/);
  // Hovering an input cell marks every output cell it feeds.
  await page.getByLabel('Input row 1 column 1', { exact: true }).hover();
  assert.deepEqual(await page.locator('#output-grid .cell.feed').evaluateAll((c) => c.map((x) => x.dataset.step)), ['0']);
  await page.getByLabel('Input row 3 column 3', { exact: true }).hover();
  await settle(page);
  assert.equal(await page.locator('#output-grid .cell.feed').count(), 9);
  // Hover previews an output cell; clicking (or tapping) pins the step there.
  await page.locator('#output-grid .cell[data-step="7"]').hover();
  assert.match(await text(page, '#arithmetic'), /position \(2, 1\)/);
  await page.locator('#output-grid .cell[data-step="7"]').click();
  await page.mouse.move(0, 0);
  assert.match(await text(page, '#arithmetic'), /position \(2, 1\)/);
  assert.equal(await page.getByRole('slider', { name: 'Step' }).inputValue(), '7');
  await done(ctx);
});

test('touch: tapping an output cell pins it, tapping a cell edits it', async () => {
  const ctx = await open({ width: 390, height: 844, hasTouch: true, isMobile: true });
  const { page } = ctx;
  await loadPreset(page, 'Course examples', 'Vertical edge');
  await page.locator('#output-grid .cell[data-step="4"]').tap();
  assert.match(await text(page, '#arithmetic'), /Step 5 of 9: output position \(1, 1\)/);
  assert.deepEqual(await tapped(page), ['1,1', '1,2', '1,3', '2,1', '2,2', '2,3', '3,1', '3,2', '3,3']);
  await page.getByLabel('Input row 2 column 2', { exact: true }).tap();
  await page.keyboard.type('9');
  assert.match(await text(page, '#arithmetic'), /\(9×1 \+ 1×0 \+ 0×\(−1\)\)/, 'the pinned cell recomputes with the new value');
  await done(ctx);
});

test('the arithmetic shows fractional weights exactly enough to redo by hand', async () => {
  const ctx = await open();
  const { page } = ctx;
  await loadPreset(page, 'Built-in filters', 'Gaussian blur 3×3');
  const arith = await text(page, '#arithmetic');
  assert.match(arith, /×0\.0625 \+ [^×]+×0\.125 \+ [^×]+×0\.0625\)/, 'weights 1/16 and 1/8 in full');
  assert.doesNotMatch(arith, /0\.063\b/, 'no weight rounded to three decimals');
  await done(ctx);
});

test('stride, padding, border and dilation change the output size and formula', async () => {
  const ctx = await open();
  const { page } = ctx;
  await loadPreset(page, 'Course examples', '4×5 input, stride 2');
  const formula = () => text(page, '#formula');
  assert.match(await formula(), /columns = ⌊\(5 \+ 1 \+ 1 − 3\) \/ 2⌋ \+ 1 = 3/);
  assert.match(await formula(), /rows = ⌊\(4 \+ 1 \+ 1 − 3\) \/ 2⌋ \+ 1 = 2/);
  const check = async (options, what) => {
    await settle(page);
    const last = page.getByRole('button', { name: 'Last step' });
    if (!(await last.isDisabled())) await last.click();
    const expected = await engineConvolve(page, STRIDE_INPUT, STRIDE_KERNEL, options);
    assertOutputEquals(await readOutput(page), expected, what);
    assert.equal(await text(page, '#output-shape'), `${expected.height} × ${expected.width}`);
  };
  const pad1 = { top: 1, bottom: 1, left: 1, right: 1 };
  await check({ strideY: 2, strideX: 2, padding: pad1 }, 'preset');

  const stride = page.getByRole('group', { name: 'Stride' });
  await stride.getByLabel('Stride columns').fill('1');
  assert.match(await formula(), /columns = ⌊\(5 \+ 1 \+ 1 − 3\) \/ 1⌋ \+ 1 = 5/);
  await check({ strideY: 2, strideX: 1, padding: pad1 }, 'stride x 1');

  await page.getByLabel('Padding', { exact: true }).selectOption('same');
  // TensorFlow rule: rows total = (2 − 1)·2 + 3 − 4 = 1 → top 0, bottom 1.
  assert.match(await formula(), /rows = ⌊\(4 \+ 0 \+ 1 − 3\) \/ 2⌋ \+ 1 = 2/);
  await check({ strideY: 2, strideX: 1, padding: 'same' }, 'same');

  await page.getByLabel('Border', { exact: true }).selectOption('reflect');
  await check({ strideY: 2, strideX: 1, padding: 'same', border: 'reflect' }, 'reflect');
  // Left padding column copies input column 0 under reflect: padded (1, 0) shows input (1, 0) = 6.
  assert.equal(await text(page, '#padded-grid .cell.pad[data-pr="1"][data-pc="0"]'), '6');

  await page.getByLabel('Padding', { exact: true }).selectOption('full');
  await page.getByRole('group', { name: 'Dilation' }).getByLabel('Dilation rows').fill('2');
  assert.match(await formula(), /Ey = Dy·\(M − 1\) \+ 1 = 2·\(3 − 1\) \+ 1 = 5/);
  assert.match(await formula(), /rows = ⌊\(4 \+ 4 \+ 4 − 5\) \/ 2⌋ \+ 1 = 4/);
  await check({ strideY: 2, strideX: 1, padding: 'full', border: 'reflect', dilationY: 2 }, 'dilated');

  await page.getByLabel('Flip kernel').check();
  await check({ strideY: 2, strideX: 1, padding: 'full', border: 'reflect', dilationY: 2, flip: true }, 'flipped');
  await settle(page);
  assert.equal(await page.locator('#folded').isVisible(), true, 'the folded kernel is shown');
  await done(ctx);
});

test('a kernel that does not fit is explained in place, and bad settings too', async () => {
  const ctx = await open();
  const { page } = ctx;
  await page.getByLabel('Kernel rows').fill('7');
  const alert = page.locator('#fit-error');
  await settle(page);
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.textContent(), /does not fit/i);
  assert.match(await text(page, '#formula'), /rows = ⌊\(5 \+ 0 \+ 0 − 7\) \/ 1⌋ \+ 1 < 1/);
  assert.match(await text(page, '#formula'), /columns = ⌊\(5 \+ 0 \+ 0 − 3\) \/ 1⌋ \+ 1 = 3/, 'the axis that fits keeps its result');
  await page.getByLabel('Kernel columns').fill('7');
  assert.match(await text(page, '#formula'), /columns = ⌊\(5 \+ 0 \+ 0 − 7\) \/ 1⌋ \+ 1 < 1/);
  await settle(page);
  assert.equal(await page.locator('#output-grid .cell').count(), 0);
  await settle(page);
  assert.equal(await page.locator('#padded-grid input').count(), 25, 'the input stays on screen');
  await settle(page);
  assert.equal(await page.locator('#kernel-grid input').count(), 49);
  await page.getByLabel('Padding', { exact: true }).selectOption('same');
  await settle(page);
  assert.equal(await alert.isHidden(), true);
  await settle(page);
  assert.equal(await page.locator('#output-grid .cell').count(), 25);

  await page.getByRole('group', { name: 'Stride' }).getByLabel('Stride rows').fill('0');
  assert.match(await text(page, '#setting-errors'), /Stride rows must be a whole number from 1 to 8; "0" is not/);
  assert.equal(await page.getByRole('group', { name: 'Stride' }).getByLabel('Stride rows').inputValue(), '0');
  await page.getByRole('group', { name: 'Stride' }).getByLabel('Stride rows').fill('2');
  await settle(page);
  assert.equal(await page.locator('#setting-errors').isHidden(), true);
  await page.getByLabel('Input rows').fill('40');
  assert.match(await text(page, '#size-errors'), /1 to 32 rows; "40"/);
  await settle(page);
  assert.equal(await page.locator('#padded-grid input').count(), 25, 'the matrix is unchanged');
  await done(ctx);
});

test('keyboard only: reach and edit cells, play, pause and step', async () => {
  const ctx = await open();
  const { page } = ctx;
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') || document.activeElement?.textContent);
  let found = false;
  for (let k = 0; k < 80 && !found; k++) {
    await page.keyboard.press('Tab');
    found = (await focused()) === 'Input row 1 column 1';
  }
  assert.ok(found, 'Tab reaches the first input cell');
  await page.keyboard.type('4');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(), 'Input row 1 column 2');
  await page.keyboard.press('Enter');
  assert.equal(await focused(), 'Input row 2 column 2');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focused(), 'Input row 3 column 1');
  assert.equal(await page.getByLabel('Input row 1 column 1', { exact: true }).inputValue(), '4');
  assert.equal((await readOutput(page)).cells[0], '3', '4·1 + 1·0 + 1·(−1) + 2 = 3 at (0, 0)');

  for (let k = 0; k < 80 && (await focused()) !== 'Play'; k++) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Play');
  await page.keyboard.press('Enter');
  await settle(page);
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1, 'Enter on Play starts playback');
  await page.keyboard.press('Enter');
  await settle(page);
  assert.equal(await page.getByRole('button', { name: 'Play' }).count(), 1, 'and Pause stops it');
  await page.keyboard.press('Home');
  assert.match(await text(page, '#announce'), /^Step 1 of 9/);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.match(await text(page, '#announce'), /^Step 3 of 9, output position \(0, 2\)/);
  await page.keyboard.press('End');
  assert.match(await text(page, '#announce'), /^Step 9 of 9/);
  await page.getByRole('group', { name: /^Output matrix/ }).focus();
  await page.keyboard.press('Space');
  await settle(page);
  assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1, 'Space plays from the output grid');
  await page.keyboard.press('Space');
  await page.getByLabel('Flip kernel').focus();
  await page.keyboard.press('Space');
  assert.equal(await page.getByLabel('Flip kernel').isChecked(), true);
  await done(ctx);
});

test('reduced motion: the window jumps instead of gliding, and still steps', async () => {
  const glide = async (page) => page.locator('#padded-grid .window-overlay').evaluate((o) => parseFloat(getComputedStyle(o).transitionDuration));
  const normal = await open();
  assert.ok(await glide(normal.page) > 0.05, 'the window glides by default');
  await done(normal);
  const ctx = await open({ reducedMotion: 'reduce' });
  const { page } = ctx;
  assert.ok(await glide(page) < 0.001, 'no glide with prefers-reduced-motion');
  await page.getByRole('button', { name: 'Step forward' }).click();
  assert.match(await text(page, '#announce'), /^Step 2 of 9/);
  await done(ctx);
});

test('performance: edit of a 32×32 input with a 9×9 kernel, and frames during Play', async () => {
  const ctx = await open();
  const { page } = ctx;
  await page.getByLabel('Input rows').fill('32');
  await page.getByLabel('Input columns').fill('32');
  await page.getByLabel('Kernel rows').fill('9');
  await page.getByLabel('Kernel columns').fill('9');
  await page.getByLabel('Padding', { exact: true }).selectOption('same');
  await page.getByRole('button', { name: 'Randomise input' }).click();
  await page.getByRole('button', { name: 'Randomise kernel' }).click();
  await page.getByRole('button', { name: 'Last step' }).click();
  await settle(page);
  assert.equal(await page.locator('#output-grid .cell').count(), 1024);
  const times = await page.evaluate(() => {
    const cells = document.querySelectorAll('#padded-grid input');
    const out = [];
    for (let k = 0; k < 30; k++) {
      const cell = cells[(k * 37) % cells.length];
      const t0 = performance.now();
      cell.value = String(k % 10);
      cell.dispatchEvent(new Event('input', { bubbles: true }));
      window.playground.flush();
      document.body.getBoundingClientRect(); // include style and layout
      out.push(performance.now() - t0);
    }
    return out.sort((a, b) => a - b);
  });
  const median = times[Math.floor(times.length / 2)];
  const p90 = times[Math.floor(times.length * 0.9)];
  console.log(`edit→render 32×32 input, 9×9 kernel: median ${median.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms, max ${times.at(-1).toFixed(2)} ms`);
  assert.ok(median < 16, `median edit→render ${median.toFixed(2)} ms must stay under 16 ms`);

  await page.getByRole('slider', { name: 'Speed' }).fill('7');
  await page.getByRole('button', { name: 'First step' }).click();
  const frames = await page.evaluate(() => new Promise((resolve) => {
    document.getElementById('play').click();
    const gaps = [];
    const work = [];
    let last = 0;
    let lastStep = -1;
    const t0 = performance.now();
    const tick = (now) => {
      if (last) gaps.push(now - last);
      // Work of the frames that moved the window (the others only re-check state).
      const { step } = window.playground.state;
      if (step !== lastStep) work.push(window.playground.timing.lastWorkMs);
      lastStep = step;
      last = now;
      if (now - t0 < 1500) requestAnimationFrame(tick);
      else resolve({ gaps: gaps.sort((a, b) => a - b), work: work.sort((a, b) => a - b), step: window.playground.state.step });
    };
    requestAnimationFrame(tick);
  }));
  const q = (a, f) => a[Math.min(a.length - 1, Math.floor(a.length * f))];
  console.log(`Play (20 steps/s): ${frames.gaps.length} frames in 1.5 s, frame interval median ${q(frames.gaps, 0.5).toFixed(1)} ms, p95 ${q(frames.gaps, 0.95).toFixed(1)} ms; render work per step median ${q(frames.work, 0.5).toFixed(2)} ms, max ${frames.work.at(-1).toFixed(2)} ms`);
  assert.ok(frames.step >= 15, `playback advanced (${frames.step} steps)`);
  // Frame intervals depend on the machine's raster speed and load; the page's own work per frame is what it controls.
  assert.ok(q(frames.work, 0.5) < 16, 'render work during playback fits in a frame');
  await page.getByRole('button', { name: 'Pause' }).click();
  await done(ctx);
});

test('screenshots at 1440×900 and 390×844 without horizontal page scroll', async () => {
  for (const [width, height] of [[1440, 900], [390, 844]]) {
    const ctx = await open({ width, height });
    const { page } = ctx;
    await loadPreset(page, 'Course examples', '4×5 input, stride 2');
    await page.getByRole('button', { name: 'Step forward' }).click();
    await page.getByRole('button', { name: 'Step forward' }).click();
    await settle(page);
    await page.waitForTimeout(250); // let the window finish gliding to its cell
    await page.screenshot({ path: join(ARTIFACTS, `playground-${width}x${height}.png`), fullPage: true });
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= width, `page is ${scroll}px wide at a ${width}px viewport`);
    // A 32×32 input scrolls inside its own box, not the page.
    await page.getByLabel('Input rows').fill('32');
    await page.getByLabel('Input columns').fill('32');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= width, 'no page scroll with a 32×32 input');
    await done(ctx);
  }
});

// ---- Share links ---------------------------------------------------------

/** Every control a share link carries, read from the page as the learner sees it. */
async function readExample(page) {
  await settle(page);
  const controls = await page.evaluate(() => {
    const v = (id) => document.getElementById(id).value;
    return {
      stride: [v('stride-y'), v('stride-x')], dilation: [v('dilation-y'), v('dilation-x')],
      padding: v('padding'), sides: [v('pad-top'), v('pad-bottom'), v('pad-left'), v('pad-right')],
      border: v('border'), constant: v('constant'), flip: document.getElementById('flip').checked,
      step: v('step'), stepText: document.getElementById('step-text').textContent,
      arithmetic: document.getElementById('arithmetic').textContent,
    };
  });
  return { ...controls, input: await readGrid(page, 'input'), kernel: await readGrid(page, 'kernel'), output: await readOutput(page) };
}

const linkMessage = (page) => page.locator('#link-message');

test('link format: encode and decode round trip, fractions kept, problems named', () => {
  const state = createState();
  state.kernel[0][0] = '1/9';
  state.kernel[1][1] = '\u22122';
  state.input[2][3] = '2.5e1';
  Object.assign(state.settings, { strideY: '2', dilationX: '3', padding: 'explicit', padTop: '2', padBottom: '0', padLeft: '1', padRight: '3', border: 'reflect101', constant: '1/3', flip: true });
  state.step = 4;
  const hash = encodeLink(state);
  assert.match(hash, /^in=1,1,1,0,0;1,1,1,0,0;1,1,1,2\.5e1,0;1,1,1,0,0;1,1,1,0,0&/);
  assert.match(hash, /&k=1\/9,0,-1;1,-2,-1;1,0,-1&s=2,1&d=1,3&p=2,0,1,3&b=reflect101&c=1\/3&f=1&step=5$/);
  const link = decodeLink(`#${hash}`);
  assert.deepEqual(link.problems, []);
  const back = createState();
  applyLink(back, link);
  assert.deepEqual(back.input, state.input);
  assert.deepEqual(back.kernel, state.kernel.map((r) => r.map((c) => c.replace('\u2212', '-'))));
  assert.deepEqual(back.settings, state.settings);
  assert.equal(back.step, 4);
  assert.equal(encodeLink(back), hash, 'a link re-encodes to itself');
  // Typed text that is not a number cannot break the separators.
  state.input[0][0] = 'a,b;c&d=e#f';
  assert.equal(decodeLink(`#${encodeLink(state)}`).problems.length, 1);
  assert.match(decodeLink(`#${encodeLink(state)}`).problems[0], /"a,b;c&d=e#f" at row 1, column 1/);

  assert.match(decodeLink('#k=1,2;1,2,3').problems[0], /kernel has a row of 2 numbers and a row of 3; every row needs the same count\. The default kernel is shown instead\./);
  assert.match(decodeLink(`#in=${Array(33).fill('1').join(';')}`).problems[0], /input has 33 rows; the input can have 1 to 32 rows/);
  assert.match(decodeLink(`#k=${Array(10).fill('1').join(',')}`).problems[0], /kernel has a row of 10 numbers; the kernel can have 1 to 9/);
  assert.match(decodeLink('#p=sideways').problems[0], /padding "sideways" is not allowed; padding is valid, same, full, or four whole numbers/);
  assert.match(decodeLink('#b=mirror').problems[0], /border "mirror" is not known; the border is one of constant, replicate, reflect, reflect101, wrap/);
  assert.match(decodeLink('#s=0,1').problems[0], /stride "0,1" is not allowed; stride is one or two whole numbers from 1 to 8/);
  assert.match(decodeLink('#step=two').problems[0], /step "two" is not a whole number/);
  assert.match(decodeLink('#in=1,%ZZ').problems[0], /input has "%ZZ" at row 1, column 2, which is not a number/);
  assert.match(decodeLink('#hello').problems[0], /"hello", which is not something this page reads/);
  assert.deepEqual(decodeLink('#s=3&d=2').settings, { strideY: '3', strideX: '3', dilationY: '2', dilationX: '2' }, 'one number sets both axes');
  assert.equal(decodeLink('#embed=1').embed, true);
  assert.equal(stepProblem(8, 9), '');
  assert.match(stepProblem(9, 9), /step 10 is past this example's last step, 9; step 1 is shown instead/);
});

test('share link: Copy link opens exactly the same example in a fresh page', async () => {
  const ctx = await open({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page } = ctx;
  await loadPreset(page, 'Course examples', '4×5 input, stride 2');
  await page.getByLabel('Input row 2 column 3', { exact: true }).fill('-3.5');
  await page.getByLabel('Kernel row 1 column 1', { exact: true }).fill('1/9');
  await page.getByLabel('Kernel row 3 column 2', { exact: true }).fill('2/3');
  await page.getByRole('group', { name: 'Stride' }).getByLabel('Stride columns').fill('1');
  await page.getByRole('group', { name: 'Dilation' }).getByLabel('Dilation rows').fill('2');
  await page.getByLabel('Padding top').fill('2');
  await page.getByLabel('Padding right').fill('0');
  await page.getByLabel('Border', { exact: true }).selectOption('reflect');
  await page.getByLabel('Flip kernel').check();
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Step forward' }).click();
  const original = await readExample(page);
  assert.equal(original.stepText, '5 / 8');
  assert.deepEqual(original.sides, ['2', '1', '1', '0']);

  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.locator('#share-status').filter({ hasText: 'Link copied' }).waitFor({ timeout: 3000 });
  assert.equal(await page.locator('#share-status').getAttribute('role'), 'status');
  const url = await page.evaluate(() => navigator.clipboard.readText());
  const hash = new URL(url).hash;
  assert.match(hash, /k=1\/9,0,1;0,1,0;1,2\/3,1/, 'the fraction is kept as typed');
  assert.match(hash, /&s=2,1&d=2,1&p=2,1,1,0&b=reflect&c=0&f=1&step=5$/);
  assert.ok(url.length < 200, `the link stays short (${url.length} characters)`);
  assert.equal(await page.evaluate(() => location.hash), hash, 'the address bar holds the same link');

  const fresh = await open({ url });
  const copy = await readExample(fresh.page);
  assert.deepEqual(copy, original, 'every cell, setting, the step, the output and the arithmetic match');
  assert.equal(await linkMessage(fresh.page).isHidden(), true, 'a good link shows no problem');
  // And the numbers are the engine's for the values written out here, not only equal to each other.
  const input = STRIDE_INPUT.map((r) => [...r]);
  input[1][2] = -3.5;
  const expected = await engineConvolve(fresh.page, input, [[1 / 9, 0, 1], [0, 1, 0], [1, 2 / 3, 1]],
    { strideY: 2, strideX: 1, dilationY: 2, padding: { top: 2, bottom: 1, left: 1, right: 0 }, border: 'reflect', flip: true });
  await fresh.page.getByRole('button', { name: 'Last step' }).click();
  assertOutputEquals(await readOutput(fresh.page), expected, 'opened link');
  await done(fresh);
  await done(ctx);
});

test('share link: without a clipboard the link is shown to copy by hand', async () => {
  const ctx = await open();
  const { page } = ctx;
  await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }));
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: 'Copy link' }).click();
  const field = page.getByLabel('Link to this example');
  await field.waitFor({ state: 'visible', timeout: 3000 });
  assert.equal(await field.getAttribute('readonly'), '');
  const url = await field.inputValue();
  assert.match(url, /#in=1,1,1,0,0;.*&step=2$/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'share-url', 'the field is focused to copy from');
  assert.equal(await page.evaluate(() => window.getSelection().toString() || document.activeElement.value.slice(document.activeElement.selectionStart, document.activeElement.selectionEnd)), url, 'and its text selected');
  await page.locator('#share-status').filter({ hasText: /clipboard is not available/ }).waitFor({ timeout: 3000 });
  await done(ctx);
});

test('share link: hand-edited bad links load what is valid and say what was wrong', async () => {
  const cases = [
    ['in=1,2,3;4,5&k=1,0;0,-1', /input has a row of 3 numbers and a row of 2; every row needs the same count\. The default input is shown instead\./, { output: [4, 4], kernel: [['1', '0'], ['0', '-1']] }],
    [`in=${Array(40).fill('1,2').join(';')}&k=1,1`, /input has 40 rows; the input can have 1 to 32 rows and 1 to 32 columns/, { output: [5, 4] }],
    [`k=${Array(3).fill(Array(12).fill('1').join(',')).join(';')}&p=same`, /kernel has a row of 12 numbers; the kernel can have 1 to 9 rows and 1 to 9 columns/, { output: [5, 5], padding: 'same' }],
    ['in=1,2;3,4;5,6&k=1&p=diagonal&b=mirror', /padding "diagonal" is not allowed[\s\S]*border "mirror" is not known; the border is one of constant/, { output: [3, 2], border: 'constant' }],
    ['in=1,x;3,4&k=1/2&s=9,1', /input has "x" at row 1, column 2, which is not a number[\s\S]*stride "9,1" is not allowed; stride is one or two whole numbers from 1 to 8/, { output: [5, 5], kernel: [['1/2']] }],
    ['k=1,1;1,1&step=999', /step 999 is past this example's last step, 16; step 1 is shown instead/, { output: [4, 4], step: '0' }],
    ['%%%&&==&k=&c=abc&f=maybe', /"%%%"[\s\S]*kernel is empty[\s\S]*constant "abc" is not a number[\s\S]*flip "maybe" must be 1/, { output: [3, 3] }],
  ];
  let ctx = null;
  for (const [i, [hash, message, expect]] of cases.entries()) {
    if (i === 0) {
      // The first through a fresh load, the rest by editing the hash of the open page (hashchange).
      ctx = await open({ url: `${env.baseUrl}#${hash}` });
    } else {
      await ctx.page.evaluate((h) => { location.hash = h; }, hash);
    }
    const { page } = ctx;
    const box = linkMessage(page);
    await page.waitForFunction((re) => new RegExp(re).test(document.getElementById('link-message').textContent), message.source, { timeout: 3000 })
      .catch(() => {});
    assert.equal(await box.isVisible(), true, `#${hash}: the message is shown`);
    assert.equal(await box.getAttribute('role'), 'alert');
    assert.match(await box.textContent(), message, `#${hash}`);
    const out = await readOutput(page);
    assert.deepEqual([out.height, out.width], expect.output, `#${hash}: the output is computed`);
    assert.notEqual(out.cells[0], '', `#${hash}: the first output cell is shown`);
    if (expect.kernel) assert.deepEqual(await readGrid(page, 'kernel'), expect.kernel, `#${hash}: the valid kernel is loaded`);
    if (expect.padding) assert.equal(await page.getByLabel('Padding', { exact: true }).inputValue(), expect.padding);
    if (expect.border) assert.equal(await page.getByLabel('Border', { exact: true }).inputValue(), expect.border);
    if (expect.step) assert.equal(await page.getByRole('slider', { name: 'Step' }).inputValue(), expect.step);
    assert.equal(await page.locator('main[data-ready="true"] #padded-grid input').count() > 0, true, `#${hash}: the input is on screen`);
  }
  // The address bar is rewritten to a valid link of what is shown, which opens cleanly.
  const { page } = ctx;
  await page.waitForFunction(() => location.hash.startsWith('#in='), null, { timeout: 3000 });
  const fixed = await page.evaluate(() => location.href);
  assert.doesNotMatch(fixed, /%%%|maybe|abc/);
  const again = await open({ url: fixed });
  assert.equal(await linkMessage(again.page).isHidden(), true);
  await done(again);
  // A good link after bad ones clears the message; an in-page anchor is not a link at all.
  await page.evaluate(() => { location.hash = 'k=1,0;0,1'; });
  await page.waitForFunction(() => document.getElementById('link-message').hidden, null, { timeout: 3000 });
  assert.deepEqual(await readGrid(page, 'kernel'), [['1', '0'], ['0', '1']]);
  await page.evaluate(() => { location.hash = 'output-heading'; });
  await settle(page);
  assert.deepEqual(await readGrid(page, 'kernel'), [['1', '0'], ['0', '1']], 'an anchor leaves the example alone');
  assert.equal(await linkMessage(page).isHidden(), true);
  await done(ctx);
});

test('embed=1 hides the site header and intro, and the page still works', async () => {
  const ctx = await open({ url: `${env.baseUrl}#k=1,0;0,-1&embed=1`, permissions: ['clipboard-read', 'clipboard-write'] });
  const { page } = ctx;
  assert.equal(await page.locator('header.site-header').isVisible(), false, 'no header in embed mode');
  assert.equal(await page.locator('.lede').isVisible(), false, 'no intro in embed mode');
  assert.equal(await page.getByRole('link', { name: 'Image' }).isVisible(), false, 'no site navigation');
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  assert.deepEqual((await readOutput(page)).cells.slice(0, 4), ['0', '0', '1', ''], '1·I(r, c) − 1·I(r + 1, c + 1) on the default input');
  await page.waitForFunction(() => location.hash.endsWith('&step=3&embed=1'), null, { timeout: 3000 });
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.locator('#share-status').filter({ hasText: 'Link copied' }).waitFor({ timeout: 3000 });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /&step=3$/, 'the copied link opens the full page, header included');
  await done(ctx);
  const plain = await open();
  assert.equal(await plain.page.locator('header.site-header').isVisible(), true, 'the header is there without embed');
  await done(plain);
});

test('phone: the player bar stays on screen over the input grid; desktop keeps it in place', async () => {
  const ctx = await open({ width: 390, height: 844, hasTouch: true, isMobile: true, url: `${env.baseUrl}#in=${Array.from({ length: 8 }, (_, r) => Array.from({ length: 8 }, (_, c) => (r * 8 + c) % 10).join(',')).join(';')}&k=1,0,-1;2,0,-2;1,0,-1&step=3` });
  const { page } = ctx;
  const grid = page.locator('#padded-grid');
  await grid.scrollIntoViewIfNeeded();
  await settle(page);
  const play = page.getByRole('button', { name: 'Play' });
  const viewport = page.viewportSize();
  const box = await play.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= viewport.height, `Play is inside the viewport (${JSON.stringify(box)})`);
  const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('button')?.id, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  assert.equal(onTop, 'play', 'nothing covers the Play button');
  const gridBox = await grid.boundingBox();
  assert.ok(gridBox.y < viewport.height && gridBox.y + gridBox.height > 0, 'the input grid is on screen at the same time');
  // Stepping from the bar moves the window over the grid the learner is looking at.
  await page.getByRole('button', { name: 'Step forward' }).tap();
  await settle(page);
  assert.equal(await page.getByRole('slider', { name: 'Step' }).inputValue(), '3');
  const bar = await page.locator('.player').boundingBox();
  assert.ok(bar.height < viewport.height * 0.2, `the bar is compact (${bar.height}px)`);
  assert.ok(bar.y + bar.height <= viewport.height + 0.5 && bar.y + bar.height >= viewport.height - 0.5, 'the bar sits on the bottom edge');
  const contrast = await page.evaluate(() => {
    const lum = (rgb) => {
      const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const bar = getComputedStyle(document.querySelector('.player')).backgroundColor;
    const label = getComputedStyle(document.querySelector('.player .slider-field')).color;
    const [hi, lo] = [lum(bar), lum(label)].sort((a, b) => b - a);
    return { bar, ratio: (hi + 0.05) / (lo + 0.05) };
  });
  assert.notEqual(contrast.bar, 'rgba(0, 0, 0, 0)', 'the bar has an opaque background');
  assert.ok(contrast.ratio >= 4.5, `bar text contrast ${contrast.ratio.toFixed(2)}:1 meets AA`);
  await page.waitForTimeout(250); // let the window finish gliding to its cell
  await page.screenshot({ path: join(ARTIFACTS, 'playground-share-390.png') });
  // The end of the page scrolls clear of the bar: nothing is covered for good.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await settle(page);
  const lastBox = await page.locator('#macs').boundingBox();
  const barTop = (await page.locator('.player').boundingBox()).y;
  assert.ok(lastBox.y + lastBox.height <= barTop, `the last line (${lastBox.y + lastBox.height}) ends above the bar (${barTop})`);
  await page.screenshot({ path: join(ARTIFACTS, 'playground-share-390-end.png') });
  // Typing in a cell: the on-screen keyboard needs the room, so the bar steps aside until focus leaves.
  await page.getByLabel('Input row 1 column 1', { exact: true }).tap();
  assert.equal(await page.locator('.player').isVisible(), false, 'the bar hides while a cell is edited');
  await page.locator('#output-grid .cell').first().tap();
  assert.equal(await page.locator('.player').isVisible(), true, 'and comes back after');
  await done(ctx);

  const wide = await open({ width: 1440, height: 900, url: `${env.baseUrl}#k=1,0;0,-1&step=2` });
  assert.equal(await wide.page.evaluate(() => getComputedStyle(document.querySelector('.player')).position), 'static', 'desktop: the player stays in the output panel');
  await wide.page.getByRole('button', { name: 'Copy link' }).scrollIntoViewIfNeeded();
  await wide.page.screenshot({ path: join(ARTIFACTS, 'playground-share-1440.png') });
  await done(wide);
});
