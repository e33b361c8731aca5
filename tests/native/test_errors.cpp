#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "test_util.hpp"

using namespace convolution;
using Catch::Contains;

namespace {
std::string conv_error(std::int64_t h, std::int64_t w, std::int64_t kh, std::int64_t kw, const conv_options& o) {
    conv_plan p;
    return plan_geometry(h, w, kh, kw, o, p);
}
}  // namespace

TEST_CASE("errors: shapes", "[errors]") {
    CHECK_THAT(conv_error(0, 3, 1, 1, {}), Contains("at least 1x1"));
    CHECK_THAT(conv_error(3, 3, 1, 0, {}), Contains("The kernel must be at least 1x1"));
    CHECK_THAT(conv_error(70000, 1, 1, 1, {}), Contains("at most 65536"));
    CHECK_THAT(conv_error(8193, 8192, 1, 1, {}), Contains("too large"));
    CHECK(conv_error(8192, 8192, 1, 1, {}).empty());
    CHECK_THAT(conv_error(10, 10, 2000, 2000, {}), Contains("The kernel is too large"));
}

TEST_CASE("errors: strides, dilations and padding", "[errors]") {
    conv_options o;
    o.stride_y = 0;
    CHECK(conv_error(5, 5, 3, 3, o) == "strideY must be an integer from 1 to 65536, got 0");
    o = {};
    o.stride_x = -2;
    CHECK_THAT(conv_error(5, 5, 3, 3, o), Contains("strideX"));
    o = {};
    o.dilation_x = 0;
    CHECK_THAT(conv_error(5, 5, 3, 3, o), Contains("dilationX must be an integer from 1"));
    o = {};
    o.dilation_y = 100000;
    CHECK_THAT(conv_error(5, 5, 3, 3, o), Contains("dilationY"));
    o = {};
    o.preset = padding_preset::explicit_;
    o.explicit_padding = {0, -1, 0, 0};
    CHECK(conv_error(5, 5, 3, 3, o) == "padding.bottom must be an integer from 0 to 65536, got -1");
    o.preset = padding_preset::same;  // explicit numbers are ignored unless the preset is explicit
    CHECK(conv_error(5, 5, 3, 3, o).empty());
}

TEST_CASE("errors: a kernel that does not fit names the axis and the numbers", "[errors]") {
    const std::string e = conv_error(4, 4, 5, 5, {});
    CHECK_THAT(e, Contains("kernel does not fit"));
    CHECK_THAT(e, Contains("effective height is 5"));
    CHECK_THAT(e, Contains("only 4 rows tall"));
    conv_options o;
    o.dilation_x = 3;
    const std::string d = conv_error(10, 6, 3, 3, o);
    CHECK_THAT(d, Contains("effective width is 7"));
    CHECK_THAT(d, Contains("dilationX 3"));
    o.preset = padding_preset::full;
    CHECK(conv_error(10, 6, 3, 3, o).empty());
}

TEST_CASE("errors: values must be finite and bounded", "[errors]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    matrix in = test::filled(3, 3, 1);
    const matrix k = test::filled(2, 2, 1);
    in.data[5] = nan;
    CHECK_THROWS_WITH(convolve(in.view(), k.view()), Contains("Input value at row 1, column 2 is NaN"));
    in.data[5] = -inf;
    CHECK_THROWS_WITH(convolve(in.view(), k.view()), Contains("-Infinity"));
    in.data[5] = 1e200;
    CHECK_THROWS_WITH(convolve(in.view(), k.view()), Contains("at most 1e100"));
    in.data[5] = 1;
    matrix bad_k = k;
    bad_k.data[0] = inf;
    CHECK_THROWS_WITH(convolve(in.view(), bad_k.view()), Contains("Kernel value at row 0, column 0 is Infinity"));
    conv_options o;
    o.constant = nan;
    CHECK_THROWS_WITH(convolve(in.view(), k.view(), o), Contains("constant must be a finite number"));
}

TEST_CASE("errors: images", "[errors][image]") {
    std::vector<std::uint8_t> px(4 * 4 * 4, 0);
    const matrix k = test::filled(3, 3, 1), k5 = test::filled(5, 5, 1);
    image_options o;
    conv_plan p;
    CHECK_THAT(check_image({px.data(), 4, 4}, o, p), Contains("one kernel for all channels or three"));
    o.kernels = {k.view(), k.view()};
    CHECK_THAT(check_image({px.data(), 4, 4}, o, p), Contains("got 2"));
    o.combine = combine_mode::magnitude;
    CHECK(check_image({px.data(), 4, 4}, o, p).empty());
    o.kernels = {k.view()};
    CHECK_THAT(check_image({px.data(), 4, 4}, o, p), Contains("exactly two kernels"));
    o.combine = combine_mode::none;
    o.kernels = {k.view(), k.view(), k.view()};
    o.grayscale = true;
    CHECK_THAT(check_image({px.data(), 4, 4}, o, p), Contains("Grayscale"));
    o.grayscale = false;
    o.kernels = {k.view(), k5.view(), k.view()};
    o.conv.preset = padding_preset::valid;
    CHECK_THAT(check_image({px.data(), 8, 2}, o, p), Contains("does not fit"));
    std::vector<std::uint8_t> big(10 * 10 * 4, 0);
    CHECK_THAT(check_image({big.data(), 10, 10}, o, p), Contains("same output size"));
    o.conv.preset = padding_preset::same;
    CHECK(check_image({big.data(), 10, 10}, o, p).empty());
    o.bias = std::numeric_limits<double>::quiet_NaN();
    CHECK_THAT(check_image({big.data(), 10, 10}, o, p), Contains("bias"));
    o.bias = 0;
    // Too-large images are refused from their size alone, before any pixel is read.
    CHECK_THAT(check_image({nullptr, 8193, 8192}, o, p), Contains("too large"));
    CHECK_THAT(check_image({nullptr, 40000, 10}, o, p), Contains("at most 32768"));
    CHECK_THAT(check_image({nullptr, 0, 10}, o, p), Contains("at least 1x1"));
    CHECK(check_image({big.data(), 10, 10}, o, p).empty());
    CHECK_THROWS_AS(filter_image({nullptr, 9000, 9000}, o, p), error);
}

TEST_CASE("parameters at their limits give a result or a clear error, never a crash", "[errors][limits]") {
    const matrix in = test::filled(3, 5, 2);
    const matrix k = test::filled(2, 3, 1);
    for (std::int64_t stride : {1LL, 2LL, 65536LL})
        for (std::int64_t dilation : {1LL, 3LL, 65536LL})
            for (std::int64_t pad : {0LL, 7LL, 65536LL})
                for (auto border : {border_mode::constant, border_mode::reflect, border_mode::reflect101, border_mode::wrap}) {
                    conv_options o = test::opts(padding_preset::explicit_, border);
                    o.stride_y = o.stride_x = stride;
                    o.dilation_y = o.dilation_x = dilation;
                    o.explicit_padding = {pad, pad, pad, pad};
                    INFO("stride " << stride << " dilation " << dilation << " padding " << pad);
                    conv_plan p;
                    const std::string e = check(in.view(), k.view(), o, p);
                    if (!e.empty()) {
                        CHECK_THROWS_AS(convolve(in.view(), k.view(), o), error);
                        continue;
                    }
                    const matrix fast = convolve(in.view(), k.view(), o);
                    CHECK(fast.data == reference::convolve_naive(in.view(), k.view(), o).data);
                    // Far outside the input, the periodic modes still read real cells.
                    const explanation ex = explain(in.view(), k.view(), o, p.out_height - 1, p.out_width - 1);
                    CHECK(ex.sum == fast.data.back());
                }
}

TEST_CASE("full padding with a large dilation builds a wide output within limits", "[errors][limits]") {
    const matrix in = test::filled(2, 2, 1);
    const matrix k = test::filled(3, 3, 1);
    conv_options o = test::opts(padding_preset::full, border_mode::wrap);
    o.dilation_y = o.dilation_x = 1000;
    const matrix out = convolve(in.view(), k.view(), o);
    CHECK(out.height == 2 + 2000);
    CHECK(out.width == 2 + 2000);
    // The centre tap of window (1000, 1000) sits on input (0, 0); with wrap every tap reads a 1.
    CHECK(out.at(1000, 1000) == 9);
    CHECK(out.data == reference::convolve_naive(in.view(), k.view(), o).data);
}
