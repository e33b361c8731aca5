// The 1-D examples the course uses. Each names every option it relies on, so a
// preset means the same thing whatever the engine's defaults become.
const noisy = [2, 3, 1, 4, 2, 5, 3, 6, 4, 7, 5, 8, 6, 5, 7, 4, 6, 3, 5, 2];

export const PRESETS = Object.freeze([
  {
    id: 'rect-rect', name: 'Rectangle with itself',
    note: 'A rectangle of four ones convolved with itself: the overlap grows by one sample per shift, then shrinks, so the result is a triangle 1, 2, 3, 4, 3, 2, 1.',
    signal: [1, 1, 1, 1], kernel: [1, 1, 1, 1], padding: 'full', flip: true,
  },
  {
    id: 'moving-average', name: 'Moving average',
    note: 'Three weights of 1/3: every output is the mean of three neighbouring samples, so the steps of the signal are smoothed into ramps.',
    signal: [0, 0, 3, 3, 3, 0, 0, 6, 0, 0], kernel: [1 / 3, 1 / 3, 1 / 3], padding: 'same', flip: true,
  },
  {
    id: 'difference', name: 'Difference',
    note: 'The kernel [1, −1] with flip on gives y[n] = x[n] − x[n−1]: zero where the signal is flat, a spike where it jumps. Turn flip off and the sign of every spike changes.',
    signal: [0, 0, 2, 2, 2, 5, 5, 1, 1, 1], kernel: [1, -1], padding: 'valid', flip: true,
  },
  {
    id: 'step', name: 'Step',
    note: 'A unit step through a three-sample averager: the output ramps up over three samples and stays at 1. The step response is the running sum of the kernel.',
    signal: [0, 0, 0, 1, 1, 1, 1, 1, 1, 1], kernel: [1 / 3, 1 / 3, 1 / 3], padding: 'causal', flip: true,
  },
  {
    id: 'impulse', name: 'Impulse',
    note: 'A single 1 (an impulse) convolved with any kernel gives the kernel back, shifted to where the impulse sits: the kernel is the impulse response.',
    signal: [0, 0, 0, 1, 0, 0, 0, 0], kernel: [3, 2, 1], padding: 'full', flip: true,
  },
  {
    id: 'noisy', name: 'Noisy signal smoothed',
    note: 'A rising, wobbling signal smoothed by a five-sample binomial kernel (1 4 6 4 1)/16: the wobble shrinks, the trend stays.',
    signal: noisy, kernel: [1 / 16, 4 / 16, 6 / 16, 4 / 16, 1 / 16], padding: 'same', border: 'replicate', flip: true,
  },
  {
    id: 'echo', name: 'Echo',
    note: 'The kernel [1, 0, 0, 0, 0.5]: the output is the signal plus a copy half as loud, four samples later, as an echo adds a delayed, quieter copy of a sound.',
    signal: [4, 2, 1, 0, 0, 0, 0, 0, 0, 0], kernel: [1, 0, 0, 0, 0.5], padding: 'causal', flip: true,
  },
]);

/** A preset → the state (every option named; the rest from `base`). */
export function applyPreset(base, preset) {
  return {
    ...base,
    signal: preset.signal.slice(),
    kernel: preset.kernel.slice(),
    stride: 1,
    dilation: 1,
    padding: preset.padding,
    border: preset.border ?? 'constant',
    constant: 0,
    flip: preset.flip,
    step: 0,
    preset: preset.id,
  };
}
