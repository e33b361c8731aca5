// The sentences of the 1-D mode: what each move does, with its numbers. Pure; the
// numbers come from the engine's explanation of the step.
import { formatPrecise as fmt } from '../shared/numbers.js';
import { shiftOf } from './steps.js';

const idx = (n) => (n < 0 ? `\u2212${-n}` : String(n));
const term = (v) => (v < 0 ? `(${fmt(v)})` : fmt(v));

/** The window's variable, as the move's title writes it: k[s − n] or k[n − o]. */
export function kernelLabel(t, geo) {
  const s = shiftOf(t, geo);
  if (geo.flip) return s === 0 ? 'k[−n]' : `k[${idx(s)} − n]`;
  if (s === 0) return 'k[n]';
  return s > 0 ? `k[n − ${s}]` : `k[n + ${-s}]`;
}

export function title(phase, t, geo) {
  switch (phase) {
    case 'fold': return geo.flip ? 'Fold: k[n] becomes k[−n]' : 'No fold (flip off: cross-correlation)';
    case 'shift': return `Shift to t = ${t}: ${kernelLabel(t, geo)}`;
    case 'multiply': return `Multiply point by point for y[${t}]`;
    default: return `Sum: y[${t}]`;
  }
}

/** The arithmetic line(s) of a move: { names, numbers, result } strings. */
export function arithmetic(phase, e, geo) {
  if (phase === 'fold') {
    return {
      names: geo.flip
        ? `k[−n]: sample j of the kernel moves to −j${geo.dilation > 1 ? `·${geo.dilation}` : ''}, so the kernel is read backwards as it slides.`
        : 'Cross-correlation slides k as given: y[t] = Σ x[n]·k[n − o]. Convolution mirrors it first: y[t] = Σ x[n]·k[s − n]. They agree only for a symmetric kernel.',
      numbers: '', result: '',
    };
  }
  const names = e.taps.map((p) => `x[${idx(p.index)}]·k[${p.kernelIndex}]`).join(' + ');
  const numbers = e.taps.map((p) => `${term(p.value)}·${term(p.weight)}`).join(' + ');
  if (phase === 'shift') return { names: `Under the window: ${names}`, numbers: '', result: '' };
  if (phase === 'multiply') {
    return { names, numbers: e.taps.map((p) => `${term(p.value)}·${term(p.weight)} = ${fmt(p.product)}`).join(',  '), result: '' };
  }
  return { names: `y[${e.t}] = ${names}`, numbers: `= ${numbers}`, result: `= ${e.taps.map((p) => term(p.product)).join(' + ')} = ${fmt(e.sum)}` };
}

/** What a screen reader says for the move (short, one sentence or two). */
export function announce(phase, t, e, geo, step, total) {
  const head = `Step ${step + 1} of ${total}.`;
  if (phase === 'fold') {
    return geo.flip
      ? `${head} Fold: the kernel is mirrored, sample j moves to minus j.`
      : `${head} No fold: flip is off, the kernel slides as given (cross-correlation).`;
  }
  const padded = e.taps.filter((p) => !p.inside).length;
  if (phase === 'shift') {
    return `${head} Shift to output ${t}: the kernel covers signal samples ${idx(e.taps[0].index)} to ${idx(e.taps[e.taps.length - 1].index)}${padded ? `, ${padded} of them padding` : ''}.`;
  }
  if (phase === 'multiply') return `${head} Multiply: ${e.taps.map((p) => `${fmt(p.value)} times ${fmt(p.weight)} is ${fmt(p.product)}`).join('; ')}.`;
  return `${head} Sum: y ${t} equals ${fmt(e.sum)}.`;
}

/** Why convolution and cross-correlation differ, for the flip hint. */
export const FLIP_HINT = 'On: convolution, the kernel is folded (k[−n]) before it slides. Off: cross-correlation, what CNN libraries call convolution; the kernel slides as given. A kernel that is not symmetric gives a mirrored result.';

/** The commutativity sentence for the relation found by derive. */
export function commuteText(relation, flip) {
  if (relation === 'equal') return flip ? 'x ∗ h equals h ∗ x: convolution is commutative (with full padding and stride 1; the sum Σ x[n]·h[t − n] is the same with n replaced by t − n).' : 'x ⋆ h equals h ⋆ x here because the two are mirror-symmetric; cross-correlation is not commutative in general.';
  if (relation === 'reversed') return 'x ⋆ h is h ⋆ x read backwards: cross-correlation (flip off) is not commutative; swapping the two mirrors the result. Turn flip on for convolution, which is.';
  return 'The two results differ.';
}
