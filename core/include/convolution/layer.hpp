#pragma once
/// A convolutional layer: several multi-channel kernels and a bias each (SEMANTICS.md section 8).

#include <cstdint>
#include <vector>

#include "convolution/explain.hpp"
#include "convolution/signal.hpp"
#include "convolution/tensor.hpp"
#include "convolution/types.hpp"

namespace convolution {

/// Read-only weights the caller owns: data[((o*in_channels + c)*height + m)*width + n].
struct weights_view {
    const double* data = nullptr;
    std::int64_t out_channels = 0, in_channels = 0, height = 0, width = 0;

    /// The kernel output channel o applies to input channel c.
    matrix_view kernel(std::int64_t o, std::int64_t c) const {
        return {data + (o * in_channels + c) * height * width, height, width};
    }
};

/// Checks the shapes of the input tensor and the weights (in_channels must equal the input's channels), the
/// bias length (-1 when there is none: zeros; else one value per output channel) and the convolve() options,
/// reading no data;
/// fills plan (one channel's geometry) when the problem is ok(). Fields: input, weights, bias, and the option
/// names of convolve().
problem plan_layer(const tensor_view& input, const weights_view& weights, std::int64_t bias_length,
                   const conv_options& options, conv_plan& plan);

/// plan_layer(), then the values of input, weights and bias. A bias with data == nullptr is no bias (zeros).
problem check_layer(const tensor_view& input, const weights_view& weights, const vector_view& bias,
                    const conv_options& options, conv_plan& plan);

/// Fast path: out[o] = bias[o] + (partial_0 + partial_1 + ...), partial_c = convolve(input[c], weights[o][c])
/// summed as convolve() sums it. Writes out_channels x plan.out_height x plan.out_width values; arguments must
/// have passed check_layer().
void conv_layer_into(const tensor_view& input, const weights_view& weights, const vector_view& bias,
                     const conv_options& options, const conv_plan& plan, double* out);

/// Checks, then runs the layer; throws convolution::error on invalid arguments.
tensor conv_layer(const tensor_view& input, const weights_view& weights, const vector_view& bias = {},
                  const conv_options& options = {});

/// One tap of a layer's output cell: explain()'s tap and the input channel it reads.
struct layer_tap {
    std::int64_t input_channel = 0;
    tap t;
};

/// Output cell (channel, row, col): taps channel by channel, each channel's partial sum, the bias and the total
/// (bias + the partials added in channel order), equal bit for bit to conv_layer()'s value.
struct layer_explanation {
    std::int64_t channel = 0, row = 0, col = 0;
    double bias = 0, sum = 0;
    std::vector<double> partials;
    std::vector<layer_tap> taps;
};

/// Checks that (channel, row, col) is a cell of the output; fields o, i and j.
problem check_layer_cell(const weights_view& weights, const conv_plan& plan, std::int64_t channel, std::int64_t row,
                         std::int64_t col);

/// Explains one output cell; arguments must have passed check_layer() and check_layer_cell().
layer_explanation explain_layer_cell(const tensor_view& input, const weights_view& weights, const vector_view& bias,
                                     const conv_options& options, const conv_plan& plan, std::int64_t channel,
                                     std::int64_t row, std::int64_t col);

/// Checks, then explains; throws convolution::error on invalid arguments.
layer_explanation explain_layer(const tensor_view& input, const weights_view& weights, const vector_view& bias,
                                const conv_options& options, std::int64_t channel, std::int64_t row, std::int64_t col);

namespace reference {
/// The formula itself: bias[o] + the sum over c of reference::convolve_naive(input[c], weights[o][c]).
tensor conv_layer_naive(const tensor_view& input, const weights_view& weights, const vector_view& bias = {},
                        const conv_options& options = {});
}  // namespace reference

}  // namespace convolution
