// The text views of one step: the arithmetic, the output-size formula, the loop and
// what a screen reader hears. Pure string builders from derived data (no DOM); every
// number comes from the engine's explain/plan. Values are formatted, never raw input
// text, so nothing typed reaches HTML unescaped.
import { formatDisplay, formatPrecise } from '../shared/numbers.js';

export const esc = (s) => String(s).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]);
// Factors in the arithmetic, bracketed when negative as the course writes them: 0×(−1).
const factor = (v) => (v < 0 ? `(${formatPrecise(v)})` : formatPrecise(v));

export function borderWords(d) {
  const b = d.options.border;
  if (b === 'constant') return `constant ${formatDisplay(d.options.constant ?? 0)}`;
  return `${b} border (copied from the input)`;
}

export function arithmeticHtml(d, e, total, step) {
  const N = d.kernelShape.width;
  const groups = [];
  const products = [];
  for (let k = 0; k < e.taps.length; k += N) {
    const row = e.taps.slice(k, k + N);
    groups.push(`(${row.map((t) => {
      const v = t.inside ? factor(t.value) : `<span class="padv" title="padding value (input row ${t.inputRow}, column ${t.inputCol} is outside)">${factor(t.value)}</span>`;
      return `<span class="term">${v}×${factor(t.weight)}</span>`;
    }).join(' + ')})`);
    products.push(`(${row.map((t) => factor(t.product)).join(' + ')})`);
  }
  const padCount = e.taps.filter((t) => !t.inside).length;
  const legend = padCount
    ? `<p class="hint"><span class="padv">Underlined italic</span> values (${padCount}) come from padding: ${esc(borderWords(d))}.</p>`
    : '';
  const where = `<p class="arith-title">Step ${step + 1} of ${total}: output position (${e.row}, ${e.col})<span class="wide-text">, window from padded row ${e.row * d.geo.strideY}, column ${e.col * d.geo.strideX}</span></p>`;
  return `${where}<div class="sum-lines mono"><div><span class="formula-name">Sum</span> = ${groups.join('<br>  + ')}</div>`
    + `<div>  = ${products.join(' + ')}</div><div class="sum-total">  = <strong>${formatPrecise(e.sum)}</strong></div></div>${legend}`;
}

export function announceText(e, total, step) {
  const terms = e.taps.map((t) => `${factor(t.value)}${t.inside ? '' : ' (padding)'} × ${factor(t.weight)}`);
  const body = e.taps.length <= 25 ? `${terms.join(' + ')} = ${formatPrecise(e.sum)}` : `sum of ${e.taps.length} products = ${formatPrecise(e.sum)}`;
  return `Step ${step + 1} of ${total}, output position (${e.row}, ${e.col}): ${body}`;
}

export function pseudocodeHtml(d, e) {
  const g = d.geo;
  const flip = d.options.flip;
  const line = (text, cls = '', note = '') =>
    `<span class="code-line${cls ? ` ${cls}` : ''}">${cls.includes('current') ? '▶ ' : '  '}${text}${note ? `<span class="code-note">  # ${note}</span>` : ''}</span>`;
  const iOn = e ? ' active' : '';
  return [
    line(`for i in 0 … ${g.outHeight - 1}:`, iOn, e ? `i = ${e.row}` : ''),
    line(`  for j in 0 … ${g.outWidth - 1}:`, iOn, e ? `j = ${e.col}` : ''),
    line('    sum = 0'),
    line(`    for m in 0 … ${g.kernelHeight - 1}:`),
    line(`      for n in 0 … ${g.kernelWidth - 1}:`),
    line(`        sum += P[${g.strideY}·i + ${g.dilationY}·m][${g.strideX}·j + ${g.dilationX}·n] × ${flip ? 'K′' : 'K'}[m][n]`),
    line('    O[i][j] = sum', e ? 'current' : '', e ? `O[${e.row}][${e.col}] = ${esc(formatPrecise(e.sum))}` : ''),
  ].join('') + `<span class="code-note">P = padded input (0, 0 is its top-left cell)${flip ? '; K′ = kernel folded 180°' : ''}</span>`;
}

/** The output-size formula, axis by axis, with the engine's numbers (or why there are none). */
export function formulaHtml(d) {
  const o = d.options;
  if (!o) return '<p>Fix the settings to see the output size.</p>';
  const { height: H, width: W } = d.inputShape;
  const { height: M, width: N } = d.kernelShape;
  const p = d.padding;
  const axis = (name, size, a, b, k, dil, stride, extent, out, sym) => {
    const ext = dil > 1
      ? `<div>E${sym} = D${sym}·(${sym === 'y' ? 'M' : 'N'} − 1) + 1 = ${dil}·(${k} − 1) + 1${extent !== null ? ` = ${extent}` : ''}</div>`
      : '';
    const e = extent ?? (dil > 1 ? `E${sym}` : k);
    const res = out !== null ? ` = ${out}` : ' < 1';
    // Unbreakable pieces: a narrow column wraps between them, never inside the floor brackets.
    return `${ext}<div class="formula-line"><span class="formula-name">${name}</span> = <span>⌊(${size} + ${a} + ${b} − ${e}) / ${stride}⌋</span> <span>+ 1${res}</span></div>`;
  };
  const pl = d.plan ?? d.partial;
  const extY = pl.extentY ?? d.fit.find((f) => f.axis === 'rows')?.extent ?? null;
  const extX = pl.extentX ?? d.fit.find((f) => f.axis === 'columns')?.extent ?? null;
  return `<div class="formula-general">out = ⌊(size + pad before + pad after − kernel extent) / stride⌋ + 1</div>`
    + axis('rows', H, p.top, p.bottom, M, o.dilationY, o.strideY, extY, pl.outHeight ?? null, 'y')
    + axis('columns', W, p.left, p.right, N, o.dilationX, o.strideX, extX, pl.outWidth ?? null, 'x');
}

export function macsText(d) {
  if (!d.plan) return '';
  const { outHeight, outWidth } = d.plan;
  const { height: M, width: N } = d.kernelShape;
  return `Multiply-adds for the whole output: ${outHeight} × ${outWidth} × ${M} × ${N} = ${(outHeight * outWidth * M * N).toLocaleString('en')}`;
}

export function outputMessages(d) {
  if (d.cellErrors.length) return ['The output waits for every cell to hold a number; fix the cells marked above.'];
  if (d.settingErrors.length) return ['The output waits for valid settings; fix the settings marked in Settings.'];
  if (d.planError) return ['No output: the kernel does not fit with these settings (see Output size).'];
  if (d.engineError) return [`The engine refused these values: ${d.engineError}`];
  return [];
}

/** "stride 2 × 2 · valid · constant 0 · flipped" for the closed Settings drawer. */
export function settingsSummary(state, d) {
  const s = state.settings;
  const parts = [`stride ${s.strideY}×${s.strideX}`];
  if (s.dilationY !== '1' || s.dilationX !== '1') parts.push(`dilation ${s.dilationY}×${s.dilationX}`);
  parts.push(s.padding === 'explicit' ? `padding ${d.padding.top},${d.padding.bottom},${d.padding.left},${d.padding.right}` : s.padding);
  parts.push(s.border === 'constant' ? `constant ${s.constant}` : s.border);
  if (s.flip) parts.push('flipped');
  return parts.join(' · ');
}
