// The embind adapter: turns JS numbers, strings and wasm-heap pointers into core calls.
// Errors come back as objects { error: message, code, field } (never C++ exceptions, which
// this build does not catch), so a bad call leaves the module fully usable; calls that
// write into a buffer return undefined when fine. Buffers are owned by the JS side.

#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cmath>
#include <string>
#include <vector>

#include "convolution/convolution.hpp"
#include "convolution/messages.hpp"

using emscripten::val;
namespace cv = convolution;

namespace {

// Every option crosses as one object; the JS module fills in every field.
struct js_options {
    double strideY = 1, strideX = 1, dilationY = 1, dilationX = 1;
    std::string padding = "valid";
    double padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
    std::string border = "constant";
    double constant = 0;
    bool flip = false;
    std::string output = "clamp";
    std::string combine = "none";
    bool grayscale = false;
    double bias = 0;
};

// An enum option the core does not know: quote at most max_quoted characters of it.
cv::problem one_of(const char* name, const std::string& got, const char* allowed) {
    return {"unknown-name", name, std::string(name) + " must be one of " + allowed + "; got " + cv::quote(got)};
}

// JS numbers cross as doubles. An integer within ±2^53 converts exactly and the core checks its range;
// anything else (1e300, Infinity, NaN, 2.5) is refused here, before a cast that would be undefined.
struct int_reader {
    cv::problem problem;
    std::int64_t operator()(double v, const std::string& field, const char* bad_code, std::int64_t lo,
                            std::int64_t hi) {
        constexpr double exact = 9007199254740992.0;  // 2^53
        if (std::fabs(v) <= exact && v == std::floor(v)) return static_cast<std::int64_t>(v);
        if (problem.ok()) {
            const bool huge = std::fabs(v) > exact;
            problem = {huge ? "too-large" : bad_code, field,
                       field + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                           ", got " + cv::number(v)};
        }
        return 0;
    }
};

cv::problem to_conv(const js_options& j, cv::conv_options& o) {
    int_reader read;
    const std::int64_t side = cv::limits::max_side;
    o.stride_y = read(j.strideY, "strideY", "bad-option", 1, side);
    o.stride_x = read(j.strideX, "strideX", "bad-option", 1, side);
    o.dilation_y = read(j.dilationY, "dilationY", "bad-option", 1, side);
    o.dilation_x = read(j.dilationX, "dilationX", "bad-option", 1, side);
    if (!cv::parse_padding_preset(j.padding, o.preset))
        return one_of("padding", j.padding, "'valid', 'same', 'full' or an object {top, bottom, left, right}");
    if (o.preset == cv::padding_preset::explicit_)
        o.explicit_padding = {read(j.padTop, "padding.top", "bad-option", 0, side),
                              read(j.padBottom, "padding.bottom", "bad-option", 0, side),
                              read(j.padLeft, "padding.left", "bad-option", 0, side),
                              read(j.padRight, "padding.right", "bad-option", 0, side)};
    if (!read.problem.ok()) return read.problem;
    if (!cv::parse_border_mode(j.border, o.border))
        return one_of("border", j.border, "'constant', 'replicate', 'reflect', 'reflect101', 'wrap'");
    o.constant = j.constant;
    o.flip = j.flip;
    return {};
}

// A shape (height, width) of the input, a kernel or the image.
cv::problem to_shape(double h, double w, const std::string& field, std::int64_t& oh, std::int64_t& ow) {
    int_reader read;
    oh = read(h, field + " height", "bad-shape", 1, cv::limits::max_side);
    ow = read(w, field + " width", "bad-shape", 1, cv::limits::max_side);
    if (!read.problem.ok()) read.problem.field = field;
    return read.problem;
}

// The adapter's answer to a call that failed: the problem as { error: message, code, field }.
val error_object(const cv::problem& p) {
    val r = val::object();
    r.set("error", p.message);
    r.set("code", p.code);
    r.set("field", p.field);
    return r;
}

val plan_to_js(const cv::conv_plan& p) {
    val r = val::object();
    r.set("outHeight", static_cast<double>(p.out_height));
    r.set("outWidth", static_cast<double>(p.out_width));
    val pad = val::object();
    pad.set("top", static_cast<double>(p.pad.top));
    pad.set("bottom", static_cast<double>(p.pad.bottom));
    pad.set("left", static_cast<double>(p.pad.left));
    pad.set("right", static_cast<double>(p.pad.right));
    r.set("padding", pad);
    r.set("extentY", static_cast<double>(p.extent_y));
    r.set("extentX", static_cast<double>(p.extent_x));
    return r;
}

// A matrix call's arguments as the core's types: options, then the two views.
cv::problem matrix_args(std::uintptr_t in, double h, double w, std::uintptr_t k, double kh, double kw,
                        const js_options& j, cv::conv_options& o, cv::matrix_view& input, cv::matrix_view& kernel) {
    if (auto e = to_shape(h, w, "input", input.height, input.width); !e.ok()) return e;
    if (auto e = to_shape(kh, kw, "kernel", kernel.height, kernel.width); !e.ok()) return e;
    input.data = reinterpret_cast<const double*>(in);
    kernel.data = reinterpret_cast<const double*>(k);
    return to_conv(j, o);
}

val plan(double h, double w, double kh, double kw, const js_options& j) {
    cv::conv_options o;
    cv::matrix_view input, kernel;
    if (auto e = matrix_args(0, h, w, 0, kh, kw, j, o, input, kernel); !e.ok()) return error_object(e);
    cv::conv_plan p;
    if (auto e = cv::plan_geometry(input.height, input.width, kernel.height, kernel.width, o, p); !e.ok())
        return error_object(e);
    return plan_to_js(p);
}

// Undefined when the output was written, else the error object.
val convolve(std::uintptr_t in, double h, double w, std::uintptr_t k, double kh, double kw, const js_options& j,
             std::uintptr_t out, double out_cells) {
    cv::conv_options o;
    cv::matrix_view input, kernel;
    if (auto e = matrix_args(in, h, w, k, kh, kw, j, o, input, kernel); !e.ok()) return error_object(e);
    cv::conv_plan p;
    if (auto e = cv::check(input, kernel, o, p); !e.ok()) return error_object(e);
    if (static_cast<double>(p.out_height * p.out_width) != out_cells)
        return error_object({"bad-shape", "output", "internal: the output buffer has the wrong size"});
    cv::convolve_into(input, kernel, o, p, reinterpret_cast<double*>(out));
    return val::undefined();
}

val explain(std::uintptr_t in, double h, double w, std::uintptr_t k, double kh, double kw, const js_options& j,
            double row, double col) {
    cv::conv_options o;
    cv::matrix_view input, kernel;
    if (auto e = matrix_args(in, h, w, k, kh, kw, j, o, input, kernel); !e.ok()) return error_object(e);
    cv::conv_plan p;
    if (auto e = cv::check(input, kernel, o, p); !e.ok()) return error_object(e);
    int_reader read;
    const std::int64_t i = read(row, "i", "bad-value", 0, p.out_height - 1);
    const std::int64_t jj = read(col, "j", "bad-value", 0, p.out_width - 1);
    if (!read.problem.ok()) return error_object(read.problem);
    if (auto e = cv::check_cell(p, i, jj); !e.ok()) return error_object(e);
    const cv::explanation ex = cv::explain_cell(input, kernel, o, p, i, jj);
    // The taps cross as one Float64Array of 8 numbers a tap (the fields of cv::tap in order,
    // inside as 0 or 1): building a JS object per tap here costs far more than in JS.
    std::vector<double> flat;
    flat.reserve(ex.taps.size() * 8);
    for (const cv::tap& t : ex.taps)
        flat.insert(flat.end(), {static_cast<double>(t.kernel_row), static_cast<double>(t.kernel_col),
                                 static_cast<double>(t.input_row), static_cast<double>(t.input_col),
                                 t.inside ? 1.0 : 0.0, t.value, t.weight, t.product});
    val r = val::object();
    r.set("row", static_cast<double>(ex.row));
    r.set("col", static_cast<double>(ex.col));
    r.set("sum", ex.sum);
    r.set("taps", val::global("Float64Array").new_(emscripten::typed_memory_view(flat.size(), flat.data())));
    return r;
}

// Kernels arrive packed one after another in one buffer; dims is [[h, w], ...].
cv::problem image_options_from(std::uintptr_t kernels, const val& dims, const js_options& j, cv::image_options& io) {
    if (auto e = to_conv(j, io.conv); !e.ok()) return e;
    if (!cv::parse_output_mode(j.output, io.output))
        return one_of("output", j.output, "'clamp', 'abs', 'offset', 'normalize'");
    if (j.combine == "magnitude") io.combine = cv::combine_mode::magnitude;
    else if (j.combine != "none") return one_of("combine", j.combine, "'none', 'magnitude'");
    io.grayscale = j.grayscale;
    io.bias = j.bias;
    const double* data = reinterpret_cast<const double*>(kernels);
    const unsigned n = dims["length"].as<unsigned>();
    for (unsigned k = 0; k < n; ++k) {
        cv::matrix_view m;
        const std::string field = n == 1 ? "kernel" : "kernels[" + std::to_string(k) + "]";
        if (auto e = to_shape(dims[k][0].as<double>(), dims[k][1].as<double>(), field, m.height, m.width); !e.ok())
            return e;
        m.data = data;
        io.kernels.push_back(m);
        data += m.height * m.width;
    }
    return {};
}

val plan_image(double width, double height, std::uintptr_t kernels, const val& dims, const js_options& j) {
    cv::image_options io;
    if (auto e = image_options_from(kernels, dims, j, io); !e.ok()) return error_object(e);
    cv::image_view image;
    if (auto e = to_shape(height, width, "image", image.height, image.width); !e.ok()) return error_object(e);
    cv::conv_plan p;
    if (auto e = cv::check_image(image, io, p); !e.ok()) return error_object(e);
    return plan_to_js(p);
}

// Undefined when the output was written, else the error object.
val filter_image(std::uintptr_t pixels, double width, double height, std::uintptr_t kernels, const val& dims,
                 const js_options& j, std::uintptr_t out, val progress) {
    cv::image_options io;
    if (auto e = image_options_from(kernels, dims, j, io); !e.ok()) return error_object(e);
    cv::image_view image;
    if (auto e = to_shape(height, width, "image", image.height, image.width); !e.ok()) return error_object(e);
    image.data = reinterpret_cast<const std::uint8_t*>(pixels);
    cv::conv_plan p;
    if (auto e = cv::check_image(image, io, p); !e.ok()) return error_object(e);
    cv::progress_fn report;
    if (!progress.isNull() && !progress.isUndefined()) report = [&progress](double f) { progress(f); };
    cv::filter_image_into(image, io, p, reinterpret_cast<std::uint8_t*>(out), report);
    return val::undefined();
}

val kernel_to_js(const cv::matrix& m) {
    val k = val::object();
    k.set("height", static_cast<double>(m.height));
    k.set("width", static_cast<double>(m.width));
    val data = val::array();
    for (double v : m.data) data.call<void>("push", v);
    k.set("data", data);
    return k;
}

val filters() {
    val list = val::array();
    for (const cv::filter& f : cv::builtin_filters()) {
        val v = val::object();
        v.set("id", f.id);
        v.set("name", f.name);
        v.set("description", f.description);
        val kernels = val::array();
        for (const auto& m : f.kernels) kernels.call<void>("push", kernel_to_js(m));
        v.set("kernels", kernels);
        v.set("output", std::string(cv::to_string(f.output)));
        v.set("combine", std::string(f.combine == cv::combine_mode::magnitude ? "magnitude" : "none"));
        list.call<void>("push", v);
    }
    return list;
}

val limits() {
    val v = val::object();
    v.set("maxSide", static_cast<double>(cv::limits::max_side));
    v.set("maxCells", static_cast<double>(cv::limits::max_cells));
    v.set("maxKernelCells", static_cast<double>(cv::limits::max_kernel_cells));
    v.set("maxImagePixels", static_cast<double>(cv::limits::max_image_pixels));
    v.set("maxImageSide", static_cast<double>(cv::limits::max_image_side));
    return v;
}

// Bytes handed out by malloc and not yet freed: the Node tests watch it for leaks.
double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace

EMSCRIPTEN_BINDINGS(convolution_module) {
    emscripten::value_object<js_options>("Options")
        .field("strideY", &js_options::strideY)
        .field("strideX", &js_options::strideX)
        .field("dilationY", &js_options::dilationY)
        .field("dilationX", &js_options::dilationX)
        .field("padding", &js_options::padding)
        .field("padTop", &js_options::padTop)
        .field("padBottom", &js_options::padBottom)
        .field("padLeft", &js_options::padLeft)
        .field("padRight", &js_options::padRight)
        .field("border", &js_options::border)
        .field("constant", &js_options::constant)
        .field("flip", &js_options::flip)
        .field("output", &js_options::output)
        .field("combine", &js_options::combine)
        .field("grayscale", &js_options::grayscale)
        .field("bias", &js_options::bias);
    emscripten::function("plan", &plan);
    emscripten::function("convolve", &convolve);
    emscripten::function("explain", &explain);
    emscripten::function("planImage", &plan_image);
    emscripten::function("filterImage", &filter_image);
    emscripten::function("filters", &filters);
    emscripten::function("limits", &limits);
    emscripten::function("heapInUse", &heap_in_use);
}
