#pragma once
// Building blocks for the check functions of the 1-D, transposed and layer calls: every
// failure is a convolution::problem whose message says what is wrong and what is allowed.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>

#include "convolution/types.hpp"

namespace convolution::detail {

inline problem fail(const char* code, std::string field, std::string message) {
    return {code, std::move(field), std::move(message)};
}

/// An integer option (stride, dilation, padding side, window size) in lo..hi.
inline problem check_int(const std::string& field, std::int64_t value, std::int64_t lo, std::int64_t hi) {
    if (value >= lo && value <= hi) return {};
    std::ostringstream s;
    s << field << " must be an integer from " << lo << " to " << hi << ", got " << value;
    return fail("bad-option", field, s.str());
}

/// How a rejected number is quoted in a message: the shortest digits that read back as v, so a value just
/// above a bound never prints as the bound.
inline std::string quote_value(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

/// Throws the problem as convolution::error, which takes the problem itself in newer cores and only the
/// message in older ones.
template <class E = error>
[[noreturn]] void raise(const problem& p) {
    if constexpr (std::is_constructible_v<E, const problem&>) throw E(p);
    else throw E(p.message);
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
                        std::string(what) + " value " + where(k) + " is " + quote_value(data[k]) +
                            "; values must be finite numbers with magnitude at most 1e100");
    return {};
}

inline problem check_constant(double constant) {
    if (value_ok(constant)) return {};
    return fail("bad-value", "constant",
                "constant must be a finite number with magnitude at most 1e100, got " + quote_value(constant));
}

/// A side of a matrix or tensor in 1..limits::max_side; `name` is the message's subject ("The input height").
inline problem check_side(const char* field, const char* name, std::int64_t v) {
    if (v >= 1 && v <= limits::max_side) return {};
    std::ostringstream s;
    s << name << " must be an integer from 1 to " << limits::max_side << ", got " << v;
    return fail(v < 1 ? "bad-shape" : "too-large", field, s.str());
}

// The 2-D geometry (plan_geometry) is shared with convolve(); these two overloads accept its
// answer whether it comes as a problem or, from older cores, as the message alone, which is
// then classified by the only failures left once the caller has checked shapes and options.
inline problem core_problem(problem p) { return p; }
inline problem core_problem(const std::string& message) {
    if (message.empty()) return {};
    if (message.find("does not fit") != std::string::npos) return fail("does-not-fit", "kernel", message);
    if (message.find("The output would be") == 0) return fail("too-large", "input", message);
    return fail("bad-option", "options", message);
}

}  // namespace convolution::detail
