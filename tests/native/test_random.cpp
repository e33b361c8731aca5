// Randomised comparison of every fast path with the naive reference.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "test_util.hpp"

using namespace convolution;

namespace {

struct case_gen {
    std::mt19937 rng;
    explicit case_gen(unsigned seed) : rng(seed) {}

    std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    }

    // Integers for half the cases (exact sums), arbitrary doubles for the rest (order of additions matters).
    matrix values(std::int64_t h, std::int64_t w, bool integers) {
        matrix m{h, w, std::vector<double>(static_cast<std::size_t>(h * w))};
        std::uniform_real_distribution<double> real(-10.0, 10.0);
        for (double& v : m.data) v = integers ? static_cast<double>(uniform(-9, 9)) : real(rng);
        return m;
    }

    conv_options options() {
        conv_options o;
        o.stride_y = uniform(1, 4);
        o.stride_x = uniform(1, 4);
        o.dilation_y = uniform(1, 3);
        o.dilation_x = uniform(1, 3);
        o.preset = static_cast<padding_preset>(uniform(0, 3));
        o.explicit_padding = {uniform(0, 6), uniform(0, 6), uniform(0, 6), uniform(0, 6)};
        o.border = static_cast<border_mode>(uniform(0, 4));
        o.constant = static_cast<double>(uniform(-3, 3)) * 0.75;
        o.flip = uniform(0, 1) == 1;
        return o;
    }
};

bool bitwise_equal(const matrix& a, const matrix& b) {
    if (a.height != b.height || a.width != b.width) return false;
    for (std::size_t k = 0; k < a.data.size(); ++k)
        if (std::memcmp(&a.data[k], &b.data[k], sizeof(double)) != 0) return false;
    return true;
}

}  // namespace

TEST_CASE("random: convolve equals the naive reference bit for bit", "[random]") {
    case_gen g(20261121);
    int compared = 0, refused = 0;
    for (int trial = 0; trial < 4000; ++trial) {
        const std::int64_t h = g.uniform(1, 40), w = g.uniform(1, 40);
        const std::int64_t kh = g.uniform(1, 9), kw = g.uniform(1, 9);
        const bool integers = trial % 2 == 0;
        const matrix in = g.values(h, w, integers), k = g.values(kh, kw, integers);
        const conv_options o = g.options();
        INFO("trial " << trial << ": " << h << "x" << w << " * " << kh << "x" << kw << ", stride " << o.stride_y << ","
                      << o.stride_x << ", dilation " << o.dilation_y << "," << o.dilation_x << ", preset "
                      << static_cast<int>(o.preset) << ", border " << to_string(o.border) << ", flip " << o.flip);
        conv_plan plan;
        if (!check(in.view(), k.view(), o, plan).ok()) {
            // Both paths must refuse what does not fit, with the same message.
            CHECK_THROWS_AS(convolve(in.view(), k.view(), o), error);
            CHECK_THROWS_AS(reference::convolve_naive(in.view(), k.view(), o), error);
            ++refused;
            continue;
        }
        const matrix fast = convolve(in.view(), k.view(), o);
        const matrix slow = reference::convolve_naive(in.view(), k.view(), o);
        REQUIRE(bitwise_equal(fast, slow));
        // explain() of a random cell sums the same products in the same order.
        const std::int64_t i = g.uniform(0, fast.height - 1), j = g.uniform(0, fast.width - 1);
        const explanation ex = explain(in.view(), k.view(), o, i, j);
        REQUIRE(ex.sum == fast.at(i, j));
        REQUIRE(ex.taps.size() == static_cast<std::size_t>(kh * kw));
        ++compared;
    }
    CHECK(compared > 2500);  // the generator must mostly produce kernels that fit
    CHECK(refused > 0);
}

TEST_CASE("random: filter_image equals the naive reference", "[random][image]") {
    case_gen g(4242);
    int separable = 0;
    for (int trial = 0; trial < 600; ++trial) {
        const std::int64_t w = g.uniform(1, 24), h = g.uniform(1, 24);
        const auto px = test::random_rgba(g.rng, w, h);
        image_options o;
        o.conv = g.options();
        o.output = static_cast<output_mode>(g.uniform(0, 3));
        o.bias = static_cast<double>(g.uniform(-20, 20));
        const int shape = static_cast<int>(g.uniform(0, 3));  // 0 one kernel, 1 per channel, 2 magnitude, 3 gray
        const std::int64_t kh = g.uniform(1, 6), kw = g.uniform(1, 6);
        std::vector<matrix> ks;
        const int count = shape == 1 ? 3 : shape == 2 ? 2 : 1;
        for (int c = 0; c < count; ++c) ks.push_back(g.values(kh, kw, trial % 2 == 0));
        for (const auto& k : ks) o.kernels.push_back(k.view());
        o.combine = shape == 2 ? combine_mode::magnitude : combine_mode::none;
        o.grayscale = shape == 3;
        INFO("trial " << trial << " " << w << "x" << h << " kernel " << kh << "x" << kw << " shape " << shape
                      << " output " << to_string(o.output) << " border " << to_string(o.conv.border));
        conv_plan p;
        if (!check_image({px.data(), w, h}, o, p).ok()) continue;
        conv_plan q;
        const auto fast = filter_image({px.data(), w, h}, o, p);
        const auto slow = reference::filter_image_naive({px.data(), w, h}, o, q);
        // Kernels of 25+ weights may run as two 1-D passes; only rank-one ones qualify and these are not.
        REQUIRE(fast == slow);
        separable += kh * kw >= 25;
    }
    CHECK(separable > 0);
}

TEST_CASE("random: rank-one kernels run separably within one grey level of the reference", "[random][image]") {
    case_gen g(777);
    for (int trial = 0; trial < 150; ++trial) {
        const std::int64_t w = g.uniform(5, 30), h = g.uniform(5, 30);
        const auto px = test::random_rgba(g.rng, w, h);
        const std::int64_t kh = g.uniform(5, 11), kw = g.uniform(5, 11);
        std::vector<double> col(static_cast<std::size_t>(kh)), row(static_cast<std::size_t>(kw));
        std::uniform_real_distribution<double> real(-1.0, 1.0);
        for (double& v : col) v = real(g.rng);
        for (double& v : row) v = real(g.rng);
        matrix k{kh, kw, {}};
        for (double c : col)
            for (double r : row) k.data.push_back(c * r);
        image_options o;
        o.conv = g.options();
        o.kernels = {k.view()};
        o.output = static_cast<output_mode>(g.uniform(0, 3));
        o.bias = 100;
        conv_plan p, q;
        if (!check_image({px.data(), w, h}, o, p).ok()) continue;
        const auto fast = filter_image({px.data(), w, h}, o, p);
        const auto slow = reference::filter_image_naive({px.data(), w, h}, o, q);
        REQUIRE(fast.size() == slow.size());
        int differ = 0;
        for (std::size_t b = 0; b < fast.size(); ++b) {
            REQUIRE(std::abs(int(fast[b]) - int(slow[b])) <= 1);
            differ += fast[b] != slow[b];
        }
        // A one-level difference needs a value within rounding error of a .5 tie: very rare.
        CHECK(differ <= static_cast<int>(fast.size() / 1000) + 1);
    }
}
