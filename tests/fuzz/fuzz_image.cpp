// The image half of the fuzz target: filter_image_into (row engine, separable split, error bounds) and
// reference::filter_image_naive against an oracle written here from SEMANTICS.md section 4, which keeps
// the float64 direct sums before rounding:
//   - the naive reference gives exactly the oracle's bytes;
//   - every fast byte is within one level of the oracle's, and equal to it wherever the oracle's value
//     after the output mode is more than 0.01 from a rounding boundary (a value ending in .5);
//   - alpha is carried through when the size is kept, 255 otherwise; progress rises to 1.

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "fuzz_case.hpp"

using namespace convolution;

namespace fuzz {
namespace {

// A kernel shape and its weights, from one of several families, so that the separable split is tried
// (exactly rank-one kernels of 25 weights or more) as often as the direct sums.
matrix read_kernel(reader& r) {
    static const double scales[] = {1, 1.0 / 9, 1.0 / 256, 0x1p40, 1e-6, -1, 1e12, 3};
    const std::int64_t h = 1 + r.pick(6), w = 1 + r.pick(6);
    const int family = r.pick(6);
    const double scale = scales[r.pick(8)];
    const bool refused = r.pick(24) == 0;  // now and then a value the checks must refuse
    matrix k{h, w, std::vector<double>(static_cast<std::size_t>(h * w))};
    std::vector<double> col(static_cast<std::size_t>(h)), row(static_cast<std::size_t>(w));
    switch (family) {
        case 0:  // small integers
            for (double& v : k.data) v = static_cast<double>(r.pick(9)) - 4;
            break;
        case 1:  // rank one, integer factors: exact products
        case 2:  // rank one, real factors: rounded products
            for (double& v : col) v = family == 1 ? r.pick(9) - 4 : r.i16() / 4096.0;
            for (double& v : row) v = family == 1 ? r.pick(9) - 4 : r.i16() / 4096.0;
            for (std::int64_t m = 0; m < h; ++m)
                for (std::int64_t n = 0; n < w; ++n) k.data[m * w + n] = col[m] * row[n];
            break;
        case 3: {  // rank one with rows that sum exactly to zero: flat results, round-off in the split
            double sum = 0;
            for (std::int64_t n = 0; n + 1 < w; ++n) sum += row[n] = static_cast<double>(r.pick(23)) - 11;
            row[w - 1] = -sum;
            for (double& v : col) v = (512 + r.pick(256) * 5) / 1024.0;
            for (std::int64_t m = 0; m < h; ++m)
                for (std::int64_t n = 0; n < w; ++n) k.data[m * w + n] = col[m] * row[n];
            break;
        }
        case 4:  // ones with a spike: not rank one, though nearly so to a relative tolerance
            std::fill(k.data.begin(), k.data.end(), 1.0);
            k.data[static_cast<std::size_t>(r.pick(static_cast<int>(h * w)))] = std::ldexp(1.0, r.pick(48));
            break;
        default:
            for (double& v : k.data) v = r.pick(3) == 0 ? 0.0 : r.wide();
            break;
    }
    for (double& v : k.data) v *= scale;
    if (refused) k.data[0] = r.raw();
    return k;
}

double luma(const std::uint8_t* px) { return 0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2]; }

// The contract's value of every colour byte before rounding (after the output mode), per channel.
struct oracle {
    std::vector<double> value[3];  // out_w * out_h each
};

oracle reference_values(const image_view& im, const image_options& o, std::int64_t cells) {
    const bool magnitude = o.combine == combine_mode::magnitude;
    std::vector<double> raw[3];
    for (int c = 0; c < 3; ++c) {
        if (o.grayscale && c > 0) {
            raw[c] = raw[0];
            continue;
        }
        matrix plane{im.height, im.width, {}};
        for (std::int64_t p = 0; p < im.width * im.height; ++p)
            plane.data.push_back(o.grayscale ? luma(im.data + 4 * p) : im.data[4 * p + c]);
        const std::size_t first = o.kernels.size() == 3 ? static_cast<std::size_t>(c) : 0;
        const matrix a = reference::convolve_naive(plane.view(), o.kernels[first], o.conv);
        FUZZ_CHECK(static_cast<std::int64_t>(a.data.size()) == cells);
        raw[c] = a.data;
        if (magnitude) {
            const matrix b = reference::convolve_naive(plane.view(), o.kernels[1], o.conv);
            FUZZ_CHECK(static_cast<std::int64_t>(b.data.size()) == cells);
            for (std::int64_t p = 0; p < cells; ++p) {
                // The squares overflow past 1e154 (a 1e100 border under a large weight): SEMANTICS'
                // root is then taken without the overflow.
                const double sq = a.data[p] * a.data[p] + b.data[p] * b.data[p];
                raw[c][p] = std::isinf(sq) ? std::hypot(a.data[p], b.data[p]) : std::sqrt(sq);
            }
        }
        for (double& v : raw[c]) v += o.bias;
    }
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& ch : raw)
        for (double v : ch) lo = std::min(lo, v), hi = std::max(hi, v);
    oracle out;
    for (int c = 0; c < 3; ++c)
        for (double v : raw[c]) {
            switch (o.output) {
                case output_mode::clamp: break;
                case output_mode::abs: v = std::fabs(v); break;
                case output_mode::offset: v += 128; break;
                case output_mode::normalize: v = hi > lo ? (v - lo) / (hi - lo) * 255 : 0; break;
            }
            out.value[c].push_back(v);
        }
    return out;
}

int to_byte(double v) { return static_cast<int>(std::clamp(std::round(v), 0.0, 255.0)); }

template <class F>
void refused_alike(const problem& p, F&& call) {
    try {
        call();
    } catch (const error& e) {
        FUZZ_CHECK(same_problem(p, e));
        return;
    }
    finding("an invalid image case was not refused");
}

}  // namespace

void run_image(reader& r) {
    // Every choice first, then the kernels' weights, then the pixels (the order make-seeds.py writes).
    const std::int64_t w = 1 + r.pick(9), h = 1 + r.pick(9);
    const int pixels = r.pick(3);  // random, solid, two levels one apart
    const std::uint8_t base[3] = {r.u8(), r.u8(), r.u8()};
    image_options o;
    o.conv = read_options(r);
    const int kernel_source = r.pick(4);  // one kernel, three, a magnitude pair, a built-in filter
    o.output = static_cast<output_mode>(r.pick(4));
    o.grayscale = r.pick(3) == 0;
    static const double biases[] = {0, 0, 0.5, 100, -128, 1e6, 0.4999, -0.5, 1e100, NAN, 1e-300, 2.5};
    o.bias = biases[r.pick(12)];
    const bool with_progress = r.pick(2) == 1;
    const bool drop_kernel = r.pick(32) == 0;  // a wrong number of kernels
    std::vector<matrix> owned;
    switch (kernel_source) {
        case 0: owned = {read_kernel(r)}; break;
        case 1: owned = {read_kernel(r), read_kernel(r), read_kernel(r)}; break;
        case 2: owned = {read_kernel(r), read_kernel(r)}; o.combine = combine_mode::magnitude; break;
        default: {
            const auto& all = builtin_filters();
            const filter& f = all[static_cast<std::size_t>(r.pick(static_cast<int>(all.size())))];
            owned = f.kernels;
            o.combine = f.combine;
        }
    }
    for (const matrix& k : owned) o.kernels.push_back(k.view());
    if (drop_kernel) o.kernels.pop_back();
    std::vector<std::uint8_t> px(static_cast<std::size_t>(w * h * 4));
    for (std::size_t p = 0; p < px.size(); p += 4) {
        for (int c = 0; c < 3; ++c)
            px[p + c] = pixels == 0 ? r.u8() : pixels == 1 ? base[c] : static_cast<std::uint8_t>(base[c] + (r.u8() & 1));
        px[p + 3] = r.pick(2) ? 255 : r.u8();
    }
    const image_view im{px.data(), w, h};
    conv_plan plan;
    const problem p = check_image(im, o, plan);
    if (!p.ok()) {
        FUZZ_CHECK(!p.code.empty() && !p.field.empty());
        refused_alike(p, [&] { filter_image(im, o, plan); });
        refused_alike(p, [&] { reference::filter_image_naive(im, o, plan); });
        return;
    }
    const std::int64_t cells = plan.out_width * plan.out_height;
    for (const matrix_view& k : o.kernels)
        if (!cheap(plan, o.conv, k.height, k.width)) return;
    std::vector<std::uint8_t> fast(static_cast<std::size_t>(cells * 4), 0xAB);
    double last = -1;
    bool monotone = true;
    progress_fn progress;
    if (with_progress) progress = [&](double f) { monotone = monotone && f >= last && f <= 1.0; last = f; };
    filter_image_into(im, o, plan, fast.data(), progress);
    if (with_progress) FUZZ_CHECK(monotone && last == 1.0);
    conv_plan q;
    const std::vector<std::uint8_t> naive = reference::filter_image_naive(im, o, q);
    FUZZ_CHECK(naive.size() == fast.size());

    const oracle want = reference_values(im, o, cells);
    const bool same_size = plan.out_width == w && plan.out_height == h;
    for (std::int64_t p2 = 0; p2 < cells; ++p2) {
        for (int c = 0; c < 3; ++c) {
            const double v = want.value[c][p2];
            const int b = to_byte(v), f = fast[4 * p2 + c], n = naive[4 * p2 + c];
            FUZZ_CHECK(n == b);
            if (std::abs(f - b) > 1 && std::getenv("FUZZ_DUMP")) {
                std::fprintf(stderr, "image %lldx%lld out %d gray %d combine %d bias %g border %d stride %lld,%lld dil %lld,%lld flip %d pad %lld,%lld,%lld,%lld c=%g\n",
                    (long long)w, (long long)h, (int)o.output, (int)o.grayscale, (int)o.combine, o.bias, (int)o.conv.border,
                    (long long)o.conv.stride_y, (long long)o.conv.stride_x, (long long)o.conv.dilation_y, (long long)o.conv.dilation_x,
                    (int)o.conv.flip, (long long)plan.pad.top, (long long)plan.pad.bottom, (long long)plan.pad.left, (long long)plan.pad.right, o.conv.constant);
                for (const matrix_view& k : o.kernels) {
                    std::fprintf(stderr, "kernel %lldx%lld:", (long long)k.height, (long long)k.width);
                    for (std::int64_t q = 0; q < k.height * k.width; ++q) std::fprintf(stderr, " %.17g", k.data[q]);
                    std::fprintf(stderr, "\n");
                }
                std::fprintf(stderr, "pixel %lld channel %d: reference value %.17g byte %d, fast %d\n", (long long)p2, c, v, b, f);
            }
            FUZZ_CHECK(std::abs(f - b) <= 1);
            const double from_tie = std::fabs(v - std::floor(v) - 0.5);
            if (from_tie > 0.01) FUZZ_CHECK(f == b);
        }
        const int alpha = same_size ? px[4 * p2 + 3] : 255;
        FUZZ_CHECK(fast[4 * p2 + 3] == alpha && naive[4 * p2 + 3] == alpha);
    }
}

}  // namespace fuzz
