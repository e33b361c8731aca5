// The moves of the 1-D animation and where things sit on the time axis. Pure index
// geometry: it never produces a value (every number comes from the engine), only
// which move a step is and where a kernel sample is drawn.
//
// Step 0 folds the kernel (draws k[−n]; with flip off it says why there is no fold).
// Then for every output sample t three moves: shift the kernel to t, multiply point by
// point, sum. So a result of n samples has 1 + 3n steps.

export const PHASES = Object.freeze(['fold', 'shift', 'multiply', 'sum']);

export const totalSteps = (outLength) => (outLength > 0 ? 1 + 3 * outLength : 0);

/** Step → { phase, t }: t is the output sample being computed (0 for the fold). */
export function phaseOf(step, outLength) {
  if (step <= 0 || outLength < 1) return { phase: 'fold', t: 0 };
  const s = Math.min(step, totalSteps(outLength) - 1) - 1;
  return { phase: PHASES[1 + (s % 3)], t: Math.floor(s / 3) };
}

/** The step at which output sample t reaches `phase`. */
export function stepOf(t, phase = 'sum') {
  if (phase === 'fold') return 0;
  return 1 + 3 * t + PHASES.indexOf(phase) - 1;
}

export function clampStep(step, total) {
  if (!(total > 0) || !Number.isFinite(step)) return 0;
  return Math.min(Math.max(Math.trunc(step), 0), total - 1);
}

/** How many output samples are known (drawn in the output plot) at this step. */
export function knownOutputs(step, outLength) {
  if (step <= 0) return 0;
  const { phase, t } = phaseOf(step, outLength);
  return phase === 'sum' ? t + 1 : t;
}

/**
 * Where kernel sample j (as the learner gave it) sits, in signal indices, when the window
 * computes output t: flip on, the folded kernel shifted by s = t·S + (M − 1)·D − left
 * (k[s − n]); flip off, the kernel as given starting at o = t·S − left (k[n − o]).
 */
export function kernelPosition(j, t, { stride, dilation, left, length, flip }) {
  const start = t * stride - left;
  return flip ? start + (length - 1 - j) * dilation : start + j * dilation;
}

/** The shift the words use: s for k[s − n] (flip) or o for k[n − o] (no flip). */
export function shiftOf(t, { stride, dilation, left, length, flip }) {
  return flip ? t * stride + (length - 1) * dilation - left : t * stride - left;
}

/** Positions of the folded (flip) or unfolded kernel before any shift: −j·D or j·D. */
export const foldPosition = (j, { dilation, flip }) => (flip ? -j * dilation : j * dilation);

/**
 * The time axis shared by every move: the padded signal [−left, L + right − 1] and the
 * folded kernel at rest, so the plot never rescales while stepping.
 */
export function axisRange({ signalLength, left, right, kernelLength, dilation, flip }) {
  const reach = (kernelLength - 1) * dilation;
  return { lo: Math.min(-left, flip ? -reach : 0), hi: Math.max(signalLength + right - 1, flip ? 0 : reach) };
}

/** The output-length formula with its numbers, as text: ⌊(L + l + r − E) / S⌋ + 1 = n. */
export function lengthFormula({ signalLength, left, right, kernelLength, dilation, stride }, outLength) {
  const extent = dilation * (kernelLength - 1) + 1;
  const ext = dilation === 1 ? `${extent}` : `${extent}`;
  return {
    symbolic: 'n_out = ⌊(L + left + right − E) / S⌋ + 1, E = D·(M − 1) + 1',
    extent: `E = ${dilation}·(${kernelLength} − 1) + 1 = ${extent}`,
    numbers: `⌊(${signalLength} + ${left} + ${right} − ${ext}) / ${stride}⌋ + 1 = ${outLength}`,
  };
}
