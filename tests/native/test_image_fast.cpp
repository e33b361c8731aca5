// Every one-pass image path against reference::filter_image_naive. Each path claims exact
// bytes (int_direct by exact integer sums, the float32 paths by their error bound plus a
// float64 recheck near rounding boundaries), so every comparison here is for equality.
#include <catch2/catch.hpp>

#include "detail/image_fast.hpp"
#include "test_util.hpp"

using namespace convolution;
using detail::image_path;

namespace {

struct case_setup {
    std::int64_t w, h;
    std::vector<std::uint8_t> px;
    std::vector<matrix> kernels;
    image_options o;
};

// Runs `path` (if it applies) and the reference; returns whether the path ran.
bool same_as_reference(const case_setup& s, image_path path, const char* what) {
    image_options o = s.o;
    o.kernels.clear();
    for (const auto& k : s.kernels) o.kernels.push_back(k.view());
    const image_view im{s.px.data(), s.w, s.h};
    conv_plan plan;
    if (!check_image(im, o, plan).ok()) return false;
    std::vector<std::uint8_t> out(static_cast<std::size_t>(plan.out_width * plan.out_height * 4), 7);
    if (!detail::filter_image_fast(im, o, plan, out.data(), {}, path)) return false;
    conv_plan q;
    const auto want = reference::filter_image_naive(im, o, q);
    std::size_t bad = 0, first = 0;
    for (std::size_t k = 0; k < out.size(); ++k)
        if (out[k] != want[k] && bad++ == 0) first = k;
    INFO(what << " path " << detail::to_string(path) << ": " << bad << " bytes differ, first at " << first
              << " (got " << int(out[first]) << ", want " << int(want[first]) << ")");
    CHECK(bad == 0);
    return true;
}

matrix random_kernel(std::mt19937& rng, std::int64_t kh, std::int64_t kw, int kind) {
    matrix k{kh, kw, std::vector<double>(static_cast<std::size_t>(kh * kw))};
    std::uniform_int_distribution<int> small(-9, 9);
    std::uniform_real_distribution<double> real(-1, 1);
    std::vector<double> col(static_cast<std::size_t>(kh)), row(static_cast<std::size_t>(kw));
    for (auto& v : col) v = real(rng);
    for (auto& v : row) v = real(rng);
    for (std::int64_t m = 0; m < kh; ++m)
        for (std::int64_t n = 0; n < kw; ++n) {
            double& v = k.data[static_cast<std::size_t>(m * kw + n)];
            switch (kind) {
                case 0: v = small(rng) / 16.0; break;                      // integers times 2^-4
                case 1: v = small(rng); break;                             // plain integers
                case 2: v = real(rng); break;                              // dense real weights
                case 3: v = col[m] * row[n]; break;                        // rank one, rounded weights
                case 4: v = small(rng) / 9.0; break;                       // integers times 1/9
                default: v = (rng() % 3 == 0) ? 0.0 : small(rng) / 2.0; break;  // sparse halves: ties
            }
        }
    return k;
}

const image_path all_paths[] = {image_path::int_direct, image_path::f32_direct, image_path::f32_separable};

}  // namespace

TEST_CASE("image fast paths: random images, kernels, modes, borders and paddings equal the reference",
          "[image][fast]") {
    std::mt19937 rng(20261201);
    std::uniform_int_distribution<int> side(1, 23), ks(1, 6), pick(0, 1000);
    const output_mode modes[] = {output_mode::clamp, output_mode::abs, output_mode::offset, output_mode::normalize};
    const border_mode borders[] = {border_mode::constant, border_mode::replicate, border_mode::reflect,
                                   border_mode::reflect101, border_mode::wrap};
    const padding_preset presets[] = {padding_preset::same, padding_preset::valid, padding_preset::full,
                                      padding_preset::explicit_};
    int ran[3] = {0, 0, 0};
    for (int trial = 0; trial < 1500; ++trial) {
        case_setup s;
        s.w = side(rng);
        s.h = side(rng);
        s.px = test::random_rgba(rng, s.w, s.h);
        const int kind = pick(rng) % 6;
        const bool per_channel = pick(rng) % 4 == 0;
        const std::int64_t kh = ks(rng), kw = ks(rng);
        for (int c = 0; c < (per_channel ? 3 : 1); ++c) {
            // Per-channel kernels may differ in size under 'same' (each is planned on its own).
            const bool own_size = per_channel && pick(rng) % 2 == 0;
            s.kernels.push_back(random_kernel(rng, own_size ? ks(rng) : kh, own_size ? ks(rng) : kw, kind));
        }
        s.o.output = modes[pick(rng) % 4];
        s.o.conv.border = borders[pick(rng) % 5];
        s.o.conv.preset = presets[pick(rng) % 4];
        s.o.conv.explicit_padding = {pick(rng) % 4, pick(rng) % 4, pick(rng) % 4, pick(rng) % 4};
        s.o.conv.dilation_y = 1 + pick(rng) % 2;
        s.o.conv.dilation_x = 1 + pick(rng) % 3;
        s.o.conv.flip = pick(rng) % 2 == 0;
        s.o.conv.constant = pick(rng) % 3 == 0 ? 0.0 : (pick(rng) % 2 ? 17.0 : -3.25);
        s.o.bias = pick(rng) % 3 == 0 ? 0.0 : (pick(rng) % 2 ? 0.5 : -12.0);
        for (int p = 0; p < 3; ++p)
            if (same_as_reference(s, all_paths[p], "random")) ++ran[p];
    }
    INFO("int " << ran[0] << ", f32 direct " << ran[1] << ", separable " << ran[2]);
    CHECK(ran[0] > 200);
    CHECK(ran[1] > 400);
    CHECK(ran[2] > 30);
}

TEST_CASE("image fast paths: which path applies", "[image][fast]") {
    std::mt19937 rng(3);
    case_setup s{40, 30, test::random_rgba(rng, 40, 30), {}, {}};
    auto chosen = [&]() {
        image_options o = s.o;
        o.kernels.clear();
        for (const auto& k : s.kernels) o.kernels.push_back(k.view());
        conv_plan plan;
        REQUIRE(check_image({s.px.data(), s.w, s.h}, o, plan).ok());
        return detail::choose_image_path({s.px.data(), s.w, s.h}, o, plan);
    };
    for (const char* id : {"box-blur-3", "gaussian-blur-3", "gaussian-blur-5", "sharpen", "unsharp-mask-5", "emboss",
                           "laplacian", "sobel-x", "scharr-y", "outline"}) {
        const filter* f = find_filter(id);
        REQUIRE(f);
        s.kernels = f->kernels;
        s.o = options_for(*f);
        INFO(id);
        const image_path p = chosen();
        // Box blurs (1/9, 1/25) are not dyadic: float32 with the recheck; the rest are exact integers.
        if (std::string(id).rfind("box", 0) == 0) CHECK(p == image_path::f32_direct);
        else if (std::string(id) == "gaussian-blur-5") CHECK(p != image_path::row_engine);
        else CHECK(p == image_path::int_direct);
        CHECK(same_as_reference(s, p, id));
    }
    // A 31x31 sampled Gaussian (outer product of one rounded profile) runs as two passes.
    std::vector<double> g(31);
    double total = 0;
    for (int x = 0; x < 31; ++x) total += g[x] = std::exp(-(x - 15) * (x - 15) / 50.0);
    matrix k{31, 31, {}};
    for (double a : g)
        for (double b : g) k.data.push_back(a / total * (b / total));
    s.kernels = {k};
    s.o = image_options{};
    CHECK(chosen() == image_path::f32_separable);
    CHECK(same_as_reference(s, image_path::f32_separable, "gaussian 31"));
    // Not rank one by 1e-12 relative to the largest weight (issue 7, fault 3): never split.
    matrix spike = test::filled(5, 5, 1.0);
    spike.data[12] = 1e12;
    s.kernels = {spike};
    CHECK_FALSE(same_as_reference(s, image_path::f32_separable, "spike"));
    // Its range is too wide for int32 lanes and for a float32 bound: the float64 row engine.
    CHECK(chosen() == image_path::row_engine);
    // Grayscale, magnitude and strides keep the row engine.
    s.kernels = {test::filled(3, 3, 1.0)};
    s.o.grayscale = true;
    CHECK(chosen() == image_path::row_engine);
    s.o.grayscale = false;
    s.o.conv.stride_x = 2;
    CHECK(chosen() == image_path::row_engine);
}

TEST_CASE("image fast paths: exact ties round half away from zero on every path", "[image][fast]") {
    // Odd bytes times 0.5 land exactly on .5; float32 flags them and the float64 recheck decides.
    case_setup s{9, 2, {}, {test::mat({{0.5}})}, {}};
    for (int k = 0; k < 9 * 2 * 4; ++k) s.px.push_back(static_cast<std::uint8_t>(k * 29 + 1));
    for (output_mode m : {output_mode::clamp, output_mode::abs, output_mode::offset}) {
        s.o.output = m;
        CHECK(same_as_reference(s, image_path::int_direct, "halves"));
        CHECK(same_as_reference(s, image_path::f32_direct, "halves"));
    }
    // The binomial 3x3 / 16 puts one sixteenth of all values on a tie.
    std::mt19937 rng(8);
    s = {64, 48, test::random_rgba(rng, 64, 48), {find_filter("gaussian-blur-3")->kernels[0]}, {}};
    CHECK(same_as_reference(s, image_path::int_direct, "binomial"));
    CHECK(same_as_reference(s, image_path::f32_direct, "binomial"));
    CHECK(same_as_reference(s, image_path::f32_separable, "binomial"));
}

TEST_CASE("image fast paths: integer sums beyond float32's exact range use int32 lanes", "[image][fast]") {
    // 70001 * 255 is past 2^24, where float32 could no longer add the integers exactly.
    std::mt19937 rng(21);
    case_setup s{19, 7, test::random_rgba(rng, 19, 7), {test::mat({{70001, -70000, 3}, {-1, 2, -70002}})}, {}};
    for (output_mode m : {output_mode::clamp, output_mode::abs, output_mode::offset, output_mode::normalize}) {
        s.o.output = m;
        CHECK(same_as_reference(s, image_path::int_direct, "large integers"));
    }
    s.kernels = {test::mat({{1, 2, 1}, {2, -4, 2}, {1, 2, 1}})};
    s.o.bias = 0.25;  // dyadic: still the integer form, in float32 lanes
    CHECK(same_as_reference(s, image_path::int_direct, "small integers"));
}

TEST_CASE("image fast paths: the integer form rounds in float32 lanes only while every value stays exact there",
          "[image][fast]") {
    // Weights k / 2^15: the planar path rounds sum + bias + 128 * 2^15 + 2^14 in float32. With
    // sum |k| = 49201 every such value is below 2^24; with 49217 the values with the offset pass
    // it and the int32-lane row path takes over. Both must give the reference's bytes.
    std::mt19937 rng(24);
    for (double last : {1201.0, 1217.0}) {
        case_setup s{23, 9, test::random_rgba(rng, 23, 9), {test::mat({{24000 / 32768.0, -24000 / 32768.0, last / 32768.0}})}, {}};
        for (output_mode m : {output_mode::clamp, output_mode::abs, output_mode::offset}) {
            s.o.output = m;
            for (double bias : {0.0, 0.5, -3.25}) {
                s.o.bias = bias;
                CHECK(same_as_reference(s, image_path::int_direct, "edge of float32"));
            }
        }
    }
}

TEST_CASE("image fast paths: normalize of a flat result stays flat, and its extremes are exact", "[image][fast]") {
    // Rows sum exactly to 0 on a solid image: every value is exactly 0, so the result is black.
    case_setup s{12, 10, {}, {}, {}};
    for (int k = 0; k < 12 * 10; ++k) s.px.insert(s.px.end(), {200, 100, 50, 255});
    matrix k{8, 8, {}};
    const double row[] = {1, -2, 3, -4, 4, -3, 2, -1};
    for (int m = 0; m < 8; ++m)
        for (double v : row) k.data.push_back(v * (m + 1) / 64.0);
    s.kernels = {k};
    s.o.output = output_mode::normalize;
    CHECK(same_as_reference(s, image_path::int_direct, "flat"));
    image_options o = s.o;
    o.kernels = {k.view()};
    conv_plan plan;
    const auto out = filter_image({s.px.data(), 12, 10}, o, plan);
    for (std::size_t q = 0; q < out.size(); ++q) CHECK(int(out[q]) == (q % 4 == 3 ? 255 : 0));
}

TEST_CASE("image fast paths: large constants, bias and an 8-bit edge case fall back or stay exact",
          "[image][fast]") {
    std::mt19937 rng(11);
    case_setup s{17, 13, test::random_rgba(rng, 17, 13), {test::mat({{1, 2, 1}, {0, 0, 0}, {-1, -2, -1}})}, {}};
    s.o.conv.border = border_mode::constant;
    s.o.conv.preset = padding_preset::full;
    for (double c : {0.0, 255.0, -1e6, 1e40, 0.3}) {
        s.o.conv.constant = c;
        for (image_path p : all_paths) same_as_reference(s, p, "constant");
    }
    s.o.conv.constant = 1e40;  // beyond float32 and the integer form: only the row engine
    CHECK_FALSE(same_as_reference(s, image_path::f32_direct, "huge constant"));
    CHECK_FALSE(same_as_reference(s, image_path::int_direct, "huge constant"));
    s.o.conv.constant = 0;
    s.o.bias = 1e-3;  // not a multiple of 2^-k for small k: float32 only
    CHECK_FALSE(same_as_reference(s, image_path::int_direct, "bias"));
    CHECK(same_as_reference(s, image_path::f32_direct, "bias"));
    // A constant no border reads may be anything in range: the integer form ignores it (it was
    // once cast to int64 regardless, undefined for -1e100; found by fuzz_image, UBSan aborts).
    s.o.bias = 0;
    for (border_mode b : {border_mode::replicate, border_mode::reflect, border_mode::reflect101, border_mode::wrap})
        for (double c : {-1e100, 1e100, 0.5}) {
            s.o.conv.border = b;
            s.o.conv.constant = c;
            CHECK(same_as_reference(s, image_path::int_direct, "unread constant"));
        }
}

TEST_CASE("image fast paths: the float32 split refuses a constant beyond float32's range", "[image][fast]") {
    // Found by fuzz_image: one weight 5e-321 (0 in float32) on a constant border of -1e100
    // (-inf in float32) gave NaN, so byte 0 where the reference rounds 2.5 up to 3.
    std::mt19937 rng(5);
    matrix k{2, 6, std::vector<double>(12, 0.0)};
    k.data[0] = 5.0592322134143646e-321;
    case_setup s{8, 3, test::random_rgba(rng, 8, 3), {k}, {}};
    s.o.conv.border = border_mode::constant;
    s.o.conv.constant = -1e100;
    s.o.conv.preset = padding_preset::explicit_;
    s.o.conv.explicit_padding = {1, 40, 40, 40};
    s.o.output = output_mode::abs;
    s.o.bias = 2.5;
    CHECK_FALSE(same_as_reference(s, image_path::f32_separable, "huge constant"));
    CHECK_FALSE(same_as_reference(s, image_path::f32_direct, "huge constant"));
    image_options o = s.o;
    o.kernels = {s.kernels[0].view()};
    const image_view im{s.px.data(), s.w, s.h};
    conv_plan plan, q;
    const auto fast = filter_image(im, o, plan);
    CHECK(fast == reference::filter_image_naive(im, o, q));
}

TEST_CASE("image fast paths: wide images run in column strips with their halo columns", "[image][fast]") {
    // Tall kernels make the planar paths walk the image in strips narrower than these images, so
    // each strip's first and last columns read their neighbours' pixels through the row cache.
    std::mt19937 rng(12);
    std::vector<double> g(31);
    double total = 0;
    for (int x = 0; x < 31; ++x) total += g[x] = std::exp(-(x - 15) * (x - 15) / 50.0);
    matrix gauss{31, 31, {}};
    for (double a : g)
        for (double b : g) gauss.data.push_back(a / total * (b / total));
    case_setup s{1803, 9, test::random_rgba(rng, 1803, 9), {gauss}, {}};
    s.o.conv.border = border_mode::reflect;
    CHECK(same_as_reference(s, image_path::f32_separable, "wide gaussian"));
    s.o.conv.border = border_mode::wrap;
    s.o.output = output_mode::offset;
    s.o.conv.dilation_x = 2;
    CHECK(same_as_reference(s, image_path::f32_separable, "wide dilated gaussian"));
    s.o = image_options{};
    s.kernels = {random_kernel(rng, 15, 15, 2), random_kernel(rng, 15, 3, 1), random_kernel(rng, 1, 15, 0)};
    s.o.conv.border = border_mode::replicate;
    CHECK_FALSE(same_as_reference(s, image_path::f32_direct, "wide per-channel, out of float32 range"));
    for (auto& k : s.kernels)
        for (double& v : k.data) v /= 64;
    CHECK(same_as_reference(s, image_path::f32_direct, "wide per-channel"));
    s.kernels = {random_kernel(rng, 15, 15, 1)};
    s.o.conv.preset = padding_preset::valid;
    s.o.output = output_mode::abs;
    s.h = 20;
    s.px = test::random_rgba(rng, s.w, s.h);
    CHECK(same_as_reference(s, image_path::int_direct, "wide integers"));
}
