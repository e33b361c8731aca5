#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "test_util.hpp"

using namespace convolution;
using Catch::Contains;

namespace {
problem conv_error(std::int64_t h, std::int64_t w, std::int64_t kh, std::int64_t kw, const conv_options& o) {
    conv_plan p;
    return plan_geometry(h, w, kh, kw, o, p);
}

// The problem's code and field, and that its message contains `words`.
void is(const problem& e, const char* code, const char* field, const std::string& words) {
    INFO(e.message);
    CHECK(e.code == code);
    CHECK(e.field == field);
    CHECK_THAT(e.message, Contains(words));
}

// The throwing entry point carries the same code and field as the problem.
template <class F>
void throws(F&& f, const char* code, const char* field, const std::string& words) {
    try {
        f();
        FAIL("no error thrown");
    } catch (const error& e) {
        CHECK(e.code() == code);
        CHECK(e.field() == field);
        CHECK_THAT(std::string(e.what()), Contains(words));
    }
}
}  // namespace

TEST_CASE("errors: shapes", "[errors]") {
    is(conv_error(0, 3, 1, 1, {}), "bad-shape", "input", "at least 1x1, got 0x3");
    is(conv_error(3, 3, 1, 0, {}), "bad-shape", "kernel", "The kernel must be at least 1x1");
    is(conv_error(70000, 1, 1, 1, {}), "too-large", "input", "at most 65536");
    is(conv_error(8193, 8192, 1, 1, {}), "too-large", "input", "too large");
    CHECK(conv_error(8192, 8192, 1, 1, {}).ok());
    is(conv_error(10, 10, 2000, 2000, {}), "too-large", "kernel", "The kernel is too large");
}

TEST_CASE("errors: strides, dilations and padding", "[errors]") {
    conv_options o;
    o.stride_y = 0;
    const problem e = conv_error(5, 5, 3, 3, o);
    CHECK(e.message == "strideY must be an integer from 1 to 65536, got 0");
    is(e, "bad-option", "strideY", "strideY");
    o = {};
    o.stride_x = -2;
    is(conv_error(5, 5, 3, 3, o), "bad-option", "strideX", "got -2");
    o = {};
    o.dilation_x = 0;
    is(conv_error(5, 5, 3, 3, o), "bad-option", "dilationX", "dilationX must be an integer from 1");
    o = {};
    o.dilation_y = 100000;
    is(conv_error(5, 5, 3, 3, o), "too-large", "dilationY", "got 100000");
    o = {};
    o.preset = padding_preset::explicit_;
    o.explicit_padding = {0, -1, 0, 0};
    const problem pb = conv_error(5, 5, 3, 3, o);
    CHECK(pb.message == "padding.bottom must be an integer from 0 to 65536, got -1");
    is(pb, "bad-option", "padding.bottom", "padding.bottom");
    o.explicit_padding = {0, 0, 0, 70000};
    is(conv_error(5, 5, 3, 3, o), "too-large", "padding.right", "got 70000");
    o.explicit_padding = {0, -1, 0, 0};
    o.preset = padding_preset::same;  // explicit numbers are ignored unless the preset is explicit
    CHECK(conv_error(5, 5, 3, 3, o).ok());
    // Full padding with a huge dilation: the output itself would be too large.
    o = {};
    o.preset = padding_preset::full;
    o.dilation_y = o.dilation_x = 60000;
    is(conv_error(5, 5, 3, 3, o), "too-large", "padding", "The output would be");
}

TEST_CASE("errors: a kernel that does not fit names the axis and the numbers", "[errors]") {
    const problem e = conv_error(4, 4, 5, 5, {});
    is(e, "does-not-fit", "kernel", "kernel does not fit");
    CHECK_THAT(e.message, Contains("effective height is 5"));
    CHECK_THAT(e.message, Contains("only 4 rows tall"));
    conv_options o;
    o.dilation_x = 3;
    const problem d = conv_error(10, 6, 3, 3, o);
    is(d, "does-not-fit", "kernel", "effective width is 7");
    CHECK_THAT(d.message, Contains("dilationX 3"));
    o.preset = padding_preset::full;
    CHECK(conv_error(10, 6, 3, 3, o).ok());
    const matrix in = test::filled(4, 4, 1), k = test::filled(5, 5, 1);
    throws([&] { convolve(in.view(), k.view()); }, "does-not-fit", "kernel", "does not fit");
    throws([&] { reference::convolve_naive(in.view(), k.view()); }, "does-not-fit", "kernel", "does not fit");
    throws([&] { explain(in.view(), k.view(), {}, 0, 0); }, "does-not-fit", "kernel", "does not fit");
}

TEST_CASE("errors: values must be finite and bounded", "[errors]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    matrix in = test::filled(3, 3, 1);
    const matrix k = test::filled(2, 2, 1);
    in.data[5] = nan;
    // Rows and columns are counted from 1, as the page counts them, with the 0-based index beside them.
    throws([&] { convolve(in.view(), k.view()); }, "bad-value", "input", "Input value at row 2, column 3 (index [1][2]) is NaN");
    in.data[5] = -inf;
    throws([&] { convolve(in.view(), k.view()); }, "bad-value", "input", "is -Infinity");
    in.data[5] = 1e200;
    throws([&] { convolve(in.view(), k.view()); }, "bad-value", "input", "is 1e+200; values must be finite numbers with magnitude at most 1e100");
    in.data[5] = 1.0000000000000002e100;  // just above the limit: the message must not round it to 1e+100
    throws([&] { convolve(in.view(), k.view()); }, "bad-value", "input", "is 1.0000000000000002e+100");
    in.data[5] = 1e100;
    CHECK_NOTHROW(convolve(in.view(), k.view()));
    in.data[5] = 1;
    matrix bad_k = k;
    bad_k.data[0] = inf;
    throws([&] { convolve(in.view(), bad_k.view()); }, "bad-value", "kernel", "Kernel value at row 1, column 1 (index [0][0]) is Infinity");
    conv_options o;
    o.constant = nan;
    throws([&] { convolve(in.view(), k.view(), o); }, "bad-option", "constant", "constant must be a finite number");
    o.constant = -1e101;
    throws([&] { convolve(in.view(), k.view(), o); }, "bad-option", "constant", "got -1e+101");
    conv_plan p;
    is(check(in.view(), bad_k.view(), {}, p), "bad-value", "kernel", "Infinity");
}

TEST_CASE("errors: a cell outside the output names i or j", "[errors]") {
    const matrix in = test::filled(4, 5, 1), k = test::filled(2, 2, 1);  // output 3x4
    conv_plan p;
    REQUIRE(check(in.view(), k.view(), {}, p).ok());
    CHECK(check_cell(p, 2, 3).ok());
    is(check_cell(p, 3, 0), "bad-value", "i", "i (the row, counted from 0) must be 0..2");
    is(check_cell(p, 0, 4), "bad-value", "j", "j (the column, counted from 0) 0..3");
    is(check_cell(p, -1, -1), "bad-value", "i", "(i = -1, j = -1)");
    throws([&] { explain(in.view(), k.view(), {}, 0, 9); }, "bad-value", "j", "does not exist");
}

TEST_CASE("errors: images", "[errors][image]") {
    std::vector<std::uint8_t> px(4 * 4 * 4, 0);
    const matrix k = test::filled(3, 3, 1), k5 = test::filled(5, 5, 1);
    image_options o;
    conv_plan p;
    is(check_image({px.data(), 4, 4}, o, p), "bad-shape", "kernels", "one kernel for all channels or three");
    o.kernels = {k.view(), k.view()};
    is(check_image({px.data(), 4, 4}, o, p), "bad-shape", "kernels", "got 2");
    o.combine = combine_mode::magnitude;
    CHECK(check_image({px.data(), 4, 4}, o, p).ok());
    o.kernels = {k.view()};
    is(check_image({px.data(), 4, 4}, o, p), "bad-shape", "kernels", "exactly two kernels");
    o.kernels = {k.view(), k5.view()};
    o.conv.preset = padding_preset::valid;
    is(check_image({px.data(), 4, 4}, o, p), "does-not-fit", "kernels[1]", "The gy kernel (kernels[1]): The kernel does not fit");
    o.conv.preset = padding_preset::same;
    o.combine = combine_mode::none;
    o.kernels = {k.view(), k.view(), k.view()};
    o.grayscale = true;
    is(check_image({px.data(), 4, 4}, o, p), "bad-option", "grayscale", "Grayscale");
    o.grayscale = false;
    o.kernels = {k.view(), k5.view(), k.view()};
    o.conv.preset = padding_preset::valid;
    std::vector<std::uint8_t> wide(8 * 3 * 4, 0);
    is(check_image({wide.data(), 8, 3}, o, p), "does-not-fit", "kernels[1]", "The G kernel (kernels[1]): The kernel does not fit");
    std::vector<std::uint8_t> big(10 * 10 * 4, 0);
    is(check_image({big.data(), 10, 10}, o, p), "does-not-fit", "kernels", "same output size");
    o.conv.stride_x = 0;  // an option's error stays the option's, even with three kernels
    is(check_image({big.data(), 10, 10}, o, p), "bad-option", "strideX", "strideX must be");
    o.conv.stride_x = 1;
    o.conv.preset = padding_preset::same;
    CHECK(check_image({big.data(), 10, 10}, o, p).ok());
    matrix bad = k;
    bad.data[4] = std::numeric_limits<double>::quiet_NaN();
    o.kernels = {k.view(), k.view(), bad.view()};
    is(check_image({big.data(), 10, 10}, o, p), "bad-value", "kernels[2]", "The B kernel (kernels[2]) value at row 2, column 2");
    o.kernels = {bad.view()};
    is(check_image({big.data(), 10, 10}, o, p), "bad-value", "kernel", "Kernel value at row 2, column 2");
    o.kernels = {k.view(), k5.view(), k.view()};
    o.bias = std::numeric_limits<double>::quiet_NaN();
    is(check_image({big.data(), 10, 10}, o, p), "bad-option", "bias", "bias must be a finite number");
    o.bias = 0;
    o.conv.constant = std::numeric_limits<double>::infinity();
    is(check_image({big.data(), 10, 10}, o, p), "bad-option", "constant", "got Infinity");
    o.conv.constant = 0;
    // Too-large images are refused from their size alone, before any pixel is read.
    is(check_image({nullptr, 8193, 8192}, o, p), "too-large", "image", "too large");
    is(check_image({nullptr, 40000, 10}, o, p), "too-large", "image", "at most 32768");
    is(check_image({nullptr, 0, 10}, o, p), "bad-shape", "image", "at least 1x1");
    CHECK(check_image({big.data(), 10, 10}, o, p).ok());
    throws([&] { filter_image({nullptr, 9000, 9000}, o, p); }, "too-large", "image", "Downscale");
    throws([&] { reference::filter_image_naive({nullptr, 9000, 9000}, o, p); }, "too-large", "image", "Downscale");
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
                    const problem e = check(in.view(), k.view(), o, p);
                    if (!e.ok()) {
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
