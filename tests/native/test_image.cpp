#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>

#include "test_util.hpp"

using namespace convolution;
using test::mat;

namespace {
struct image {
    std::int64_t w, h;
    std::vector<std::uint8_t> px;
    image_view view() const { return {px.data(), w, h}; }
};

image solid(std::int64_t w, std::int64_t h, std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t a = 255) {
    image im{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w * h * 4))};
    for (std::size_t k = 0; k < im.px.size(); k += 4) {
        im.px[k] = r;
        im.px[k + 1] = g;
        im.px[k + 2] = b;
        im.px[k + 3] = a;
    }
    return im;
}

std::vector<std::uint8_t> run(const image& im, const image_options& o) {
    conv_plan p;
    auto fast = filter_image(im.view(), o, p);
    conv_plan q;
    auto slow = reference::filter_image_naive(im.view(), o, q);
    CHECK(fast == slow);
    return fast;
}

const matrix scale1 = mat({{1}});
}  // namespace

TEST_CASE("image: a 1x1 kernel scales each channel, rounds half away from zero and clamps", "[image]") {
    const image im = solid(2, 1, 1, 51, 200, 77);
    image_options o;
    const matrix k = mat({{2.5}});
    o.kernels = {k.view()};
    const auto out = run(im, o);
    CHECK(out[0] == 3);    // 2.5 -> 3: half away from zero
    CHECK(out[1] == 128);  // 127.5 -> 128
    CHECK(out[2] == 255);  // 500 clamps
    CHECK(out[3] == 77);   // alpha carried through
}

TEST_CASE("image: output modes abs, offset and bias", "[image]") {
    const image im = solid(1, 1, 10, 20, 30);
    const matrix neg = mat({{-1}});
    image_options o;
    o.kernels = {neg.view()};
    CHECK(run(im, o)[0] == 0);  // clamp: -10 -> 0
    o.output = output_mode::abs;
    CHECK(run(im, o)[1] == 20);
    o.output = output_mode::offset;
    CHECK(run(im, o)[2] == 98);  // -30 + 128
    o.bias = 0.5;
    CHECK(run(im, o)[2] == 99);  // -29.5 + 128 = 98.5 -> 99
    o.output = output_mode::abs;
    o.bias = 7.5;  // |-2.5| = 3 for the first channel
    CHECK(run(im, o)[0] == 3);
}

TEST_CASE("image: normalize stretches R, G and B together", "[image]") {
    image im = solid(2, 1, 0, 0, 0);
    im.px = {10, 20, 30, 255, 40, 50, 60, 255};
    image_options o;
    o.kernels = {scale1.view()};
    o.output = output_mode::normalize;
    const auto out = run(im, o);
    CHECK(out[0] == 0);       // the minimum, 10
    CHECK(out[6] == 255);     // the maximum, 60
    CHECK(out[1] == 51);      // (20-10)/50*255 = 51
    CHECK(out[4] == 153);     // (40-10)/50*255 = 153
    const image flat = solid(3, 3, 9, 9, 9);
    const auto f = run(flat, o);
    CHECK(f[0] == 0);  // no spread: everything maps to 0
}

TEST_CASE("image: grayscale is 0.299 R + 0.587 G + 0.114 B, written to R, G and B", "[image]") {
    const image im = solid(1, 1, 200, 100, 50, 9);
    image_options o;
    o.kernels = {scale1.view()};
    o.grayscale = true;
    const auto out = run(im, o);
    const double gray = 0.299 * 200 + 0.587 * 100 + 0.114 * 50;  // 124.2
    CHECK(out[0] == static_cast<int>(std::round(gray)));
    CHECK(out[1] == out[0]);
    CHECK(out[2] == out[0]);
    CHECK(out[3] == 9);
}

TEST_CASE("image: per-channel kernels", "[image]") {
    const image im = solid(2, 2, 10, 20, 30);
    const matrix r = mat({{2}}), g = mat({{0}}), b = mat({{-1}});
    image_options o;
    o.kernels = {r.view(), g.view(), b.view()};
    o.output = output_mode::offset;
    const auto out = run(im, o);
    CHECK(out[0] == 148);
    CHECK(out[1] == 128);
    CHECK(out[2] == 98);
}

TEST_CASE("image: Sobel magnitude of a vertical step", "[image]") {
    image im = solid(4, 3, 0, 0, 0);
    for (std::int64_t y = 0; y < 3; ++y)
        for (std::int64_t x = 2; x < 4; ++x)
            for (int c = 0; c < 3; ++c) im.px[static_cast<std::size_t>((y * 4 + x) * 4 + c)] = 10;
    const filter* f = find_filter("sobel-magnitude");
    REQUIRE(f);
    const auto out = run(im, options_for(*f));
    // gx at the step is 4 * 10 = 40 (weights 1 2 1), gy is 0 with replicate borders.
    CHECK(out[(0 * 4 + 1) * 4] == 40);
    CHECK(out[(1 * 4 + 2) * 4] == 40);
    CHECK(out[(1 * 4 + 0) * 4] == 0);
}

TEST_CASE("image: a smaller output gets opaque alpha", "[image]") {
    const image im = solid(5, 4, 1, 2, 3, 50);
    const matrix k = test::filled(3, 3, 1);
    image_options o;
    o.kernels = {k.view()};
    o.conv.preset = padding_preset::valid;
    conv_plan p;
    const auto out = filter_image(im.view(), o, p);
    CHECK(p.out_width == 3);
    CHECK(p.out_height == 2);
    REQUIRE(out.size() == 3 * 2 * 4);
    CHECK(out[3] == 255);
    CHECK(out[0] == 9);
}

TEST_CASE("image: progress runs from 0 to 1", "[image]") {
    std::mt19937 rng(5);
    // Progress comes every ~256K output pixels, so the image must be larger than that.
    const auto px = test::random_rgba(rng, 1024, 300);
    const matrix k = test::filled(3, 3, 1.0 / 9);
    image_options o;
    o.kernels = {k.view()};
    o.output = output_mode::normalize;
    conv_plan p;
    REQUIRE(check_image({px.data(), 1024, 300}, o, p).ok());
    std::vector<std::uint8_t> out(1024 * 300 * 4);
    std::vector<double> seen;
    filter_image_into({px.data(), 1024, 300}, o, p, out.data(), [&](double f) { seen.push_back(f); });
    REQUIRE(seen.size() >= 2);
    CHECK(seen.back() == 1.0);
    for (std::size_t k2 = 1; k2 < seen.size(); ++k2) CHECK(seen[k2] >= seen[k2 - 1]);
    CHECK(seen.front() < 0.5);
}

TEST_CASE("image: output mode names", "[image]") {
    for (const char* name : {"clamp", "abs", "offset", "normalize"}) {
        output_mode m{};
        REQUIRE(parse_output_mode(name, m));
        CHECK(std::string(to_string(m)) == name);
    }
    output_mode m{};
    CHECK_FALSE(parse_output_mode("wrap", m));
}

namespace {
// A w x 1 image whose G channel holds the given values (R = 1, B = 2 everywhere).
image green_row(std::initializer_list<std::uint8_t> g) {
    image im = solid(static_cast<std::int64_t>(g.size()), 1, 1, 0, 2);
    std::size_t x = 0;
    for (std::uint8_t v : g) im.px[4 * x++ + 1] = v;
    return im;
}

std::vector<int> channel(const std::vector<std::uint8_t>& px, int c) {
    std::vector<int> v;
    for (std::size_t k = static_cast<std::size_t>(c); k < px.size(); k += 4) v.push_back(px[k]);
    return v;
}

// What convolve() gives for channel c alone, rounded and clamped: the per-channel truth.
std::vector<int> channel_by_convolve(const image& im, int c, const matrix& k, const conv_options& o, double shift = 0) {
    matrix plane{im.h, im.w, {}};
    for (std::size_t p = 0; p < im.px.size(); p += 4) plane.data.push_back(im.px[p + c]);
    std::vector<int> v;
    for (double x : convolve(plane.view(), k.view(), o).data) v.push_back(static_cast<int>(std::clamp(std::round(x + shift), 0.0, 255.0)));
    return v;
}
}  // namespace

TEST_CASE("image: each channel is planned from its own kernel", "[image]") {
    const image im = green_row({10, 20, 30});
    const matrix one = mat({{1}});
    const matrix id3 = mat({{0, 0, 0}, {0, 1, 0}, {0, 0, 0}});
    image_options o;  // padding 'same', border 'replicate'
    SECTION("a 3x3 identity between two 1x1 kernels") {
        o.kernels = {one.view(), id3.view(), one.view()};
        const auto out = run(im, o);
        CHECK(channel(out, 1) == std::vector<int>{10, 20, 30});
        CHECK(channel(out, 0) == std::vector<int>{1, 1, 1});
        CHECK(channel(out, 2) == std::vector<int>{2, 2, 2});
    }
    SECTION("swapped: a 1x1 between two 3x3 identities") {
        o.kernels = {id3.view(), one.view(), id3.view()};
        const auto out = run(im, o);
        CHECK(channel(out, 1) == std::vector<int>{10, 20, 30});
        CHECK(channel(out, 0) == std::vector<int>{1, 1, 1});
        CHECK(channel(out, 2) == std::vector<int>{2, 2, 2});
    }
    SECTION("under 'same' a 1x1 gets no margin and a 5x5 two on each side") {
        const image wide = green_row({10, 20, 30, 40, 50, 60, 70});
        const matrix avg5 = test::filled(5, 5, 1.0 / 25);
        const matrix grad = mat({{-1, 0, 1}});
        o.kernels = {one.view(), avg5.view(), grad.view()};
        o.output = output_mode::offset;
        const auto out = run(wide, o);
        for (int c = 0; c < 3; ++c) {
            const matrix& k = *std::array<const matrix*, 3>{&one, &avg5, &grad}[c];
            CHECK(channel(out, c) == channel_by_convolve(wide, c, k, o.conv, 128));
        }
    }
    SECTION("valid with strideX 2, where the output sizes agree") {
        const image six = green_row({10, 20, 30, 40, 50, 60});
        const matrix pair = mat({{1, 1}});
        o.conv.preset = padding_preset::valid;
        o.conv.stride_x = 2;
        o.kernels = {one.view(), pair.view(), one.view()};
        conv_plan p;
        const auto out = run(six, o);
        REQUIRE(check_image(six.view(), o, p).ok());
        CHECK(p.out_width == 3);
        CHECK(channel(out, 1) == std::vector<int>{30, 70, 110});
        CHECK(channel(out, 1) == channel_by_convolve(six, 1, pair, o.conv));
        CHECK(channel(out, 0) == std::vector<int>{1, 1, 1});
        o.kernels = {pair.view(), one.view(), pair.view()};
        const auto swapped = run(six, o);
        CHECK(channel(swapped, 1) == std::vector<int>{10, 30, 50});
        CHECK(channel(swapped, 0) == std::vector<int>{2, 2, 2});
        CHECK(channel(swapped, 2) == std::vector<int>{4, 4, 4});
    }
    SECTION("output sizes that differ are an error, not a guess") {
        o.conv.preset = padding_preset::valid;
        const image five = green_row({1, 2, 3, 4, 5});
        const matrix row3 = mat({{1, 1, 1}});
        o.kernels = {one.view(), row3.view(), one.view()};
        conv_plan p;
        const problem e = check_image(five.view(), o, p);
        CHECK(e.code == "does-not-fit");
        CHECK(e.field == "kernels");
        CHECK_THROWS_AS(filter_image(five.view(), o, p), error);
        CHECK_THROWS_AS(reference::filter_image_naive(five.view(), o, p), error);
    }
}

TEST_CASE("image: magnitude of two kernels of different sizes plans each one", "[image]") {
    std::mt19937 rng(11);
    const image im{9, 7, test::random_rgba(rng, 9, 7)};
    const matrix gx = mat({{-1, 0, 1}});
    const matrix gy = mat({{-1}, {-2}, {0}, {2}, {1}});
    image_options o;
    o.kernels = {gx.view(), gy.view()};
    o.combine = combine_mode::magnitude;
    for (auto mode : {output_mode::clamp, output_mode::normalize}) {
        o.output = mode;
        run(im, o);
    }
}

TEST_CASE("image: a magnitude whose squares overflow float64 stays finite, also under normalize", "[image]") {
    // A 1e100 border under a 1e100 weight gives gx = 1e200 at the left edge and gy = 1e200 at the
    // right; gx² + gy² is then past the float64 range, and normalize's stretch of inf was NaN.
    const image im = solid(3, 1, 0, 0, 0);
    const matrix gx = mat({{1e100, 0, 0}});
    const matrix gy = mat({{0, 0, 1e100}});
    image_options o;
    o.kernels = {gx.view(), gy.view()};
    o.combine = combine_mode::magnitude;
    o.conv.border = border_mode::constant;
    o.conv.constant = 1e100;
    for (auto mode : {output_mode::normalize, output_mode::clamp, output_mode::abs}) {
        o.output = mode;
        const auto out = run(im, o);
        for (int c = 0; c < 3; ++c) {
            CHECK(out[0 * 4 + c] == 255);
            CHECK(out[1 * 4 + c] == 0);
            CHECK(out[2 * 4 + c] == 255);
        }
    }
}
