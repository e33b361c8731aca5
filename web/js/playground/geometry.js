// Pure index geometry of the sliding window, used only to decide what to
// highlight. It never produces a value: every number on the page comes from the
// engine. "Padded" coordinates put (0, 0) at the top-left padding cell, so an
// input cell (r, c) sits at (r + top, c + left).

/** Output cell of a step (steps run row by row, like the loop in the pseudocode). */
export function stepToCell(step, outWidth) {
  return { i: Math.floor(step / outWidth), j: step % outWidth };
}

export function cellToStep(i, j, outWidth) {
  return i * outWidth + j;
}

export function clampStep(step, total) {
  if (!(total > 0)) return 0;
  if (!Number.isFinite(step)) return 0;
  return Math.min(Math.max(Math.trunc(step), 0), total - 1);
}

/**
 * The window of output cell (i, j) in padded coordinates: its top-left corner
 * and the rectangle it spans (gaps included when dilated).
 */
export function windowRect(i, j, geo) {
  return {
    row: i * geo.strideY,
    col: j * geo.strideX,
    rows: geo.dilationY * (geo.kernelHeight - 1) + 1,
    cols: geo.dilationX * (geo.kernelWidth - 1) + 1,
  };
}

/** Output indices along one axis whose window reads padded index p. */
function feedersOnAxis(p, out, stride, dilation, size) {
  const hits = [];
  for (let i = 0; i < out; i++) {
    const offset = p - i * stride;
    if (offset < 0) break;
    if (offset % dilation === 0 && offset / dilation < size) hits.push(i);
  }
  return hits;
}

/** Every output cell whose window reads padded cell (row, col), as step numbers. */
export function outputsFedBy(row, col, geo) {
  const is = feedersOnAxis(row, geo.outHeight, geo.strideY, geo.dilationY, geo.kernelHeight);
  const js = feedersOnAxis(col, geo.outWidth, geo.strideX, geo.dilationX, geo.kernelWidth);
  const steps = [];
  for (const i of is) for (const j of js) steps.push(cellToStep(i, j, geo.outWidth));
  return steps;
}

/**
 * Why a kernel does not fit, axis by axis, in words a learner can act on. Only
 * called after the engine refused the settings; it reports the sizes that
 * make up the output-size formula so the page can point at the culprit.
 */
export function fitProblems({ height, width }, { kernelHeight, kernelWidth, dilationY, dilationX }, padding) {
  const problems = [];
  const axes = [
    ['rows', height, padding.top + padding.bottom, kernelHeight, dilationY],
    ['columns', width, padding.left + padding.right, kernelWidth, dilationX],
  ];
  for (const [axis, size, pad, k, d] of axes) {
    const extent = d * (k - 1) + 1;
    if (extent > size + pad) {
      problems.push({ axis, extent, padded: size + pad, size, pad, kernel: k, dilation: d });
    }
  }
  return problems;
}
