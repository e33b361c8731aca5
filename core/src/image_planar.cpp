#include "detail/image_planar.hpp"

#include <algorithm>
#include <cmath>

#include "detail/planar_rows.hpp"

namespace convolution::detail {

namespace {

// Rows a strip keeps hot: its padded rows must fit the core's own (L2) cache with room to spare,
// taken as half of the 2 MiB of current desktop cores. Wider strips recompute fewer margin
// columns of a wide kernel's vertical pass.
constexpr double strip_cache_bytes = 1024.0 * 1024;

v4f splat(float v) { return v4f{v, v, v, v}; }
v4i splat(std::int32_t v) { return v4i{v, v, v, v}; }

// Per channel, the columns of a row segment whose byte the float64 sum must decide.
using near_columns = std::vector<std::int64_t>[3];

// float32 values to bytes: output mode, round half away from zero, clamp; and the columns whose
// value lies within the error bound of a rounding boundary, where the reference may round the
// other way.
struct f32_finish {
    float bias, offset;
    bool abs;
    float bound;

    void operator()(const float* const res[3], std::int64_t n, std::uint8_t* dst, const std::uint8_t* alpha,
                    near_columns& near) const {
        // x = value + 0.5 (after the output mode): the byte is floor(x) clamped to 0..255. Only the
        // boundaries x = 1 .. 255 separate two bytes, so x is clamped to [0.5, 255.5] first: the
        // clamped value's floor is the byte, and its fraction says how close a boundary is.
        const v4f b = splat(bias), off = splat(offset + 0.5f), lo = splat(0.5f), hi = splat(255.5f);
        const v4f lo_bound = splat(bound), hi_bound = splat(1.0f - bound);
        for (std::int64_t j = 0; j < n; j += 4) {
            v4i bytes[3], close[3];
            for (int c = 0; c < 3; ++c) {
                v4f v = load4(res[c] + j) + b;
                if (abs) v = vabs(v);
                const v4f y = vmin(vmax(v + off, lo), hi);
                const v4f whole = vfloor(y);
                bytes[c] = whole_to_int(whole);
                const v4f f = y - whole;
                close[c] = (f < lo_bound) | (f > hi_bound);
            }
            const std::int64_t count = std::min<std::int64_t>(4, n - j);
            store_pixels(dst + 4 * j, bytes[0], bytes[1], bytes[2], alpha ? alpha + 4 * j : nullptr, count);
            if (any_lane(close[0] | close[1] | close[2]))
                for (int c = 0; c < 3; ++c)
                    for (std::int64_t u = 0; u < count; ++u)
                        if (close[c][u]) near[c].push_back(j + u);
        }
    }
};

// Exact integers (value * 2^shift, held exactly in float32 with the bias, offset and half
// added: finish_in_f32) to bytes. Rounding is a multiplication by 2^-shift and a floor, both
// exact, so the bytes are those of the integer shift; an int32 shift by a count known only at
// run time has no wasm instruction and would be compiled lane by lane.
struct int_finish {
    float bias, offset, half, scale;
    bool abs;

    void operator()(const float* const res[3], std::int64_t n, std::uint8_t* dst, const std::uint8_t* alpha,
                    near_columns&) const {
        const v4f b = splat(bias), off = splat(offset + half), s = splat(scale), zero = splat(0.0f), top = splat(255.0f);
        for (std::int64_t j = 0; j < n; j += 4) {
            v4i bytes[3];
            for (int c = 0; c < 3; ++c) {
                v4f t = load4(res[c] + j) + b;
                if (abs) t = vabs(t);
                bytes[c] = whole_to_int(vfloor(vmin(vmax((t + off) * s, zero), top)));
            }
            store_pixels(dst + 4 * j, bytes[0], bytes[1], bytes[2], alpha ? alpha + 4 * j : nullptr,
                         std::min<std::int64_t>(4, n - j));
        }
    }
};

// Values near a boundary: the float64 direct sum in the reference's own order decides. The planes
// hold the image's bytes and the constant exactly (when the constant is a float32), and each
// channel's taps in the union's order are its own kernel's row-major order. Four columns are
// summed side by side: each sum keeps the reference's order, and the four chains overlap.
class recheck {
public:
    recheck(const image_view& image, const image_options& o, const image_analysis& a)
        : image_(image), o_(o), a_(a), exact_(static_cast<double>(static_cast<float>(o.conv.constant)) == o.conv.constant),
          rows_of_(static_cast<std::size_t>(a.rows_span)) {
        for (int c = 0; c < 3; ++c)
            for (const union_tap& t : a.taps)
                if (t.w[c] != 0) taps_[c].push_back({t.dy, t.dx, t.w[c]});
    }

    void run(planar_rows& rows, std::int64_t i, std::int64_t j0, const near_columns& near, std::uint8_t* dst) {
        for (int c = 0; c < 3; ++c) {
            const std::vector<std::int64_t>& js = near[c];
            if (js.empty()) continue;
            if (!exact_) {
                for (std::int64_t j : js) dst[4 * j + c] = byte(reference_value(image_, o_, a_, c, i, j0 + j));
                continue;
            }
            for (std::int64_t r = 0; r < a_.rows_span; ++r) rows_of_[r] = rows.get(i + r, c);
            std::size_t k = 0;
            for (; k + 4 <= js.size(); k += 4) {
                const std::int64_t q0 = js[k], q1 = js[k + 1], q2 = js[k + 2], q3 = js[k + 3];
                double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
                for (const tap& t : taps_[c]) {
                    const float* p = rows_of_[t.dy] + t.dx;
                    s0 += static_cast<double>(p[q0]) * t.w;
                    s1 += static_cast<double>(p[q1]) * t.w;
                    s2 += static_cast<double>(p[q2]) * t.w;
                    s3 += static_cast<double>(p[q3]) * t.w;
                }
                dst[4 * q0 + c] = byte(s0 + o_.bias);
                dst[4 * q1 + c] = byte(s1 + o_.bias);
                dst[4 * q2 + c] = byte(s2 + o_.bias);
                dst[4 * q3 + c] = byte(s3 + o_.bias);
            }
            for (; k < js.size(); ++k) {
                double sum = 0.0;
                for (const tap& t : taps_[c]) sum += static_cast<double>(rows_of_[t.dy][t.dx + js[k]]) * t.w;
                dst[4 * js[k] + c] = byte(sum + o_.bias);
            }
        }
    }

private:
    struct tap {
        std::int64_t dy, dx;
        double w;
    };
    std::uint8_t byte(double v) const { return reference_byte(v, o_.output, 0, 0); }

    const image_view& image_;
    const image_options& o_;
    const image_analysis& a_;
    bool exact_;
    std::vector<tap> taps_[3];
    std::vector<const float*> rows_of_;
};

// One channel's direct taps (its nonzero weights in union order, grouped by kernel row).
struct direct_taps {
    plane_taps t;
    std::vector<std::int64_t> dy, dx;
};

direct_taps direct_taps_of(const image_analysis& a, int c, bool integer) {
    direct_taps d;
    for (std::size_t k = 0; k < a.taps.size(); ++k) {
        const union_tap& u = a.taps[k];
        if (u.w[c] != 0) {
            if (!d.dy.empty() && d.dy.back() != u.dy) d.t.group_ends.push_back(d.t.w.size());
            d.t.w.push_back(integer ? static_cast<float>(u.k[c]) : static_cast<float>(u.w[c]));
            d.dy.push_back(u.dy);
            d.dx.push_back(u.dx);
        }
    }
    if (!d.t.w.empty()) d.t.group_ends.push_back(d.t.w.size());
    d.t.src.resize(d.t.w.size());
    return d;
}

// One factor of a rank-one kernel as a tap list, in runs of factor_run products: offsets of each
// weight's source and, for a mirrored factor, of its mirror (-1 for the centre, which reads zeros).
struct factor_list {
    plane_taps t;
    std::vector<std::int64_t> offset, mirror;
    bool mirrored = false;

    factor_list(const std::vector<double>& factor, std::int64_t spacing) : mirrored(detail::mirrored(factor)) {
        const std::size_t size = factor.size(), half = mirrored ? (size + 1) / 2 : size;
        for (std::size_t m = 0; m < half; ++m) {
            if (factor[m] == 0) continue;
            t.w.push_back(static_cast<float>(factor[m]));
            offset.push_back(static_cast<std::int64_t>(m) * spacing);
            if (mirrored) mirror.push_back(2 * m + 1 == size ? -1 : static_cast<std::int64_t>(size - 1 - m) * spacing);
        }
        const std::size_t run = factor_run(t.w.size());
        for (std::size_t end = run; end < t.w.size(); end += run) t.group_ends.push_back(end);
        t.group_ends.push_back(t.w.size());
        t.src.resize(t.w.size());
        t.mirror.resize(mirrored ? t.w.size() : 0);
    }

    template <class Source>
    void point(Source source, const float* zeros) {
        for (std::size_t k = 0; k < offset.size(); ++k) {
            t.src[k] = source(offset[k]);
            if (mirrored) t.mirror[k] = mirror[k] < 0 ? zeros : source(mirror[k]);
        }
    }
    void run(std::int64_t n, float* out) const {
        if (t.w.empty()) std::fill(out, out + round_up_block(n), 0.0f);
        else if (mirrored) accumulate_plane<4, true>(t, n, out);
        else accumulate_plane<4>(t, n, out);
    }
};

struct planes3 {
    std::vector<float> data;
    std::int64_t stride = 0;
    explicit planes3(std::int64_t n)
        : data(static_cast<std::size_t>(3 * (round_up_block(n) + plane_block)), 0.0f),
          stride(round_up_block(n) + plane_block) {}
    float* operator[](int c) { return data.data() + c * stride; }
};

template <class Finish>
void run(const image_view& image, const image_options& o, const conv_plan& plan, const image_analysis& a,
         std::uint8_t* out, const progress_fn& progress, planar_kind kind, const Finish& finish) {
    const std::int64_t W = plan.out_width, H = plan.out_height;
    const bool same = W == image.width && H == image.height;
    const double per_column = static_cast<double>(a.rows_span) * 3 * sizeof(float);
    std::int64_t strip = static_cast<std::int64_t>(strip_cache_bytes / per_column) - (a.cols_span - 1);
    strip = std::max<std::int64_t>(4 * plane_block, strip / plane_block * plane_block);
    if (strip >= W) strip = W;
    const std::int64_t strips = (W + strip - 1) / strip;

    planar_rows rows(image, a, o.conv.border, static_cast<float>(o.conv.constant));
    const bool separable = kind == planar_kind::f32_separable;
    direct_taps direct[3];
    factor_list down(separable ? a.column : std::vector<double>{}, o.conv.dilation_y);
    factor_list across(separable ? a.row : std::vector<double>{}, o.conv.dilation_x);
    if (!separable)
        for (int c = 0; c < 3; ++c) direct[c] = direct_taps_of(a, c, kind == planar_kind::integer);
    planes3 res(strip), column(strip + a.cols_span + plane_block);
    // What a centre tap's second source reads: as long as the longest plane a pass reads.
    const std::vector<float> zeros(static_cast<std::size_t>(column.stride + round_up_block(strip + a.cols_span)), 0.0f);
    const float* const result[3] = {res[0], res[1], res[2]};
    recheck exact(image, o, a);
    near_columns near;
    const std::int64_t every = std::max<std::int64_t>(1, (1 << 18) / std::max<std::int64_t>(strip, 1));

    for (std::int64_t s = 0; s < strips; ++s) {
        const std::int64_t j0 = s * strip, n = std::min(strip, W - j0), window = n + a.cols_span - 1;
        rows.set_window(j0, window);
        for (std::int64_t i = 0; i < H; ++i) {
            for (int c = 0; c < 3; ++c) {
                if (separable) {
                    down.point([&](std::int64_t dy) { return rows.get(i + dy, c); }, zeros.data());
                    down.run(window, column[c]);
                    across.point([&](std::int64_t dx) { return column[c] + dx; }, zeros.data());
                    across.run(n, res[c]);
                } else {
                    direct_taps& d = direct[c];
                    for (std::size_t k = 0; k < d.dy.size(); ++k) d.t.src[k] = rows.get(i + d.dy[k], c) + d.dx[k];
                    if (d.t.w.empty()) std::fill(res[c], res[c] + round_up_block(n), 0.0f);
                    else accumulate_plane<4>(d.t, n, res[c]);
                }
            }
            std::uint8_t* dst = out + (i * W + j0) * 4;
            for (auto& js : near) js.clear();
            finish(result, n, dst, same ? image.data + (i * image.width + j0) * 4 : nullptr, near);
            exact.run(rows, i, j0, near, dst);
            if (progress && (i + 1) % every == 0) progress((static_cast<double>(s) * H + i + 1) / (static_cast<double>(strips) * H));
        }
    }
}

}  // namespace

void run_planar(const image_view& image, const image_options& o, const conv_plan& plan, const image_analysis& a,
                std::uint8_t* out, const progress_fn& progress, planar_kind kind) {
    if (kind == planar_kind::integer) {
        const float half = a.shift > 0 ? std::ldexp(1.0f, a.shift - 1) : 0.0f;
        const float off = o.output == output_mode::offset ? static_cast<float>(a.offset_int) : 0.0f;
        run(image, o, plan, a, out, progress, kind,
            int_finish{static_cast<float>(a.bias_int), off, half, std::ldexp(1.0f, -a.shift), o.output == output_mode::abs});
        return;
    }
    const double bound = kind == planar_kind::f32_separable ? a.separable_bound : a.f32_bound;
    run(image, o, plan, a, out, progress, kind,
        f32_finish{static_cast<float>(o.bias), o.output == output_mode::offset ? 128.0f : 0.0f,
                   o.output == output_mode::abs, static_cast<float>(bound)});
}

}  // namespace convolution::detail
