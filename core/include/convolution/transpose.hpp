#pragma once
/// Transposed convolution: every input cell scatters a weighted copy of the kernel (SEMANTICS.md section 7).

#include <cstdint>
#include <vector>

#include "convolution/types.hpp"

namespace convolution {

/// Every parameter of convolve_transpose, with the contract's defaults.
struct transpose_options {
    std::int64_t stride_y = 1, stride_x = 1;
    std::int64_t dilation_y = 1, dilation_x = 1;
    padding crop{};  ///< rows/columns cut from each side of the full scatter
    std::int64_t output_padding_y = 0, output_padding_x = 0;  ///< extra rows/columns at the bottom/right
};

/// The output size: outH = (H-1)*Sy - top - bottom + Dy*(M-1) + outputPaddingY + 1 (outW alike).
struct transpose_plan {
    std::int64_t out_height = 0, out_width = 0;
};

/// Checks shapes and options (no values are read) and sizes the output; fills plan when the problem is ok().
/// Fields: input, kernel, strideY, strideX, dilationY, dilationX, padding.top (...), outputPaddingY, outputPaddingX,
/// padding (when the cropping leaves nothing).
problem plan_transpose(std::int64_t height, std::int64_t width, std::int64_t kernel_height, std::int64_t kernel_width,
                       const transpose_options& options, transpose_plan& plan);

/// plan_transpose(), then the values of input and kernel.
problem check_transpose(const matrix_view& input, const matrix_view& kernel, const transpose_options& options,
                        transpose_plan& plan);

/// Fast path: writes plan.out_height x plan.out_width values to out. Arguments must have passed check_transpose().
void convolve_transpose_into(const matrix_view& input, const matrix_view& kernel, const transpose_options& options,
                             const transpose_plan& plan, double* out);

/// Checks, then scatters; throws convolution::error on invalid arguments.
matrix convolve_transpose(const matrix_view& input, const matrix_view& kernel, const transpose_options& options = {});

/// Where one kernel cell of a scattering input cell lands.
struct scatter_target {
    std::int64_t kernel_row = 0, kernel_col = 0;
    std::int64_t output_row = 0, output_col = 0;  ///< may lie in the cropped margin
    bool inside = false;                          ///< false: cropped away
    double weight = 0, product = 0;
};

/// Input cell (row, col), its value and one target per kernel cell in row-major order.
struct scatter_explanation {
    std::int64_t row = 0, col = 0;
    double value = 0;
    std::vector<scatter_target> targets;
};

/// Checks that (row, col) is a cell of the input (code bad-value, fields i and j).
problem check_input_cell(const matrix_view& input, std::int64_t row, std::int64_t col);

/// Explains input cell (row, col); arguments must have passed check_transpose() and check_input_cell().
scatter_explanation explain_transpose_cell(const matrix_view& input, const matrix_view& kernel,
                                           const transpose_options& options, const transpose_plan& plan,
                                           std::int64_t row, std::int64_t col);

/// Checks, then explains input cell (row, col); throws convolution::error on invalid arguments.
scatter_explanation explain_transpose(const matrix_view& input, const matrix_view& kernel,
                                      const transpose_options& options, std::int64_t row, std::int64_t col);

namespace reference {
/// O[r][c] gathered straight from the definition: the sum over i, j (in order) of I[i][j]*K[m][n] for which
/// i*Sy + m*Dy - top = r and j*Sx + n*Dx - left = c. Throws like convolve_transpose().
matrix convolve_transpose_naive(const matrix_view& input, const matrix_view& kernel,
                                const transpose_options& options = {});
}  // namespace reference

}  // namespace convolution
