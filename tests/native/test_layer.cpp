// conv_layer, explain_layer, relu and pool: hand-worked cases, naive references, errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

#include "test_util.hpp"

using namespace convolution;

namespace {

struct gen {
    std::mt19937 rng;
    explicit gen(unsigned seed) : rng(seed) {}
    std::int64_t uniform(std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); }
    std::vector<double> values(std::int64_t n, bool integers) {
        std::uniform_real_distribution<double> real(-10, 10);
        std::vector<double> v(static_cast<std::size_t>(n));
        for (double& x : v) x = integers ? static_cast<double>(uniform(-6, 6)) : real(rng);
        return v;
    }
};

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

problem layer_problem(const tensor_view& in, const weights_view& w, const vector_view& b, const conv_options& o = {}) {
    conv_plan plan;
    return check_layer(in, w, b, o, plan);
}

problem pool_problem(const tensor_view& t, const pool_options& o) {
    pool_plan plan;
    return check_pool(t, o, plan);
}

}  // namespace

TEST_CASE("layer: two channels, two kernels and a bias, by hand", "[layer]") {
    // Channel 0 = [[1, 2], [3, 4]], channel 1 = [[0, 1], [1, 0]]; 2x2 kernels leave one output cell.
    const std::vector<double> input{1, 2, 3, 4, 0, 1, 1, 0};
    const std::vector<double> weights{
        1, 0, 0, 1,   1, 1, 1, 1,    // output 0: 1 + 4 from channel 0, 0 + 1 + 1 + 0 from channel 1
        0, 1, 0, 0,   0, 0, 0, -1};  // output 1: 2 from channel 0, 0 from channel 1
    const std::vector<double> bias{0.5, -1};
    const tensor out = conv_layer({input.data(), 2, 2, 2}, {weights.data(), 2, 2, 2, 2}, {bias.data(), 2});
    REQUIRE(out.channels == 2);
    REQUIRE(out.height == 1);
    REQUIRE(out.width == 1);
    CHECK(out.data == std::vector<double>{7.5, 1});
    const layer_explanation ex =
        explain_layer({input.data(), 2, 2, 2}, {weights.data(), 2, 2, 2, 2}, {bias.data(), 2}, {}, 0, 0, 0);
    CHECK(ex.partials == std::vector<double>{5, 2});
    CHECK(ex.bias == 0.5);
    CHECK(ex.sum == 7.5);
    REQUIRE(ex.taps.size() == 8);
    CHECK(ex.taps[4].input_channel == 1);
    CHECK(ex.taps[4].t.value == 0);
    CHECK(ex.taps[5].t.product == 1);
    // Without a bias the outputs are the plain channel sums.
    CHECK(conv_layer({input.data(), 2, 2, 2}, {weights.data(), 2, 2, 2, 2}).data == std::vector<double>{7, 2});
}

TEST_CASE("layer: one channel and one kernel is convolve()", "[layer]") {
    const matrix in = test::mat({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
    const matrix k = test::mat({{1, -1}, {2, 0.5}});
    conv_options o = test::opts(padding_preset::same, border_mode::reflect);
    o.flip = true;
    const tensor out = conv_layer({in.data.data(), 1, 3, 3}, {k.data.data(), 1, 1, 2, 2}, {}, o);
    CHECK(out.data == convolve(in.view(), k.view(), o).data);
}

TEST_CASE("layer: random layers equal the formula's reference bit for bit; explain sums equal the outputs",
          "[layer][random]") {
    gen g(99);
    int compared = 0;
    for (int trial = 0; trial < 600; ++trial) {
        const std::int64_t cin = g.uniform(1, 4), cout = g.uniform(1, 4);
        const std::int64_t h = g.uniform(1, 14), w = g.uniform(1, 14), kh = g.uniform(1, 4), kw = g.uniform(1, 4);
        const bool integers = trial % 2 == 0;
        const auto input = g.values(cin * h * w, integers);
        auto weights = g.values(cout * cin * kh * kw, integers);
        if (trial % 7 == 0) std::fill_n(weights.begin(), kh * kw, 0.0);  // a kernel of zeros
        const auto bias = trial % 3 == 0 ? std::vector<double>{} : g.values(cout, integers);
        conv_options o;
        o.stride_y = g.uniform(1, 3);
        o.stride_x = g.uniform(1, 3);
        o.dilation_y = g.uniform(1, 2);
        o.dilation_x = g.uniform(1, 2);
        o.preset = static_cast<padding_preset>(g.uniform(0, 3));
        o.explicit_padding = {g.uniform(0, 3), g.uniform(0, 3), g.uniform(0, 3), g.uniform(0, 3)};
        o.border = static_cast<border_mode>(g.uniform(0, 4));
        o.constant = 0.25 * static_cast<double>(g.uniform(-4, 4));
        o.flip = g.uniform(0, 1) == 1;
        const tensor_view in{input.data(), cin, h, w};
        const weights_view wv{weights.data(), cout, cin, kh, kw};
        const vector_view b{bias.empty() ? nullptr : bias.data(), static_cast<std::int64_t>(bias.size())};
        INFO("trial " << trial);
        conv_plan plan;
        const problem p = check_layer(in, wv, b, o, plan);
        if (!p.ok()) {
            CHECK(p.code == "does-not-fit");
            CHECK(p.field == "weights");
            continue;
        }
        const tensor fast = conv_layer(in, wv, b, o);
        const tensor slow = reference::conv_layer_naive(in, wv, b, o);
        REQUIRE(fast.channels == cout);
        REQUIRE(fast.height == plan.out_height);
        REQUIRE(same_bits(fast.data, slow.data));
        for (int probe = 0; probe < 3; ++probe) {
            const std::int64_t oc = g.uniform(0, cout - 1), i = g.uniform(0, fast.height - 1), j = g.uniform(0, fast.width - 1);
            const layer_explanation ex = explain_layer(in, wv, b, o, oc, i, j);
            REQUIRE(ex.sum == fast.at(oc, i, j));
            REQUIRE(ex.taps.size() == static_cast<std::size_t>(cin * kh * kw));
            // Each channel's partial is its taps summed in order.
            std::vector<double> partial(static_cast<std::size_t>(cin), 0.0);
            for (const auto& lt : ex.taps) partial[static_cast<std::size_t>(lt.input_channel)] += lt.t.product;
            REQUIRE(partial == ex.partials);
        }
        ++compared;
    }
    CHECK(compared > 400);
}

TEST_CASE("relu: negatives and -0 become +0", "[layer][relu]") {
    const std::vector<double> v{-2, -0.0, 0, 3.5, -1e100, 1e100};
    const tensor out = relu({v.data(), 2, 1, 3});
    CHECK(out.channels == 2);
    CHECK(out.data == std::vector<double>{0, 0, 0, 3.5, 0, 1e100});
    CHECK_FALSE(std::signbit(out.data[1]));
    CHECK(same_bits(out.data, reference::relu_naive({v.data(), 2, 1, 3}).data));
    const std::vector<double> bad{1, std::numeric_limits<double>::quiet_NaN()};
    CHECK_THROWS_WITH(relu({bad.data(), 1, 1, 2}), Catch::Contains("tensor value at channel 0, row 0, column 1 is NaN"));
}

TEST_CASE("pool: max and average of 2x2 windows, and overlapping windows, by hand", "[layer][pool]") {
    const std::vector<double> v{1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16};
    const tensor_view t{v.data(), 1, 4, 4};
    CHECK(pool(t, pool_options::window(pool_mode::max, 2, 2)).data == std::vector<double>{4, 8, 12, 16});
    CHECK(pool(t, pool_options::window(pool_mode::average, 2, 2)).data == std::vector<double>{2.5, 6.5, 10.5, 14.5});
    pool_options o{pool_mode::max, 3, 3, 1, 1};
    const tensor overlap = pool(t, o);
    CHECK(overlap.height == 2);
    CHECK(overlap.data == std::vector<double>{13, 14, 15, 16});
    // A window of 3 with stride 2 on 4 rows: floor((4 - 3) / 2) + 1 = 1 window; the last row is never read.
    o = {pool_mode::average, 3, 1, 2, 1};
    CHECK(pool(t, o).data == std::vector<double>{13.0 / 3, 16.0 / 3, 25.0 / 3, 28.0 / 3});
    // The first of equal maxima wins, so the sign of a zero maximum is the first zero's.
    const std::vector<double> zeros{-0.0, 0.0, -1, -2};
    CHECK(std::signbit(pool({zeros.data(), 1, 2, 2}, pool_options::window(pool_mode::max, 2, 2)).data[0]));
}

TEST_CASE("pool: random cases against the window-by-window reference", "[layer][pool][random]") {
    gen g(4321);
    for (int trial = 0; trial < 1500; ++trial) {
        const std::int64_t c = g.uniform(1, 3), h = g.uniform(1, 20), w = g.uniform(1, 20);
        const bool integers = trial % 2 == 0;
        auto v = g.values(c * h * w, integers);
        if (trial % 4 == 0)
            for (double& x : v) x = std::round(x / 4) * 0.0;  // many equal (signed) zeros
        const tensor_view t{v.data(), c, h, w};
        pool_options o{g.uniform(0, 1) ? pool_mode::max : pool_mode::average, g.uniform(1, h), g.uniform(1, w),
                       g.uniform(1, 5), g.uniform(1, 5)};
        INFO("trial " << trial << " window " << o.height << "x" << o.width << " stride " << o.stride_y << "," << o.stride_x);
        const tensor fast = pool(t, o), slow = reference::pool_naive(t, o);
        REQUIRE(fast.height == (h - o.height) / o.stride_y + 1);
        REQUIRE(fast.width == (w - o.width) / o.stride_x + 1);
        if (o.mode == pool_mode::max || integers) {
            // Maxima are exact, and so are sums of small integers, in any order.
            REQUIRE(same_bits(fast.data, slow.data));
            continue;
        }
        // Rows first and then columns groups the additions differently; a sum of n terms has an error of at most
        // (n - 1) * 2^-53 of the sum of magnitudes, so the two differ by at most 2n * 2^-53 * mean|v| (+ the division).
        const double n = static_cast<double>(o.height * o.width);
        for (std::int64_t ch = 0; ch < c; ++ch)
            for (std::int64_t i = 0; i < fast.height; ++i)
                for (std::int64_t j = 0; j < fast.width; ++j) {
                    double magnitude = 0;
                    for (std::int64_t y = 0; y < o.height; ++y)
                        for (std::int64_t x = 0; x < o.width; ++x)
                            magnitude += std::fabs(v[static_cast<std::size_t>((ch * h + i * o.stride_y + y) * w + j * o.stride_x + x)]);
                    const double a = fast.at(ch, i, j), b = slow.at(ch, i, j);
                    REQUIRE(std::fabs(a - b) <= 2 * n * std::ldexp(magnitude / n, -53) + 2 * std::ldexp(std::fabs(b), -52));
                }
    }
}

TEST_CASE("layer, relu, pool: every error has a code, a field and says what is allowed", "[layer][errors]") {
    const std::vector<double> in(2 * 3 * 3, 1.0), w(2 * 2 * 2 * 2, 1.0), b{1, 2};
    const tensor_view tin{in.data(), 2, 3, 3};
    const weights_view tw{w.data(), 2, 2, 2, 2};
    std::vector<double> nan_in = in, nan_w = w;
    nan_in[10] = std::numeric_limits<double>::quiet_NaN();
    nan_w[9] = -std::numeric_limits<double>::infinity();
    const std::vector<double> bad_bias{1, 1e200};
    conv_options stride0;
    stride0.stride_y = 0;
    conv_options bad_constant;
    bad_constant.constant = std::numeric_limits<double>::infinity();
    const std::vector<double> big(static_cast<std::size_t>(1 << 20) + 8, 0.0);
    struct expect {
        problem p;
        const char* code;
        const char* field;
        const char* words;
    } cases[] = {
        {layer_problem({in.data(), 0, 3, 3}, tw, {}), "bad-shape", "input", "input.channels must be an integer from 1 to 4096, got 0"},
        {layer_problem({in.data(), 5000, 3, 3}, tw, {}), "too-large", "input", "input.channels"},
        {layer_problem({in.data(), 2, 3, 70000}, tw, {}), "too-large", "input", "input.width must be an integer from 1 to 65536"},
        {layer_problem({in.data(), 4096, 4096, 8}, tw, {}), "too-large", "input", "is too large: 4096x4096x8"},
        {layer_problem(tin, {w.data(), 2, 3, 2, 2}, {}), "bad-shape", "weights", "inChannels 3 but the input has 2 channels"},
        {layer_problem(tin, {w.data(), 0, 2, 2, 2}, {}), "bad-shape", "weights", "weights.outChannels must be an integer from 1 to 4096, got 0"},
        {layer_problem(tin, {big.data(), 2, 2, 1024, 1024}, {}), "too-large", "weights", "The weights are too large"},
        {layer_problem(tin, {big.data(), 4096, 2, 65536, 65536}, {}), "too-large", "weights", "The weights are too large"},
        {layer_problem(tin, {w.data(), 1, 2, 4, 1}, {}), "does-not-fit", "weights", "does not fit"},
        {layer_problem(tin, tw, {b.data(), 1}), "bad-shape", "bias", "bias has 1 value but there are 2 output channels"},
        {layer_problem(tin, tw, {b.data(), 0}), "bad-shape", "bias", "bias has 0 values but there are 2 output channels"},
        {layer_problem(tin, tw, {bad_bias.data(), 2}), "bad-value", "bias", "Bias value at output channel 1 is 1e+200"},
        {layer_problem({nan_in.data(), 2, 3, 3}, tw, {}), "bad-value", "input", "input value at channel 1, row 0, column 1 is NaN"},
        {layer_problem(tin, {nan_w.data(), 2, 2, 2, 2}, {}), "bad-value", "weights",
         "Weights value at outChannel 1, inChannel 0, row 0, column 1 is -Infinity"},
        {layer_problem(tin, tw, {}, bad_constant), "bad-value", "constant", "constant must be a finite number"},
        {pool_problem(tin, {pool_mode::max, 4, 1, 1, 1}), "does-not-fit", "height", "it is 4 rows but the tensor has only 3"},
        {pool_problem(tin, {pool_mode::max, 1, 9, 1, 1}), "does-not-fit", "width", "width must be 1 to 3"},
        {pool_problem(tin, {pool_mode::max, 0, 1, 1, 1}), "bad-option", "height", "height must be an integer from 1 to 65536, got 0"},
        {pool_problem(tin, {pool_mode::average, 1, 1, 1, 0}), "bad-option", "strideX", "strideX must be an integer from 1"},
        {pool_problem({nan_in.data(), 2, 3, 3}, pool_options::window(pool_mode::max, 1, 1)), "bad-value", "tensor", "tensor value at channel 1"},
        {pool_problem({in.data(), 2, 0, 3}, pool_options::window(pool_mode::max, 1, 1)), "bad-shape", "tensor", "tensor.height must be"},
    };
    for (const auto& c : cases) {
        INFO(c.p.message);
        CHECK(c.p.code == c.code);
        CHECK(c.p.field == c.field);
        CHECK_THAT(c.p.message, Catch::Contains(c.words));
    }
    // The option checks of convolve() apply to a layer too.
    const problem s = layer_problem(tin, tw, {}, stride0);
    CHECK_FALSE(s.ok());
    CHECK_THAT(s.message, Catch::Contains("strideY must be an integer from 1"));
    // A layer whose single channel fits but whose stack of output channels would not.
    conv_options full = test::opts(padding_preset::full);
    const std::vector<double> one(1, 1.0), w4096(4096, 1.0);
    const problem many = layer_problem({one.data(), 1, 1, 1}, {w4096.data(), 4096, 1, 1, 1}, {}, full);
    CHECK(many.ok());
    const std::vector<double> wide(32768, 1.0);  // 4096 maps of 1x32768 are 2^27 cells
    const problem huge = layer_problem({wide.data(), 1, 1, 32768}, {w4096.data(), 4096, 1, 1, 1}, {});
    CHECK(huge.code == "too-large");
    CHECK(huge.field == "weights");
    // Cells that do not exist are refused.
    conv_plan plan;
    REQUIRE(check_layer(tin, tw, {}, {}, plan).ok());
    CHECK(check_layer_cell(tw, plan, 2, 0, 0).field == "o");
    CHECK(check_layer_cell(tw, plan, 0, 2, 0).field == "i");
    CHECK(check_layer_cell(tw, plan, 0, 0, -1).field == "j");
    CHECK_THAT(check_layer_cell(tw, plan, 0, 0, 5).message, Catch::Contains("the output is 2x2x2"));
    CHECK_THROWS_WITH(conv_layer(tin, {w.data(), 2, 1, 2, 2}), Catch::Contains("inChannels 1"));
    CHECK_THROWS_WITH(pool(tin, pool_options::window(pool_mode::max, 5, 5)), Catch::Contains("does not fit"));
}

TEST_CASE("pool: mode names", "[layer][pool]") {
    pool_mode m = pool_mode::max;
    CHECK(parse_pool_mode("average", m));
    CHECK(m == pool_mode::average);
    CHECK_FALSE(parse_pool_mode("mean", m));
    CHECK(std::string(to_string(pool_mode::max)) == "max");
}
