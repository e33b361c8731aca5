#pragma once
// What the one-pass image paths need to know about the kernels before choosing one: the
// union of the three channels' taps, an exact integer form, float32 error bounds and an
// exact rank-one split.

#include <cstdint>
#include <vector>

#include "convolution/image.hpp"

namespace convolution::detail {

/// One window offset read by at least one channel, with each channel's weight (0 if it has none).
struct union_tap {
    std::int64_t dy = 0, dx = 0;  // relative to the top-left of the union window
    double w[3] = {0, 0, 0};
    std::int32_t k[3] = {0, 0, 0};  // w * 2^shift when the integer form exists
};

struct channel_kernel {
    matrix_view kernel;
    std::int64_t top = 0, left = 0;  // this channel's own padding
};

struct image_analysis {
    bool eligible = false;  // combine none, no grayscale, unit stride, cache fits
    channel_kernel channel[3];
    std::vector<union_tap> taps;
    std::int64_t top = 0, left = 0;           // the union window's margins (largest channel padding)
    std::int64_t rows_span = 1, cols_span = 1;  // union window extent
    std::int64_t used_width = 0;               // padded columns a row holds
    double vmax = 255;                         // largest |value| a window can read

    bool int_ok = false;  // every weight is k * 2^-shift with small integers k, bias and constant too
    bool int_in_f32 = false;  // every partial sum below 2^24, so float32 lanes add the integers exactly
    bool finish_in_f32 = false;  // and with bias, +128 and the rounding half as well
    int shift = 0;
    std::int64_t bias_int = 0, offset_int = 0, constant_int = 0;

    double f32_bound = 1e300;  // |float32 direct sum - float64 direct sum| bound, after the output mode

    bool rank_one = false;  // one kernel, K'[m][n] = column[m] * row[n] to the rounding of the weights
    std::vector<double> column, row;
    double separable_bound = 1e300;
};

/// Taps of one 1-D pass of the split summed as one run before the run joins the total: runs of
/// about sqrt(count) taps keep a value's float32 roundings near 2 sqrt(count) instead of count.
inline std::size_t factor_run(std::size_t count) {
    std::size_t g = 1;
    while (g * g < count) ++g;
    return g;
}

/// Roundings a product passes through in such a pass: its own, the adds of its run, the total's.
inline double factor_roundings(std::size_t count) {
    const std::size_t g = factor_run(count);
    return static_cast<double>(g + (count + g - 1) / g);
}

/// Whether a factor is its own mirror image, weight for weight (a sampled Gaussian, a box): its pass
/// then adds each pair of mirrored inputs before one multiply.
inline bool mirrored(const std::vector<double>& f) {
    for (std::size_t m = 0; m < f.size() / 2; ++m)
        if (f[m] != f[f.size() - 1 - m]) return false;
    return true;
}

/// Products one pass of the split makes: its nonzero weights, or for a mirrored factor its nonzero
/// pairs and centre.
inline std::size_t factor_terms(const std::vector<double>& f) {
    const std::size_t half = mirrored(f) ? (f.size() + 1) / 2 : f.size();
    std::size_t n = 0;
    for (std::size_t m = 0; m < half; ++m) n += f[m] != 0;
    return n;
}

/// Analyses kernels and options for the one-pass paths.
image_analysis analyse_image(const image_view& image, const image_options& options, const conv_plan& plan);

/// The byte the reference gives for a value v: output mode, round half away from zero, clamp.
/// Must stay identical to image.cpp's rule (the tests compare every path with the reference).
std::uint8_t reference_byte(double v, output_mode mode, double lo, double hi);

/// The reference's float64 direct sum for channel c at output (i, j), in its own order, plus bias.
double reference_value(const image_view& image, const image_options& options, const image_analysis& a, int c,
                       std::int64_t i, std::int64_t j);

}  // namespace convolution::detail
