#pragma once
// Building blocks for the check functions of the 1-D, transposed and layer calls: every
// failure is a convolution::problem whose message says what is wrong and what is allowed.

#include <cmath>
#include <cstdint>
#include <string>

#include "convolution/types.hpp"
#include "detail/format.hpp"
#include "detail/text.hpp"

namespace convolution::detail {

/// An integer option (stride, dilation, padding side, window size) in lo..hi; above hi is too-large, as in
/// convolve()'s checks.
inline problem check_int(const std::string& field, std::int64_t value, std::int64_t lo, std::int64_t hi) {
    if (value >= lo && value <= hi) return {};
    detail::text s;
    s << field << " must be an integer from " << lo << " to " << hi << ", got " << value;
    return fail(value > hi ? "too-large" : "bad-option", field, s.str());
}

/// "1 channel", "2 channels".
inline std::string count_of(std::int64_t n, const char* noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

inline bool value_ok(double v) { return std::fabs(v) <= limits::max_magnitude; }

/// The first value of data[0..n) that is not finite or exceeds limits::max_magnitude, as a problem;
/// where(k) names element k ("at row 1, column 2").
template <class Where>
problem check_values(const double* data, std::int64_t n, const char* field, const char* what, Where&& where) {
    for (std::int64_t k = 0; k < n; ++k)
        if (!value_ok(data[k]))
            return fail("bad-value", field,
                        std::string(what) + " value " + where(k) + " is " + number(data[k]) +
                            "; values must be finite numbers with magnitude at most 1e100");
    return {};
}

inline problem check_constant(double constant) {
    if (value_ok(constant)) return {};
    return fail("bad-option", "constant",
                "constant must be a finite number with magnitude at most 1e100, got " + number(constant));
}

/// A side of a matrix or tensor in 1..limits::max_side; `name` is the message's subject ("The input height").
inline problem check_side(const char* field, const char* name, std::int64_t v) {
    if (v >= 1 && v <= limits::max_side) return {};
    detail::text s;
    s << name << " must be an integer from 1 to " << limits::max_side << ", got " << v;
    return fail(v < 1 ? "bad-shape" : "too-large", field, s.str());
}

}  // namespace convolution::detail
