// The examples the matrix mode offers. Matrices are written out as the course writes
// them; options not named take the engine's defaults (engine.options).

// The course examples the page is built around.
export const COURSE_PRESETS = [
  {
    id: 'course-2x2',
    name: '4×4 input, 2×2 kernel',
    description: 'The smallest example: a 2×2 kernel [[1, 0], [0, −1]] slides over a 4×4 input, no padding, stride 1.',
    input: [[1, 2, 3, 0], [4, 5, 6, 1], [7, 8, 9, 2], [0, 1, 2, 3]],
    kernel: [[1, 0], [0, -1]],
    settings: {},
  },
  {
    id: 'course-outline',
    name: '5×5 square, outline kernel',
    description: 'A bright 3×3 square on a 5×5 input and the 3×3 outline kernel: the centre cancels out, the border of the square lights up.',
    input: [[0, 0, 0, 0, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 0, 0, 0, 0]],
    kernel: [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
    settings: {},
  },
  {
    id: 'course-vertical-edge',
    name: '5×5 step, vertical-edge kernel',
    description: 'Five rows of [1, 1, 1, 0, 0] and the vertical-edge kernel [[1, 0, −1] × 3]: the output is large exactly where the values drop.',
    input: Array.from({ length: 5 }, () => [1, 1, 1, 0, 0]),
    kernel: Array.from({ length: 3 }, () => [1, 0, -1]),
    settings: {},
  },
  {
    id: 'course-stride',
    name: '4×5 input, stride 2',
    description: 'A 3×3 kernel over a 4×5 input, no padding, stride 2: the window jumps two cells at a time, so the output is ⌊(4 − 3)/2⌋ + 1 = 1 by ⌊(5 − 3)/2⌋ + 1 = 2.',
    input: [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20]],
    kernel: [[1, 0, 1], [0, 1, 0], [1, 0, 1]],
    settings: { strideY: '2', strideX: '2' },
  },
  {
    id: 'course-gaussian',
    name: 'Gaussian blur, 1/16',
    description: 'The course\'s Gaussian 1/16 × [[1, 2, 1], [2, 4, 2], [1, 2, 1]] on a 5×5 input with one bright cell: the result is the kernel itself, spread around the bright cell.',
    input: [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 16, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]],
    kernel: [['1/16', '1/8', '1/16'], ['1/8', '1/4', '1/8'], ['1/16', '1/8', '1/16']],
    settings: { padding: 'same' },
  },
];

// One input with non-zero edges that differ from each other (a ramp) and two cells of
// padding: with one cell, replicate and reflect would supply the same values.
const BORDER_INPUT = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]];
const BORDER_KERNEL = [[1, 1, 1], [1, 1, 1], [1, 1, 1]];
const BORDER_PADDING = { padding: 'explicit', padTop: '2', padBottom: '2', padLeft: '2', padRight: '2' };
const BORDER_WORDS = {
  constant: 'constant 0: the padding is zeros, so the edges of the output are small',
  replicate: 'replicate: the padding repeats the edge values (1 1 │ 1 2 3 4 │ 4 4)',
  reflect: 'reflect: the padding mirrors the input, edge value included (2 1 │ 1 2 3 4 │ 4 3)',
  reflect101: 'reflect101: the padding mirrors the input around the edge value (3 2 │ 1 2 3 4 │ 3 2)',
  wrap: 'wrap: the padding continues from the opposite side (3 4 │ 1 2 3 4 │ 1 2)',
};
const BORDER_NAMES = { constant: 'Zero padding', replicate: 'Replicate', reflect: 'Reflect', reflect101: 'Reflect 101', wrap: 'Wrap' };

/** One preset per border mode the engine knows, on the same ramp and padding. */
export function borderPresets(borders) {
  return borders.map((b) => ({
    id: `border-${b}`,
    name: BORDER_NAMES[b] ?? b,
    description: `A 4×4 ramp, two cells of padding on every side and the ${BORDER_WORDS[b] ?? `${b} border`}. The 3×3 kernel of ones sums each window, so the outer output cells show what the border supplied; compare them between the border presets.`,
    input: BORDER_INPUT,
    kernel: BORDER_KERNEL,
    settings: { ...BORDER_PADDING, border: b },
  }));
}

// Built-in image filters are shown on this small test pattern (a bright square on
// a dark ground) with the image page's defaults, so edges and blur are visible.
export const FILTER_DEMO_INPUT = Array.from({ length: 8 }, (_, r) =>
  Array.from({ length: 8 }, (_, c) => (r >= 2 && r <= 5 && c >= 2 && c <= 5 ? 9 : 0)));

/** A built-in filter of engine.filters as a preset; `imageDefaults` are filterImage's padding and border. */
export function filterPreset(filter, imageDefaults) {
  const k = filter.kernels[0];
  const rows = [];
  for (let r = 0; r < k.height; r++) rows.push(Array.from(k.data.slice(r * k.width, (r + 1) * k.width)));
  let note = `${filter.name}: ${filter.description} Shown on an 8×8 test pattern with "${imageDefaults.padding}" padding and the ${imageDefaults.border} border, as the image page filters a photo.`;
  if (filter.kernels.length > 1) {
    note += ` This filter combines ${filter.kernels.length} kernels (the image page takes sqrt(gx² + gy²) of their results); the matrix view shows the first one, gx.`;
  }
  return {
    id: `filter-${filter.id}`, name: filter.name, description: note, input: FILTER_DEMO_INPUT, kernel: rows,
    settings: { padding: imageDefaults.padding, border: imageDefaults.border },
  };
}
