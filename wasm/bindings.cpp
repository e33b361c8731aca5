// The embind adapter: turns JS numbers, strings and wasm-heap pointers into core calls.
// Errors come back as strings (never C++ exceptions, which this build does not catch),
// so a bad call leaves the module fully usable. Buffers are owned by the JS side.

#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cmath>
#include <string>
#include <vector>

#include "convolution/convolution.hpp"

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

std::string one_of(const char* name, const std::string& got, const char* allowed) {
    return std::string(name) + " must be one of " + allowed + "; got '" + got + "'";
}

// The JS module has already checked that these are integers within ±2^31.
std::int64_t as_int(double v) { return static_cast<std::int64_t>(v); }

std::string to_conv(const js_options& j, cv::conv_options& o) {
    o.stride_y = as_int(j.strideY);
    o.stride_x = as_int(j.strideX);
    o.dilation_y = as_int(j.dilationY);
    o.dilation_x = as_int(j.dilationX);
    if (!cv::parse_padding_preset(j.padding, o.preset))
        return one_of("padding", j.padding, "'valid', 'same', 'full' or an object {top, bottom, left, right}");
    o.explicit_padding = {as_int(j.padTop), as_int(j.padBottom), as_int(j.padLeft), as_int(j.padRight)};
    if (!cv::parse_border_mode(j.border, o.border))
        return one_of("border", j.border, "'constant', 'replicate', 'reflect', 'reflect101', 'wrap'");
    o.constant = j.constant;
    o.flip = j.flip;
    return {};
}

cv::matrix_view view_at(std::uintptr_t ptr, double h, double w) {
    return {reinterpret_cast<const double*>(ptr), as_int(h), as_int(w)};
}

val error_object(const std::string& message) {
    val r = val::object();
    r.set("error", message);
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

val plan(double h, double w, double kh, double kw, const js_options& j) {
    cv::conv_options o;
    if (auto e = to_conv(j, o); !e.empty()) return error_object(e);
    cv::conv_plan p;
    if (auto e = cv::plan_geometry(as_int(h), as_int(w), as_int(kh), as_int(kw), o, p); !e.empty())
        return error_object(e);
    return plan_to_js(p);
}

std::string convolve(std::uintptr_t in, double h, double w, std::uintptr_t k, double kh, double kw,
                     const js_options& j, std::uintptr_t out, double out_cells) {
    cv::conv_options o;
    if (auto e = to_conv(j, o); !e.empty()) return e;
    const cv::matrix_view input = view_at(in, h, w), kernel = view_at(k, kh, kw);
    cv::conv_plan p;
    if (auto e = cv::check(input, kernel, o, p); !e.empty()) return e;
    if (p.out_height * p.out_width != as_int(out_cells)) return "internal: output buffer has the wrong size";
    cv::convolve_into(input, kernel, o, p, reinterpret_cast<double*>(out));
    return {};
}

val explain(std::uintptr_t in, double h, double w, std::uintptr_t k, double kh, double kw, const js_options& j,
            double row, double col) {
    cv::conv_options o;
    if (auto e = to_conv(j, o); !e.empty()) return error_object(e);
    const cv::matrix_view input = view_at(in, h, w), kernel = view_at(k, kh, kw);
    cv::conv_plan p;
    if (auto e = cv::check(input, kernel, o, p); !e.empty()) return error_object(e);
    if (auto e = cv::check_cell(p, as_int(row), as_int(col)); !e.empty()) return error_object(e);
    const cv::explanation ex = cv::explain_cell(input, kernel, o, p, as_int(row), as_int(col));
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
std::string image_options_from(std::uintptr_t kernels, const val& dims, const js_options& j, cv::image_options& io) {
    if (auto e = to_conv(j, io.conv); !e.empty()) return e;
    if (!cv::parse_output_mode(j.output, io.output))
        return one_of("output", j.output, "'clamp', 'abs', 'offset', 'normalize'");
    if (j.combine == "magnitude") io.combine = cv::combine_mode::magnitude;
    else if (j.combine != "none") return one_of("combine", j.combine, "'none', 'magnitude'");
    io.grayscale = j.grayscale;
    io.bias = j.bias;
    const double* data = reinterpret_cast<const double*>(kernels);
    const unsigned n = dims["length"].as<unsigned>();
    for (unsigned k = 0; k < n; ++k) {
        const double kh = dims[k][0].as<double>(), kw = dims[k][1].as<double>();
        io.kernels.push_back({data, as_int(kh), as_int(kw)});
        data += as_int(kh) * as_int(kw);
    }
    return {};
}

val plan_image(double width, double height, std::uintptr_t kernels, const val& dims, const js_options& j) {
    cv::image_options io;
    if (auto e = image_options_from(kernels, dims, j, io); !e.empty()) return error_object(e);
    cv::conv_plan p;
    if (auto e = cv::check_image({nullptr, as_int(width), as_int(height)}, io, p); !e.empty()) return error_object(e);
    return plan_to_js(p);
}

std::string filter_image(std::uintptr_t pixels, double width, double height, std::uintptr_t kernels, const val& dims,
                         const js_options& j, std::uintptr_t out, val progress) {
    cv::image_options io;
    if (auto e = image_options_from(kernels, dims, j, io); !e.empty()) return e;
    const cv::image_view image{reinterpret_cast<const std::uint8_t*>(pixels), as_int(width), as_int(height)};
    cv::conv_plan p;
    if (auto e = cv::check_image(image, io, p); !e.empty()) return e;
    cv::progress_fn report;
    if (!progress.isNull() && !progress.isUndefined()) report = [&progress](double f) { progress(f); };
    cv::filter_image_into(image, io, p, reinterpret_cast<std::uint8_t*>(out), report);
    return {};
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
