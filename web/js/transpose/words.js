// Sentences of the transposed mode, with the engine's numbers. Pure.
import { formatPrecise as fmt } from '../shared/numbers.js';

const term = (v) => (v < 0 ? `(${fmt(v)})` : fmt(v));

export function title(e) {
  return `Input cell (${e.row}, ${e.col}) = ${fmt(e.value)} scatters ${fmt(e.value)} × K`;
}

/** "out[r][c] += v·k[m][n] = p" for each target; cropped ones are marked. */
export function arithmetic(e) {
  return e.targets.map((t) => `out[${t.outputRow}][${t.outputCol}] += ${term(e.value)}·${term(t.weight)} = ${fmt(t.product)}${t.inside ? '' : ' (cropped)'}`).join(';  ');
}

export function announce(e, step, total) {
  const kept = e.targets.filter((t) => t.inside).length;
  return `Step ${step + 1} of ${total}: input row ${e.row + 1} column ${e.col + 1}, value ${fmt(e.value)}, adds ${e.targets.length} products to the output${kept < e.targets.length ? `, ${e.targets.length - kept} of them cropped` : ''}.`;
}

/** The output-size formula with its numbers, one line per axis. */
export function formula(state, out) {
  const H = state.input.length;
  const W = state.input[0].length;
  const M = state.kernel.length;
  const N = state.kernel[0].length;
  const p = state.padding;
  const row = (size, s, a, b, dil, k, op, res) => `(${size} − 1)·${s} − ${a} − ${b} + ${dil}·(${k} − 1) + ${op} + 1 = ${res}`;
  return [
    'out = (in − 1)·S − pad₁ − pad₂ + D·(K − 1) + outputPadding + 1',
    `rows:    ${row(H, state.strideY, p.top, p.bottom, state.dilationY, M, state.outputPaddingY, out ? out.height : '< 1')}`,
    `columns: ${row(W, state.strideX, p.left, p.right, state.dilationX, N, state.outputPaddingX, out ? out.width : '< 1')}`,
  ];
}

/** What fed output cell (r, c), from the engine's explanations. */
export function feedText(r, c, feeders, value) {
  if (!feeders.length) return `out[${r}][${c}] received no contribution: 0.`;
  const names = feeders.map((f) => `x[${f.i}][${f.j}]·k[${f.m}][${f.n}]`).join(' + ');
  return `out[${r}][${c}] = ${names} = ${feeders.map((f) => term(f.product)).join(' + ')} = ${fmt(value)} (${feeders.length} contribution${feeders.length === 1 ? '' : 's'})`;
}

export function goesText(e) {
  const inside = e.targets.filter((t) => t.inside);
  return `x[${e.row}][${e.col}] = ${fmt(e.value)} goes to ${inside.map((t) => `(${t.outputRow}, ${t.outputCol})`).join(', ') || 'the cropped margin only'}${inside.length < e.targets.length ? `; ${e.targets.length - inside.length} cropped` : ''}.`;
}
