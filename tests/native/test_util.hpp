#pragma once
// Small builders shared by the native tests.

#include <initializer_list>
#include <random>

#include "convolution/convolution.hpp"

namespace test {

using rows = std::initializer_list<std::initializer_list<double>>;

inline convolution::matrix mat(rows r) {
    convolution::matrix m;
    m.height = static_cast<std::int64_t>(r.size());
    m.width = static_cast<std::int64_t>(r.begin()->size());
    for (const auto& row : r)
        for (double v : row) m.data.push_back(v);
    return m;
}

inline convolution::matrix filled(std::int64_t h, std::int64_t w, double v) {
    return {h, w, std::vector<double>(static_cast<std::size_t>(h * w), v)};
}

inline convolution::conv_options opts(convolution::padding_preset preset = convolution::padding_preset::valid,
                                      convolution::border_mode border = convolution::border_mode::constant) {
    convolution::conv_options o;
    o.preset = preset;
    o.border = border;
    return o;
}

/// Random RGBA image with every byte uniform in 0..255.
inline std::vector<std::uint8_t> random_rgba(std::mt19937& rng, std::int64_t w, std::int64_t h) {
    std::uniform_int_distribution<int> byte(0, 255);
    std::vector<std::uint8_t> px(static_cast<std::size_t>(w * h * 4));
    for (auto& b : px) b = static_cast<std::uint8_t>(byte(rng));
    return px;
}

}  // namespace test
