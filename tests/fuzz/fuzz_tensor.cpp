// libFuzzer target of the 1-D, transposed, layer and pooling calls (SEMANTICS.md sections 6-8):
//   cases     random shapes, options (now and then out of range) and values; every fast path equals its
//             naive reference bit for bit (max pooling exactly, average pooling on exact values), explain
//             sums equal the outputs, and a refused case is refused alike by every entry point;
//   geometry  the planners on any int64 shapes and options: no UB (UBSan aborts), a plan that follows the
//             contract's size formulas.
// Standalone: clang++ -std=c++17 -O1 -g -ffp-contract=off -fsanitize=fuzzer,address,undefined
//   -fno-sanitize-recover=all -Icore/include -Icore/src tests/fuzz/fuzz_tensor.cpp core/src/*.cpp -o fuzz_tensor
// then ./fuzz_tensor -max_len=1024 -len_control=0 NEW_CORPUS tests/fuzz/corpus/tensor (make-tensor-seeds.py
// writes the seeds; without long inputs most values read as zeros and no rounding order is tested).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "convolution/convolution.hpp"

using namespace convolution;

namespace {

struct reader {
    const std::uint8_t* data;
    std::size_t size, pos = 0;
    std::uint8_t u8() { return pos < size ? data[pos++] : 0; }
    int pick(int n) { return u8() % n; }
    std::int64_t i64() {
        std::uint64_t v = 0;
        for (int k = 0; k < 8; ++k) v = v << 8 | u8();
        return static_cast<std::int64_t>(v);
    }
    // Mostly 1..n; now and then 0, -1, the limit or just above it.
    std::int64_t positive(int n) {
        const std::uint8_t b = u8();
        if (b >= 251) return b == 251 ? 0 : b == 252 ? -1 : b == 253 ? 65536 : b == 254 ? 65537 : 1000;
        return 1 + b % n;
    }
    std::int64_t margin(int n) {
        const std::uint8_t b = u8();
        if (b >= 253) return b == 253 ? -1 : b == 254 ? 65537 : 60;
        return b % (n + 1);
    }
    // exact: small multiples of 1/256, whose sums are exact in any order; else any finite double, sometimes not.
    double value(bool exact) {
        const auto m = static_cast<std::int16_t>(u8() << 8 | u8());
        if (exact) return m / 256.0;
        // Rare enough that most cases of a few dozen values stay valid.
        const int kind = pick(256);
        if (kind == 0) return NAN;
        if (kind == 1) return 1e101;
        return std::ldexp(static_cast<double>(m), pick(61) - 45);
    }
};

[[noreturn]] void finding(const char* what, int line) {
    std::fprintf(stderr, "fuzz_tensor finding: %s (line %d)\n", what, line);
    std::abort();
}
#define CHECK(cond) \
    do {            \
        if (!(cond)) finding(#cond, __LINE__); \
    } while (0)

bool bits_equal(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

const char* const codes[] = {"bad-shape", "bad-value", "bad-option", "unknown-name", "does-not-fit", "too-large"};

void routed(const problem& p) {
    CHECK(std::find_if(std::begin(codes), std::end(codes), [&](const char* c) { return p.code == c; }) != std::end(codes));
    CHECK(!p.field.empty());
}

template <class F>
void refused_alike(const problem& p, F&& call) {
    routed(p);
    try {
        call();
    } catch (const error& e) {
        CHECK(e.what() == p.message);
        CHECK(e.code() == p.code && e.field() == p.field);
        return;
    }
    finding("an invalid case was not refused", __LINE__);
}

std::vector<double> values(reader& r, std::int64_t n, bool exact) {
    std::vector<double> v(static_cast<std::size_t>(std::max<std::int64_t>(n, 0)));
    for (double& x : v) x = r.value(exact);
    return v;
}

void signal_case(reader& r, bool exact) {
    const auto x = values(r, r.pick(30), exact), h = values(r, r.pick(8), exact);
    signal_options o;
    o.stride = r.positive(4);
    o.dilation = r.positive(3);
    o.preset = static_cast<padding_preset>(r.pick(4));
    o.pad_left = r.margin(4);
    o.pad_right = r.margin(4);
    o.border = static_cast<border_mode>(r.pick(5));
    o.constant = r.value(true);
    o.flip = r.pick(2) == 1;
    const vector_view xv{x.data(), static_cast<std::int64_t>(x.size())}, hv{h.data(), static_cast<std::int64_t>(h.size())};
    signal_plan plan;
    const problem p = check_signal(xv, hv, o, plan);
    if (!p.ok()) return refused_alike(p, [&] { convolve1d(xv, hv, o); });
    CHECK(bits_equal(convolve1d(xv, hv, o), reference::convolve1d_naive(xv, hv, o)));
}

void transpose_case(reader& r, bool exact) {
    const std::int64_t h = r.positive(6), w = r.positive(6), kh = r.positive(4), kw = r.positive(4);
    transpose_options o;
    o.stride_y = r.positive(3);
    o.stride_x = r.positive(3);
    o.dilation_y = r.positive(3);
    o.dilation_x = r.positive(3);
    o.crop = {r.margin(3), r.margin(3), r.margin(3), r.margin(3)};
    o.output_padding_y = r.margin(2);
    o.output_padding_x = r.margin(2);
    // Shapes out of range are planned but never given data.
    if (h > 8 || w > 8 || kh > 8 || kw > 8 || h < 1 || w < 1 || kh < 1 || kw < 1) {
        transpose_plan plan;
        const problem p = plan_transpose(h, w, kh, kw, o, plan);
        if (!p.ok()) routed(p);
        return;
    }
    const matrix in{h, w, values(r, h * w, exact)}, k{kh, kw, values(r, kh * kw, exact)};
    transpose_plan plan;
    const problem p = check_transpose(in.view(), k.view(), o, plan);
    if (!p.ok()) return refused_alike(p, [&] { convolve_transpose(in.view(), k.view(), o); });
    const matrix fast = convolve_transpose(in.view(), k.view(), o);
    CHECK(bits_equal(fast.data, reference::convolve_transpose_naive(in.view(), k.view(), o).data));
    std::vector<double> sums(fast.data.size(), 0.0);
    for (std::int64_t i = 0; i < h; ++i)
        for (std::int64_t j = 0; j < w; ++j)
            for (const scatter_target& t : explain_transpose(in.view(), k.view(), o, i, j).targets)
                if (t.inside) sums[static_cast<std::size_t>(t.output_row * fast.width + t.output_col)] += t.product;
    CHECK(bits_equal(sums, fast.data));
}

conv_options conv(reader& r) {
    conv_options o;
    o.stride_y = r.positive(3);
    o.stride_x = r.positive(3);
    o.dilation_y = r.positive(2);
    o.dilation_x = r.positive(2);
    o.preset = static_cast<padding_preset>(r.pick(4));
    o.explicit_padding = {r.margin(3), r.margin(3), r.margin(3), r.margin(3)};
    o.border = static_cast<border_mode>(r.pick(5));
    o.constant = r.value(true);
    o.flip = r.pick(2) == 1;
    return o;
}

void layer_case(reader& r, bool exact) {
    const std::int64_t c = 1 + r.pick(3), oc = 1 + r.pick(3), ic = r.pick(8) == 0 ? c + 1 : c;
    const std::int64_t h = 1 + r.pick(7), w = 1 + r.pick(7), kh = 1 + r.pick(3), kw = 1 + r.pick(3);
    const auto input = values(r, c * h * w, exact), weights = values(r, oc * ic * kh * kw, exact);
    const int bias_kind = r.pick(4);  // none, one per output channel, one too few, one too many
    const auto bias = values(r, bias_kind == 0 ? 0 : bias_kind == 1 ? oc : bias_kind == 2 ? oc - 1 : oc + 1, exact);
    const conv_options o = conv(r);
    const tensor_view in{input.data(), c, h, w};
    const weights_view wv{weights.data(), oc, ic, kh, kw};
    const vector_view b{bias_kind == 0 ? nullptr : bias.data(), static_cast<std::int64_t>(bias.size())};
    conv_plan plan;
    const problem p = check_layer(in, wv, b, o, plan);
    if (!p.ok()) return refused_alike(p, [&] { conv_layer(in, wv, b, o); });
    const tensor fast = conv_layer(in, wv, b, o);
    CHECK(bits_equal(fast.data, reference::conv_layer_naive(in, wv, b, o).data));
    const std::int64_t oo = r.pick(static_cast<int>(oc)), i = r.pick(static_cast<int>(fast.height)), j = r.pick(static_cast<int>(fast.width));
    CHECK(explain_layer(in, wv, b, o, oo, i, j).sum == fast.at(oo, i, j));
}

void pool_case(reader& r, bool exact) {
    const std::int64_t c = 1 + r.pick(3), h = 1 + r.pick(9), w = 1 + r.pick(9);
    const auto data = values(r, c * h * w, exact);
    pool_options o{r.pick(2) ? pool_mode::max : pool_mode::average, r.positive(10), r.positive(10), r.positive(4), r.positive(4)};
    const tensor_view t{data.data(), c, h, w};
    pool_plan plan;
    const problem p = check_pool(t, o, plan);
    if (!p.ok()) return refused_alike(p, [&] { pool(t, o); });
    const tensor fast = pool(t, o), slow = reference::pool_naive(t, o);
    // Average pooling groups the additions differently; with exact values the sums cannot differ.
    if (o.mode == pool_mode::max || exact) CHECK(bits_equal(fast.data, slow.data));
    const tensor rl = relu(t);
    for (std::size_t k = 0; k < data.size(); ++k) CHECK(rl.data[k] == std::max(0.0, data[k]) && !std::signbit(rl.data[k]));
}

// Any int64 shapes and options: the planners must neither overflow nor accept a size the formulas refuse.
void geometry_case(reader& r) {
    transpose_options t;
    t.stride_y = r.i64() >> r.pick(64);
    t.stride_x = r.positive(3);
    t.dilation_y = r.i64() >> r.pick(64);
    t.dilation_x = r.positive(3);
    t.crop = {r.i64() >> r.pick(64), r.margin(3), r.margin(3), r.margin(3)};
    t.output_padding_y = r.i64() >> r.pick(64);
    const std::int64_t h = r.i64() >> r.pick(64), kh = r.i64() >> r.pick(64);
    transpose_plan tp;
    if (auto p = plan_transpose(h, 3, kh, 2, t, tp); p.ok()) {
        CHECK(tp.out_height >= 1 && tp.out_height * tp.out_width <= limits::max_cells);
        CHECK(tp.out_height == (h - 1) * t.stride_y - t.crop.top - t.crop.bottom + t.dilation_y * (kh - 1) + t.output_padding_y + 1);
    } else {
        routed(p);
    }
    const std::int64_t c = r.i64() >> r.pick(64), oc = r.i64() >> r.pick(64), w = r.i64() >> r.pick(64);
    conv_options o = conv(r);
    o.stride_x = r.i64() >> r.pick(64);
    conv_plan cp;
    if (auto p = plan_layer({nullptr, c, 5, w}, {nullptr, oc, c, 2, 2}, r.pick(2) ? -1 : oc, o, cp); p.ok())
        CHECK(oc * cp.out_height * cp.out_width <= limits::max_tensor_cells);
    else
        routed(p);
    pool_options po{pool_mode::max, r.i64() >> r.pick(64), 2, r.i64() >> r.pick(64), 1};
    pool_plan pp;
    if (auto p = plan_pool({nullptr, c, h, w}, po, pp); p.ok())
        CHECK(pp.out_height == (h - po.height) / po.stride_y + 1);
    else
        routed(p);
    signal_options so;
    so.stride = r.i64() >> r.pick(64);
    so.dilation = r.i64() >> r.pick(64);
    so.preset = static_cast<padding_preset>(r.pick(4));
    so.pad_left = r.i64() >> r.pick(64);
    signal_plan sp;
    if (auto p = plan_signal(h, kh, so, sp); p.ok())
        CHECK(sp.out_length >= 1 && sp.extent == so.dilation * (kh - 1) + 1);
    else
        routed(p);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    reader r{data, size};
    const int kind = r.pick(5);
    const bool exact = r.pick(2) == 0;
    switch (kind) {
        case 0: signal_case(r, exact); break;
        case 1: transpose_case(r, exact); break;
        case 2: layer_case(r, exact); break;
        case 3: pool_case(r, exact); break;
        default: geometry_case(r); break;
    }
    return 0;
}
