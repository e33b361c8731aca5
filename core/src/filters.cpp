#include "convolution/filters.hpp"

#include <initializer_list>

namespace convolution {

namespace {

matrix make(std::int64_t h, std::int64_t w, std::initializer_list<double> values, double scale = 1.0) {
    matrix m{h, w, {}};
    m.data.reserve(values.size());
    for (double v : values) m.data.push_back(v * scale);
    return m;
}

matrix box(std::int64_t n) {
    matrix m{n, n, std::vector<double>(static_cast<std::size_t>(n * n), 1.0 / static_cast<double>(n * n))};
    return m;
}

matrix diagonal(std::int64_t n) {
    matrix m{n, n, std::vector<double>(static_cast<std::size_t>(n * n), 0.0)};
    for (std::int64_t k = 0; k < n; ++k) m.data[static_cast<std::size_t>(k * n + k)] = 1.0 / static_cast<double>(n);
    return m;
}

std::vector<filter> build() {
    using om = output_mode;
    const matrix sobel_x = make(3, 3, {-1, 0, 1, -2, 0, 2, -1, 0, 1});
    const matrix sobel_y = make(3, 3, {-1, -2, -1, 0, 0, 0, 1, 2, 1});
    std::vector<filter> f = {
        {"identity", "Identity", "Leaves the image unchanged, because only the centre weight is 1: the baseline to compare every other filter with.",
         {make(3, 3, {0, 0, 0, 0, 1, 0, 0, 0, 0})}, om::clamp},
        {"box-blur-3", "Box blur 3×3", "Replaces each pixel by the plain average of its 3×3 neighbourhood, which smooths noise but also softens edges.",
         {box(3)}, om::clamp},
        {"box-blur-5", "Box blur 5×5", "Averages a 5×5 neighbourhood equally, a stronger blur whose square footprint can leave blocky artefacts.",
         {box(5)}, om::clamp},
        {"gaussian-blur-3", "Gaussian blur 3×3", "Averages with weights 1-2-1 that fall off from the centre, so it smooths more gently and naturally than a box blur.",
         {make(3, 3, {1, 2, 1, 2, 4, 2, 1, 2, 1}, 1.0 / 16)}, om::clamp},
        {"gaussian-blur-5", "Gaussian blur 5×5", "A wider binomial approximation of a Gaussian (weights 1-4-6-4-1), the usual way to blur before detecting edges.",
         {make(5, 5, {1, 4, 6, 4, 1, 4, 16, 24, 16, 4, 6, 24, 36, 24, 6, 4, 16, 24, 16, 4, 1, 4, 6, 4, 1}, 1.0 / 256)}, om::clamp},
        {"sharpen", "Sharpen", "Adds the difference between a pixel and its four neighbours back to the pixel, which exaggerates edges and fine detail.",
         {make(3, 3, {0, -1, 0, -1, 5, -1, 0, -1, 0})}, om::clamp},
        {"unsharp-mask-5", "Unsharp mask 5×5", "Subtracts a Gaussian-blurred copy from twice the image, the photographer's sharpening that boosts detail without shifting tones.",
         {make(5, 5, {1, 4, 6, 4, 1, 4, 16, 24, 16, 4, 6, 24, -476, 24, 6, 4, 16, 24, 16, 4, 1, 4, 6, 4, 1}, -1.0 / 256)}, om::clamp},
        {"emboss", "Emboss", "Weights one diagonal neighbour against the opposite one, so edges look raised and lit from the top left.",
         {make(3, 3, {-2, -1, 0, -1, 1, 1, 0, 1, 2})}, om::clamp},
        {"outline", "Outline", "Subtracts the eight neighbours from eight times the pixel, so flat areas go black and every edge lights up.",
         {make(3, 3, {-1, -1, -1, -1, 8, -1, -1, -1, -1})}, om::clamp},
        {"laplacian", "Laplacian", "The discrete second derivative: zero on flat areas and smooth ramps, large on both sides of an edge (shown as |value|).",
         {make(3, 3, {0, 1, 0, 1, -4, 1, 0, 1, 0})}, om::abs},
        {"sobel-x", "Sobel x", "The horizontal derivative with extra weight on the centre row: it finds vertical edges (shown as |value| because edges have a sign).",
         {sobel_x}, om::abs},
        {"sobel-y", "Sobel y", "The vertical derivative with extra weight on the centre column: it finds horizontal edges (shown as |value|).",
         {sobel_y}, om::abs},
        {"sobel-magnitude", "Sobel magnitude", "Combines Sobel x and Sobel y as sqrt(gx² + gy²), the strength of an edge in any direction.",
         {sobel_x, sobel_y}, om::clamp, combine_mode::magnitude},
        {"prewitt-x", "Prewitt x", "Like Sobel x but with equal row weights, a slightly noisier detector of vertical edges (shown as |value|).",
         {make(3, 3, {-1, 0, 1, -1, 0, 1, -1, 0, 1})}, om::abs},
        {"prewitt-y", "Prewitt y", "Like Sobel y but with equal column weights, a slightly noisier detector of horizontal edges (shown as |value|).",
         {make(3, 3, {-1, -1, -1, 0, 0, 0, 1, 1, 1})}, om::abs},
        {"scharr-x", "Scharr x", "A horizontal derivative with weights 3-10-3, tuned so that edges at every angle respond more evenly than with Sobel.",
         {make(3, 3, {-3, 0, 3, -10, 0, 10, -3, 0, 3})}, om::abs},
        {"scharr-y", "Scharr y", "A vertical derivative with weights 3-10-3, the rotation-friendlier companion of Scharr x for horizontal edges.",
         {make(3, 3, {-3, -10, -3, 0, 0, 0, 3, 10, 3})}, om::abs},
        {"top-sobel", "Top Sobel", "Lights up edges where the image gets darker going down, as if lit from above; the other direction is clamped to black.",
         {make(3, 3, {1, 2, 1, 0, 0, 0, -1, -2, -1})}, om::clamp},
        {"bottom-sobel", "Bottom Sobel", "Lights up edges where the image gets brighter going down, the mirror image of Top Sobel.",
         {make(3, 3, {-1, -2, -1, 0, 0, 0, 1, 2, 1})}, om::clamp},
        {"left-sobel", "Left Sobel", "Lights up edges where the image gets darker going right, as if lit from the left.",
         {make(3, 3, {1, 0, -1, 2, 0, -2, 1, 0, -1})}, om::clamp},
        {"right-sobel", "Right Sobel", "Lights up edges where the image gets brighter going right, the mirror image of Left Sobel.",
         {make(3, 3, {-1, 0, 1, -2, 0, 2, -1, 0, 1})}, om::clamp},
        {"motion-blur", "Motion blur", "Averages nine pixels along the diagonal, like a camera that moved during the exposure.",
         {diagonal(9)}, om::clamp},
        {"vertical-edge", "Vertical edge", "The column pattern 1, 0, −1 responds where bright meets dark from left to right, the classic first example of an edge detector.",
         {make(3, 3, {1, 0, -1, 1, 0, -1, 1, 0, -1})}, om::abs},
        {"horizontal-edge", "Horizontal edge", "The row pattern 1, 0, −1 responds where bright meets dark from top to bottom, the vertical edge detector turned on its side.",
         {make(3, 3, {1, 1, 1, 0, 0, 0, -1, -1, -1})}, om::abs},
    };
    return f;
}

}  // namespace

const std::vector<filter>& builtin_filters() {
    static const std::vector<filter> catalogue = build();
    return catalogue;
}

const filter* find_filter(const std::string& id) {
    for (const auto& f : builtin_filters())
        if (f.id == id) return &f;
    return nullptr;
}

image_options options_for(const filter& f, const conv_options& conv) {
    image_options o;
    o.conv = conv;
    for (const auto& k : f.kernels) o.kernels.push_back(k.view());
    o.combine = f.combine;
    o.output = f.output;
    return o;
}

}  // namespace convolution
