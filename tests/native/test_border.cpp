#include <catch2/catch.hpp>

#include "test_util.hpp"

using namespace convolution;

namespace {
// Builds the infinite padded row by the definitions of SEMANTICS.md section 3, literally:
// mirror copies appended one after another (reflect: whole row; reflect101: without the
// edge), or plain repetition for wrap. Index p of the result, shifted by `margin`.
std::int64_t unfolded(std::int64_t p, std::int64_t n, border_mode mode) {
    if (mode == border_mode::constant) return (p >= 0 && p < n) ? p : -1;
    if (mode == border_mode::replicate) return p < 0 ? 0 : (p >= n ? n - 1 : p);
    std::vector<std::int64_t> period;
    for (std::int64_t k = 0; k < n; ++k) period.push_back(k);
    if (mode == border_mode::reflect)
        for (std::int64_t k = n - 1; k >= 0; --k) period.push_back(k);
    if (mode == border_mode::reflect101)
        for (std::int64_t k = n - 2; k >= 1; --k) period.push_back(k);
    const auto len = static_cast<std::int64_t>(period.size());
    return period[static_cast<std::size_t>(((p % len) + len) % len)];
}
}  // namespace

TEST_CASE("border modes reproduce the diagrams of SEMANTICS.md for a b c d", "[border]") {
    // Columns: p = -3 -2 -1 | 0 1 2 3 | 4 5 6 ; -1 means the constant value.
    struct row {
        border_mode mode;
        std::int64_t expected[10];
    };
    const row table[] = {
        {border_mode::constant, {-1, -1, -1, 0, 1, 2, 3, -1, -1, -1}},   // c c c | a b c d | c c c
        {border_mode::replicate, {0, 0, 0, 0, 1, 2, 3, 3, 3, 3}},        // a a a | a b c d | d d d
        {border_mode::reflect, {2, 1, 0, 0, 1, 2, 3, 3, 2, 1}},          // c b a | a b c d | d c b
        {border_mode::reflect101, {3, 2, 1, 0, 1, 2, 3, 2, 1, 0}},       // d c b | a b c d | c b a
        {border_mode::wrap, {1, 2, 3, 0, 1, 2, 3, 0, 1, 2}},             // b c d | a b c d | a b c
    };
    for (const auto& r : table) {
        INFO("mode " << to_string(r.mode));
        for (std::int64_t p = -3; p <= 6; ++p) CHECK(border_index(p, 4, r.mode) == r.expected[p + 3]);
    }
}

TEST_CASE("padding wider than the input repeats periodically", "[border]") {
    const border_mode modes[] = {border_mode::constant, border_mode::replicate, border_mode::reflect,
                                 border_mode::reflect101, border_mode::wrap};
    for (auto mode : modes)
        for (std::int64_t n = 1; n <= 7; ++n)
            for (std::int64_t p = -50; p <= 50; ++p) {
                INFO("mode " << to_string(mode) << ", n " << n << ", p " << p);
                CHECK(border_index(p, n, mode) == unfolded(p, n, mode));
            }
}

TEST_CASE("single-cell inputs read index 0 in every non-constant mode", "[border]") {
    for (auto mode : {border_mode::replicate, border_mode::reflect, border_mode::reflect101, border_mode::wrap})
        for (std::int64_t p : {-1000, -2, -1, 1, 2, 999}) CHECK(border_index(p, 1, mode) == 0);
}

TEST_CASE("periods: reflect 2n, reflect101 2n-2, wrap n", "[border]") {
    CHECK(border_index(-9, 4, border_mode::reflect) == border_index(-1, 4, border_mode::reflect));
    CHECK(border_index(10, 4, border_mode::reflect101) == border_index(4, 4, border_mode::reflect101));
    CHECK(border_index(-5, 4, border_mode::wrap) == 3);
    CHECK(border_index(1000003, 5, border_mode::wrap) == 3);
}

TEST_CASE("border names parse and print", "[border]") {
    for (const char* name : {"constant", "replicate", "reflect", "reflect101", "wrap"}) {
        border_mode m{};
        REQUIRE(parse_border_mode(name, m));
        CHECK(std::string(to_string(m)) == name);
    }
    border_mode m{};
    CHECK_FALSE(parse_border_mode("mirror", m));
    CHECK_FALSE(parse_border_mode("Reflect", m));
    padding_preset p{};
    CHECK(parse_padding_preset("same", p));
    CHECK(p == padding_preset::same);
    CHECK_FALSE(parse_padding_preset("SAME", p));
}
