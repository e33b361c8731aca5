// The embind adapter for the 1-D, transposed-convolution, layer, ReLU and pooling calls
// (SEMANTICS.md sections 6-8). Thin, like bindings.cpp: options cross as one value_object
// per call, data as wasm-heap pointers owned by the JS side. The planners read shapes only,
// so the JS side can size its buffers before copying any data; the compute calls check
// everything again. Errors come back as { error, code, field }, fine as undefined.

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "convolution/convolution.hpp"

using emscripten::val;
namespace cv = convolution;

namespace {

struct signal_js {
    double stride = 1, dilation = 1;
    std::string padding = "valid";
    double padLeft = 0, padRight = 0;
    std::string border = "constant";
    double constant = 0;
    bool flip = false;
};

struct transpose_js {
    double strideY = 1, strideX = 1, dilationY = 1, dilationX = 1;
    double padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
    double outputPaddingY = 0, outputPaddingX = 0;
};

struct layer_js {
    double strideY = 1, strideX = 1, dilationY = 1, dilationX = 1;
    std::string padding = "valid";
    double padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
    std::string border = "constant";
    double constant = 0;
    bool flip = false;
};

struct pool_js {
    std::string mode = "max";
    double height = 1, width = 1, strideY = 1, strideX = 1;
};

// The JS side has already checked that these are integers within the engine's limits.
std::int64_t as_int(double v) { return static_cast<std::int64_t>(v); }
double num(std::int64_t v) { return static_cast<double>(v); }

val problem_object(const cv::problem& p) {
    val r = val::object();
    r.set("error", p.message);
    r.set("code", p.code);
    r.set("field", p.field);
    return r;
}

cv::problem unknown(const char* field, const std::string& got, const char* allowed) {
    return {"unknown-name", field, std::string(field) + " must be one of " + allowed + "; got '" + got + "'"};
}

cv::problem parse_common(const std::string& padding, const std::string& border, cv::padding_preset& preset,
                         cv::border_mode& mode) {
    if (!cv::parse_padding_preset(padding, preset))
        return unknown("padding", padding, "'valid', 'same', 'full' or an object of sides");
    if (!cv::parse_border_mode(border, mode))
        return unknown("border", border, "'constant', 'replicate', 'reflect', 'reflect101', 'wrap'");
    return {};
}

cv::problem to_signal(const signal_js& j, cv::signal_options& o) {
    o.stride = as_int(j.stride);
    o.dilation = as_int(j.dilation);
    o.pad_left = as_int(j.padLeft);
    o.pad_right = as_int(j.padRight);
    o.constant = j.constant;
    o.flip = j.flip;
    return parse_common(j.padding, j.border, o.preset, o.border);
}

cv::transpose_options to_transpose(const transpose_js& j) {
    cv::transpose_options o;
    o.stride_y = as_int(j.strideY);
    o.stride_x = as_int(j.strideX);
    o.dilation_y = as_int(j.dilationY);
    o.dilation_x = as_int(j.dilationX);
    o.crop = {as_int(j.padTop), as_int(j.padBottom), as_int(j.padLeft), as_int(j.padRight)};
    o.output_padding_y = as_int(j.outputPaddingY);
    o.output_padding_x = as_int(j.outputPaddingX);
    return o;
}

cv::problem to_layer(const layer_js& j, cv::conv_options& o) {
    o.stride_y = as_int(j.strideY);
    o.stride_x = as_int(j.strideX);
    o.dilation_y = as_int(j.dilationY);
    o.dilation_x = as_int(j.dilationX);
    o.explicit_padding = {as_int(j.padTop), as_int(j.padBottom), as_int(j.padLeft), as_int(j.padRight)};
    o.constant = j.constant;
    o.flip = j.flip;
    return parse_common(j.padding, j.border, o.preset, o.border);
}

cv::problem to_pool(const pool_js& j, cv::pool_options& o) {
    o.height = as_int(j.height);
    o.width = as_int(j.width);
    o.stride_y = as_int(j.strideY);
    o.stride_x = as_int(j.strideX);
    if (!cv::parse_pool_mode(j.mode, o.mode)) return unknown("mode", j.mode, "'max', 'average'");
    return {};
}

const double* at(std::uintptr_t p) { return reinterpret_cast<const double*>(p); }
double* out_at(std::uintptr_t p) { return reinterpret_cast<double*>(p); }

val internal_size() {
    return problem_object({"bad-value", "input", "internal: the output buffer has the wrong size"});
}

// ---- convolve1d -----------------------------------------------------------------------

val plan_signal(double length, double kernel_length, const signal_js& j) {
    cv::signal_options o;
    cv::signal_plan plan;
    if (auto p = to_signal(j, o); !p.ok()) return problem_object(p);
    if (auto p = cv::plan_signal(as_int(length), as_int(kernel_length), o, plan); !p.ok()) return problem_object(p);
    val r = val::object();
    r.set("outLength", num(plan.out_length));
    r.set("padLeft", num(plan.pad_left));
    r.set("padRight", num(plan.pad_right));
    r.set("extent", num(plan.extent));
    return r;
}

val convolve1d(std::uintptr_t ps, double length, std::uintptr_t pk, double kernel_length, const signal_js& j,
               std::uintptr_t po, double out_length) {
    cv::signal_options o;
    cv::signal_plan plan;
    if (auto p = to_signal(j, o); !p.ok()) return problem_object(p);
    const cv::vector_view signal{at(ps), as_int(length)}, kernel{at(pk), as_int(kernel_length)};
    if (auto p = cv::check_signal(signal, kernel, o, plan); !p.ok()) return problem_object(p);
    if (plan.out_length != as_int(out_length)) return internal_size();
    cv::convolve1d_into(signal, kernel, o, plan, out_at(po));
    return val::undefined();
}

// ---- transposed convolution ----------------------------------------------------------

val plan_transpose(double h, double w, double kh, double kw, const transpose_js& j) {
    cv::transpose_plan plan;
    if (auto p = cv::plan_transpose(as_int(h), as_int(w), as_int(kh), as_int(kw), to_transpose(j), plan); !p.ok())
        return problem_object(p);
    val r = val::object();
    r.set("outHeight", num(plan.out_height));
    r.set("outWidth", num(plan.out_width));
    return r;
}

val convolve_transpose(std::uintptr_t pi, double h, double w, std::uintptr_t pk, double kh, double kw,
                       const transpose_js& j, std::uintptr_t po, double cells) {
    const cv::matrix_view input{at(pi), as_int(h), as_int(w)}, kernel{at(pk), as_int(kh), as_int(kw)};
    const cv::transpose_options o = to_transpose(j);
    cv::transpose_plan plan;
    if (auto p = cv::check_transpose(input, kernel, o, plan); !p.ok()) return problem_object(p);
    if (plan.out_height * plan.out_width != as_int(cells)) return internal_size();
    cv::convolve_transpose_into(input, kernel, o, plan, out_at(po));
    return val::undefined();
}

val explain_transpose(std::uintptr_t pi, double h, double w, std::uintptr_t pk, double kh, double kw,
                      const transpose_js& j, double row, double col) {
    const cv::matrix_view input{at(pi), as_int(h), as_int(w)}, kernel{at(pk), as_int(kh), as_int(kw)};
    const cv::transpose_options o = to_transpose(j);
    cv::transpose_plan plan;
    if (auto p = cv::check_transpose(input, kernel, o, plan); !p.ok()) return problem_object(p);
    if (auto p = cv::check_input_cell(input, as_int(row), as_int(col)); !p.ok()) return problem_object(p);
    const cv::scatter_explanation ex = cv::explain_transpose_cell(input, kernel, o, plan, as_int(row), as_int(col));
    val targets = val::array();
    for (const cv::scatter_target& t : ex.targets) {
        val v = val::object();
        v.set("kernelRow", num(t.kernel_row));
        v.set("kernelCol", num(t.kernel_col));
        v.set("outputRow", num(t.output_row));
        v.set("outputCol", num(t.output_col));
        v.set("inside", t.inside);
        v.set("weight", t.weight);
        v.set("product", t.product);
        targets.call<void>("push", v);
    }
    val r = val::object();
    r.set("row", num(ex.row));
    r.set("col", num(ex.col));
    r.set("value", ex.value);
    r.set("targets", targets);
    return r;
}

// ---- layers, ReLU, pooling -----------------------------------------------------------

cv::tensor_view tensor_at(std::uintptr_t p, double c, double h, double w) {
    return {at(p), as_int(c), as_int(h), as_int(w)};
}

cv::weights_view weights_at(std::uintptr_t p, double oc, double ic, double kh, double kw) {
    return {at(p), as_int(oc), as_int(ic), as_int(kh), as_int(kw)};
}

// bias_length < 0: no bias given (zeros).
cv::vector_view bias_at(std::uintptr_t p, double bias_length) {
    return bias_length < 0 ? cv::vector_view{} : cv::vector_view{at(p), as_int(bias_length)};
}

val plan_layer(double c, double h, double w, double oc, double ic, double kh, double kw, double bias_length,
               const layer_js& j) {
    cv::conv_options o;
    cv::conv_plan plan;
    if (auto p = to_layer(j, o); !p.ok()) return problem_object(p);
    if (auto p = cv::plan_layer({nullptr, as_int(c), as_int(h), as_int(w)},
                                {nullptr, as_int(oc), as_int(ic), as_int(kh), as_int(kw)},
                                bias_length < 0 ? -1 : as_int(bias_length), o, plan);
        !p.ok())
        return problem_object(p);
    val r = val::object();
    r.set("outChannels", oc);
    r.set("outHeight", num(plan.out_height));
    r.set("outWidth", num(plan.out_width));
    return r;
}

val conv_layer(std::uintptr_t pi, double c, double h, double w, std::uintptr_t pw, double oc, double ic, double kh,
               double kw, std::uintptr_t pb, double bias_length, const layer_js& j, std::uintptr_t po, double cells) {
    cv::conv_options o;
    cv::conv_plan plan;
    if (auto p = to_layer(j, o); !p.ok()) return problem_object(p);
    const cv::tensor_view input = tensor_at(pi, c, h, w);
    const cv::weights_view weights = weights_at(pw, oc, ic, kh, kw);
    const cv::vector_view bias = bias_at(pb, bias_length);
    if (auto p = cv::check_layer(input, weights, bias, o, plan); !p.ok()) return problem_object(p);
    if (weights.out_channels * plan.out_height * plan.out_width != as_int(cells)) return internal_size();
    cv::conv_layer_into(input, weights, bias, o, plan, out_at(po));
    return val::undefined();
}

val explain_layer(std::uintptr_t pi, double c, double h, double w, std::uintptr_t pw, double oc, double ic, double kh,
                  double kw, std::uintptr_t pb, double bias_length, const layer_js& j, double channel, double row,
                  double col) {
    cv::conv_options o;
    cv::conv_plan plan;
    if (auto p = to_layer(j, o); !p.ok()) return problem_object(p);
    const cv::tensor_view input = tensor_at(pi, c, h, w);
    const cv::weights_view weights = weights_at(pw, oc, ic, kh, kw);
    const cv::vector_view bias = bias_at(pb, bias_length);
    if (auto p = cv::check_layer(input, weights, bias, o, plan); !p.ok()) return problem_object(p);
    if (auto p = cv::check_layer_cell(weights, plan, as_int(channel), as_int(row), as_int(col)); !p.ok())
        return problem_object(p);
    const cv::layer_explanation ex =
        cv::explain_layer_cell(input, weights, bias, o, plan, as_int(channel), as_int(row), as_int(col));
    val taps = val::array();
    for (const cv::layer_tap& lt : ex.taps) {
        val v = val::object();
        v.set("inputChannel", num(lt.input_channel));
        v.set("kernelRow", num(lt.t.kernel_row));
        v.set("kernelCol", num(lt.t.kernel_col));
        v.set("inputRow", num(lt.t.input_row));
        v.set("inputCol", num(lt.t.input_col));
        v.set("inside", lt.t.inside);
        v.set("value", lt.t.value);
        v.set("weight", lt.t.weight);
        v.set("product", lt.t.product);
        taps.call<void>("push", v);
    }
    val partials = val::array();
    for (double p : ex.partials) partials.call<void>("push", p);
    val r = val::object();
    r.set("channel", num(ex.channel));
    r.set("row", num(ex.row));
    r.set("col", num(ex.col));
    r.set("bias", ex.bias);
    r.set("sum", ex.sum);
    r.set("partials", partials);
    r.set("taps", taps);
    return r;
}

val plan_tensor(double c, double h, double w) {
    if (auto p = cv::check_tensor_shape({nullptr, as_int(c), as_int(h), as_int(w)}, "tensor"); !p.ok())
        return problem_object(p);
    return val::undefined();
}

val relu(std::uintptr_t pi, double c, double h, double w, std::uintptr_t po) {
    const cv::tensor_view t = tensor_at(pi, c, h, w);
    if (auto p = cv::check_tensor(t, "tensor"); !p.ok()) return problem_object(p);
    cv::relu_into(t, out_at(po));
    return val::undefined();
}

val plan_pool(double c, double h, double w, const pool_js& j) {
    cv::pool_options o;
    cv::pool_plan plan;
    if (auto p = to_pool(j, o); !p.ok()) return problem_object(p);
    if (auto p = cv::plan_pool({nullptr, as_int(c), as_int(h), as_int(w)}, o, plan); !p.ok()) return problem_object(p);
    val r = val::object();
    r.set("outHeight", num(plan.out_height));
    r.set("outWidth", num(plan.out_width));
    return r;
}

val pool(std::uintptr_t pi, double c, double h, double w, const pool_js& j, std::uintptr_t po, double cells) {
    cv::pool_options o;
    cv::pool_plan plan;
    if (auto p = to_pool(j, o); !p.ok()) return problem_object(p);
    const cv::tensor_view t = tensor_at(pi, c, h, w);
    if (auto p = cv::check_pool(t, o, plan); !p.ok()) return problem_object(p);
    if (t.channels * plan.out_height * plan.out_width != as_int(cells)) return internal_size();
    cv::pool_into(t, o, plan, out_at(po));
    return val::undefined();
}

val tensor_limits() {
    val v = val::object();
    v.set("maxChannels", num(cv::limits::max_channels));
    v.set("maxTensorCells", num(cv::limits::max_tensor_cells));
    v.set("maxWeightCells", num(cv::limits::max_weight_cells));
    return v;
}

}  // namespace

EMSCRIPTEN_BINDINGS(convolution_tensor_module) {
    emscripten::value_object<signal_js>("SignalOptions")
        .field("stride", &signal_js::stride)
        .field("dilation", &signal_js::dilation)
        .field("padding", &signal_js::padding)
        .field("padLeft", &signal_js::padLeft)
        .field("padRight", &signal_js::padRight)
        .field("border", &signal_js::border)
        .field("constant", &signal_js::constant)
        .field("flip", &signal_js::flip);
    emscripten::value_object<transpose_js>("TransposeOptions")
        .field("strideY", &transpose_js::strideY)
        .field("strideX", &transpose_js::strideX)
        .field("dilationY", &transpose_js::dilationY)
        .field("dilationX", &transpose_js::dilationX)
        .field("padTop", &transpose_js::padTop)
        .field("padBottom", &transpose_js::padBottom)
        .field("padLeft", &transpose_js::padLeft)
        .field("padRight", &transpose_js::padRight)
        .field("outputPaddingY", &transpose_js::outputPaddingY)
        .field("outputPaddingX", &transpose_js::outputPaddingX);
    emscripten::value_object<layer_js>("LayerOptions")
        .field("strideY", &layer_js::strideY)
        .field("strideX", &layer_js::strideX)
        .field("dilationY", &layer_js::dilationY)
        .field("dilationX", &layer_js::dilationX)
        .field("padding", &layer_js::padding)
        .field("padTop", &layer_js::padTop)
        .field("padBottom", &layer_js::padBottom)
        .field("padLeft", &layer_js::padLeft)
        .field("padRight", &layer_js::padRight)
        .field("border", &layer_js::border)
        .field("constant", &layer_js::constant)
        .field("flip", &layer_js::flip);
    emscripten::value_object<pool_js>("PoolOptions")
        .field("mode", &pool_js::mode)
        .field("height", &pool_js::height)
        .field("width", &pool_js::width)
        .field("strideY", &pool_js::strideY)
        .field("strideX", &pool_js::strideX);
    emscripten::function("planSignal", &plan_signal);
    emscripten::function("convolve1d", &convolve1d);
    emscripten::function("planTranspose", &plan_transpose);
    emscripten::function("convolveTranspose", &convolve_transpose);
    emscripten::function("explainTranspose", &explain_transpose);
    emscripten::function("planLayer", &plan_layer);
    emscripten::function("convLayer", &conv_layer);
    emscripten::function("explainLayer", &explain_layer);
    emscripten::function("planTensor", &plan_tensor);
    emscripten::function("relu", &relu);
    emscripten::function("planPool", &plan_pool);
    emscripten::function("pool", &pool);
    emscripten::function("tensorLimits", &tensor_limits);
}
