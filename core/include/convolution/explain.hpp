#pragma once
/// The computation of one output cell, tap by tap, for the step-by-step view.

#include <string>
#include <vector>

#include "convolution/types.hpp"

namespace convolution {

/// One multiplication of the window: where it reads, what it reads and the product.
struct tap {
    std::int64_t kernel_row = 0, kernel_col = 0;  ///< index into the kernel as the caller gave it
    std::int64_t input_row = 0, input_col = 0;    ///< input coordinates; may lie outside the input
    bool inside = false;                          ///< false: value was supplied by the border mode
    double value = 0, weight = 0, product = 0;
};

/// Output cell (row, col): its taps in window order and their sum (equal to convolve()'s value).
struct explanation {
    std::int64_t row = 0, col = 0;
    double sum = 0;
    std::vector<tap> taps;
};

/// Checks that (row, col) is a cell of the output; code bad-value, field "i" (the row) or "j" (the column).
problem check_cell(const conv_plan& plan, std::int64_t row, std::int64_t col);

/// Explains output cell (row, col); arguments must have passed check() and check_cell().
explanation explain_cell(const matrix_view& input, const matrix_view& kernel, const conv_options& options,
                         const conv_plan& plan, std::int64_t row, std::int64_t col);

/// Explains output cell (row, col); throws convolution::error on invalid arguments or a cell outside the output.
explanation explain(const matrix_view& input, const matrix_view& kernel, const conv_options& options,
                    std::int64_t row, std::int64_t col);

}  // namespace convolution
