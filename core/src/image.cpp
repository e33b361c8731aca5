#include "convolution/image.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "convolution/convolve.hpp"
#include "detail/format.hpp"
#include "detail/image_fast.hpp"
#include "detail/names.hpp"
#include "detail/row_engine.hpp"
#include "detail/text.hpp"

namespace convolution {

namespace {

constexpr detail::name_table<output_mode, 4> output_names{{
    {"clamp", output_mode::clamp},
    {"abs", output_mode::abs},
    {"offset", output_mode::offset},
    {"normalize", output_mode::normalize},
}};

double luma(const std::uint8_t* px) { return 0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2]; }

// What one pass of the filter reads: a colour channel, or luma when grayscale.
struct plane_source {
    const image_view* image;
    int channel;  // 0..2, or -1 for luma
    const double* row(std::int64_t r, double* scratch) const {
        const std::uint8_t* px = image->data + r * image->width * 4;
        if (channel < 0)
            for (std::int64_t x = 0; x < image->width; ++x) scratch[x] = luma(px + 4 * x);
        else
            for (std::int64_t x = 0; x < image->width; ++x) scratch[x] = px[4 * x + channel];
        return scratch;
    }
};

// sqrt(gx² + gy²) as SEMANTICS writes it. Values up to 1e100 times weights up to 1e100 can square
// past the float64 range (inf, then NaN in normalize's stretch); there hypot gives the root without
// the overflow, and everywhere else the bits stay those of the plain formula.
inline double magnitude(double gx, double gy) {
    const double s = gx * gx + gy * gy;
    return std::isinf(s) ? std::hypot(gx, gy) : std::sqrt(s);
}

// The value of one pixel before the output mode: the single result or the gradient magnitude, plus bias.
inline double combined(const double* const* acc, std::int64_t j, combine_mode combine, double bias) {
    const double v = combine == combine_mode::magnitude ? magnitude(acc[0][j], acc[1][j]) : acc[0][j];
    return v + bias;
}

// Output mode, then round half away from zero (std::round), then clamp to a byte.
inline std::uint8_t to_byte(double v, output_mode mode, double lo, double hi) {
    switch (mode) {
        case output_mode::clamp: break;
        case output_mode::abs: v = std::fabs(v); break;
        case output_mode::offset: v = v + 128.0; break;
        case output_mode::normalize: v = hi > lo ? (v - lo) / (hi - lo) * 255.0 : 0.0; break;
    }
    v = std::round(v);
    return static_cast<std::uint8_t>(v <= 0.0 ? 0.0 : v >= 255.0 ? 255.0 : v);
}

// Which kernel(s) and source each pass uses, and which output channels it writes.
struct pass {
    int source_channel;                   // -1: luma
    std::vector<matrix_view> kernels;     // 1, or 2 for magnitude
    std::vector<int> targets;             // output channels
};

std::vector<pass> passes_for(const image_options& o) {
    const std::size_t per_pass = o.combine == combine_mode::magnitude ? 2 : 1;
    std::vector<pass> ps;
    if (o.grayscale) {
        ps.push_back({-1, {o.kernels.begin(), o.kernels.begin() + per_pass}, {0, 1, 2}});
        return ps;
    }
    for (int c = 0; c < 3; ++c) {
        const std::size_t first = o.kernels.size() == 3 ? static_cast<std::size_t>(c) : 0;
        ps.push_back({c, {o.kernels.begin() + first, o.kernels.begin() + first + per_pass}, {c}});
    }
    return ps;
}

void write_alpha(const image_view& image, const conv_plan& plan, std::uint8_t* out) {
    const std::int64_t n = plan.out_width * plan.out_height;
    const bool same_size = plan.out_width == image.width && plan.out_height == image.height;
    for (std::int64_t p = 0; p < n; ++p) out[4 * p + 3] = same_size ? image.data[4 * p + 3] : 255;
}

}  // namespace

const char* to_string(output_mode mode) { return detail::name_of(output_names, mode); }

bool parse_output_mode(const std::string& name, output_mode& out) { return detail::parse_name(output_names, name, out); }

problem check_image(const image_view& image, const image_options& o, conv_plan& plan) {
    using detail::fail;
    detail::text s;
    if (image.width < 1 || image.height < 1) {
        s << "The image must be at least 1x1 pixels, got " << image.width << "x" << image.height;
        return fail("bad-shape", "image", s.str());
    }
    if (image.width > limits::max_image_side || image.height > limits::max_image_side) {
        s << "The image is too large: " << image.width << "x" << image.height << " pixels; at most "
          << limits::max_image_side << " pixels on a side (and " << limits::max_image_pixels
          << " pixels in all) can be filtered. Downscale it first.";
        return fail("too-large", "image", s.str());
    }
    if (image.width * image.height > limits::max_image_pixels) {
        s << "The image is too large: " << image.width << "x" << image.height << " = "
          << image.width * image.height << " pixels; at most " << limits::max_image_pixels
          << " pixels (8192x8192) can be filtered. Downscale it first.";
        return fail("too-large", "image", s.str());
    }
    const std::size_t n = o.kernels.size();
    if (o.combine == combine_mode::magnitude) {
        if (n != 2) {
            s << "A magnitude filter needs exactly two kernels (gx and gy), got " << n;
            return fail("bad-shape", "kernels", s.str());
        }
    } else if (n != 1 && n != 3) {
        s << "Give one kernel for all channels or three (R, G, B), got " << n;
        return fail("bad-shape", "kernels", s.str());
    }
    if (o.grayscale && o.combine == combine_mode::none && n == 3)
        return fail("bad-option", "grayscale",
                    "Grayscale filters a single plane, so it takes one kernel, not three per-channel kernels");
    if (auto e = check_number(o.bias, "bias"); !e.ok()) return e;
    if (auto e = check_number(o.conv.constant, "constant"); !e.ok()) return e;
    static const char* const fields[] = {"kernels[0]", "kernels[1]", "kernels[2]"};
    const char* const* names = nullptr;
    static const char* const rgb_names[] = {"The R kernel (kernels[0])", "The G kernel (kernels[1])",
                                            "The B kernel (kernels[2])"};
    static const char* const gradient_names[] = {"The gx kernel (kernels[0])", "The gy kernel (kernels[1])"};
    if (n == 2) names = gradient_names;
    if (n == 3) names = rgb_names;
    conv_plan first;
    for (std::size_t k = 0; k < n; ++k) {
        conv_plan p;
        if (auto e = plan_geometry(image.height, image.width, o.kernels[k].height, o.kernels[k].width, o.conv, p);
            !e.ok()) {
            // Errors about this kernel name it; errors about an option (a stride, a padding) stay as they are.
            if (n > 1 && e.field == "kernel") {
                e.field = fields[k];
                e.message = std::string(names[k]) + ": " + e.message;
            }
            return e;
        }
        if (auto e = check_values(o.kernels[k], n == 1 ? "Kernel" : names[k], n == 1 ? "kernel" : fields[k]); !e.ok())
            return e;
        if (k == 0) {
            first = p;
        } else if (p.out_height != first.out_height || p.out_width != first.out_width) {
            s << "All kernels must give the same output size, but " << names[0] << " gives " << first.out_height
              << "x" << first.out_width << " and " << names[k] << " gives " << p.out_height << "x" << p.out_width
              << " (use kernels of one size, or padding 'same')";
            return fail("does-not-fit", "kernels", s.str());
        }
    }
    plan = first;
    return {};
}

namespace {

// The plan of one kernel over the image: each kernel is planned from its own shape (SEMANTICS.md
// section 4), so under 'same' a 1x1 gets no margin while a 5x5 gets two on each side.
conv_plan kernel_plan(const image_view& image, const conv_options& conv, const matrix_view& k) {
    conv_plan p;
    plan_geometry(image.height, image.width, k.height, k.width, conv, p);
    return p;
}

// The kernels of one pass that share a shape (hence a plan) run through one convolver;
// slots[k] is the pass-wide index of its k-th kernel, so results land in the pass's order.
struct lane {
    detail::row_convolver engine;
    std::vector<detail::prepared_kernel> kernels;
    std::vector<std::size_t> slots;
};

std::vector<lane> lanes_for(const image_view& image, const image_options& o, const pass& ps, bool allow_split) {
    std::vector<lane> lanes;
    for (std::size_t k = 0; k < ps.kernels.size(); ++k) {
        const matrix_view& kv = ps.kernels[k];
        auto same_shape = [&](const lane& l) {
            const matrix_view& first = ps.kernels[l.slots[0]];
            return first.height == kv.height && first.width == kv.width;
        };
        auto it = std::find_if(lanes.begin(), lanes.end(), same_shape);
        if (it == lanes.end()) {
            lanes.push_back({detail::row_convolver(image.height, image.width, o.conv, kernel_plan(image, o.conv, kv)),
                             {}, {}});
            it = lanes.end() - 1;
        }
        it->kernels.push_back(it->engine.prepare(kv, allow_split));
        it->slots.push_back(k);
    }
    return lanes;
}

double weight_sum(const matrix_view& k) {
    double s = 0.0;
    for (std::int64_t t = 0; t < k.height * k.width; ++t) s += std::fabs(k.data[t]);
    return s;
}

// Bound on |fast - reference| of a pass's values (bias and magnitude included, before the output
// mode); 0 when every kernel runs as a direct sum, which adds exactly as the reference does.
double pass_error(const image_options& o, const pass& ps, const std::vector<lane>& lanes) {
    const bool constant_border = o.conv.border == border_mode::constant;
    const double p_max = std::max(256.0, constant_border ? std::fabs(o.conv.constant) : 0.0);
    double error = 0.0, magnitude = std::fabs(o.bias);
    bool split = false;
    for (const lane& l : lanes)
        for (std::size_t k = 0; k < l.kernels.size(); ++k) {
            const matrix_view& kv = ps.kernels[l.slots[k]];
            magnitude += weight_sum(kv) * p_max;
            if (!l.kernels[k].separable) continue;
            split = true;
            error += detail::separable_bound(kv, p_max, detail::rank_one_ulps);
        }
    return split ? detail::after_output_ops(error, magnitude) : 0.0;
}

// The passes' convolvers. A separable kernel is kept only where its bound leaves every byte of the
// output mode unchanged; normalize, whose stretch is known only afterwards, is checked by the caller.
std::vector<lane> pass_lanes(const image_view& image, const image_options& o, const pass& ps, bool allow_split,
                             double& error) {
    std::vector<lane> lanes = lanes_for(image, o, ps, allow_split);
    error = pass_error(o, ps, lanes);
    if (o.output != output_mode::normalize && error > detail::byte_tolerance) {
        lanes = lanes_for(image, o, ps, false);
        error = 0.0;
    }
    return lanes;
}

}  // namespace

void filter_image_into(const image_view& image, const image_options& o, const conv_plan& plan, std::uint8_t* out,
                       const progress_fn& progress) {
    if (detail::filter_image_fast(image, o, plan, out, progress)) return;
    const std::vector<pass> passes = passes_for(o);
    const bool normalize = o.output == output_mode::normalize;
    const std::int64_t out_w = plan.out_width;
    const double pass_rows = static_cast<double>(plan.out_height) * passes.size();
    double total_rows = pass_rows * (normalize ? 2 : 1);
    double rows_done = 0, reported = 0;
    const std::int64_t report_every = std::max<std::int64_t>(1, (1 << 18) / std::max<std::int64_t>(out_w, 1));

    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    bool allow_split = true;
    // normalize needs the extremes of the whole result before it can map any pixel, so it runs
    // the passes twice rather than holding three planes of doubles (1.5 GB at 8192x8192).
    for (int round = normalize ? 0 : 1; round < 2; ++round) {
        double worst = 0.0;  // the largest error bound of any pass this round
        for (const pass& ps : passes) {
            double error = 0.0;
            std::vector<lane> lanes = pass_lanes(image, o, ps, allow_split, error);
            worst = std::max(worst, error);
            std::vector<std::vector<double>> acc(ps.kernels.size(), std::vector<double>(static_cast<std::size_t>(out_w)));
            std::vector<const double*> rows;
            for (const auto& a : acc) rows.push_back(a.data());
            const plane_source source{&image, ps.source_channel};
            auto load = [&](std::int64_t r, double* scratch) { return source.row(r, scratch); };
            for (std::int64_t i = 0; i < plan.out_height; ++i) {
                for (lane& l : lanes)
                    l.engine.row(i, l.kernels, load, [&](std::int64_t, std::size_t k) { return acc[l.slots[k]].data(); });
                if (round == 0) {
                    for (std::int64_t j = 0; j < out_w; ++j) {
                        const double v = combined(rows.data(), j, o.combine, o.bias);
                        lo = std::min(lo, v);
                        hi = std::max(hi, v);
                    }
                } else {
                    std::uint8_t* dst = out + i * out_w * 4;
                    for (std::int64_t j = 0; j < out_w; ++j) {
                        const std::uint8_t b = to_byte(combined(rows.data(), j, o.combine, o.bias), o.output, lo, hi);
                        for (int t : ps.targets) dst[4 * j + t] = b;
                    }
                }
                rows_done += 1;
                if (progress && (i + 1) % report_every == 0) {
                    reported = std::max(reported, rows_done / total_rows);
                    progress(reported);
                }
            }
        }
        // A stretch that could amplify the split's round-off into a different byte (a flat or nearly
        // flat result) is not trusted: the extremes and every pixel are recomputed by direct sums.
        if (round == 0 && worst > 0.0 && !(detail::stretch_error(worst, lo, hi) <= detail::byte_tolerance)) {
            allow_split = false;
            lo = std::numeric_limits<double>::infinity();
            hi = -lo;
            total_rows += 2 * pass_rows;
            round = -1;
        }
    }
    write_alpha(image, plan, out);
    if (progress) progress(1.0);
}

std::vector<std::uint8_t> filter_image(const image_view& image, const image_options& options, conv_plan& plan) {
    if (auto e = check_image(image, options, plan); !e.ok()) throw error(e);
    std::vector<std::uint8_t> out(static_cast<std::size_t>(plan.out_width * plan.out_height * 4));
    filter_image_into(image, options, plan, out.data());
    return out;
}

namespace reference {

std::vector<std::uint8_t> filter_image_naive(const image_view& image, const image_options& o, conv_plan& plan) {
    if (auto e = check_image(image, o, plan); !e.ok()) throw error(e);
    const std::int64_t n_out = plan.out_width * plan.out_height;
    std::vector<std::uint8_t> out(static_cast<std::size_t>(n_out * 4));
    const std::int64_t n_in = image.width * image.height;
    // Every pass's unrounded values, kept whole so normalize can see the extremes first.
    std::vector<std::pair<std::vector<double>, std::vector<int>>> values;
    for (const pass& ps : passes_for(o)) {
        matrix plane{image.height, image.width, std::vector<double>(static_cast<std::size_t>(n_in))};
        for (std::int64_t p = 0; p < n_in; ++p)
            plane.data[p] = ps.source_channel < 0 ? luma(image.data + 4 * p) : image.data[4 * p + ps.source_channel];
        std::vector<matrix> results;
        for (const auto& k : ps.kernels) results.push_back(convolve_naive(plane.view(), k, o.conv));
        std::vector<double> v(static_cast<std::size_t>(n_out));
        for (std::int64_t p = 0; p < n_out; ++p) {
            const double* acc[2] = {results[0].data.data(), results.size() > 1 ? results[1].data.data() : nullptr};
            v[p] = combined(acc, p, o.combine, o.bias);
        }
        values.emplace_back(std::move(v), ps.targets);
    }
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& [v, t] : values)
        for (double x : v) lo = std::min(lo, x), hi = std::max(hi, x);
    for (const auto& [v, targets] : values)
        for (std::int64_t p = 0; p < n_out; ++p)
            for (int t : targets) out[4 * p + t] = to_byte(v[p], o.output, lo, hi);
    write_alpha(image, plan, out.data());
    return out;
}

}  // namespace reference

}  // namespace convolution
