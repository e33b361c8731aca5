#pragma once
/// How error messages show what the caller passed: numbers exactly as given, strings cut short.

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace convolution {

/// The shortest decimal that reads back as v (1.0000000000000002e+100 stays distinguishable from
/// 1e+100), or "NaN", "Infinity", "-Infinity" as JavaScript writes them.
inline std::string number(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

/// Messages quote at most this many characters of a string the caller passed (SEMANTICS.md section 5).
inline constexpr std::size_t max_quoted = 80;

/// s in single quotes, cut to max_quoted bytes (never inside a UTF-8 sequence) with an ellipsis and the
/// full length when longer.
inline std::string quote(const std::string& s) {
    if (s.size() <= max_quoted) return "'" + s + "'";
    std::size_t cut = max_quoted;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return "'" + s.substr(0, cut) + "…' (" + std::to_string(s.size()) + " bytes)";
}

}  // namespace convolution
