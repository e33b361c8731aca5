// Every option of every call, as data (SEMANTICS.md sections 5-8). The engine's argument
// reader (args.js) is driven by this table and pages build their controls, defaults and
// link validation from `engine.options`, so a name, a default or a range is written once.
//
// Entry fields: name, type, default (null when there is none: required, or the value is
// derived), and where they apply:
//   min, max     integer and number ranges (inclusive); for 'padding', the range of a side;
//                for 'numbers', the range of every element
//   values       enum names, padding presets, filter ids
//   required     the option must be given
//   sides        'padding': the side names an object may give (missing sides are 0)
//   allSides     'padding': an object must name every side
//   integer      'padding': one integer may stand for every side
//   count        'matrices': how many matrices the list holds
//   group        at most one option of a group may be given; with groupRequired, exactly one
//   defaultFrom  the default is the value of that other option

const BORDERS = ['constant', 'replicate', 'reflect', 'reflect101', 'wrap'];
const PRESETS = ['valid', 'same', 'full'];
const SIDES = ['top', 'bottom', 'left', 'right'];

/**
 * Builds the frozen table from the engine's limits ({ maxSide, maxMagnitude }) and the ids of
 * its built-in filters, so the ranges are those the core enforces.
 */
export function optionTable({ maxSide, maxMagnitude }, filterIds) {
  const int = (name, dflt, min, extra = {}) => ({ name, type: 'integer', default: dflt, min, max: maxSide, ...extra });
  const num = (name, dflt) => ({ name, type: 'number', default: dflt, min: -maxMagnitude, max: maxMagnitude });
  const border = (dflt) => ({ name: 'border', type: 'enum', default: dflt, values: BORDERS });
  const flip = { name: 'flip', type: 'boolean', default: false };
  const grid = [int('strideY', 1, 1), int('strideX', 1, 1), int('dilationY', 1, 1), int('dilationX', 1, 1)];
  const padding = (dflt) => ({ name: 'padding', type: 'padding', default: dflt, values: PRESETS, sides: SIDES, min: 0, max: maxSide });
  const convolve = [...grid, padding('valid'), border('constant'), num('constant', 0), flip];
  const source = { group: 'kernel source', groupRequired: true };
  const table = {
    convolve,
    filterImage: [
      ...grid, padding('same'), border('replicate'), num('constant', 0), flip,
      { name: 'filter', type: 'filter', default: null, values: filterIds, ...source },
      { name: 'kernel', type: 'matrix', default: null, ...source },
      { name: 'kernels', type: 'matrices', default: null, count: 3, ...source },
      { name: 'output', type: 'enum', default: 'clamp', values: ['clamp', 'abs', 'offset', 'normalize'] },
      { name: 'grayscale', type: 'boolean', default: false },
      num('bias', 0),
      { name: 'onProgress', type: 'function', default: null },
    ],
    convolve1d: [
      int('stride', 1, 1), int('dilation', 1, 1),
      { name: 'padding', type: 'padding', default: 'valid', values: PRESETS, sides: ['left', 'right'], min: 0, max: maxSide },
      border('constant'), num('constant', 0), flip,
    ],
    convolveTranspose: [
      ...grid,
      { name: 'padding', type: 'padding', default: 0, values: [], sides: SIDES, allSides: true, integer: true, min: 0, max: maxSide },
      // Less than max(stride, dilation) on its axis, which is at most maxSide.
      int('outputPaddingY', 0, 0, { max: maxSide - 1 }), int('outputPaddingX', 0, 0, { max: maxSide - 1 }),
    ],
    convLayer: [...convolve, { name: 'bias', type: 'numbers', default: null, min: -maxMagnitude, max: maxMagnitude }],
    pool: [
      { name: 'mode', type: 'enum', default: null, values: ['max', 'average'], required: true },
      int('height', null, 1, { required: true }), int('width', null, 1, { required: true }),
      int('strideY', null, 1, { defaultFrom: 'height' }), int('strideX', null, 1, { defaultFrom: 'width' }),
    ],
  };
  return deepFreeze(structuredClone(table));
}

export function deepFreeze(x) {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}
