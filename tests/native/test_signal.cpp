// convolve1d: hand-worked cases, numpy.convolve, the 1xL form of convolve(), and every error.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

#include "test_util.hpp"

using namespace convolution;

namespace {

vector_view vv(const std::vector<double>& v) { return {v.data(), static_cast<std::int64_t>(v.size())}; }

signal_options flipped(padding_preset preset) {
    signal_options o;
    o.flip = true;
    o.preset = preset;
    return o;
}

problem signal_problem(const std::vector<double>& x, const std::vector<double>& h, const signal_options& o) {
    signal_plan plan;
    return check_signal(vv(x), vv(h), o, plan);
}

// convolve()'s check answers with a problem, or with the message alone in older cores.
bool core_ok(const std::string& message) { return message.empty(); }
bool core_ok(const problem& p) { return p.ok(); }

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("convolve1d: a rectangle convolved with itself is a triangle", "[signal]") {
    const std::vector<double> rect{1, 1, 1, 1};
    CHECK(convolve1d(vv(rect), vv(rect), flipped(padding_preset::full)) == std::vector<double>{1, 2, 3, 4, 3, 2, 1});
    // Without padding only the full overlap remains: the peak.
    CHECK(convolve1d(vv(rect), vv(rect), flipped(padding_preset::valid)) == std::vector<double>{4});
}

TEST_CASE("convolve1d: flip with 'full' or 'valid' is numpy.convolve", "[signal]") {
    // numpy.convolve([3, -1, 2, 0.5, 4], [2, 1, -3]) and with mode 'valid' (checked in numpy 1.24):
    // y[1] = 3*1 + (-1)*2 = 1, y[2] = 3*(-3) + (-1)*1 + 2*2 = -6, ...
    const std::vector<double> x{3, -1, 2, 0.5, 4}, h{2, 1, -3};
    CHECK(convolve1d(vv(x), vv(h), flipped(padding_preset::full)) == std::vector<double>{6, 1, -6, 6, 2.5, 2.5, -12});
    CHECK(convolve1d(vv(x), vv(h), flipped(padding_preset::valid)) == std::vector<double>{-6, 6, 2.5});
    // numpy.convolve([1, 2, 3], [0, 1, 0.5]) = [0, 1, 2.5, 4, 1.5]
    CHECK(convolve1d(vv({1, 2, 3}), vv({0, 1, 0.5}), flipped(padding_preset::full)) ==
          std::vector<double>{0, 1, 2.5, 4, 1.5});
}

TEST_CASE("convolve1d: convolution commutes, cross-correlation does not", "[signal]") {
    const std::vector<double> x{1, 2, 3, 4, 5}, h{1, 0, -2};
    const auto o = flipped(padding_preset::full);
    CHECK(convolve1d(vv(x), vv(h), o) == convolve1d(vv(h), vv(x), o));
    signal_options corr;
    corr.preset = padding_preset::full;
    CHECK(convolve1d(vv(x), vv(h), corr) != convolve1d(vv(h), vv(x), corr));
}

TEST_CASE("convolve1d: stride, dilation, 'same' and borders by hand", "[signal]") {
    const std::vector<double> x{1, 2, 3, 4, 5, 6};
    signal_options o;
    o.stride = 2;
    // Windows start at 0, 2, 4 (4 + 2 > 6 stops): 1+2, 3+4, 5+6.
    CHECK(convolve1d(vv(x), vv({1, 1}), o) == std::vector<double>{3, 7, 11});
    o = {};
    o.dilation = 2;  // taps t and t + 2
    CHECK(convolve1d(vv(x), vv({1, -1}), o) == std::vector<double>{-2, -2, -2, -2});
    o = {};
    o.preset = padding_preset::same;  // kernel 4: total 3, 1 left and 2 right (TensorFlow's rule)
    CHECK(convolve1d(vv(x), vv({1, 0, 0, 0}), o) == std::vector<double>{0, 1, 2, 3, 4, 5});
    o.border = border_mode::replicate;
    CHECK(convolve1d(vv(x), vv({1, 0, 0, 0}), o) == std::vector<double>{1, 1, 2, 3, 4, 5});
    o = {};
    o.preset = padding_preset::explicit_;
    o.pad_left = 2;
    o.border = border_mode::constant;
    o.constant = 10;
    CHECK(convolve1d(vv({1, 2}), vv({1}), o) == std::vector<double>{10, 10, 1, 2});
}

TEST_CASE("convolve1d: random cases equal the 1xL convolve() and the naive 1-D sum bit for bit", "[signal][random]") {
    std::mt19937 rng(8);
    auto uniform = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    std::uniform_real_distribution<double> real(-10, 10);
    int compared = 0, refused = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        std::vector<double> x(static_cast<std::size_t>(uniform(1, 50))), h(static_cast<std::size_t>(uniform(1, 9)));
        for (double& v : x) v = real(rng);
        for (double& v : h) v = real(rng);
        signal_options o;
        o.stride = uniform(1, 4);
        o.dilation = uniform(1, 4);
        o.preset = static_cast<padding_preset>(uniform(0, 3));
        o.pad_left = uniform(0, 5);
        o.pad_right = uniform(0, 5);
        o.border = static_cast<border_mode>(uniform(0, 4));
        o.constant = 0.5 * static_cast<double>(uniform(-4, 4));
        o.flip = uniform(0, 1) == 1;
        INFO("trial " << trial);
        signal_plan plan;
        const problem p = check_signal(vv(x), vv(h), o, plan);
        conv_plan p2;
        const matrix_view x2{x.data(), 1, static_cast<std::int64_t>(x.size())};
        const matrix_view h2{h.data(), 1, static_cast<std::int64_t>(h.size())};
        const bool fits2d = core_ok(check(x2, h2, o.as_2d(), p2));
        // The same cases are refused as by convolve() on the 1xL form.
        REQUIRE(p.ok() == fits2d);
        if (!p.ok()) {
            CHECK(p.code == "does-not-fit");
            CHECK(p.field == "kernel");
            CHECK_THROWS_AS(convolve1d(vv(x), vv(h), o), error);
            ++refused;
            continue;
        }
        const auto fast = convolve1d(vv(x), vv(h), o);
        const auto slow = reference::convolve1d_naive(vv(x), vv(h), o);
        const matrix two_d = convolve(x2, h2, o.as_2d());
        REQUIRE(static_cast<std::int64_t>(fast.size()) == plan.out_length);
        REQUIRE(two_d.height == 1);
        REQUIRE(two_d.width == plan.out_length);
        REQUIRE(plan.pad_left == p2.pad.left);
        REQUIRE(plan.pad_right == p2.pad.right);
        for (std::size_t t = 0; t < fast.size(); ++t) {
            REQUIRE(same_bits(fast[t], slow[t]));
            REQUIRE(same_bits(fast[t], two_d.data[t]));
        }
        ++compared;
    }
    CHECK(compared > 2000);
    CHECK(refused > 0);
}

TEST_CASE("convolve1d: every error has a code, a field and says what is allowed", "[signal][errors]") {
    const std::vector<double> x{1, 2, 3}, h{1, 1};
    const std::vector<double> empty;
    struct expect {
        problem p;
        const char* code;
        const char* field;
        const char* words;
    };
    signal_options o;
    auto with = [&](auto set) {
        signal_options q;
        set(q);
        return q;
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> long_signal(static_cast<std::size_t>(limits::max_side + 1), 0.0);
    const expect cases[] = {
        {signal_problem(empty, h, o), "bad-shape", "signal", "The signal must have 1 to 65536 samples, got 0"},
        {signal_problem(x, empty, o), "bad-shape", "kernel", "The kernel must have 1 to 65536 samples"},
        {signal_problem(long_signal, h, o), "too-large", "signal", "got 65537"},
        {signal_problem(x, h, with([](signal_options& q) { q.stride = 0; })), "bad-option", "stride",
         "stride must be an integer from 1 to 65536, got 0"},
        {signal_problem(x, h, with([](signal_options& q) { q.dilation = 70000; })), "bad-option", "dilation",
         "dilation must be an integer from 1 to 65536"},
        {signal_problem(x, h, with([](signal_options& q) { q.preset = padding_preset::explicit_; q.pad_left = -1; })),
         "bad-option", "padding.left", "padding.left must be an integer from 0 to 65536, got -1"},
        {signal_problem(x, h, with([](signal_options& q) { q.preset = padding_preset::explicit_; q.pad_right = 1 << 20; })),
         "bad-option", "padding.right", "padding.right must be an integer from 0"},
        {signal_problem(x, h, with([&](signal_options& q) { q.constant = nan; })), "bad-value", "constant",
         "constant must be a finite number"},
        {signal_problem(x, {1, 1, 1, 1}, o), "does-not-fit", "kernel",
         "effective length is 4 (kernel length 4) but the padded signal is only 3 samples"},
        {signal_problem(x, h, with([](signal_options& q) { q.dilation = 3; })), "does-not-fit", "kernel",
         "kernel length 2 with dilation 3"},
        {signal_problem({1, nan, 3}, h, o), "bad-value", "signal", "Signal value at sample 1 is NaN"},
        {signal_problem(x, {1, 1e101}, o), "bad-value", "kernel", "Kernel value at sample 1 is 1e+101"},
    };
    for (const auto& c : cases) {
        INFO(c.p.message);
        CHECK(c.p.code == c.code);
        CHECK(c.p.field == c.field);
        CHECK_THAT(c.p.message, Catch::Contains(c.words));
    }
    // Explicit margins that make room, and presets that ignore stray explicit numbers, are fine.
    CHECK(signal_problem(x, {1, 1, 1, 1}, with([](signal_options& q) { q.preset = padding_preset::explicit_; q.pad_right = 1; })).ok());
    CHECK(signal_problem(x, {1, 1, 1, 1}, with([](signal_options& q) { q.preset = padding_preset::same; q.pad_left = -5; })).ok());
    CHECK_THROWS_WITH(convolve1d(vv(x), vv({1, 1, 1, 1})), Catch::Contains("does not fit"));
}
