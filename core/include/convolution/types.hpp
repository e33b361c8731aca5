#pragma once
/// Shared value types of the convolution engine: matrix views, options and limits.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace convolution {

/// Thrown by the throwing entry points when arguments are invalid; what() says what is wrong and what is allowed.
class error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// What is wrong with a call (SEMANTICS.md section 5): a stable kebab-case code, the argument or option
/// it is about, and a message that says what is wrong and what is allowed. An empty message means "fine".
struct problem {
    std::string code;     ///< bad-shape, bad-value, bad-option, unknown-name, does-not-fit, too-large
    std::string field;    ///< input, kernel, strideY, padding.top, border, kernels[2], ...
    std::string message;
    bool ok() const { return message.empty(); }
};

/// A read-only row-major matrix of doubles that the caller owns.
struct matrix_view {
    const double* data = nullptr;
    std::int64_t height = 0;
    std::int64_t width = 0;
};

/// A row-major matrix of doubles that owns its storage.
struct matrix {
    std::int64_t height = 0;
    std::int64_t width = 0;
    std::vector<double> data;

    /// Element (r, c).
    double at(std::int64_t r, std::int64_t c) const { return data[static_cast<std::size_t>(r * width + c)]; }
    /// A view of this matrix.
    matrix_view view() const { return {data.data(), height, width}; }
};

/// How the input is read outside its bounds (SEMANTICS.md section 3).
enum class border_mode { constant, replicate, reflect, reflect101, wrap };

/// Which padding rule fixes the four margins (SEMANTICS.md section 2).
enum class padding_preset { valid, same, full, explicit_ };

/// Margins added around the input, in cells.
struct padding {
    std::int64_t top = 0, bottom = 0, left = 0, right = 0;
};

/// Every parameter of the operation, with the contract's defaults.
struct conv_options {
    std::int64_t stride_y = 1, stride_x = 1;
    std::int64_t dilation_y = 1, dilation_x = 1;
    padding_preset preset = padding_preset::valid;
    padding explicit_padding{};  ///< used only when preset is explicit_
    border_mode border = border_mode::constant;
    double constant = 0.0;
    bool flip = false;
};

/// The resolved geometry of one convolution: margins, kernel extent and output size.
struct conv_plan {
    padding pad{};
    std::int64_t extent_y = 0, extent_x = 0;
    std::int64_t out_height = 0, out_width = 0;
};

/// Bounds that keep every computation inside memory and exact integer arithmetic.
namespace limits {
inline constexpr std::int64_t max_side = 65536;           ///< any matrix side, padding, stride or dilation
inline constexpr std::int64_t max_cells = 1LL << 26;      ///< cells of an input or output matrix (8192x8192)
inline constexpr std::int64_t max_kernel_cells = 1LL << 20;
inline constexpr std::int64_t max_image_pixels = 8192LL * 8192LL;
inline constexpr std::int64_t max_image_side = 32768;
inline constexpr double max_magnitude = 1e100;            ///< |value| bound that rules out overflow to infinity
inline constexpr std::int64_t max_channels = 4096;        ///< channels of a tensor; outChannels, inChannels of a layer
inline constexpr std::int64_t max_tensor_cells = max_cells;  ///< channels x height x width of a tensor, in or out
inline constexpr std::int64_t max_weight_cells = max_kernel_cells;  ///< outChannels x inChannels x height x width
}  // namespace limits

/// The contract's name of a border mode.
const char* to_string(border_mode mode);
/// Parses a border-mode name; false when unknown.
bool parse_border_mode(const std::string& name, border_mode& out);
/// Parses a padding-preset name ("valid", "same", "full", "explicit"); false when unknown.
bool parse_padding_preset(const std::string& name, padding_preset& out);

}  // namespace convolution
