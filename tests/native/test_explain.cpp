#include <catch2/catch.hpp>

#include "test_util.hpp"

using namespace convolution;
using test::mat;

TEST_CASE("explain: the course example at position (0,1) of the vertical edge", "[explain]") {
    const matrix in = mat({{1, 1, 1, 0, 0}, {1, 1, 1, 0, 0}, {1, 1, 1, 0, 0}, {1, 1, 1, 0, 0}, {1, 1, 1, 0, 0}});
    const matrix k = mat({{1, 0, -1}, {1, 0, -1}, {1, 0, -1}});
    const explanation ex = explain(in.view(), k.view(), {}, 0, 1);
    CHECK(ex.row == 0);
    CHECK(ex.col == 1);
    CHECK(ex.sum == 3);
    REQUIRE(ex.taps.size() == 9);
    // Row 0 of the window: 1x1 + 1x0 + 0x(-1).
    CHECK(ex.taps[0].value == 1);
    CHECK(ex.taps[0].weight == 1);
    CHECK(ex.taps[2].value == 0);
    CHECK(ex.taps[2].weight == -1);
    CHECK(ex.taps[2].input_col == 3);
    for (const tap& t : ex.taps) {
        CHECK(t.inside);
        CHECK(t.product == t.value * t.weight);
    }
}

TEST_CASE("explain: taps outside the input carry the border value", "[explain]") {
    const matrix in = mat({{1, 2}, {3, 4}});
    const matrix k = mat({{1, 2}, {3, 4}});
    conv_options o = test::opts(padding_preset::same, border_mode::reflect);
    const explanation ex = explain(in.view(), k.view(), o, 1, 1);
    REQUIRE(ex.taps.size() == 4);
    CHECK(ex.taps[0].inside);
    CHECK_FALSE(ex.taps[1].inside);
    CHECK(ex.taps[1].input_row == 1);
    CHECK(ex.taps[1].input_col == 2);
    CHECK(ex.taps[1].value == 4);  // reflect: column 2 of [3 4] is 4
    CHECK(ex.taps[3].input_row == 2);
    CHECK(ex.taps[3].input_col == 2);
    CHECK(ex.sum == 4 * 1 + 4 * 2 + 4 * 3 + 4 * 4);
    o.border = border_mode::constant;
    o.constant = -1;
    const explanation c = explain(in.view(), k.view(), o, 1, 1);
    CHECK(c.taps[3].value == -1);
    CHECK(c.sum == 4 - 2 - 3 - 4);
}

TEST_CASE("explain: with flip the taps name the folded kernel cells", "[explain]") {
    const matrix in = mat({{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
    const matrix k = mat({{1, 2}, {3, 4}});
    conv_options o;
    o.flip = true;
    const explanation ex = explain(in.view(), k.view(), o, 0, 0);
    CHECK(ex.taps[0].kernel_row == 1);
    CHECK(ex.taps[0].kernel_col == 1);
    CHECK(ex.taps[0].weight == 4);
    CHECK(ex.taps[0].value == 1);
    CHECK(ex.taps[3].kernel_row == 0);
    CHECK(ex.taps[3].kernel_col == 0);
    CHECK(ex.taps[3].value == 5);
    CHECK(ex.sum == convolve(in.view(), k.view(), o).data[0]);
}

TEST_CASE("explain: stride and dilation move the window", "[explain]") {
    const matrix in = test::filled(7, 7, 1);
    const matrix k = test::filled(2, 2, 1);
    conv_options o;
    o.stride_y = 2;
    o.stride_x = 3;
    o.dilation_y = 3;
    o.dilation_x = 2;
    const explanation ex = explain(in.view(), k.view(), o, 1, 1);
    CHECK(ex.taps[0].input_row == 2);
    CHECK(ex.taps[0].input_col == 3);
    CHECK(ex.taps[3].input_row == 5);
    CHECK(ex.taps[3].input_col == 5);
}

TEST_CASE("explain: a cell outside the output is an error", "[explain][errors]") {
    const matrix in = test::filled(4, 4, 1), k = test::filled(3, 3, 1);
    CHECK_THROWS_WITH(explain(in.view(), k.view(), {}, 2, 0), Catch::Contains("i (the row, counted from 0) must be 0..1"));
    CHECK_THROWS_WITH(explain(in.view(), k.view(), {}, 0, -1), Catch::Contains("does not exist"));
}
