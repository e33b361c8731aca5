#pragma once
// Padded RGBA rows in vector lanes (one pixel a vector: R, G, B, A) and the multiply-accumulate
// loop of the one-pass image paths. GCC/Clang vector extensions: SSE2 natively, wasm simd128
// under Emscripten with -msimd128, scalar code in the scalar wasm build.

#include <cstdint>
#include <cstring>
#include <vector>

#include "convolution/border.hpp"
#include "detail/image_analysis.hpp"
#include "detail/simd.hpp"

namespace convolution::detail {

typedef std::uint8_t v4b __attribute__((vector_size(4)));

// One pixel's four bytes widened to int32 lanes, and four int32 lanes in 0..255 back to bytes.
// The generic conversions become lane-by-lane extracts in wasm; the widening and saturating
// narrowing instructions do each in two or three.
#if defined(__wasm_simd128__)
inline v4i load_pixel(const std::uint8_t* p) {
    return (v4i)wasm_u32x4_extend_low_u16x8(wasm_u16x8_extend_low_u8x16(wasm_v128_load32_zero(p)));
}
inline void store_pixel(std::uint8_t* p, v4i v) {
    const v128_t w = wasm_u16x8_narrow_i32x4((v128_t)v, (v128_t)v);
    wasm_v128_store32_lane(p, wasm_u8x16_narrow_i16x8(w, w), 0);
}
#else
inline v4i load_pixel(const std::uint8_t* p) {
    v4b b;
    std::memcpy(&b, p, 4);
    return __builtin_convertvector(b, v4i);
}
inline void store_pixel(std::uint8_t* p, v4i v) {
    const v4b b = __builtin_convertvector(v, v4b);
    std::memcpy(p, &b, 4);
}
#endif

/// A direct-mapped cache of padded rows, as tall as the union window, so one output row finds
/// every row it reads; each row is built once from the interleaved bytes, borders included.
template <class V>
class pixel_rows {
public:
    pixel_rows(const image_view& image, const image_analysis& a, border_mode border, V constant)
        : image_(image), a_(a), border_(border), constant_(constant),
          slots_(a.rows_span), rows_(static_cast<std::size_t>(a.rows_span * a.used_width)),
          tags_(static_cast<std::size_t>(a.rows_span), -1), columns_(static_cast<std::size_t>(a.used_width)) {
        for (std::int64_t x = 0; x < a.used_width; ++x) columns_[x] = border_index(x - a.left, image.width, border);
        // The run of columns that map straight onto the image, converted without look-ups.
        inner_begin_ = std::min(a.left, a.used_width);
        inner_end_ = std::max(inner_begin_, std::min(a.used_width, a.left + image.width));
    }

    /// Padded row r of the union window's coordinates (source row r - top, through the border).
    const V* get(std::int64_t r) {
        const std::int64_t slot = r % slots_;
        V* dst = rows_.data() + slot * a_.used_width;
        if (tags_[slot] == r) return dst;
        tags_[slot] = r;
        const std::int64_t src = border_index(r - a_.top, image_.height, border_);
        if (src < 0) {
            for (std::int64_t x = 0; x < a_.used_width; ++x) dst[x] = constant_;
            return dst;
        }
        const std::uint8_t* px = image_.data + src * image_.width * 4;
        auto pixel = [&](std::int64_t col) { return __builtin_convertvector(load_pixel(px + col * 4), V); };
        for (std::int64_t x = 0; x < inner_begin_; ++x) dst[x] = columns_[x] < 0 ? constant_ : pixel(columns_[x]);
        const std::int64_t shift = a_.left;
        for (std::int64_t x = inner_begin_; x < inner_end_; ++x) dst[x] = pixel(x - shift);
        for (std::int64_t x = inner_end_; x < a_.used_width; ++x)
            dst[x] = columns_[x] < 0 ? constant_ : pixel(columns_[x]);
        return dst;
    }

private:
    const image_view& image_;
    const image_analysis& a_;
    border_mode border_;
    V constant_;
    std::int64_t slots_, inner_begin_ = 0, inner_end_ = 0;
    std::vector<V> rows_;
    std::vector<std::int64_t> tags_;
    std::vector<std::int64_t> columns_;
};

/// For j < n: acc = sum over groups g of (sum over taps t of g of w[t] * src[t][j]), then
/// finish(j, acc). Summing each group (a kernel row) apart keeps float32 error growth at
/// rows + columns instead of rows * columns. Four pixels at a time stay in registers.
template <class V, class Finish>
void accumulate_pixels(const V* const* src, const V* w, const std::vector<std::size_t>& group_ends, std::int64_t n,
                       Finish&& finish) {
    std::int64_t j = 0;
    for (; j + 4 <= n; j += 4) {
        V a0 = {}, a1 = {}, a2 = {}, a3 = {};
        std::size_t t = 0;
        for (std::size_t end : group_ends) {
            V r0 = {}, r1 = {}, r2 = {}, r3 = {};
            for (; t < end; ++t) {
                const V* p = src[t] + j;
                const V wt = w[t];
                r0 += wt * p[0];
                r1 += wt * p[1];
                r2 += wt * p[2];
                r3 += wt * p[3];
            }
            a0 += r0;
            a1 += r1;
            a2 += r2;
            a3 += r3;
        }
        finish(j, a0);
        finish(j + 1, a1);
        finish(j + 2, a2);
        finish(j + 3, a3);
    }
    for (; j < n; ++j) {
        V a = {};
        std::size_t t = 0;
        for (std::size_t end : group_ends) {
            V r = {};
            for (; t < end; ++t) r += w[t] * src[t][j];
            a += r;
        }
        finish(j, a);
    }
}

}  // namespace convolution::detail
