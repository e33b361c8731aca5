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
    REQUIRE(plan_geometry(32, 32, k.height, k.width, o, p).empty());
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
