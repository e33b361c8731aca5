#pragma once
// The one-pass image paths (SEMANTICS.md section 4): interleaved RGBA read once, rounded, clamped
// and narrowed in the same pass, alpha written alongside. Every path gives exactly the reference
// bytes:
//  - int_direct: the kernels are integers times one power of two, so the integer sums are exact
//    and so is the float64 reference; bytes come from integer rounding.
//  - f32_direct / f32_separable: float32 sums with a proven bound E on their distance from the
//    float64 direct sum; a value within E of a rounding boundary is recomputed in float64 in the
//    reference's own order, so no byte differs.
// Most run on three float planes, four pixels a vector (image_planar.hpp); integer sums past
// float32's exact range and integer normalize use one pixel a vector in int32 lanes. Anything else
// (normalize with real weights, a stride, grayscale, magnitude, a bound that is too large) stays on
// the float64 row engine.

#include <cstdint>

#include "convolution/image.hpp"

namespace convolution::detail {

enum class image_path { automatic, row_engine, int_direct, f32_direct, f32_separable };

/// The contract's name of a path, for tests and diagnostics.
const char* to_string(image_path p);

/// The path filter_image_into takes: the cheapest one that applies, by tap count and error bound.
image_path choose_image_path(const image_view& image, const image_options& options, const conv_plan& plan);

/// Runs `path` (automatic: the chosen one). Returns false, writing nothing, when that path does
/// not apply to these arguments (then the caller uses the row engine). Arguments must have
/// passed check_image().
bool filter_image_fast(const image_view& image, const image_options& options, const conv_plan& plan,
                       std::uint8_t* out, const progress_fn& progress, image_path path = image_path::automatic);

}  // namespace convolution::detail
