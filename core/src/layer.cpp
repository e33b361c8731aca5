#include "convolution/layer.hpp"

#include <algorithm>
#include <string>

#include "convolution/convolve.hpp"
#include "detail/checks.hpp"
#include "detail/row_engine.hpp"
#include "detail/text.hpp"

namespace convolution {

namespace {

problem check_weights_shape(const weights_view& w, std::int64_t input_channels) {
    const struct {
        const char* name;
        std::int64_t value, hi;
    } dims[] = {{"weights.outChannels", w.out_channels, limits::max_channels},
                {"weights.inChannels", w.in_channels, limits::max_channels},
                {"weights.height", w.height, limits::max_side},
                {"weights.width", w.width, limits::max_side}};
    for (const auto& d : dims)
        if (d.value < 1 || d.value > d.hi) {
            detail::text s;
            s << d.name << " must be an integer from 1 to " << d.hi << ", got " << d.value;
            return detail::fail(d.value < 1 ? "bad-shape" : "too-large", "weights", s.str());
        }
    // The first two factors are at most 2^12 and the plane is tested first, so nothing overflows.
    const std::int64_t plane = w.height * w.width;
    const std::int64_t cells = plane <= limits::max_weight_cells ? w.out_channels * w.in_channels * plane : -1;
    if (cells < 0 || cells > limits::max_weight_cells) {
        detail::text s;
        s << "The weights are too large: " << w.out_channels << "x" << w.in_channels << "x" << w.height << "x"
          << w.width << " is more than the " << limits::max_weight_cells << " weights allowed";
        return detail::fail("too-large", "weights", s.str());
    }
    if (w.in_channels != input_channels) {
        detail::text s;
        s << "The weights have inChannels " << w.in_channels << " but the input has "
          << detail::count_of(input_channels, "channel")
          << "; each output channel needs one kernel per input channel, so inChannels must be " << input_channels;
        return detail::fail("bad-shape", "weights", s.str());
    }
    return {};
}

problem check_weights_values(const weights_view& w) {
    const std::int64_t plane = w.height * w.width, in_c = w.in_channels;
    return detail::check_values(w.data, w.out_channels * in_c * plane, "weights", "Weights", [&](std::int64_t k) {
        return "at outChannel " + std::to_string(k / plane / in_c) + ", inChannel " + std::to_string(k / plane % in_c) +
               ", row " + std::to_string(k % plane / w.width) + ", column " + std::to_string(k % w.width);
    });
}

double bias_of(const vector_view& bias, std::int64_t o) { return bias.data == nullptr ? 0.0 : bias.data[o]; }

}  // namespace

problem plan_layer(const tensor_view& input, const weights_view& weights, std::int64_t bias_length,
                   const conv_options& options, conv_plan& plan) {
    if (auto p = check_tensor_shape(input, "input"); !p.ok()) return p;
    if (auto p = check_weights_shape(weights, input.channels); !p.ok()) return p;
    if (bias_length >= 0 && bias_length != weights.out_channels) {
        detail::text s;
        s << "bias has " << detail::count_of(bias_length, "value") << " but there "
          << (weights.out_channels == 1 ? "is " : "are ") << detail::count_of(weights.out_channels, "output channel")
          << "; give one bias per output channel (or none for zeros)";
        return detail::fail("bad-shape", "bias", s.str());
    }
    if (auto p = detail::check_constant(options.constant); !p.ok()) return p;
    conv_plan q;
    problem geometry = plan_geometry(input.height, input.width, weights.height, weights.width, options, q);
    if (!geometry.ok()) {
        if (geometry.field == "kernel") geometry.field = "weights";
        return geometry;
    }
    // One channel fits (plan_geometry checked it); all of them must too.
    if (weights.out_channels * q.out_height * q.out_width > limits::max_tensor_cells) {
        detail::text s;
        s << "The output would be " << weights.out_channels << "x" << q.out_height << "x" << q.out_width << " = "
          << weights.out_channels * q.out_height * q.out_width << " cells; at most " << limits::max_tensor_cells
          << " are allowed (use fewer output channels, less padding or a larger stride)";
        return detail::fail("too-large", "weights", s.str());
    }
    plan = q;
    return {};
}

problem check_layer(const tensor_view& input, const weights_view& weights, const vector_view& bias,
                    const conv_options& options, conv_plan& plan) {
    conv_plan q;
    if (auto p = plan_layer(input, weights, bias.data == nullptr ? -1 : bias.length, options, q); !p.ok()) return p;
    if (auto p = check_tensor(input, "input"); !p.ok()) return p;
    if (auto p = check_weights_values(weights); !p.ok()) return p;
    if (auto p = detail::check_values(bias.data, bias.length, "bias", "Bias",
                                      [](std::int64_t k) { return "at output channel " + std::to_string(k); });
        !p.ok())
        return p;
    plan = q;
    return {};
}

void conv_layer_into(const tensor_view& input, const weights_view& weights, const vector_view& bias,
                     const conv_options& options, const conv_plan& plan, double* out) {
    const std::int64_t ow = plan.out_width, cells = plan.out_height * ow, cout = weights.out_channels;
    // Input channel by input channel, one engine builds each padded row once for every output channel's kernel.
    std::vector<double> rows(static_cast<std::size_t>(cout * ow));
    for (std::int64_t c = 0; c < input.channels; ++c) {
        detail::row_convolver engine(input.height, input.width, options, plan);
        std::vector<detail::prepared_kernel> kernels;
        kernels.reserve(static_cast<std::size_t>(cout));
        for (std::int64_t o = 0; o < cout; ++o) kernels.push_back(engine.prepare(weights.kernel(o, c), false));
        const double* plane = input.data + c * input.height * input.width;
        engine.run(
            kernels, [&](std::int64_t r, double*) { return plane + r * input.width; },
            [&](std::int64_t, std::size_t k) { return rows.data() + k * ow; },
            [&](std::int64_t i) {
                for (std::int64_t o = 0; o < cout; ++o) {
                    double* dst = out + o * cells + i * ow;
                    const double* src = rows.data() + o * ow;
                    if (c == 0) std::copy_n(src, ow, dst);
                    else
                        for (std::int64_t x = 0; x < ow; ++x) dst[x] += src[x];
                }
            });
    }
    for (std::int64_t o = 0; o < cout; ++o) {
        const double b = bias_of(bias, o);
        double* dst = out + o * cells;
        for (std::int64_t k = 0; k < cells; ++k) dst[k] = b + dst[k];
    }
}

tensor conv_layer(const tensor_view& input, const weights_view& weights, const vector_view& bias,
                  const conv_options& options) {
    conv_plan plan;
    if (auto p = check_layer(input, weights, bias, options, plan); !p.ok()) throw error(p);
    tensor out{weights.out_channels, plan.out_height, plan.out_width,
               std::vector<double>(static_cast<std::size_t>(weights.out_channels * plan.out_height * plan.out_width))};
    conv_layer_into(input, weights, bias, options, plan, out.data.data());
    return out;
}

problem check_layer_cell(const weights_view& weights, const conv_plan& plan, std::int64_t channel, std::int64_t row,
                         std::int64_t col) {
    const bool channel_ok = channel >= 0 && channel < weights.out_channels;
    const bool row_ok = row >= 0 && row < plan.out_height;
    if (channel_ok && row_ok && col >= 0 && col < plan.out_width) return {};
    detail::text s;
    s << "Output cell (" << channel << ", " << row << ", " << col << ") does not exist: the output is "
      << weights.out_channels << "x" << plan.out_height << "x" << plan.out_width << ", so the channel must be 0.."
      << weights.out_channels - 1 << ", the row 0.." << plan.out_height - 1 << " and the column 0.."
      << plan.out_width - 1;
    return detail::fail("bad-value", !channel_ok ? "o" : !row_ok ? "i" : "j", s.str());
}

layer_explanation explain_layer_cell(const tensor_view& input, const weights_view& weights, const vector_view& bias,
                                     const conv_options& options, const conv_plan& plan, std::int64_t channel,
                                     std::int64_t row, std::int64_t col) {
    layer_explanation ex;
    ex.channel = channel;
    ex.row = row;
    ex.col = col;
    ex.bias = bias_of(bias, channel);
    ex.taps.reserve(static_cast<std::size_t>(input.channels * weights.height * weights.width));
    double total = 0.0;
    for (std::int64_t c = 0; c < input.channels; ++c) {
        const explanation part =
            explain_cell(input.channel(c), weights.kernel(channel, c), options, plan, row, col);
        ex.partials.push_back(part.sum);
        total = c == 0 ? part.sum : total + part.sum;
        for (const tap& t : part.taps) ex.taps.push_back({c, t});
    }
    ex.sum = ex.bias + total;
    return ex;
}

layer_explanation explain_layer(const tensor_view& input, const weights_view& weights, const vector_view& bias,
                                const conv_options& options, std::int64_t channel, std::int64_t row,
                                std::int64_t col) {
    conv_plan plan;
    if (auto p = check_layer(input, weights, bias, options, plan); !p.ok()) throw error(p);
    if (auto p = check_layer_cell(weights, plan, channel, row, col); !p.ok()) throw error(p);
    return explain_layer_cell(input, weights, bias, options, plan, channel, row, col);
}

namespace reference {

tensor conv_layer_naive(const tensor_view& input, const weights_view& weights, const vector_view& bias,
                        const conv_options& options) {
    conv_plan plan;
    if (auto p = check_layer(input, weights, bias, options, plan); !p.ok()) throw error(p);
    const std::int64_t cells = plan.out_height * plan.out_width;
    tensor out{weights.out_channels, plan.out_height, plan.out_width, {}};
    for (std::int64_t o = 0; o < weights.out_channels; ++o) {
        std::vector<double> total(static_cast<std::size_t>(cells), 0.0);
        for (std::int64_t c = 0; c < input.channels; ++c) {
            const matrix part = convolve_naive(input.channel(c), weights.kernel(o, c), options);
            for (std::int64_t k = 0; k < cells; ++k) total[k] += part.data[k];
        }
        for (std::int64_t k = 0; k < cells; ++k) out.data.push_back(bias_of(bias, o) + total[k]);
    }
    return out;
}

}  // namespace reference

}  // namespace convolution
