// convolve_transpose: hand-worked scatters, the naive gather, the adjoint identity, explain, errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

#include "test_util.hpp"

using namespace convolution;
using test::mat;

namespace {

transpose_options strided(std::int64_t s) {
    transpose_options o;
    o.stride_y = o.stride_x = s;
    return o;
}

std::vector<double> flat(test::rows r) { return mat(r).data; }

problem transpose_problem(const matrix& in, const matrix& k, const transpose_options& o) {
    transpose_plan plan;
    return check_transpose(in.view(), k.view(), o, plan);
}

// plan_geometry answers with a problem, or with the message alone in older cores.
bool core_ok(const std::string& message) { return message.empty(); }
bool core_ok(const problem& p) { return p.ok(); }

bool bitwise_equal(const matrix& a, const matrix& b) {
    return a.height == b.height && a.width == b.width &&
           std::memcmp(a.data.data(), b.data.data(), a.data.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("transpose: a 2x2 input, 2x2 kernel, stride 2 tiles four scaled kernels", "[transpose]") {
    const matrix in = mat({{1, 2}, {3, 4}});
    const matrix k = mat({{1, 10}, {100, 1000}});
    // outH = (2 - 1) * 2 - 0 + 1 * (2 - 1) + 0 + 1 = 4; input cell (i, j) writes I[i][j] * K at (2i, 2j).
    const matrix out = convolve_transpose(in.view(), k.view(), strided(2));
    REQUIRE(out.height == 4);
    REQUIRE(out.width == 4);
    CHECK(out.data == flat({{1, 10, 2, 20}, {100, 1000, 200, 2000}, {3, 30, 4, 40}, {300, 3000, 400, 4000}}));
    // Output padding 1 adds a bottom row and a right column that nothing reaches.
    transpose_options o = strided(2);
    o.output_padding_y = o.output_padding_x = 1;
    const matrix padded = convolve_transpose(in.view(), k.view(), o);
    REQUIRE(padded.height == 5);
    REQUIRE(padded.width == 5);
    CHECK(padded.at(1, 3) == 2000);
    for (std::int64_t t = 0; t < 5; ++t) {
        CHECK(padded.at(4, t) == 0);
        CHECK(padded.at(t, 4) == 0);
    }
    // Padding 1 crops one row/column from every side: the middle 2x2 remains.
    o = strided(2);
    o.crop = {1, 1, 1, 1};
    CHECK(convolve_transpose(in.view(), k.view(), o).data == flat({{1000, 200}, {30, 4}}));
}

TEST_CASE("transpose: overlapping copies add up; the counts make a checkerboard", "[transpose]") {
    const matrix in = mat({{1, 2}, {3, 4}});
    const matrix ones = mat({{1, 1}, {1, 1}});
    // Stride 1: each output cell sums the input cells whose kernel copies cover it.
    CHECK(convolve_transpose(in.view(), ones.view()).data == flat({{1, 3, 2}, {4, 10, 6}, {3, 7, 4}}));
    // A 3x3 kernel of ones at stride 2 on a 2x2 input of ones: the number of copies covering each cell.
    const matrix one = test::filled(2, 2, 1), k3 = test::filled(3, 3, 1);
    CHECK(convolve_transpose(one.view(), k3.view(), strided(2)).data ==
          flat({{1, 1, 2, 1, 1}, {1, 1, 2, 1, 1}, {2, 2, 4, 2, 2}, {1, 1, 2, 1, 1}, {1, 1, 2, 1, 1}}));
    // Dilation 2 spreads the kernel taps: a single input cell writes K at (0,0), (0,2), (2,0), (2,2).
    transpose_options d;
    d.dilation_y = d.dilation_x = 2;
    const matrix single = mat({{5}});
    CHECK(convolve_transpose(single.view(), mat({{1, 2}, {3, 4}}).view(), d).data ==
          flat({{5, 0, 10}, {0, 0, 0}, {15, 0, 20}}));
}

TEST_CASE("transpose: random cases equal the naive gather bit for bit", "[transpose][random]") {
    std::mt19937 rng(77);
    auto uniform = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    std::uniform_real_distribution<double> real(-10, 10);
    int compared = 0, refused = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        matrix in{uniform(1, 12), uniform(1, 12), {}}, k{uniform(1, 5), uniform(1, 5), {}};
        const bool integers = trial % 3 == 0;
        for (std::int64_t n = 0; n < in.height * in.width; ++n) in.data.push_back(integers ? double(uniform(-5, 5)) : real(rng));
        for (std::int64_t n = 0; n < k.height * k.width; ++n) k.data.push_back(trial % 5 == 0 && n % 2 ? 0.0 : real(rng));
        transpose_options o;
        o.stride_y = uniform(1, 4);
        o.stride_x = uniform(1, 4);
        o.dilation_y = uniform(1, 3);
        o.dilation_x = uniform(1, 3);
        o.crop = {uniform(0, 4), uniform(0, 4), uniform(0, 4), uniform(0, 4)};
        o.output_padding_y = uniform(0, std::max(o.stride_y, o.dilation_y) - 1);
        o.output_padding_x = uniform(0, std::max(o.stride_x, o.dilation_x) - 1);
        INFO("trial " << trial);
        transpose_plan plan;
        const problem p = check_transpose(in.view(), k.view(), o, plan);
        if (!p.ok()) {
            CHECK(p.code == "does-not-fit");
            CHECK(p.field == "padding");
            ++refused;
            continue;
        }
        CHECK(plan.out_height == (in.height - 1) * o.stride_y - o.crop.top - o.crop.bottom +
                                     o.dilation_y * (k.height - 1) + o.output_padding_y + 1);
        const matrix fast = convolve_transpose(in.view(), k.view(), o);
        const matrix slow = reference::convolve_transpose_naive(in.view(), k.view(), o);
        REQUIRE(bitwise_equal(fast, slow));
        // Adding every input cell's inside products in (i, j) order gives the output exactly.
        std::vector<double> sums(fast.data.size(), 0.0);
        for (std::int64_t i = 0; i < in.height; ++i)
            for (std::int64_t j = 0; j < in.width; ++j) {
                const scatter_explanation ex = explain_transpose(in.view(), k.view(), o, i, j);
                REQUIRE(ex.value == in.at(i, j));
                REQUIRE(ex.targets.size() == static_cast<std::size_t>(k.height * k.width));
                for (const auto& t : ex.targets) {
                    REQUIRE(t.product == t.weight * ex.value);
                    if (t.inside) sums[static_cast<std::size_t>(t.output_row * fast.width + t.output_col)] += t.product;
                }
            }
        REQUIRE(std::memcmp(sums.data(), fast.data.data(), sums.size() * sizeof(double)) == 0);
        ++compared;
    }
    CHECK(compared > 1000);
    CHECK(refused > 0);
}

TEST_CASE("transpose: the adjoint of convolve, <convolve(X), Y> = <X, convolveTranspose(Y)>", "[transpose][random]") {
    std::mt19937 rng(5150);
    auto uniform = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng); };
    std::uniform_real_distribution<double> real(-1, 1);
    int compared = 0;
    for (int trial = 0; trial < 1500; ++trial) {
        matrix x{uniform(1, 15), uniform(1, 15), {}}, k{uniform(1, 5), uniform(1, 5), {}};
        for (std::int64_t n = 0; n < x.height * x.width; ++n) x.data.push_back(real(rng));
        for (std::int64_t n = 0; n < k.height * k.width; ++n) k.data.push_back(real(rng));
        conv_options c;
        c.stride_y = uniform(1, 4);
        c.stride_x = uniform(1, 4);
        c.dilation_y = uniform(1, 3);
        c.dilation_x = uniform(1, 3);
        c.preset = padding_preset::explicit_;
        c.explicit_padding = {uniform(0, 3), uniform(0, 3), uniform(0, 3), uniform(0, 3)};
        conv_plan cp;
        if (!core_ok(plan_geometry(x.height, x.width, k.height, k.width, c, cp))) continue;
        const matrix cx = convolve(x.view(), k.view(), c);
        matrix y{cx.height, cx.width, {}};
        for (std::int64_t n = 0; n < y.height * y.width; ++n) y.data.push_back(real(rng));
        transpose_options t;
        t.stride_y = c.stride_y;
        t.stride_x = c.stride_x;
        t.dilation_y = c.dilation_y;
        t.dilation_x = c.dilation_x;
        t.crop = c.explicit_padding;
        // The rows a strided window never reaches come back as output padding, so the sizes map back to X's.
        t.output_padding_y = (x.height + c.explicit_padding.top + c.explicit_padding.bottom - cp.extent_y) % c.stride_y;
        t.output_padding_x = (x.width + c.explicit_padding.left + c.explicit_padding.right - cp.extent_x) % c.stride_x;
        const matrix ty = convolve_transpose(y.view(), k.view(), t);
        REQUIRE(ty.height == x.height);
        REQUIRE(ty.width == x.width);
        double lhs = 0, rhs = 0, scale = 0;
        for (std::size_t n = 0; n < y.data.size(); ++n) lhs += cx.data[n] * y.data[n];
        for (std::size_t n = 0; n < x.data.size(); ++n) rhs += x.data[n] * ty.data[n];
        // Both sides add the same products X*K*Y in different orders. A sum of n terms is off by at most n * 2^-53
        // times the sum of their magnitudes; here n <= 15*15*5*5 = 5625, so the sides differ by at most
        // 2 * 5625 * 2^-53 < 1.3e-12 of that sum, and 2e-12 of it bounds the difference.
        for (std::int64_t i = 0; i < cx.height; ++i)
            for (std::int64_t j = 0; j < cx.width; ++j)
                for (const tap& tp : explain(x.view(), k.view(), c, i, j).taps)
                    scale += std::fabs(tp.product * y.at(i, j));
        INFO("trial " << trial << " lhs " << lhs << " rhs " << rhs);
        REQUIRE(std::fabs(lhs - rhs) <= 2e-12 * scale);
        ++compared;
    }
    CHECK(compared > 1000);
}

TEST_CASE("transpose: explain names every target, inside or cropped", "[transpose][explain]") {
    const matrix in = mat({{1, 2}, {3, 4}});
    const matrix k = mat({{1, 10}, {100, 1000}});
    transpose_options o = strided(2);
    o.crop = {1, 1, 1, 1};
    const scatter_explanation ex = explain_transpose(in.view(), k.view(), o, 0, 1);
    CHECK(ex.value == 2);
    REQUIRE(ex.targets.size() == 4);
    // (0, 1) scatters to rows 0..1, columns 2..3 before cropping, -1..0 and 1..2 after it.
    CHECK(ex.targets[0].output_row == -1);
    CHECK(ex.targets[0].output_col == 1);
    CHECK_FALSE(ex.targets[0].inside);
    CHECK(ex.targets[2].kernel_row == 1);
    CHECK(ex.targets[2].kernel_col == 0);
    CHECK(ex.targets[2].output_row == 0);
    CHECK(ex.targets[2].output_col == 1);
    CHECK(ex.targets[2].inside);
    CHECK(ex.targets[2].product == 200);
    CHECK_FALSE(ex.targets[3].inside);  // column 2 lies in the cropped right margin
    CHECK_THROWS_WITH(explain_transpose(in.view(), k.view(), o, 0, 2), Catch::Contains("Input cell (0, 2) does not exist"));
}

TEST_CASE("transpose: every error has a code, a field and says what is allowed", "[transpose][errors]") {
    const matrix in = mat({{1, 2}, {3, 4}}), k = mat({{1, 1}, {1, 1}});
    auto with = [](auto set) {
        transpose_options q;
        set(q);
        return q;
    };
    matrix bad_in = in, bad_k = k;
    bad_in.data[3] = std::numeric_limits<double>::infinity();
    bad_k.data[2] = std::numeric_limits<double>::quiet_NaN();
    const matrix wide{1, limits::max_side + 1, std::vector<double>(static_cast<std::size_t>(limits::max_side + 1), 0.0)};
    const matrix big_k = test::filled(1025, 1025, 0);
    struct expect {
        problem p;
        const char* code;
        const char* field;
        const char* words;
    } cases[] = {
        {transpose_problem(matrix{0, 2, {}}, k, {}), "bad-shape", "input", "The input height must be an integer from 1 to 65536, got 0"},
        {transpose_problem(wide, k, {}), "too-large", "input", "The input width must be an integer from 1 to 65536, got 65537"},
        {transpose_problem(in, big_k, {}), "too-large", "kernel", "The kernel is too large"},
        {transpose_problem(in, k, with([](transpose_options& q) { q.stride_x = 0; })), "bad-option", "strideX", "strideX must be an integer from 1 to 65536, got 0"},
        {transpose_problem(in, k, with([](transpose_options& q) { q.dilation_y = -1; })), "bad-option", "dilationY", "dilationY must be"},
        {transpose_problem(in, k, with([](transpose_options& q) { q.crop.bottom = -2; })), "bad-option", "padding.bottom", "padding.bottom must be an integer from 0 to 65536"},
        {transpose_problem(in, k, with([](transpose_options& q) { q.stride_y = 2; q.output_padding_y = 2; })), "bad-option", "outputPaddingY",
         "outputPaddingY must be an integer from 0 to 1 (less than max(strideY, dilationY) = 2), got 2"},
        {transpose_problem(in, k, with([](transpose_options& q) { q.output_padding_x = 1; })), "bad-option", "outputPaddingX", "from 0 to 0"},
        {transpose_problem(in, k, with([](transpose_options& q) { q.output_padding_x = -1; })), "bad-option", "outputPaddingX", "got -1"},
        {transpose_problem(in, k, with([](transpose_options& q) { q.crop.top = 2; q.crop.bottom = 1; })), "does-not-fit", "padding",
         "The padding crops away the whole output: the full scatter is 3 rows"},
        {transpose_problem(test::filled(65536, 1, 0), k, with([](transpose_options& q) { q.stride_y = 65536; q.stride_x = 65536; })), "too-large", "input", "The output would be"},
        {transpose_problem(bad_in, k, {}), "bad-value", "input", "Input value at row 1, column 1 is Infinity"},
        {transpose_problem(in, bad_k, {}), "bad-value", "kernel", "Kernel value at row 1, column 0 is NaN"},
    };
    for (const auto& c : cases) {
        INFO(c.p.message);
        CHECK(c.p.code == c.code);
        CHECK(c.p.field == c.field);
        CHECK_THAT(c.p.message, Catch::Contains(c.words));
    }
    // Dilation alone allows output padding up to dilation - 1, as in PyTorch.
    CHECK(transpose_problem(in, k, with([](transpose_options& q) { q.dilation_x = 3; q.output_padding_x = 2; })).ok());
    const problem cell = check_input_cell(in.view(), 2, 0);
    CHECK(cell.code == "bad-value");
    CHECK(cell.field == "i");
    CHECK(check_input_cell(in.view(), 1, -1).field == "j");
    CHECK_THROWS_WITH(convolve_transpose(in.view(), k.view(), with([](transpose_options& q) { q.crop.left = 5; })),
                      Catch::Contains("crops away"));
}
