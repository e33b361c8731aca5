// Timings of the fast paths against the naive reference: `npm run bench`.
#include <chrono>
#include <cstdio>
#include <random>

#include "convolution/convolution.hpp"

using namespace convolution;

namespace {
template <class F>
double best_ms(F&& f, int reps) {
    double best = 1e300;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

matrix random_matrix(std::mt19937& rng, std::int64_t h, std::int64_t w) {
    std::uniform_real_distribution<double> d(-1, 1);
    matrix m{h, w, std::vector<double>(static_cast<std::size_t>(h * w))};
    for (double& v : m.data) v = d(rng);
    return m;
}
}  // namespace

int main() {
    std::mt19937 rng(1);
    const matrix in = random_matrix(rng, 1024, 1024);
    for (std::int64_t ks : {3, 9}) {
        const matrix k = random_matrix(rng, ks, ks);
        conv_options o;
        o.preset = padding_preset::same;
        o.border = border_mode::reflect101;
        const double fast = best_ms([&] { convolve(in.view(), k.view(), o); }, 5);
        const double slow = best_ms([&] { reference::convolve_naive(in.view(), k.view(), o); }, 2);
        std::printf("convolve 1024x1024, %lldx%lld kernel, same/reflect101: fast %.1f ms, naive %.1f ms (%.1fx)\n",
                    static_cast<long long>(ks), static_cast<long long>(ks), fast, slow, slow / fast);
    }
    std::vector<std::uint8_t> px(4000 * 3000 * 4);
    std::uniform_int_distribution<int> byte(0, 255);
    for (auto& b : px) b = static_cast<std::uint8_t>(byte(rng));
    std::vector<std::uint8_t> out(px.size());
    const image_view image{px.data(), 4000, 3000};
    auto time_image = [&](const char* label, image_options o) {
        conv_plan p;
        if (!check_image(image, o, p).ok()) return;
        std::printf("filter_image 4000x3000 RGBA, %s: %.0f ms\n", label,
                    best_ms([&] { filter_image_into(image, o, p, out.data()); }, 2));
    };
    time_image("box blur 3x3", options_for(*find_filter("box-blur-3")));
    time_image("sobel magnitude", options_for(*find_filter("sobel-magnitude")));
    // Gaussian sigma = 5: 31x31 taps, rank one, so it runs as two 1-D passes.
    matrix g{31, 31, {}};
    std::vector<double> g1(31);
    double s = 0;
    for (int i = 0; i < 31; ++i) s += g1[i] = std::exp(-(i - 15) * (i - 15) / 50.0);
    for (double a : g1)
        for (double b : g1) g.data.push_back(a * b / (s * s));
    image_options go;
    go.kernels = {g.view()};
    time_image("Gaussian sigma 5 (31x31)", go);
    return 0;
}
