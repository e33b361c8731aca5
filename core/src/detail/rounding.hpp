#pragma once
// Bounds on the rounding error of an image fast path against the float64 direct sum, so a path can
// choose its arithmetic (SEMANTICS.md section 4): where its bound could change a byte, it must not run.
//
// The contract allows a byte to differ from the reference only where the reference value, after the
// output mode, lies within 0.01 of a rounding boundary. A path whose values, after the output mode,
// are within byte_tolerance of the reference's can therefore never break it.

#include <cmath>
#include <cstdint>

#include "convolution/types.hpp"

namespace convolution::detail {

/// Half the distance from 1 to the next double: the relative rounding error of one operation.
inline constexpr double unit_roundoff = 0x1p-53;

/// How far a fast value may lie from the reference after the output mode (in grey levels).
inline constexpr double byte_tolerance = 1e-3;

/// gamma(n) = n u / (1 - n u): the relative error of n roundings in a row (Higham, section 3.1).
inline double gamma(double n) { return n * unit_roundoff / (1.0 - n * unit_roundoff); }

/// Bound on |two-pass value - direct sum| for kernel k split as column x row (each product within
/// `split_ulps` units of roundoff of its weight), when every source value has magnitude at most p_max.
/// A term of the two passes passes through at most M + N roundings (M in the vertical sum, one product,
/// N - 1 additions), the split moves each weight by at most split_ulps + 1 units of itself, and the
/// direct sum of M N terms is itself within gamma(M N) of the exact value.
inline double separable_bound(const matrix_view& k, double p_max, double split_ulps) {
    double weights = 0.0;
    for (std::int64_t t = 0; t < k.height * k.width; ++t) weights += std::fabs(k.data[t]);
    const double m = static_cast<double>(k.height), n = static_cast<double>(k.width);
    // 1.01 covers the rounding of the sum of |w| itself and the second-order terms.
    return 1.01 * (gamma(m + n + split_ulps + 2) + gamma(m * n)) * weights * p_max;
}

/// Bound on the error of a value after the cheap operations both paths apply to slightly different
/// inputs (adding the bias, sqrt(gx² + gy²), |v|, v + 128): each rounds at most a few units of the
/// magnitude it handles. `input_error` is the bound on the values they start from; `magnitude` bounds
/// the values themselves (bias included).
inline double after_output_ops(double input_error, double magnitude) {
    return input_error + 16 * unit_roundoff * (magnitude + 256.0);
}

/// Bound on the error, in grey levels, of the normalize stretch (v - lo) / (hi - lo) * 255 when v, lo
/// and hi each lie within `value_error` of the reference's and the fast extremes are lo, hi. With
/// D = hi - lo > 0 the stretch moves by at most 255 * 4 * value_error / D (two errors in v - lo, two in
/// D); a spread the error could account for, D <= 2 * value_error, has no bound (the reference may be flat).
inline double stretch_error(double value_error, double lo, double hi) {
    const double spread = hi - lo;
    if (!(spread > 2.0 * value_error)) return INFINITY;
    return 255.0 * 4.0 * value_error / spread + 16 * 255.0 * unit_roundoff;
}

}  // namespace convolution::detail
