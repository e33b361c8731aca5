#include "detail/image_fast.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>

#include "detail/image_analysis.hpp"
#include "detail/image_planar.hpp"
#include "detail/pixel_rows.hpp"

namespace convolution::detail {

namespace {

// Largest float32 error bound a path accepts: beyond it too many values would need the
// float64 recomputation near a rounding boundary, and the row engine is cheaper.
constexpr double max_f32_bound = 0.01;

// Writes output row i: output mode, rounding and clamping in vector lanes, alpha alongside.
struct row_writer {
    std::uint8_t* dst;          // output row
    const std::uint8_t* alpha;  // input row whose alpha is carried, or null for 255
    void alpha_at(std::int64_t j) const { dst[4 * j + 3] = alpha ? alpha[4 * j + 3] : 255; }
};

// int32 lanes holding value * 2^shift exactly: round half away from zero as a shift.
struct int_finish {
    row_writer out;
    v4i bias, offset;
    bool abs;
    int shift;
    std::int32_t half;
    void operator()(std::int64_t j, v4i t) const {
        t += bias;
        if (abs) t = t < 0 ? -t : t;
        t += offset;
        const v4i zero = {0, 0, 0, 0}, top = {255, 255, 255, 255};
        t = t < zero ? zero : t;
        t = (t + half) >> shift;
        t = t > top ? top : t;
        store_pixel(out.dst + 4 * j, t);
        out.alpha_at(j);
    }
};

// Tap pointers of one output row into the row cache, grouped by kernel row.
template <class V>
struct tap_rows {
    std::vector<const V*> src;
    std::vector<V> weights;
    std::vector<std::size_t> group_ends;
};

template <class V, class Lane>
tap_rows<V> weights_of(const image_analysis& a, Lane lane) {
    tap_rows<V> t;
    for (std::size_t k = 0; k < a.taps.size(); ++k) {
        t.weights.push_back(V{lane(a.taps[k], 0), lane(a.taps[k], 1), lane(a.taps[k], 2), 0});
        if (k + 1 == a.taps.size() || a.taps[k + 1].dy != a.taps[k].dy) t.group_ends.push_back(k + 1);
    }
    t.src.resize(a.taps.size());
    return t;
}

struct run_context {
    const image_view& image;
    const image_options& o;
    const conv_plan& plan;
    const image_analysis& a;
    std::uint8_t* out;
    const progress_fn& progress;
    double rounds;  // passes over the output (2 for normalize)
    double round;

    row_writer writer(std::int64_t i) const {
        const bool same = plan.out_width == image.width && plan.out_height == image.height;
        return {out + i * plan.out_width * 4, same ? image.data + i * image.width * 4 : nullptr};
    }
    void report(std::int64_t i) const {
        const std::int64_t every = std::max<std::int64_t>(1, (1 << 18) / std::max<std::int64_t>(plan.out_width, 1));
        if (progress && (i + 1) % every == 0) progress((round + (i + 1.0) / plan.out_height) / rounds);
    }
};

// The integer form's sums in lanes of V: int32, or float32 while every partial sum stays below
// 2^24, where float32 adds integers exactly (and its multiplies are cheaper in wasm).
template <class V>
void run_int_direct(const run_context& cx) {
    using lane = std::remove_cv_t<std::remove_reference_t<decltype(std::declval<V&>()[0])>>;
    const image_analysis& a = cx.a;
    const auto c = static_cast<lane>(a.constant_int);
    pixel_rows<V> rows(cx.image, a, cx.o.conv.border, V{c, c, c, 0});
    tap_rows<V> taps = weights_of<V>(a, [](const union_tap& t, int ch) { return static_cast<lane>(t.k[ch]); });
    const int_finish* finish = nullptr;
    auto exact = [&finish](std::int64_t j, V v) { (*finish)(j, __builtin_convertvector(v, v4i)); };
    const auto b = static_cast<std::int32_t>(a.bias_int);
    const v4i bias = {b, b, b, 0};
    if (cx.o.output != output_mode::normalize) {
        const bool abs = cx.o.output == output_mode::abs;
        const auto off = static_cast<std::int32_t>(cx.o.output == output_mode::offset ? a.offset_int : 0);
        const std::int32_t half = a.shift > 0 ? std::int32_t{1} << (a.shift - 1) : 0;
        for (std::int64_t i = 0; i < cx.plan.out_height; ++i) {
            for (std::size_t t = 0; t < a.taps.size(); ++t) taps.src[t] = rows.get(i + a.taps[t].dy) + a.taps[t].dx;
            const int_finish fin{cx.writer(i), bias, v4i{off, off, off, 0}, abs, a.shift, half};
            finish = &fin;
            accumulate_pixels(taps.src.data(), taps.weights.data(), taps.group_ends, cx.plan.out_width, exact);
            cx.report(i);
        }
        return;
    }
    // normalize: the exact extremes first, then each value through the reference's float64 stretch.
    std::int32_t lo = std::numeric_limits<std::int32_t>::max(), hi = std::numeric_limits<std::int32_t>::min();
    std::vector<v4i> line(static_cast<std::size_t>(cx.plan.out_width));
    const double unit = std::ldexp(1.0, -a.shift);
    run_context second = cx;
    second.rounds = 2;
    for (int round = 0; round < 2; ++round) {
        second.round = round;
        for (std::int64_t i = 0; i < cx.plan.out_height; ++i) {
            for (std::size_t t = 0; t < a.taps.size(); ++t) taps.src[t] = rows.get(i + a.taps[t].dy) + a.taps[t].dx;
            accumulate_pixels(taps.src.data(), taps.weights.data(), taps.group_ends, cx.plan.out_width,
                              [&](std::int64_t j, V v) { line[j] = __builtin_convertvector(v, v4i) + bias; });
            if (round == 0) {
                for (const v4i& v : line)
                    for (int ch = 0; ch < 3; ++ch) lo = std::min(lo, v[ch]), hi = std::max(hi, v[ch]);
            } else {
                const row_writer w = cx.writer(i);
                for (std::int64_t j = 0; j < cx.plan.out_width; ++j) {
                    for (int ch = 0; ch < 3; ++ch)
                        w.dst[4 * j + ch] = reference_byte(line[j][ch] * unit, output_mode::normalize, lo * unit, hi * unit);
                    w.alpha_at(j);
                }
            }
            second.report(i);
        }
    }
}

bool applies(const image_analysis& a, const image_options& o, image_path p) {
    if (!a.eligible) return false;
    const bool normalize = o.output == output_mode::normalize;
    switch (p) {
        case image_path::int_direct: return a.int_ok;
        case image_path::f32_direct: return !normalize && a.f32_bound <= max_f32_bound;
        case image_path::f32_separable: return !normalize && a.rank_one && a.separable_bound <= max_f32_bound;
        default: return false;
    }
}

image_path choose(const image_analysis& a, const image_options& o) {
    // Cost in vector multiply-adds per pixel; float32 pays for its rechecks near boundaries
    // (about 6 bound of the pixels, each a float64 sum over every tap).
    const double taps = static_cast<double>(a.taps.size());
    const double sep = 1.25 * static_cast<double>(a.column.size() + a.row.size()) + 3;
    const struct {
        image_path path;
        double cost;
    } options[] = {
        {image_path::int_direct, taps},
        {image_path::f32_separable, sep + 6 * a.separable_bound * 4 * taps},
        {image_path::f32_direct, taps * (1.05 + 24 * a.f32_bound)},
    };
    image_path best = image_path::row_engine;
    double best_cost = std::numeric_limits<double>::infinity();
    for (const auto& c : options)
        if (applies(a, o, c.path) && c.cost < best_cost) best = c.path, best_cost = c.cost;
    return best;
}

}  // namespace

const char* to_string(image_path p) {
    switch (p) {
        case image_path::automatic: return "automatic";
        case image_path::row_engine: return "row-engine";
        case image_path::int_direct: return "int-direct";
        case image_path::f32_direct: return "f32-direct";
        case image_path::f32_separable: return "f32-separable";
    }
    return "?";
}

image_path choose_image_path(const image_view& image, const image_options& options, const conv_plan& plan) {
    return choose(analyse_image(image, options, plan), options);
}

bool filter_image_fast(const image_view& image, const image_options& o, const conv_plan& plan, std::uint8_t* out,
                       const progress_fn& progress, image_path path) {
    const image_analysis a = analyse_image(image, o, plan);
    if (path == image_path::automatic) path = choose(a, o);
    if (!applies(a, o, path)) return false;
    const run_context cx{image, o, plan, a, out, progress, 1, 0};
    switch (path) {
        case image_path::int_direct:
            if (a.finish_in_f32 && o.output != output_mode::normalize)
                run_planar(image, o, plan, a, out, progress, planar_kind::integer);
            else if (a.int_in_f32)
                run_int_direct<v4f>(cx);
            else
                run_int_direct<v4i>(cx);
            break;
        case image_path::f32_direct: run_planar(image, o, plan, a, out, progress, planar_kind::f32_direct); break;
        case image_path::f32_separable:
            run_planar(image, o, plan, a, out, progress, planar_kind::f32_separable);
            break;
        default: return false;
    }
    if (progress) progress(1.0);
    return true;
}

}  // namespace convolution::detail
