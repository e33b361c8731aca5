// The layer mode's presets: a learner sees one idea per preset. Data only.

const square = (size, lo, hi, from, to) => Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => (r >= from && r < to && c >= from && c < to ? hi : lo)));

const H_EDGE = [[-1, -1, -1], [0, 0, 0], [1, 1, 1]];
const V_EDGE = [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]];
const SOBEL_X = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]];

// A 7×7 picture: a red house with a yellow window on blue sky over green grass.
const SKY = [90, 160, 230];
const GRASS = [40, 150, 60];
const WALL = [200, 40, 40];
const LIGHT = [250, 220, 60];
const PICTURE = Array.from({ length: 7 }, (_, r) => Array.from({ length: 7 }, (_, c) => {
  if (r >= 5) return GRASS;
  if (r >= 2 && c >= 2 && c <= 5) return r === 3 && c === 4 ? LIGHT : WALL;
  return SKY;
}));
const channel = (k) => PICTURE.map((row) => row.map((px) => px[k]));

// A first layer as training tends to leave it: small signed weights, oriented edges,
// a centre-surround blob and a colour-opponent filter; small biases.
const TRAINED = [
  [[[0.21, 0.05, -0.18], [0.12, -0.03, -0.24], [0.09, -0.11, -0.2]],
    [[0.18, 0.02, -0.15], [0.16, 0.01, -0.22], [0.11, -0.07, -0.19]],
    [[0.14, 0.04, -0.12], [0.1, -0.02, -0.17], [0.07, -0.05, -0.14]]],
  [[[-0.08, -0.12, -0.07], [-0.11, 0.42, -0.13], [-0.06, -0.1, -0.09]],
    [[-0.07, -0.1, -0.08], [-0.12, 0.38, -0.11], [-0.05, -0.09, -0.07]],
    [[-0.06, -0.08, -0.05], [-0.09, 0.31, -0.1], [-0.04, -0.07, -0.06]]],
  [[[0.19, 0.24, 0.17], [0.01, -0.02, 0.03], [-0.16, -0.22, -0.18]],
    [[0.15, 0.2, 0.14], [0.02, 0, -0.01], [-0.13, -0.19, -0.15]],
    [[0.11, 0.14, 0.1], [0, 0.01, -0.02], [-0.1, -0.13, -0.11]]],
  [[[0.06, 0.1, 0.05], [0.09, 0.17, 0.08], [0.05, 0.09, 0.06]],
    [[-0.07, -0.11, -0.06], [-0.1, -0.18, -0.09], [-0.06, -0.1, -0.07]],
    [[0.01, 0, -0.01], [0.02, 0.01, 0], [-0.01, 0, 0.01]]],
];
// Pixel values scaled to 0..1, as a network's input usually is.
const scaled = (k) => channel(k).map((row) => row.map((v) => Math.round((v / 255) * 100) / 100));

export const PRESETS = [
  {
    id: 'edges', name: 'Two edge detectors',
    description: 'One 8×8 input, two 3×3 kernels: a horizontal and a vertical edge detector give two feature maps. ReLU keeps the dark-to-bright edges; 2×2 max pooling keeps the strongest response of each patch.',
    input: [square(8, 0, 9, 2, 6)],
    kernels: [[H_EDGE], [V_EDGE]], bias: [0, 0],
    options: {}, relu: true, pool: { mode: 'max', height: 2, width: 2, strideY: 2, strideX: 2 },
    inspect: { stage: 'conv', channel: 1, row: 1, col: 1 },
  },
  {
    id: 'rgb', name: 'RGB image, 3×3×3 kernel',
    description: 'A 7×7 colour picture split into R, G and B. The one kernel has a 3×3 slice per channel (Sobel x on each); every output value is the three channels\' partial sums added, plus the bias.',
    input: [channel(0), channel(1), channel(2)], image: true,
    kernels: [[SOBEL_X, SOBEL_X, SOBEL_X]], bias: [0],
    options: {}, relu: true, pool: { mode: 'average', height: 2, width: 2, strideY: 2, strideX: 2 },
    inspect: { stage: 'conv', channel: 0, row: 1, col: 2 },
  },
  {
    id: 'trained', name: 'A tiny trained-looking layer',
    description: 'Four 3×3×3 kernels with small signed weights, as training leaves a first layer: an oriented edge, a centre-surround blob, a horizontal edge and a red-versus-green detector, each with a small bias.',
    input: [scaled(0), scaled(1), scaled(2)], image: true,
    kernels: TRAINED, bias: [0.02, -0.05, 0.01, 0.03],
    options: { padding: 'same' }, relu: true, pool: { mode: 'max', height: 2, width: 2, strideY: 2, strideX: 2 },
    inspect: { stage: 'conv', channel: 3, row: 2, col: 2 },
  },
];
