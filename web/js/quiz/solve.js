// Answers of the quiz's questions, from the engine: sizes from engine.plan and
// engine.convolveTranspose, the cells a window reads from engine.explain, values from
// engine.convolve, filter results from engine.filterImage, pooling from engine.pool.
// What is written here is only the worked answer in words and the formula with the
// question's numbers put in. Pure apart from the engine it is given.
import { formatNumber, formatScaledMatrix } from '../shared/numbers.js';
import { questionImage } from './questions.js';

const rowsOf = ({ height, width, data }) => Array.from({ length: height }, (_, r) => Array.from(data.slice(r * width, (r + 1) * width)));
const matrixOf = (rows) => ({ height: rows.length, width: rows[0].length, data: rows.flat() });
const n = (v) => formatNumber(v);
// A negative factor in brackets, as the course writes it: 2·(−1).
const signed = (v) => (v < 0 ? `(${n(v)})` : n(v));

function convOptions(q) {
  const p = q.padding;
  return { strideY: q.stride, strideX: q.stride, dilationY: q.dilation ?? 1, dilationX: q.dilation ?? 1, padding: { top: p, bottom: p, left: p, right: p } };
}

function solveSize(q, engine) {
  const { height: H, width: W, kernelHeight: M, kernelWidth: N, stride: S, padding: p, dilation: D, outputPadding: op } = q;
  let outH;
  let outW;
  let formula;
  if (q.transposed) {
    const out = engine.convolveTranspose({ height: H, width: W, data: new Float64Array(H * W) }, { height: M, width: N, data: new Float64Array(M * N) },
      { strideY: S, strideX: S, dilationY: D, dilationX: D, padding: p, outputPaddingY: op, outputPaddingX: op });
    outH = out.height;
    outW = out.width;
    const axis = (I, K, o) => `(${I} − 1)·${S} − 2·${p} + ${D}·(${K} − 1) + ${op} + 1 = ${o}`;
    formula = ['out = (in − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1',
      `rows: ${axis(H, M, outH)}`, `columns: ${axis(W, N, outW)}`];
  } else {
    const plan = engine.plan({ height: H, width: W }, { height: M, width: N }, convOptions(q));
    outH = plan.outHeight;
    outW = plan.outWidth;
    const axis = (I, E, o) => `⌊(${I} + 2·${p} − ${E}) / ${S}⌋ + 1 = ${o}`;
    formula = ['out = ⌊(in + 2·padding − extent) / stride⌋ + 1, extent = dilation·(kernel − 1) + 1',
      `rows: extent = ${D}·(${M} − 1) + 1 = ${plan.extentY}; ${axis(H, plan.extentY, outH)}`,
      `columns: extent = ${D}·(${N} − 1) + 1 = ${plan.extentX}; ${axis(W, plan.extentX, outW)}`];
  }
  const input = Array.from({ length: H }, (_, r) => Array.from({ length: W }, (_, c) => r * W + c + 1));
  const kernel = Array.from({ length: M }, () => new Array(N).fill(1));
  const matrix = q.transposed ? null : { input, kernel, options: convOptions(q), step: 0 };
  // The transposed mode's state (web/js/transpose/model.js): the same sizes, stepped from the first input cell.
  const transpose = q.transposed ? {
    input, kernel, strideY: S, strideX: S, dilationY: D, dilationX: D, padding: { top: p, bottom: p, left: p, right: p },
    outputPaddingY: op, outputPaddingX: op, step: 0, probe: 0, preset: null,
  } : null;
  return { answer: { rows: outH, cols: outW }, answerText: `${outH} × ${outW}`, worked: formula, matrix, transpose };
}

/** The output cell a question's pick names, given the engine's output size. */
function pickedCell(pick, outH, outW) {
  const k = pick % (outH * outW);
  return { row: Math.floor(k / outW), col: k % outW, step: k };
}

function zeros(h, w) {
  return { height: h, width: w, data: new Float64Array(h * w) };
}

function solveFeeds(q, engine) {
  const options = convOptions(q);
  const plan = engine.plan({ height: q.height, width: q.width }, { height: q.kernelHeight, width: q.kernelWidth }, options);
  const cell = pickedCell(q.pick, plan.outHeight, plan.outWidth);
  const e = engine.explain(zeros(q.height, q.width), zeros(q.kernelHeight, q.kernelWidth), options, cell.row, cell.col);
  const inside = e.taps.filter((t) => t.inside);
  const cells = [...new Set(inside.map((t) => `${t.inputRow}.${t.inputCol}`))].sort(byCell);
  const outside = e.taps.length - inside.length;
  return {
    cell, outHeight: plan.outHeight, outWidth: plan.outWidth,
    answer: cells,
    answerText: cells.map(cellName).join(', '),
    worked: [
      `Output (${cell.row + 1}, ${cell.col + 1}) has its window's top-left at input row (${cell.row} · ${q.stride} − ${q.padding}) + 1 = ${cell.row * q.stride - q.padding + 1}, column (${cell.col} · ${q.stride} − ${q.padding}) + 1 = ${cell.col * q.stride - q.padding + 1}; the taps are ${q.dilation} apart.`,
      `It reads ${cells.length} input ${cells.length === 1 ? 'cell' : 'cells'}${outside ? ` (and ${outside} padding ${outside === 1 ? 'cell' : 'cells'})` : ''}: ${cells.map(cellName).join(', ')}.`,
    ],
    matrix: { input: rowsOf(zeros(q.height, q.width)).map((r, i) => r.map((_, j) => i * q.width + j + 1)), kernel: rowsOf(zeros(q.kernelHeight, q.kernelWidth)).map((r) => r.map(() => 1)), options, step: cell.step },
  };
}

const byCell = (a, b) => {
  const [ar, ac] = a.split('.').map(Number);
  const [br, bc] = b.split('.').map(Number);
  return ar - br || ac - bc;
};
/** "2.3" (0-based row.col) → "(3, 4)" as a learner counts. */
export const cellName = (key) => {
  const [r, c] = key.split('.').map(Number);
  return `(${r + 1}, ${c + 1})`;
};

function solveValue(q, engine) {
  const input = matrixOf(q.input);
  const kernel = matrixOf(q.kernel);
  const options = { ...convOptions({ ...q, dilation: 1 }) };
  const out = engine.convolve(input, kernel, options);
  const cell = pickedCell(q.pick, out.height, out.width);
  const e = engine.explain(input, kernel, options, cell.row, cell.col);
  const terms = e.taps.map((t) => `${signed(t.value)}·${signed(t.weight)}`);
  return {
    cell, outHeight: out.height, outWidth: out.width, output: out,
    answer: e.sum, answerText: n(e.sum),
    worked: [`Output (${cell.row + 1}, ${cell.col + 1}) = ${terms.join(' + ')} = ${n(e.sum)}`,
      e.taps.some((t) => !t.inside) ? 'Taps in the padding read 0.' : 'Every tap is inside the input.'],
    matrix: { input: q.input, kernel: q.kernel, options, step: cell.step },
  };
}

// Two results a learner could not tell apart at a glance (mean difference under 8 levels) count as the same.
function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff += Math.abs(a[i] - b[i]);
  return diff / a.length < 8;
}

function solveFilter(q, engine) {
  const image = questionImage(q);
  const byId = new Map(engine.filters.map((f) => [f.id, f]));
  const result = engine.filterImage(image, { filter: q.filterId });
  // Distractors must look different from the answer, or the question has two right choices.
  const choices = [q.filterId];
  const seen = [result.data];
  for (const id of q.others) {
    if (choices.length === 4) break;
    if (!byId.has(id)) continue;
    const other = engine.filterImage(image, { filter: id }).data;
    if (seen.some((d) => sameBytes(d, other))) continue;
    seen.push(other);
    choices.push(id);
  }
  // The right answer goes to the question's slot, so it is not always first.
  const [right, ...rest] = choices;
  rest.splice(q.slot % (rest.length + 1), 0, right);
  const f = byId.get(q.filterId);
  return {
    image, result, choices: rest.map((id) => ({ id, name: byId.get(id)?.name ?? id })),
    answer: q.filterId, answerText: f?.name ?? q.filterId,
    worked: [`${f?.name}: ${f?.description ?? ''}`.trim(),
      ...(f?.kernels ?? []).map((k) => `Kernel ${formatScaledMatrix(rowsOf(k))}`)],
  };
}

function solvePool(q, engine) {
  const S = q.stride;
  const h = q.window;
  const input = { channels: 1, height: q.input.length, width: q.input[0].length, data: q.input.flat() };
  const out = engine.pool(input, { mode: q.mode, height: h, width: h, strideY: S, strideX: S });
  const rows = rowsOf(out);
  const lines = [];
  for (let i = 0; i < out.height; i++) {
    for (let j = 0; j < out.width; j++) {
      const win = [];
      for (let m = 0; m < h; m++) for (let k = 0; k < h; k++) win.push(q.input[i * S + m][j * S + k]);
      lines.push(`(${i + 1}, ${j + 1}): ${q.mode === 'max' ? `max(${win.join(', ')})` : `(${win.join(' + ')}) / ${win.length}`} = ${n(rows[i][j])}`);
    }
  }
  return {
    outHeight: out.height, outWidth: out.width, output: { height: out.height, width: out.width, data: out.data },
    answer: rows, answerText: rows.map((r) => r.map(n).join(' ')).join('; '),
    worked: [`out = ⌊(in − window) / stride⌋ + 1 = ⌊(${q.input.length} − ${h}) / ${S}⌋ + 1 = ${out.height} on each side.`, ...lines.slice(0, 12),
      ...(lines.length > 12 ? [`…and ${lines.length - 12} more windows.`] : [])],
    layer: {
      input: [q.input], kernels: [[[[1]]]], bias: [0], relu: false,
      pool: { mode: q.mode, height: h, width: h, strideY: S, strideX: S }, inspect: { stage: 'pool', channel: 0, row: 0, col: 0 },
    },
  };
}

const SOLVERS = { size: solveSize, feeds: solveFeeds, value: solveValue, filter: solveFilter, pool: solvePool };

/** The engine's answer to a question, with the worked answer: { answer, answerText, worked: [lines], … }. */
export function solve(q, engine) {
  return SOLVERS[q.type](q, engine);
}
