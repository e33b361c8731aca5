#include <catch2/catch.hpp>

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
    REQUIRE(check_image({px.data(), 1024, 300}, o, p).empty());
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
