#pragma once
// The planar one-pass image paths: interleaved RGBA read once into three float planes, each
// channel accumulated four pixels a vector, rounded, clamped and interleaved back with alpha.
//  - integer: the kernels are integers times one power of two and every partial sum stays
//    below 2^24, so float32 adds the integers exactly; bytes come from integer rounding.
//  - f32_direct / f32_separable: float32 sums with a proven bound E on their distance from the
//    float64 direct sum; a value within E of a rounding boundary is recomputed in float64 in the
//    reference's own order, so no byte differs from the reference.

#include <cstdint>

#include "detail/image_analysis.hpp"

namespace convolution::detail {

enum class planar_kind { integer, f32_direct, f32_separable };

/// Filters with one planar path; the caller has checked that it applies (no normalize, no stride).
void run_planar(const image_view& image, const image_options& options, const conv_plan& plan,
                const image_analysis& a, std::uint8_t* out, const progress_fn& progress, planar_kind kind);

}  // namespace convolution::detail
