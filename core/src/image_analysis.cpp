#include "detail/image_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "convolution/border.hpp"
#include "convolution/convolve.hpp"
#include "detail/row_engine.hpp"

namespace convolution::detail {

namespace {

constexpr double u32 = 0x1p-24;  // unit roundoff of float32
constexpr double u64 = 0x1p-53;

// Higham's gamma_n: the relative error bound of n successive roundings.
double gamma(double n, double u) { return n * u / (1 - n * u); }

// The row cache of the one-pass paths holds rows_span padded rows of 4 lanes.
constexpr double max_cache_bytes = 64.0 * (1 << 20);

// Smallest s >= 0 with w * 2^s an integer, or -1 if it would need more than 40 bits.
int dyadic_shift(double w) {
    int s = 0;
    while (w != std::floor(w)) {
        if (++s > 40) return -1;
        w *= 2;  // exact: only the exponent changes
    }
    return s;
}

void find_integer_form(const image_options& o, image_analysis& a) {
    int shift = 0;
    double sum_abs[3] = {0, 0, 0};
    for (const auto& t : a.taps)
        for (int c = 0; c < 3; ++c) {
            if (t.w[c] == 0) continue;
            const int s = dyadic_shift(t.w[c]);
            if (s < 0) return;
            shift = std::max(shift, s);
        }
    // A dyadic bias (0.5, 0.25) joins the integer form too.
    const int bias_shift = dyadic_shift(o.bias);
    if (bias_shift < 0) return;
    shift = std::max(shift, bias_shift);
    const double scale = std::ldexp(1.0, shift);
    for (auto& t : a.taps)
        for (int c = 0; c < 3; ++c) {
            const double k = t.w[c] * scale;
            if (std::fabs(k) > (1 << 20)) return;
            t.k[c] = static_cast<std::int32_t>(k);
            sum_abs[c] += std::fabs(k);
        }
    const double bias = o.bias * scale;
    if (bias != std::floor(bias) || std::fabs(bias) > (1 << 28)) return;
    if (o.conv.border == border_mode::constant &&
        (o.conv.constant != std::floor(o.conv.constant) || std::fabs(o.conv.constant) > 65535))
        return;
    // Every partial sum, bias and offset stay below 2^30: int32 lanes cannot overflow, and the
    // float64 reference adds exact multiples of 2^-shift, so it is exact too.
    const double largest_sum = *std::max_element(sum_abs, sum_abs + 3) * a.vmax;
    const double worst = largest_sum + std::fabs(bias) + 129 * scale;
    if (worst >= 0x1p30) return;
    a.int_ok = true;
    a.int_in_f32 = largest_sum < 0x1p24;
    a.finish_in_f32 = worst < 0x1p24;
    a.shift = shift;
    a.bias_int = static_cast<std::int64_t>(bias);
    a.offset_int = static_cast<std::int64_t>(128 * scale);
    // Only a constant border reads the constant (and only then was its range checked above).
    a.constant_int = o.conv.border == border_mode::constant ? static_cast<std::int64_t>(o.conv.constant) : 0;
}

// Distance of a float32 evaluation from the float64 direct sum, each byte's value after the
// output mode: weights and constant rounded to float32, T products and sums, bias, +128 and the
// boundary test's own roundings; plus the float64 sum's own error against the exact value.
void find_f32_bound(const image_options& o, image_analysis& a) {
    // The float32 loop sums each kernel row (a run of taps with one dy) apart, then the rows:
    // a product passes through at most (longest row) + (rows) + 2 roundings, plus two for the
    // weight and the constant.
    double worst = 0;
    for (int c = 0; c < 3; ++c) {
        double sum_abs = 0, taps = 0, groups = 0, in_group = 0, longest = 0;
        for (std::size_t k = 0; k < a.taps.size(); ++k) {
            const union_tap& t = a.taps[k];
            if (k == 0 || t.dy != a.taps[k - 1].dy) groups += 1, in_group = 0;
            if (t.w[c] != 0) sum_abs += std::fabs(t.w[c]), taps += 1, longest = std::max(longest, ++in_group);
        }
        const double s = a.vmax * sum_abs + std::fabs(o.bias);
        worst = std::max(worst, (gamma(longest + groups + 4, u32) + gamma(taps + 2, u64)) * s);
    }
    if (a.vmax > 1e30 || std::fabs(o.bias) > 1e30) return;
    a.f32_bound = worst + 1024 * u32;
}

void find_rank_one(const image_options& o, image_analysis& a) {
    const matrix_view& k = a.channel[0].kernel;
    if (o.kernels.size() != 1 || k.height < 2 || k.width < 2) return;
    const bool flip = o.conv.flip;
    std::int64_t pm = 0, pn = 0;
    double big = 0;
    for (std::int64_t m = 0; m < k.height; ++m)
        for (std::int64_t n = 0; n < k.width; ++n)
            if (std::fabs(window_weight(k, flip, m, n)) > big) big = std::fabs(window_weight(k, flip, m, n)), pm = m, pn = n;
    if (big == 0) return;
    std::vector<double> col(static_cast<std::size_t>(k.height)), row(static_cast<std::size_t>(k.width));
    for (std::int64_t m = 0; m < k.height; ++m) col[m] = window_weight(k, flip, m, pn);
    for (std::int64_t n = 0; n < k.width; ++n) row[n] = window_weight(k, flip, pm, n) / window_weight(k, flip, pm, pn);
    // Exactly rank one: each weight equals its factors' product up to a few roundings of that
    // weight itself (never a tolerance relative to the largest weight), and zeros stay zeros.
    double defect = 0, sum_col = 0, sum_row = 0;
    for (std::int64_t m = 0; m < k.height; ++m)
        for (std::int64_t n = 0; n < k.width; ++n) {
            const double w = window_weight(k, flip, m, n), p = col[m] * row[n];
            if ((w == 0) != (p == 0) || std::fabs(p - w) > 8 * u64 * std::fabs(w)) return;
            defect += std::fabs(p - w) + 2 * u64 * std::fabs(w);
        }
    for (double c : col) sum_col += std::fabs(c);
    for (double r : row) sum_row += std::fabs(r);
    const double taps = static_cast<double>(k.height * k.width);
    const double s = a.vmax * sum_col * sum_row + std::fabs(o.bias);
    a.rank_one = true;
    a.column = std::move(col);
    a.row = std::move(row);
    // The bound counts relative roundings: it holds only while every value stays finite (and
    // normal enough) in float32, as for the direct float32 path (a constant of -1e100 would
    // become -inf there, and -inf times a weight that underflows to 0 is NaN).
    if (a.vmax > 1e30 || std::fabs(o.bias) > 1e30) return;
    // Each pass sums runs of its products (factor_run); the weights' own rounding to float32 is one
    // more, and a mirrored factor's pair sums one more again.
    auto pass = [](const std::vector<double>& f) {
        return gamma(factor_roundings(factor_terms(f)) + 3 + (mirrored(f) ? 1 : 0), u32);
    };
    a.separable_bound = (pass(a.column) + pass(a.row)) * s + a.vmax * defect + gamma(taps + 2, u64) * s + 1024 * u32;
}

}  // namespace

std::uint8_t reference_byte(double v, output_mode mode, double lo, double hi) {
    switch (mode) {
        case output_mode::clamp: break;
        case output_mode::abs: v = std::fabs(v); break;
        case output_mode::offset: v = v + 128.0; break;
        case output_mode::normalize: v = hi > lo ? (v - lo) / (hi - lo) * 255.0 : 0.0; break;
    }
    v = std::round(v);
    return static_cast<std::uint8_t>(v <= 0.0 ? 0.0 : v >= 255.0 ? 255.0 : v);
}

double reference_value(const image_view& image, const image_options& o, const image_analysis& a, int c,
                       std::int64_t i, std::int64_t j) {
    const channel_kernel& ck = a.channel[c];
    const conv_options& co = o.conv;
    double sum = 0.0;
    for (std::int64_t m = 0; m < ck.kernel.height; ++m) {
        const std::int64_t r = border_index(i + m * co.dilation_y - ck.top, image.height, co.border);
        for (std::int64_t n = 0; n < ck.kernel.width; ++n) {
            const std::int64_t x = border_index(j + n * co.dilation_x - ck.left, image.width, co.border);
            const double v = (r < 0 || x < 0) ? co.constant : image.data[(r * image.width + x) * 4 + c];
            sum += v * window_weight(ck.kernel, co.flip, m, n);
        }
    }
    return sum + o.bias;
}

image_analysis analyse_image(const image_view& image, const image_options& o, const conv_plan& plan) {
    image_analysis a;
    const conv_options& co = o.conv;
    if (o.combine != combine_mode::none || o.grayscale || co.stride_x != 1 || co.stride_y != 1) return a;
    if (o.kernels.size() != 1 && o.kernels.size() != 3) return a;
    for (int c = 0; c < 3; ++c) {
        const matrix_view& k = o.kernels[o.kernels.size() == 3 ? c : 0];
        conv_plan p;
        if (!plan_geometry(image.height, image.width, k.height, k.width, co, p).ok()) return a;
        if (p.out_height != plan.out_height || p.out_width != plan.out_width) return a;
        a.channel[c] = {k, p.pad.top, p.pad.left};
        a.top = std::max(a.top, p.pad.top);
        a.left = std::max(a.left, p.pad.left);
    }
    std::map<std::pair<std::int64_t, std::int64_t>, union_tap> taps;
    for (int c = 0; c < 3; ++c) {
        const channel_kernel& ck = a.channel[c];
        for (std::int64_t m = 0; m < ck.kernel.height; ++m)
            for (std::int64_t n = 0; n < ck.kernel.width; ++n) {
                const double w = window_weight(ck.kernel, co.flip, m, n);
                const std::int64_t dy = m * co.dilation_y - ck.top + a.top, dx = n * co.dilation_x - ck.left + a.left;
                a.rows_span = std::max(a.rows_span, dy + 1);
                a.cols_span = std::max(a.cols_span, dx + 1);
                if (w == 0) continue;
                union_tap& t = taps[{dy, dx}];
                t.dy = dy;
                t.dx = dx;
                t.w[c] = w;
            }
    }
    for (auto& kv : taps) a.taps.push_back(kv.second);
    a.used_width = plan.out_width + a.cols_span - 1;
    if (static_cast<double>(a.rows_span) * static_cast<double>(a.used_width) * 16 > max_cache_bytes) return a;
    a.vmax = co.border == border_mode::constant ? std::max(255.0, std::fabs(co.constant)) : 255.0;
    a.eligible = true;
    find_integer_form(o, a);
    find_f32_bound(o, a);
    find_rank_one(o, a);
    return a;
}

}  // namespace convolution::detail
