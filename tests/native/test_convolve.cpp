#include <catch2/catch.hpp>

#include "test_util.hpp"

using namespace convolution;
using test::mat;

namespace {
void require_equal(const matrix& got, const matrix& want) {
    REQUIRE(got.height == want.height);
    REQUIRE(got.width == want.width);
    for (std::size_t k = 0; k < want.data.size(); ++k) {
        INFO("cell " << k / want.width << "," << k % want.width);
        CHECK(got.data[k] == want.data[k]);
    }
}

// Both the fast path and the reference must give the expected matrix.
void check_both(const matrix& in, const matrix& k, const conv_options& o, const matrix& want) {
    require_equal(convolve(in.view(), k.view(), o), want);
    require_equal(reference::convolve_naive(in.view(), k.view(), o), want);
}

const matrix square5 = mat({{0, 0, 0, 0, 0}, {0, 1, 1, 1, 0}, {0, 1, 1, 1, 0}, {0, 1, 1, 1, 0}, {0, 0, 0, 0, 0}});
const matrix outline = mat({{-1, -1, -1}, {-1, 8, -1}, {-1, -1, -1}});
}  // namespace

TEST_CASE("worked example: 4x4 input, 2x2 kernel, valid", "[convolve][worked]") {
    const matrix in = mat({{1, 2, 3, 0}, {4, 5, 6, 1}, {7, 8, 9, 2}, {0, 1, 2, 3}});
    const matrix k = mat({{1, 0}, {0, -1}});
    check_both(in, k, {}, mat({{-4, -4, 2}, {-4, -4, 4}, {6, 6, 6}}));
    conv_options flipped;
    flipped.flip = true;
    check_both(in, k, flipped, mat({{4, 4, -2}, {4, 4, -4}, {-6, -6, -6}}));
}

TEST_CASE("worked example: outline kernel on a 3x3 square of ones", "[convolve][worked]") {
    check_both(square5, outline, {}, mat({{5, 3, 5}, {3, 0, 3}, {5, 3, 5}}));
    const matrix same = convolve(square5.view(), outline.view(), test::opts(padding_preset::same));
    REQUIRE(same.height == 5);
    REQUIRE(same.width == 5);
    CHECK(std::vector<double>(same.data.begin(), same.data.begin() + 5) == std::vector<double>{-1, -2, -3, -2, -1});
    require_equal(reference::convolve_naive(square5.view(), outline.view(), test::opts(padding_preset::same)), same);
}

TEST_CASE("worked example: the vertical edge", "[convolve][worked]") {
    const matrix in = mat({{1, 1, 1, 0, 0}, {1, 1, 1, 0, 0}, {1, 1, 1, 0, 0}, {1, 1, 1, 0, 0}, {1, 1, 1, 0, 0}});
    const matrix k = mat({{1, 0, -1}, {1, 0, -1}, {1, 0, -1}});
    check_both(in, k, {}, mat({{0, 3, 3}, {0, 3, 3}, {0, 3, 3}}));
}

TEST_CASE("worked example: 4x5 input, 3x3 kernel, stride 2 gives 1x2", "[convolve][worked]") {
    const matrix in = mat({{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}, {11, 12, 13, 14, 15}, {16, 17, 18, 19, 20}});
    const matrix k = mat({{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
    conv_options o;
    o.stride_y = o.stride_x = 2;
    // Windows start at columns 0 and 2: 1+7+13 and 3+9+15.
    check_both(in, k, o, mat({{21, 27}}));
}

TEST_CASE("worked example: output sizes of valid and same, and a kernel that does not fit", "[convolve][worked]") {
    const matrix in = test::filled(5, 5, 1);
    const matrix k3 = test::filled(3, 3, 1);
    CHECK(convolve(in.view(), k3.view()).height == 3);
    CHECK(convolve(in.view(), k3.view()).width == 3);
    const matrix s = convolve(in.view(), k3.view(), test::opts(padding_preset::same));
    CHECK(s.height == 5);
    CHECK(s.width == 5);
    const matrix in4 = test::filled(4, 4, 1), k5 = test::filled(5, 5, 1);
    CHECK_THROWS_WITH(convolve(in4.view(), k5.view()), Catch::Contains("kernel does not fit"));
    CHECK_THROWS_AS(reference::convolve_naive(in4.view(), k5.view()), error);
}

TEST_CASE("output size formula and padding presets", "[convolve][plan]") {
    conv_plan p;
    conv_options o = test::opts(padding_preset::same);
    o.stride_y = o.stride_x = 2;
    REQUIRE(plan_geometry(5, 4, 3, 3, o, p).ok());
    // H=5: outH=3, total=max(2*2+3-5,0)=2 -> 1/1. W=4: outW=2, total=max(2+3-4,0)=1 -> 0 left, 1 right.
    CHECK(p.out_height == 3);
    CHECK(p.out_width == 2);
    CHECK(p.pad.top == 1);
    CHECK(p.pad.bottom == 1);
    CHECK(p.pad.left == 0);
    CHECK(p.pad.right == 1);

    o = test::opts(padding_preset::same);
    REQUIRE(plan_geometry(5, 5, 2, 4, o, p).ok());  // even kernels: the odd extra goes bottom/right
    CHECK(p.pad.top == 0);
    CHECK(p.pad.bottom == 1);
    CHECK(p.pad.left == 1);
    CHECK(p.pad.right == 2);
    CHECK(p.out_height == 5);
    CHECK(p.out_width == 5);

    o = test::opts(padding_preset::full);
    o.dilation_y = 2;
    REQUIRE(plan_geometry(4, 4, 3, 3, o, p).ok());
    CHECK(p.extent_y == 5);
    CHECK(p.pad.top == 4);
    CHECK(p.pad.bottom == 4);
    CHECK(p.out_height == 8);  // (4 + 8 - 5) / 1 + 1
    CHECK(p.out_width == 6);

    o = test::opts(padding_preset::explicit_);
    o.explicit_padding = {1, 0, 2, 3};
    o.stride_x = 3;
    REQUIRE(plan_geometry(5, 5, 3, 3, o, p).ok());
    CHECK(p.out_height == 4);  // (5 + 1 - 3) / 1 + 1
    CHECK(p.out_width == 3);   // floor((5 + 5 - 3) / 3) + 1
}

TEST_CASE("same padding with a large stride needs no padding", "[convolve][plan]") {
    conv_plan p;
    conv_options o = test::opts(padding_preset::same);
    o.stride_y = 3;
    REQUIRE(plan_geometry(5, 1, 1, 1, o, p).ok());
    CHECK(p.out_height == 2);
    CHECK(p.pad.top == 0);
    CHECK(p.pad.bottom == 0);
}

TEST_CASE("border modes supply the padding values", "[convolve]") {
    const matrix in = mat({{1, 2, 3, 4}});
    const matrix pick_left = mat({{1, 0, 0}});  // output j reads padded column j
    conv_options o = test::opts(padding_preset::explicit_);
    o.explicit_padding = {0, 0, 3, 0};
    struct row {
        border_mode mode;
        std::vector<double> want;  // padded columns -3..0, i.e. the three values left of a, then a
    };
    for (const auto& r : {row{border_mode::constant, {7, 7, 7, 1}}, row{border_mode::replicate, {1, 1, 1, 1}},
                          row{border_mode::reflect, {3, 2, 1, 1}}, row{border_mode::reflect101, {4, 3, 2, 1}},
                          row{border_mode::wrap, {2, 3, 4, 1}}}) {
        o.border = r.mode;
        o.constant = 7;
        const matrix out = convolve(in.view(), pick_left.view(), o);
        INFO("mode " << to_string(r.mode));
        REQUIRE(out.width == 5);
        CHECK(std::vector<double>(out.data.begin(), out.data.begin() + 4) == r.want);
    }
}

TEST_CASE("dilation spreads the taps", "[convolve]") {
    const matrix in = mat({{1, 2, 3, 4, 5}});
    const matrix k = mat({{1, 10}});
    conv_options o;
    o.dilation_x = 3;  // reads columns j and j+3
    check_both(in, k, o, mat({{1 + 40, 2 + 50}}));
}

TEST_CASE("non-square and even kernels, flip folds both axes", "[convolve]") {
    const matrix in = mat({{1, 2, 3}, {4, 5, 6}});
    const matrix k = mat({{1, 2, 3}, {4, 5, 6}});
    check_both(in, k, {}, mat({{1 + 4 + 9 + 16 + 25 + 36}}));
    conv_options o;
    o.flip = true;
    check_both(in, k, o, mat({{6 + 10 + 12 + 12 + 10 + 6}}));
}

TEST_CASE("1x1 input and kernel", "[convolve]") {
    check_both(mat({{3}}), mat({{-2}}), {}, mat({{-6}}));
    conv_options o = test::opts(padding_preset::full, border_mode::wrap);
    check_both(mat({{3}}), mat({{1, 1}}), o, mat({{6, 6}}));
}
