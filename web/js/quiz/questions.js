// Question generators of the quiz mode: a seed and a position give the same question
// on every machine (prng.js). Pure and engine-free: a question is only its
// parameters; its answer always comes from the engine (solve.js), never from a
// formula written here. Where a choice depends on a size only the engine knows (which
// output cell to ask about), the question carries a pick that solve.js maps onto it.
import { createRandom } from './prng.js';

export const TYPES = ['size', 'feeds', 'value', 'filter', 'pool'];
export const TYPE_NAMES = {
  size: 'Output size',
  feeds: 'Which inputs feed an output',
  value: 'One output value',
  filter: 'Which filter made this image',
  pool: 'Pooling',
};
export const LIMITS = Object.freeze({ count: { min: 1, max: 30 }, seed: { max: 64 } });
export const DEFAULT_COUNT = 8;

const grid = (rng, h, w, lo, hi) => Array.from({ length: h }, () => Array.from({ length: w }, () => rng.int(lo, hi)));

function sizeQuestion(rng) {
  const transposed = rng.next() < 0.3;
  const kernelH = rng.pick([1, 2, 3, 3, 5]);
  const kernelW = rng.next() < 0.7 ? kernelH : rng.pick([1, 2, 3, 5]);
  if (transposed) {
    // The transposed mode's stepper, where the worked answer is shown, takes kernels of at most 4 × 4.
    const kernelHeight = Math.min(kernelH, 4);
    const kernelWidth = Math.min(kernelW, 4);
    const stride = rng.pick([1, 2, 2, 3]);
    const dilation = rng.next() < 0.2 ? 2 : 1;
    const padding = rng.int(0, Math.min(kernelHeight, kernelWidth) - 1 > 0 ? 1 : 0);
    const outputPadding = Math.max(stride, dilation) > 1 && rng.next() < 0.3 ? 1 : 0;
    const height = rng.int(2, 6);
    const width = rng.next() < 0.6 ? height : rng.int(2, 6);
    return { type: 'size', transposed, height, width, kernelHeight, kernelWidth, stride, padding, dilation, outputPadding };
  }
  const kernelHeight = kernelH;
  const kernelWidth = kernelW;
  const stride = rng.pick([1, 1, 2, 2, 3]);
  const dilation = rng.next() < 0.25 ? 2 : 1;
  const padding = rng.pick([0, 0, 1, 2]);
  // The kernel's extent must fit the padded input: the one constraint a generator needs.
  const need = dilation * (Math.max(kernelHeight, kernelWidth) - 1) + 1 - 2 * padding;
  const height = Math.max(need, rng.int(4, 12));
  const width = rng.next() < 0.6 ? height : Math.max(need, rng.int(4, 12));
  return { type: 'size', transposed, height, width, kernelHeight, kernelWidth, stride, padding, dilation, outputPadding: 0 };
}

function feedsQuestion(rng) {
  const kernelHeight = rng.pick([2, 3, 3]);
  const kernelWidth = rng.next() < 0.75 ? kernelHeight : rng.pick([2, 3]);
  const stride = rng.pick([1, 2]);
  const dilation = rng.next() < 0.3 ? 2 : 1;
  const padding = rng.pick([0, 0, 1]);
  const need = dilation * (Math.max(kernelHeight, kernelWidth) - 1) + 1 - 2 * padding;
  const height = Math.max(need, rng.int(4, 7));
  const width = Math.max(need, rng.int(4, 7));
  return { type: 'feeds', height, width, kernelHeight, kernelWidth, stride, padding, dilation, pick: rng.int(0, 9999) };
}

function valueQuestion(rng) {
  const kernelHeight = rng.pick([2, 3]);
  const kernelWidth = kernelHeight;
  const size = rng.int(Math.max(3, kernelHeight), 5);
  const stride = rng.pick([1, 1, 2]);
  const padding = rng.pick([0, 0, 1]);
  return {
    type: 'value', input: grid(rng, size, size, -2, 6), kernel: grid(rng, kernelHeight, kernelWidth, -2, 2),
    stride, padding, pick: rng.int(0, 9999),
  };
}

const PATTERNS = ['square', 'disc', 'stripes', 'checks', 'cross'];

function filterQuestion(rng, filterIds) {
  const ids = [...filterIds];
  const filterId = rng.pick(ids);
  return {
    type: 'filter', filterId, others: rng.shuffle(ids.filter((x) => x !== filterId)),
    pattern: rng.pick(PATTERNS), hue: rng.int(0, 5), slot: rng.int(0, 3),
  };
}

function poolQuestion(rng) {
  const mode = rng.pick(['max', 'max', 'average']);
  const shape = rng.pick([
    { size: 4, window: 2, stride: 2 }, { size: 4, window: 2, stride: 2 }, { size: 6, window: 3, stride: 3 },
    { size: 4, window: 2, stride: 1 }, { size: 6, window: 2, stride: 2 }, { size: 5, window: 3, stride: 2 },
  ]);
  return { type: 'pool', mode, input: grid(rng, shape.size, shape.size, 0, 9), window: shape.window, stride: shape.stride };
}

const MAKERS = { size: sizeQuestion, feeds: feedsQuestion, value: valueQuestion, filter: filterQuestion, pool: poolQuestion };

/**
 * The questions of a quiz: `count` of them from `types` (in the order the seed shuffles
 * them, cycling), each from its own generator seeded by the seed and its position, so
 * changing the count keeps the questions before it. `filterIds`: engine.filters' ids.
 */
export function generateQuiz({ seed, count = DEFAULT_COUNT, types = TYPES, filterIds = [] }) {
  // In TYPES' order whatever order they are given in, so a link's t=value,size and t=size,value agree.
  const usable = TYPES.filter((t) => types.includes(t) && (t !== 'filter' || filterIds.length >= 2));
  if (!usable.length) return [];
  const order = createRandom(`${seed}\u0000order`).shuffle(usable);
  const out = [];
  for (let k = 0; k < count; k++) {
    const type = order[k % order.length];
    const rng = createRandom(`${seed}\u0000${k}`);
    out.push({ index: k, ...MAKERS[type](rng, filterIds) });
  }
  return out;
}

/**
 * The small RGBA picture of a filter question, drawn from the question's parameters
 * (a shape on a coloured background): width × height × 4 bytes.
 */
export function questionImage({ pattern, hue }, size = 24) {
  const data = new Uint8ClampedArray(size * size * 4);
  const fg = [[230, 60, 30], [40, 120, 220], [30, 170, 90], [240, 200, 40], [150, 60, 200], [240, 240, 240]][hue % 6];
  const bg = [30, 30, 40];
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let on;
      switch (pattern) {
        case 'square': on = x >= 6 && x < 18 && y >= 6 && y < 18; break;
        case 'disc': on = (x - c) ** 2 + (y - c) ** 2 <= 64; break;
        case 'stripes': on = Math.floor(x / 4) % 2 === 0; break;
        case 'checks': on = (Math.floor(x / 6) + Math.floor(y / 6)) % 2 === 0; break;
        default: on = Math.abs(x - c) < 2.5 || Math.abs(y - c) < 2.5; break;
      }
      const p = (y * size + x) * 4;
      const col = on ? fg : bg;
      data[p] = col[0];
      data[p + 1] = col[1];
      data[p + 2] = col[2];
      data[p + 3] = 255;
    }
  }
  return { width: size, height: size, data };
}
