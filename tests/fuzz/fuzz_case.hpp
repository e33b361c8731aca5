#pragma once
// Decoding fuzz bytes into a case, front to back, so a seed can be written by hand (make-seeds.py):
// every choice is one byte taken modulo its number of options, and an exhausted input reads as zeros.

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "convolution/convolution.hpp"

namespace fuzz {

struct reader {
    const std::uint8_t* data;
    std::size_t size, pos = 0;

    std::uint8_t u8() { return pos < size ? data[pos++] : 0; }
    /// One of n choices.
    int pick(int n) { return u8() % n; }
    std::uint64_t u64() {
        std::uint64_t v = 0;
        for (int k = 0; k < 8; ++k) v = v << 8 | u8();
        return v;
    }
    std::int16_t i16() { return static_cast<std::int16_t>(u8() << 8 | u8()); }
    /// Any bit pattern: NaN, infinities, subnormals, huge numbers.
    double raw() {
        const std::uint64_t bits = u64();
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    /// A finite double spread over many magnitudes: a 16-bit mantissa times 2^(-40..40).
    double wide() { return std::ldexp(static_cast<double>(i16()), pick(81) - 40 - 15); }
};

/// Stops the run with a message libFuzzer reports as a crash, input saved.
[[noreturn]] inline void finding(const char* what) {
    std::fprintf(stderr, "fuzz finding: %s\n", what);
    std::abort();
}

#define FUZZ_CHECK(cond)                                                           \
    do {                                                                           \
        if (!(cond)) ::fuzz::finding(#cond " (" __FILE__ ":" FUZZ_STR(__LINE__) ")"); \
    } while (0)
#define FUZZ_STR2(x) #x
#define FUZZ_STR(x) FUZZ_STR2(x)

/// Convolution options; about one choice in twenty is out of range, to exercise the errors.
inline convolution::conv_options read_options(reader& r) {
    using namespace convolution;
    conv_options o;
    auto positive = [&](int n) -> std::int64_t {
        const std::uint8_t b = r.u8();
        if (b >= 250) return b == 250 ? 0 : b == 251 ? -1 : b == 252 ? 65537 : b == 253 ? 65536 : 1000;
        return 1 + b % n;
    };
    auto margin = [&]() -> std::int64_t {
        const std::uint8_t b = r.u8();
        if (b >= 252) return b == 252 ? -1 : b == 253 ? 65537 : b == 254 ? 65536 : 40;
        return b % 5;
    };
    o.preset = static_cast<padding_preset>(r.pick(4));
    o.border = static_cast<border_mode>(r.pick(5));
    o.stride_y = positive(3);
    o.stride_x = positive(3);
    o.dilation_y = positive(3);
    o.dilation_x = positive(3);
    o.explicit_padding = {margin(), margin(), margin(), margin()};
    static const double constants[] = {0, 1, -3.5, 255, 128.25, 1e6, 1e100, -1e100, NAN, INFINITY, 1e101, 7};
    o.constant = constants[r.pick(12)];
    o.flip = r.pick(2) == 1;
    return o;
}

/// Problem and thrown error agree on code and field.
inline bool same_problem(const convolution::problem& p, const convolution::error& e) {
    return p.code == e.code() && p.field == e.field() && p.message == e.what();
}

/// Outputs larger than this, or kernels whose effective extent is larger than max_extent (the row
/// engine keeps that many padded rows), are planned and checked but not computed: runs stay fast.
inline constexpr std::int64_t max_cells = 4096;
inline constexpr std::int64_t max_extent = 64;

inline bool cheap(const convolution::conv_plan& p, const convolution::conv_options& o, std::int64_t kh,
                  std::int64_t kw) {
    return p.out_height * p.out_width <= max_cells && o.dilation_y * (kh - 1) + 1 <= max_extent &&
           o.dilation_x * (kw - 1) + 1 <= max_extent;
}

void run_image(reader& r);

}  // namespace fuzz
