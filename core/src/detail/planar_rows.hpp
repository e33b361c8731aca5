#pragma once
// Padded rows as three float planes (R, G, B), so that a vector holds four pixels of one
// channel and no lane is spent on alpha; and the loops of the planar image paths: bytes to
// planes, multiply-accumulate along a plane, planes back to interleaved bytes.
//
// The cache holds a window of columns, not the whole width: a tall kernel reads each row once
// per output row it covers, and the paths walk the image in column strips narrow enough that
// those rows stay in the core's own cache between uses.

#include <cstdint>
#include <cstring>
#include <vector>

#include "convolution/border.hpp"
#include "detail/image_analysis.hpp"
#include "detail/simd.hpp"


namespace convolution::detail {


/// Vector loops read and write whole blocks of this many floats: buffers carry that much slack.
inline constexpr std::int64_t plane_block = 32;

// Lane operations whose plain C++ spelling compiles, in wasm, to instructions the engines expand
// into several (NaN-aware min and max, saturating conversion); the values here are never NaN.
#if defined(__wasm_simd128__)
inline v4f vmin(v4f a, v4f b) { return (v4f)wasm_f32x4_pmin((v128_t)a, (v128_t)b); }
inline v4f vmax(v4f a, v4f b) { return (v4f)wasm_f32x4_pmax((v128_t)a, (v128_t)b); }
inline v4f vabs(v4f a) { return (v4f)wasm_f32x4_abs((v128_t)a); }
inline v4f vfloor(v4f a) { return (v4f)wasm_f32x4_floor((v128_t)a); }
inline v4i vmin(v4i a, v4i b) { return (v4i)wasm_i32x4_min((v128_t)a, (v128_t)b); }
inline v4i vmax(v4i a, v4i b) { return (v4i)wasm_i32x4_max((v128_t)a, (v128_t)b); }
inline bool any_lane(v4i a) { return wasm_v128_any_true((v128_t)a); }
#else
inline bool any_lane(v4i a) { return (a[0] | a[1] | a[2] | a[3]) != 0; }
inline v4f vmin(v4f a, v4f b) { return b < a ? b : a; }
inline v4f vmax(v4f a, v4f b) { return a < b ? b : a; }
inline v4f vabs(v4f a) { return a < 0 ? -a : a; }
inline v4f vfloor(v4f a) {  // for a >= 0 only
    return __builtin_convertvector(__builtin_convertvector(a, v4i), v4f);
}
inline v4i vmin(v4i a, v4i b) { return b < a ? b : a; }
inline v4i vmax(v4i a, v4i b) { return a < b ? b : a; }
#endif

/// Whole numbers 0 <= a < 2^23 as int32: adding 2^23 puts the value in the low mantissa bits.
inline v4i whole_to_int(v4f a) {
    const v4f magic = {0x1p23f, 0x1p23f, 0x1p23f, 0x1p23f};
    const v4i bits = {0x4b000000, 0x4b000000, 0x4b000000, 0x4b000000};
    return (v4i)(a + magic) - bits;
}

inline std::int64_t round_up_block(std::int64_t n) { return (n + plane_block - 1) / plane_block * plane_block; }

inline v4f load4(const float* p) {
    v4f v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void store4(float* p, v4f v) { std::memcpy(p, &v, sizeof v); }

/// A direct-mapped cache of padded rows over padded columns [x0, x0 + width) of the union window.
class planar_rows {
public:
    planar_rows(const image_view& image, const image_analysis& a, border_mode border, float constant)
        : image_(image), a_(a), border_(border), constant_(constant), slots_(a.rows_span),
          tags_(static_cast<std::size_t>(a.rows_span), -1), columns_(static_cast<std::size_t>(a.used_width)) {
        for (std::int64_t x = 0; x < a.used_width; ++x) columns_[x] = border_index(x - a.left, image.width, border);
    }

    /// Starts a strip: later rows hold padded columns [x0, x0 + width).
    void set_window(std::int64_t x0, std::int64_t width) {
        x0_ = x0;
        width_ = width;
        stride_ = round_up_block(width) + plane_block;
        // Zeros in the slack keep the lanes past the window finite (they are computed, never written out).
        rows_.assign(static_cast<std::size_t>(slots_ * 3 * stride_), 0.0f);
        std::fill(tags_.begin(), tags_.end(), -1);
    }

    /// Plane c of padded row r (source row r - top, through the border); index 0 is column x0.
    const float* get(std::int64_t r, int c) { return row(r) + c * stride_; }

private:
    float* row(std::int64_t r) {
        const std::int64_t slot = r % slots_;
        float* dst = rows_.data() + slot * 3 * stride_;
        if (tags_[slot] == r) return dst;
        tags_[slot] = r;
        float* planes[3] = {dst, dst + stride_, dst + 2 * stride_};
        const std::int64_t src = border_index(r - a_.top, image_.height, border_);
        if (src < 0) {
            for (float* p : planes) std::fill(p, p + width_, constant_);
            return dst;
        }
        const std::uint8_t* px = image_.data + src * image_.width * 4;
        auto one = [&](std::int64_t x) {
            const std::int64_t col = columns_[x0_ + x];
            for (int c = 0; c < 3; ++c) planes[c][x] = col < 0 ? constant_ : px[col * 4 + c];
        };
        // Columns that map straight onto the image, four pixels a vector: bytes split by shifts.
        const std::int64_t begin = std::min(width_, std::max<std::int64_t>(0, a_.left - x0_));
        const std::int64_t end = std::max(begin, std::min(width_, a_.left + image_.width - x0_));
        std::int64_t x = 0;
        for (; x < begin; ++x) one(x);
        const std::uint8_t* inner = px + (x0_ + begin - a_.left) * 4;
        for (; x + 4 <= end; x += 4, inner += 16) {
            v4u p;
            std::memcpy(&p, inner, sizeof p);
            const v4u m = {0xff, 0xff, 0xff, 0xff};
            store4(planes[0] + x, __builtin_convertvector((v4i)(p & m), v4f));
            store4(planes[1] + x, __builtin_convertvector((v4i)((p >> 8) & m), v4f));
            store4(planes[2] + x, __builtin_convertvector((v4i)((p >> 16) & m), v4f));
        }
        for (; x < width_; ++x) one(x);
        return dst;
    }

    const image_view& image_;
    const image_analysis& a_;
    border_mode border_;
    float constant_;
    std::int64_t slots_, x0_ = 0, width_ = 0, stride_ = 0;
    std::vector<float> rows_;
    std::vector<std::int64_t> tags_;
    std::vector<std::int64_t> columns_;
};

/// One channel's taps for a plane loop: source pointers, weights, and where each kernel row ends;
/// for a mirrored factor, each weight's second source (its mirror tap, or zeros for the centre).
struct plane_taps {
    std::vector<const float*> src, mirror;
    std::vector<float> w;
    std::vector<std::size_t> group_ends;
};

/// out[j] = sum over groups of (sum over the group's taps t of w[t] * src[t][j]) for j < n (with
/// src[t][j] + mirror[t][j] in place of src[t][j] when Mirrored),
/// in whole blocks. Each kernel row is summed apart (float32 error grows with rows + columns,
/// not rows * columns); U independent vectors hide the latency of the additions.
template <int U, bool Mirrored = false>
void accumulate_plane(const plane_taps& t, std::int64_t n, float* out) {
    const std::size_t groups = t.group_ends.size();
    for (std::int64_t j = 0; j < n; j += 4 * U) {
        v4f acc[U] = {};
        std::size_t k = 0;
        for (std::size_t g = 0; g < groups; ++g) {
            v4f row[U] = {};
            for (; k < t.group_ends[g]; ++k) {
                const float* p = t.src[k] + j;
                const float* q = Mirrored ? t.mirror[k] + j : nullptr;
                const v4f w = {t.w[k], t.w[k], t.w[k], t.w[k]};
                for (int u = 0; u < U; ++u) row[u] += w * (Mirrored ? load4(p + 4 * u) + load4(q + 4 * u) : load4(p + 4 * u));
            }
            for (int u = 0; u < U; ++u) acc[u] = groups == 1 ? row[u] : acc[u] + row[u];
        }
        for (int u = 0; u < U; ++u) store4(out + j + 4 * u, acc[u]);
    }
}

/// Four pixels' bytes (each lane 0..255) interleaved with alpha into 16 output bytes; `count` < 4
/// only at the end of a row, which takes the slower copies of a variable length.
inline void store_pixels(std::uint8_t* dst, v4i r, v4i g, v4i b, const std::uint8_t* alpha, std::int64_t count) {
    const v4u opaque = {0xff000000u, 0xff000000u, 0xff000000u, 0xff000000u};
    v4u a = opaque;
    const v4u rgb = (v4u)r | ((v4u)g << 8) | ((v4u)b << 16);
    if (count == 4) {
        if (alpha) std::memcpy(&a, alpha, sizeof a), a &= opaque;
        const v4u px = rgb | a;
        std::memcpy(dst, &px, sizeof px);
        return;
    }
    if (alpha) {
        a = v4u{0, 0, 0, 0};
        std::memcpy(&a, alpha, static_cast<std::size_t>(count) * 4);
        a &= opaque;
    }
    const v4u px = rgb | a;
    std::memcpy(dst, &px, static_cast<std::size_t>(count) * 4);
}

}  // namespace convolution::detail
