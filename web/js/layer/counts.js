// The weight-sharing point with numbers: a convolution layer's parameters and
// multiply-adds beside those of a fully connected layer that maps the same input to
// the same number of outputs. Pure teaching formulas over the shapes (the values come
// from the engine's outputs).

/** shape: C, H, W, K, M, N; conv: the engine's feature maps (their size); pooled: the pooled tensor or null. */
export function layerCounts(shape, conv, pooled = null) {
  const { channels: C, height: H, width: W, kernels: K, kernelHeight: M, kernelWidth: N } = shape;
  const outH = conv.height;
  const outW = conv.width;
  const inputs = C * H * W;
  const outputs = K * outH * outW;
  const convWeights = K * C * M * N;
  const conv$ = {
    weights: convWeights, biases: K, params: convWeights + K, macs: outputs * C * M * N,
    paramsFormula: `K·(C·M·N + 1) = ${K}·(${C}·${M}·${N} + 1) = ${convWeights + K}`,
    macsFormula: `K·outH·outW·C·M·N = ${K}·${outH}·${outW}·${C}·${M}·${N} = ${outputs * C * M * N}`,
  };
  const fc = {
    weights: inputs * outputs, biases: outputs, params: inputs * outputs + outputs, macs: inputs * outputs,
    paramsFormula: `(C·H·W)·(K·outH·outW) + K·outH·outW = ${inputs}·${outputs} + ${outputs} = ${inputs * outputs + outputs}`,
    macsFormula: `(C·H·W)·(K·outH·outW) = ${inputs}·${outputs} = ${inputs * outputs}`,
  };
  return {
    inputs, outputs, conv: conv$, fc,
    ratio: fc.params / conv$.params,
    pooledOutputs: pooled ? pooled.channels * pooled.height * pooled.width : null,
  };
}
