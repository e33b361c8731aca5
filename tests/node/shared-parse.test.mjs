// The number grammar, the paste grammar and the formatting both pages share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseNumber, describeBadNumber, formatCellValue, formatNumber, formatDisplay, formatPrecise,
  commonDenominator, formatScaledMatrix, quote,
} from '../../web/js/shared/numbers.js';
import { parseBlock, parseMatrix, MAX_PASTE_CHARS } from '../../web/js/shared/paste.js';

test('numbers: minus sign, fractions, exponents, brackets; garbage is NaN', () => {
  assert.equal(parseNumber('\u22121'), -1);
  assert.equal(parseNumber('1/9'), 1 / 9);
  assert.equal(parseNumber(' -3 / 4 '), -0.75);
  assert.equal(parseNumber('2.5e1'), 25);
  assert.equal(parseNumber('(\u22122)'), -2);
  assert.equal(parseNumber('.5'), 0.5);
  for (const bad of ['', 'abc', '1/0', '1e400', 'Infinity', 'NaN', '1,5', '--1', '1/2/3', '0x10', '1'.repeat(65)]) {
    assert.ok(Number.isNaN(parseNumber(bad)), `"${bad.slice(0, 20)}" is not a number`);
  }
  assert.match(describeBadNumber(''), /is empty/);
  assert.match(describeBadNumber('3/0'), /divides by zero/);
  assert.match(describeBadNumber('1e999'), /not a finite number/);
  assert.match(describeBadNumber('x'.repeat(500)), /too long to be a number/);
  assert.ok(describeBadNumber('x'.repeat(500)).length < 120, 'a long text is quoted short');
  assert.equal(quote('abcdef', 4), 'abc…');
});

test('formatting: cells exact with fractions, display to 4 and 6 significant digits, true minus', () => {
  assert.equal(formatCellValue(1 / 9), '1/9');
  assert.equal(formatCellValue(-0), '0');
  assert.equal(formatCellValue(0.1), '0.1');
  assert.equal(formatCellValue(-3.5), '-3.5');
  assert.equal(formatCellValue(2 / 3), '2/3');
  assert.equal(formatCellValue(Math.PI), String(Math.PI));
  assert.equal(formatDisplay(-8 / 3), '\u22122.667');
  assert.equal(formatPrecise(-8 / 3), '\u22122.66667');
  assert.equal(formatPrecise(0.0625), '0.0625');
  assert.equal(formatNumber(123456789), '123456789');
  assert.equal(formatNumber(1.5e-7), '1.5e\u22127');
  assert.equal(formatNumber(-0), '0');
  assert.equal(formatNumber(1e20 + 0.5), '1e+20');
  assert.equal(commonDenominator([1 / 16, 2 / 16, 4 / 16]), 16);
  assert.equal(commonDenominator([1, 2]), 1);
  assert.equal(commonDenominator([Math.PI]), 1);
  const g = [[1, 2, 1], [2, 4, 2], [1, 2, 1]].map((r) => r.map((v) => v / 16));
  assert.equal(formatScaledMatrix(g), '1/16 × [[1, 2, 1], [2, 4, 2], [1, 2, 1]]');
  assert.equal(formatScaledMatrix([[1, 0], [0, -1]]), '[[1, 0], [0, \u22121]]');
});

test('paste grammar: spreadsheet, CSV, NumPy, Python, MATLAB; ragged and bad text explained', () => {
  assert.deepEqual(parseBlock('1\t2\t3\n4\t5\t6\n'), [['1', '2', '3'], ['4', '5', '6']]);
  assert.deepEqual(parseBlock('1,2\r\n3,4'), [['1', '2'], ['3', '4']]);
  assert.deepEqual(parseBlock('1;2\n3;4'), [['1', '2'], ['3', '4']]);
  assert.deepEqual(parseBlock('np.array([[1, 0], [0, -1]])'), [['1', '0'], ['0', '-1']]);
  assert.deepEqual(parseBlock('np.array([[1., -2.],\n       [3.5, 4e1]])'), [['1.', '-2.'], ['3.5', '4e1']]);
  assert.deepEqual(parseBlock('[1, 0, -1]'), [['1', '0', '-1']]);
  assert.deepEqual(parseBlock('[1 2; 3 4]'), [['1', '2'], ['3', '4']]);
  assert.deepEqual(parseBlock('1 2; 3 4'), [['1', '2'], ['3', '4']]);
  assert.deepEqual(parseBlock('1 \u22121\n1/9 0'), [['1', '\u22121'], ['1/9', '0']]);
  assert.throws(() => parseBlock('   '), /empty/);
  assert.throws(() => parseBlock(']1['), /without a matching/);
  assert.throws(() => parseBlock('1'.repeat(MAX_PASTE_CHARS + 1)), /characters long/);
  assert.deepEqual(parseMatrix('np.array([[1, 0], [0, -1]])'), { height: 2, width: 2, data: [1, 0, 0, -1] });
  assert.deepEqual(parseMatrix('1/16 2/16\n\u22121 0').data, [1 / 16, 2 / 16, -1, 0]);
  assert.throws(() => parseMatrix('1 2\n3'), /Row 2 has 1 values but row 1 has 2/);
  assert.throws(() => parseMatrix('1 x'), /Row 1, value 2 "x" is not a number/);
  assert.throws(() => parseMatrix('1 2 3', { maxSide: 2 }), /at most 2×2/);
});
