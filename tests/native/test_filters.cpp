#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <set>

#include "test_util.hpp"

using namespace convolution;

TEST_CASE("the catalogue has every required filter", "[filters]") {
    for (const char* id : {"identity", "box-blur-3", "box-blur-5", "gaussian-blur-3", "gaussian-blur-5", "sharpen",
                           "unsharp-mask-5", "emboss", "outline", "laplacian", "sobel-x", "sobel-y", "sobel-magnitude",
                           "prewitt-x", "prewitt-y", "scharr-x", "scharr-y", "top-sobel", "bottom-sobel", "left-sobel",
                           "right-sobel", "motion-blur", "vertical-edge"}) {
        INFO(id);
        CHECK(find_filter(id) != nullptr);
    }
    CHECK(find_filter("no-such-filter") == nullptr);
}

TEST_CASE("every filter is well formed", "[filters]") {
    std::set<std::string> ids;
    for (const filter& f : builtin_filters()) {
        INFO(f.id);
        CHECK(ids.insert(f.id).second);
        CHECK_FALSE(f.name.empty());
        CHECK(f.description.size() > 30);
        CHECK(f.description.back() == '.');
        REQUIRE_FALSE(f.kernels.empty());
        CHECK(f.kernels.size() == (f.combine == combine_mode::magnitude ? 2u : 1u));
        for (const matrix& k : f.kernels) {
            CHECK(k.data.size() == static_cast<std::size_t>(k.height * k.width));
            CHECK(check_values(k.view(), "Kernel", "kernel").ok());
        }
    }
}

TEST_CASE("blurs preserve brightness and derivative kernels sum to zero", "[filters]") {
    auto sum = [](const char* id) {
        const auto& d = find_filter(id)->kernels[0].data;
        return std::accumulate(d.begin(), d.end(), 0.0);
    };
    for (const char* id : {"identity", "box-blur-3", "box-blur-5", "gaussian-blur-3", "gaussian-blur-5", "sharpen",
                           "unsharp-mask-5", "motion-blur", "emboss"})
        CHECK(sum(id) == Approx(1.0).epsilon(1e-12));
    for (const char* id : {"outline", "laplacian", "sobel-x", "sobel-y", "prewitt-x", "prewitt-y", "scharr-x",
                           "scharr-y", "top-sobel", "vertical-edge"})
        CHECK(sum(id) == 0.0);
}

TEST_CASE("every filter gives the reference's bytes on random images", "[filters][image]") {
    std::mt19937 rng(11);
    for (int trial = 0; trial < 3; ++trial) {
        const std::int64_t w = 7 + trial * 9, h = 5 + trial * 6;
        const auto px = test::random_rgba(rng, w, h);
        for (const filter& f : builtin_filters())
            for (bool gray : {false, true}) {
                INFO(f.id << " gray " << gray << " " << w << "x" << h);
                image_options o = options_for(f);
                o.grayscale = gray;
                conv_plan p, q;
                CHECK(filter_image({px.data(), w, h}, o, p) == reference::filter_image_naive({px.data(), w, h}, o, q));
            }
    }
}

TEST_CASE("identity filter returns the image", "[filters][image]") {
    std::mt19937 rng(3);
    const auto px = test::random_rgba(rng, 13, 9);
    conv_plan p;
    CHECK(filter_image({px.data(), 13, 9}, options_for(*find_filter("identity")), p) == px);
}
