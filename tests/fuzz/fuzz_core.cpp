// libFuzzer target: every fast path of the core against its naive reference (SEMANTICS.md).
//   matrices   convolve == reference::convolve_naive bit for bit, explain().sum == convolve output,
//              and invalid cases refused with the same code and field by every entry point;
//   geometry   plan_geometry and check_image on any int64 shapes and options: no UB, a consistent plan;
//   images     see fuzz_image.cpp.
// Build and run: scripts/fuzz.sh --seconds N (CMake option CONVOLUTION_FUZZ, Debian's clang).

#include <cstring>
#include <vector>

#include "fuzz_case.hpp"

using namespace convolution;

namespace fuzz {
namespace {

double value(reader& r, int mode) {
    switch (mode) {
        case 0: return static_cast<double>(r.pick(9)) - 4;       // small integers: exact sums
        case 1: return static_cast<double>(r.i16()) / 256;       // reals: the order of additions matters
        case 2: return r.wide();
        default: return r.pick(16) == 0 ? r.raw() : r.wide();    // now and then NaN, infinity, 1e300
    }
}

matrix read_matrix(reader& r, std::int64_t h, std::int64_t w, int mode) {
    matrix m{h, w, std::vector<double>(static_cast<std::size_t>(h * w))};
    for (double& v : m.data) v = value(r, mode);
    return m;
}

bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

template <class F>
void refused_alike(const problem& p, F&& call) {
    try {
        call();
    } catch (const error& e) {
        FUZZ_CHECK(same_problem(p, e));
        return;
    }
    finding("an invalid case was not refused");
}

void run_matrix(reader& r) {
    // Sides 1..8 mostly; a 0 now and then for the shape errors.
    auto side = [&](int n) -> std::int64_t { const int b = r.u8(); return b >= 252 ? 0 : 1 + b % n; };
    const std::int64_t h = side(8), w = side(8), kh = side(5), kw = side(5);
    const conv_options o = read_options(r);
    const int mode = r.pick(4);
    const std::int64_t hh = std::max<std::int64_t>(h, 1), ww = std::max<std::int64_t>(w, 1);
    const std::int64_t khh = std::max<std::int64_t>(kh, 1), kww = std::max<std::int64_t>(kw, 1);
    const matrix in = read_matrix(r, hh, ww, mode), k = read_matrix(r, khh, kww, mode);
    const matrix_view iv{in.data.data(), h, w}, kv{k.data.data(), kh, kw};

    conv_plan plan;
    const problem p = check(iv, kv, o, plan);
    if (!p.ok()) {
        FUZZ_CHECK(!p.code.empty() && !p.field.empty());
        refused_alike(p, [&] { convolve(iv, kv, o); });
        refused_alike(p, [&] { reference::convolve_naive(iv, kv, o); });
        refused_alike(p, [&] { explain(iv, kv, o, 0, 0); });
        return;
    }
    conv_plan geometry;
    FUZZ_CHECK(plan_geometry(h, w, kh, kw, o, geometry).ok());
    FUZZ_CHECK(geometry.out_height == plan.out_height && geometry.out_width == plan.out_width);
    // A huge margin or dilation is planned above but not computed: it would only make runs slow.
    if (!cheap(plan, o, kh, kw)) return;
    const matrix fast = convolve(iv, kv, o);
    const matrix slow = reference::convolve_naive(iv, kv, o);
    FUZZ_CHECK(fast.height == plan.out_height && fast.width == plan.out_width);
    FUZZ_CHECK(bitwise_equal(fast.data, slow.data));

    // Two cells, each possibly one step outside the output.
    for (int t = 0; t < 2; ++t) {
        const std::int64_t i = static_cast<std::int64_t>(r.u8()) % (plan.out_height + 2) - 1;
        const std::int64_t j = static_cast<std::int64_t>(r.u8()) % (plan.out_width + 2) - 1;
        const problem c = check_cell(plan, i, j);
        if (!c.ok()) {
            FUZZ_CHECK(c.code == "bad-value" && (c.field == "i" || c.field == "j"));
            refused_alike(c, [&] { explain(iv, kv, o, i, j); });
            continue;
        }
        const explanation ex = explain(iv, kv, o, i, j);
        const double out = fast.at(i, j);
        FUZZ_CHECK(std::memcmp(&ex.sum, &out, sizeof out) == 0);
        FUZZ_CHECK(static_cast<std::int64_t>(ex.taps.size()) == kh * kw);
        double sum = 0;
        for (const tap& tp : ex.taps) {
            FUZZ_CHECK(tp.product == tp.value * tp.weight);
            FUZZ_CHECK(tp.weight == k.at(tp.kernel_row, tp.kernel_col));
            FUZZ_CHECK(tp.inside == (tp.input_row >= 0 && tp.input_row < h && tp.input_col >= 0 && tp.input_col < w));
            if (tp.inside) FUZZ_CHECK(tp.value == in.at(tp.input_row, tp.input_col));
            sum += tp.product;
        }
        FUZZ_CHECK(std::memcmp(&sum, &ex.sum, sizeof sum) == 0);
    }
}

// Any int64 shapes and options: plan_geometry and check_image must stay defined and, when they accept,
// describe a window that fits exactly as SEMANTICS.md section 1 says.
void run_geometry(reader& r) {
    auto any = [&]() -> std::int64_t {
        switch (r.pick(4)) {
            case 0: return static_cast<std::int64_t>(r.u64());
            case 1: return static_cast<std::int64_t>(r.u8()) - 2;
            case 2: return 65536 - 2 + r.pick(5);
            default: return static_cast<std::int64_t>(r.u64() >> r.pick(64));
        }
    };
    const std::int64_t h = any(), w = any(), kh = any(), kw = any();
    conv_options o = read_options(r);
    o.stride_y = r.pick(2) ? any() : o.stride_y;
    o.dilation_x = r.pick(2) ? any() : o.dilation_x;
    o.explicit_padding.left = r.pick(2) ? any() : o.explicit_padding.left;
    conv_plan p;
    const problem e = plan_geometry(h, w, kh, kw, o, p);
    if (e.ok()) {
        FUZZ_CHECK(p.out_height >= 1 && p.out_width >= 1);
        FUZZ_CHECK(p.extent_y == o.dilation_y * (kh - 1) + 1 && p.extent_x == o.dilation_x * (kw - 1) + 1);
        FUZZ_CHECK((p.out_height - 1) * o.stride_y + p.extent_y <= h + p.pad.top + p.pad.bottom);
        FUZZ_CHECK(p.out_height * o.stride_y + p.extent_y > h + p.pad.top + p.pad.bottom);
        FUZZ_CHECK((p.out_width - 1) * o.stride_x + p.extent_x <= w + p.pad.left + p.pad.right);
        FUZZ_CHECK(p.out_width * o.stride_x + p.extent_x > w + p.pad.left + p.pad.right);
        if (o.preset == padding_preset::same) {
            FUZZ_CHECK(p.out_height == (h + o.stride_y - 1) / o.stride_y);
            FUZZ_CHECK(p.pad.bottom - p.pad.top == 0 || p.pad.bottom - p.pad.top == 1);
        }
        if (o.preset == padding_preset::full) FUZZ_CHECK(p.pad.top == p.extent_y - 1 && p.pad.right == p.extent_x - 1);
    } else {
        FUZZ_CHECK(!e.code.empty() && !e.field.empty() && e.message.size() < 1000);
    }
    // The image check refuses any size from the numbers alone, before it would read a pixel.
    const double one = 1;
    image_options io;
    io.conv = o;
    io.kernels = {matrix_view{&one, 1, 1}};
    conv_plan q;
    const problem ie = check_image({nullptr, w, h}, io, q);
    if (ie.ok()) FUZZ_CHECK(w >= 1 && h >= 1 && w * h <= limits::max_image_pixels);
}

}  // namespace
}  // namespace fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::reader r{data, size};
    switch (r.pick(3)) {
        case 0: fuzz::run_matrix(r); break;
        case 1: fuzz::run_image(r); break;
        default: fuzz::run_geometry(r); break;
    }
    return 0;
}
