// The separable (two 1-D passes) image path: when it may split a kernel and what it may change.

#include <catch2/catch.hpp>

#include <cmath>

#include "detail/row_engine.hpp"
#include "test_util.hpp"

using namespace convolution;
using test::mat;

namespace {
bool splits(const matrix& k, bool flip = false) {
    conv_options o = image_options::image_defaults();
    o.flip = flip;
    conv_plan p;
    REQUIRE(plan_geometry(32, 32, k.height, k.width, o, p).ok());
    return detail::row_convolver(32, 32, o, p).prepare(k.view(), true).separable;
}

matrix outer(const std::vector<double>& col, const std::vector<double>& row) {
    matrix k{static_cast<std::int64_t>(col.size()), static_cast<std::int64_t>(row.size()), {}};
    for (double c : col)
        for (double r : row) k.data.push_back(c * r);
    return k;
}

std::vector<std::uint8_t> black_with_red(std::int64_t w, std::int64_t h, std::int64_t x, std::int64_t y) {
    std::vector<std::uint8_t> px(static_cast<std::size_t>(w * h * 4), 0);
    for (std::size_t k = 3; k < px.size(); k += 4) px[k] = 255;
    px[static_cast<std::size_t>((y * w + x) * 4)] = 255;
    return px;
}
}  // namespace

TEST_CASE("separable: only an exactly rank-one kernel is split", "[image][separable]") {
    matrix spike = test::filled(5, 5, 1);
    spike.data[12] = 1e12;
    CHECK_FALSE(splits(spike));
    matrix tiny = outer({1, 2, 3, 4, 5}, {1, 1, 1, 1, 1});
    tiny.data[0] += 1e-13;  // off by far less than 1e-12 of the largest weight, far more than its own rounding
    CHECK_FALSE(splits(tiny));
    for (const char* id : {"box-blur-5", "gaussian-blur-5"}) {
        INFO(id);
        CHECK(splits(find_filter(id)->kernels[0]));
        CHECK(splits(find_filter(id)->kernels[0], true));
    }
    CHECK_FALSE(splits(find_filter("unsharp-mask-5")->kernels[0]));
    CHECK_FALSE(splits(find_filter("motion-blur")->kernels[0]));
    // Rank one in exact arithmetic but with rounded weights (a sampled Gaussian): still split.
    std::vector<double> g;
    for (int x = -3; x <= 3; ++x) g.push_back(std::exp(-x * x / 4.5));
    CHECK(splits(outer(g, g)));
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> real(-1.0, 1.0);
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<double> c(5 + trial % 4), r(5 + trial % 3);
        for (double& v : c) v = real(rng) * std::pow(10.0, trial % 7 - 3);
        for (double& v : r) v = real(rng);
        CHECK(splits(outer(c, r)));
    }
}

TEST_CASE("separable: a 5x5 of ones with centre 1e12 keeps its small weights", "[image][separable]") {
    matrix k = test::filled(5, 5, 1);
    k.data[12] = 1e12;
    image_options o;
    o.kernels = {k.view()};
    o.conv.preset = padding_preset::valid;
    for (std::int64_t x : {0, 1, 3, 4})
        for (std::int64_t y : {0, 2, 4}) {
            INFO("red pixel at " << x << ", " << y);
            const auto px = black_with_red(5, 5, x, y);
            conv_plan p, q;
            const auto fast = filter_image({px.data(), 5, 5}, o, p);
            REQUIRE(fast.size() == 4);
            CHECK(int(fast[0]) == 255);  // the direct sum is at least 255
            CHECK(fast == reference::filter_image_naive({px.data(), 5, 5}, o, q));
        }
}

TEST_CASE("separable: box and binomial kernels give exactly the reference bytes", "[image][separable]") {
    std::mt19937 rng(21);
    const auto px = test::random_rgba(rng, 23, 17);
    for (const char* id : {"box-blur-5", "gaussian-blur-5"})
        for (auto border : {border_mode::constant, border_mode::replicate, border_mode::reflect101, border_mode::wrap})
            for (auto output : {output_mode::clamp, output_mode::abs, output_mode::offset, output_mode::normalize}) {
                INFO(id << " border " << to_string(border) << " output " << to_string(output));
                conv_options c = image_options::image_defaults();
                c.border = border;
                c.constant = 77;
                image_options o = options_for(*find_filter(id), c);
                o.output = output;
                conv_plan p, q;
                CHECK(filter_image({px.data(), 23, 17}, o, p) == reference::filter_image_naive({px.data(), 23, 17}, o, q));
            }
}

namespace {
// 8x8, rank one, each row summing exactly to 0 (r sums to 0 and every product is exact in binary),
// but the row factors r / 5 the split uses are not exact: the two passes leave round-off.
matrix zero_sum_kernel() {
    std::vector<double> c;
    for (double v : {600, 1199, 1718, 1014, 1455, 602, 1660, 1067}) c.push_back(v / 1024);
    return outer(c, {5, -10, -6, 11, -10, -7, -5, 22});
}
}  // namespace

TEST_CASE("separable: normalize keeps a flat result flat", "[image][separable]") {
    const matrix k = zero_sum_kernel();
    REQUIRE(splits(k));
    std::vector<std::uint8_t> px;
    for (int p = 0; p < 12 * 10; ++p) px.insert(px.end(), {200, 90, 31, 255});
    image_options o;
    o.kernels = {k.view()};
    o.output = output_mode::normalize;
    for (auto preset : {padding_preset::same, padding_preset::valid}) {
        o.conv.preset = preset;
        conv_plan p, q;
        const auto slow = reference::filter_image_naive({px.data(), 12, 10}, o, q);
        const auto fast = filter_image({px.data(), 12, 10}, o, p);
        CHECK(fast == slow);
        for (std::size_t b = 0; b < fast.size(); b += 4) {
            REQUIRE(int(fast[b]) == 0);
            REQUIRE(int(fast[b + 1]) == 0);
            REQUIRE(int(fast[b + 2]) == 0);
        }
    }
    // The other output modes map the round-off (about 1e-13) to the reference byte anyway.
    for (auto output : {output_mode::clamp, output_mode::abs, output_mode::offset}) {
        o.output = output;
        conv_plan p, q;
        CHECK(filter_image({px.data(), 12, 10}, o, p) == reference::filter_image_naive({px.data(), 12, 10}, o, q));
    }
}

TEST_CASE("separable: a narrow spread is stretched from direct sums", "[image][separable]") {
    // Two grey levels one apart under a zero-sum kernel give values near 0 whose spread is small
    // but real: the stretch must come from the direct sums, byte for byte.
    const matrix k = zero_sum_kernel();
    std::mt19937 rng(8);
    for (int trial = 0; trial < 20; ++trial) {
        std::vector<std::uint8_t> px;
        std::bernoulli_distribution bit(0.5);
        for (int p = 0; p < 14 * 11; ++p) {
            const std::uint8_t v = static_cast<std::uint8_t>(100 + bit(rng));
            px.insert(px.end(), {v, v, v, 255});
        }
        image_options o;
        o.kernels = {k.view()};
        o.output = output_mode::normalize;
        o.bias = trial % 2 ? 0.0 : 1e6;
        conv_plan p, q;
        CHECK(filter_image({px.data(), 14, 11}, o, p) == reference::filter_image_naive({px.data(), 14, 11}, o, q));
    }
}

TEST_CASE("separable: weights whose round-off could reach a byte run as direct sums", "[image][separable]") {
    // Scaled by 2^40 the kernel's products stay exact, so the direct sum of a solid image is still 0,
    // but the two passes' round-off grows to a sizeable fraction of a grey level.
    matrix k = zero_sum_kernel();
    for (double& w : k.data) w *= 0x1p40;
    REQUIRE(splits(k));
    std::vector<std::uint8_t> px;
    for (int p = 0; p < 12 * 10; ++p) px.insert(px.end(), {200, 90, 31, 255});
    image_options o;
    o.kernels = {k.view()};
    o.bias = 100.4;
    for (auto output : {output_mode::clamp, output_mode::abs, output_mode::offset, output_mode::normalize}) {
        INFO(to_string(output));
        o.output = output;
        conv_plan p, q;
        const auto fast = filter_image({px.data(), 12, 10}, o, p);
        CHECK(fast == reference::filter_image_naive({px.data(), 12, 10}, o, q));
        const int want = output == output_mode::normalize ? 0 : output == output_mode::offset ? 228 : 100;
        CHECK(int(fast[0]) == want);
        CHECK(int(fast[1]) == want);
        CHECK(int(fast[2]) == want);
    }
}
