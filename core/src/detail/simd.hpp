#pragma once
// Multiply-accumulate kernels for the row loop: a vector bulk and a scalar tail.
//
// Every output element receives its products one at a time, in tap order, exactly as
// the naive reference adds them; with floating-point contraction disabled (the build
// sets -ffp-contract=off) this makes the fast paths bitwise equal to the reference.

#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace convolution::detail {

// The image paths' lanes: four floats or four 32-bit integers a vector (SSE2 natively, wasm
// simd128 under -msimd128, plain scalar code in the scalar wasm build).
typedef float v4f __attribute__((vector_size(16)));
typedef std::int32_t v4i __attribute__((vector_size(16)));
typedef std::uint32_t v4u __attribute__((vector_size(16)));

#if defined(__GNUC__) || defined(__clang__)
// GCC/Clang vector extension: SSE2 natively, wasm simd128 under Emscripten with -msimd128.
typedef double v2d __attribute__((vector_size(16)));

inline v2d load2(const double* p) {
    v2d v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void store2(double* p, v2d v) { std::memcpy(p, &v, sizeof v); }

template <int K>
inline void accumulate_fixed(double* acc, const double* const* x, const double* w, std::int64_t n) {
    v2d wv[K];
    for (int k = 0; k < K; ++k) wv[k] = v2d{w[k], w[k]};
    std::int64_t j = 0;
    for (; j + 4 <= n; j += 4) {
        v2d a0 = load2(acc + j);
        v2d a1 = load2(acc + j + 2);
        for (int k = 0; k < K; ++k) {
            a0 = a0 + wv[k] * load2(x[k] + j);
            a1 = a1 + wv[k] * load2(x[k] + j + 2);
        }
        store2(acc + j, a0);
        store2(acc + j + 2, a1);
    }
    for (; j < n; ++j) {
        double a = acc[j];
        for (int k = 0; k < K; ++k) a = a + w[k] * x[k][j];
        acc[j] = a;
    }
}
#else
template <int K>
inline void accumulate_fixed(double* acc, const double* const* x, const double* w, std::int64_t n) {
    for (std::int64_t j = 0; j < n; ++j) {
        double a = acc[j];
        for (int k = 0; k < K; ++k) a = a + w[k] * x[k][j];
        acc[j] = a;
    }
}
#endif

/// acc[j] += w[0]*x[0][j], then += w[1]*x[1][j], ... for j < n; count taps, in order.
inline void accumulate(double* acc, const double* const* x, const double* w, int count, std::int64_t n) {
    // Groups of four keep the accumulator in registers across taps without changing the order of additions.
    while (count >= 4) {
        accumulate_fixed<4>(acc, x, w, n);
        x += 4;
        w += 4;
        count -= 4;
    }
    switch (count) {
        case 3: accumulate_fixed<3>(acc, x, w, n); break;
        case 2: accumulate_fixed<2>(acc, x, w, n); break;
        case 1: accumulate_fixed<1>(acc, x, w, n); break;
        default: break;
    }
}

}  // namespace convolution::detail
