#pragma once
/// Filtering of RGBA images channel by channel (SEMANTICS.md section 4).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "convolution/types.hpp"

namespace convolution {

/// How a filtered value becomes a byte.
enum class output_mode { clamp, abs, offset, normalize };

/// How several kernels combine: none (one kernel, or one per channel) or magnitude sqrt(gx² + gy²) of two.
enum class combine_mode { none, magnitude };

/// A read-only RGBA image, 4 bytes a pixel, row-major (the browser's ImageData layout).
struct image_view {
    const std::uint8_t* data = nullptr;
    std::int64_t width = 0;
    std::int64_t height = 0;
};

/// Everything filter_image needs besides the pixels.
struct image_options {
    conv_options conv = image_defaults();
    std::vector<matrix_view> kernels;  ///< 1 for all channels or 3 for R, G, B; 2 (gx, gy) with magnitude
    combine_mode combine = combine_mode::none;
    output_mode output = output_mode::clamp;
    bool grayscale = false;
    double bias = 0.0;  ///< added to every filtered value before the output mode

    /// Images default to padding "same" and border "replicate".
    static conv_options image_defaults() {
        conv_options o;
        o.preset = padding_preset::same;
        o.border = border_mode::replicate;
        return o;
    }
};

/// Reports progress from 0 to 1; may be empty.
using progress_fn = std::function<void(double)>;

/// Checks the image, kernels and options and resolves the output geometry (fills plan when ok()).
/// Fields: image, kernels, kernel or kernels[k], grayscale, bias, constant and those of plan_geometry.
problem check_image(const image_view& image, const image_options& options, conv_plan& plan);

/// Filters into out (plan.out_width * plan.out_height * 4 bytes). Arguments must have passed check_image().
void filter_image_into(const image_view& image, const image_options& options, const conv_plan& plan,
                       std::uint8_t* out, const progress_fn& progress = {});

/// Checks, then filters; throws convolution::error on invalid arguments. Returns RGBA bytes of plan's size.
std::vector<std::uint8_t> filter_image(const image_view& image, const image_options& options, conv_plan& plan);

/// The contract's name of an output mode.
const char* to_string(output_mode mode);
/// Parses an output-mode name; false when unknown.
bool parse_output_mode(const std::string& name, output_mode& out);

namespace reference {
/// Direct per-pixel filtering built on convolve_naive: the oracle for filter_image_into.
std::vector<std::uint8_t> filter_image_naive(const image_view& image, const image_options& options, conv_plan& plan);
}  // namespace reference

}  // namespace convolution
