#pragma once
/// 2-D convolution / cross-correlation of a matrix with a kernel (SEMANTICS.md section 1).

#include <string>

#include "convolution/types.hpp"

namespace convolution {

/// Checks shapes, values and options and resolves the geometry; returns "" and fills plan, or an error message.
std::string check(const matrix_view& input, const matrix_view& kernel, const conv_options& options, conv_plan& plan);

/// Resolves the geometry from shapes alone (no data looked at); returns "" and fills plan, or an error message.
std::string plan_geometry(std::int64_t height, std::int64_t width, std::int64_t kernel_height,
                          std::int64_t kernel_width, const conv_options& options, conv_plan& plan);

/// Checks that every value is finite and within limits::max_magnitude; returns "" or an error naming `what`.
std::string check_values(const matrix_view& m, const char* what);

/// Fast path: writes plan.out_height x plan.out_width values to out. Arguments must have passed check().
void convolve_into(const matrix_view& input, const matrix_view& kernel, const conv_options& options,
                   const conv_plan& plan, double* out);

/// Checks, then convolves; throws convolution::error on invalid arguments.
matrix convolve(const matrix_view& input, const matrix_view& kernel, const conv_options& options = {});

namespace reference {
/// The textbook four loops, kept as the oracle every faster path is tested against. Throws like convolve().
matrix convolve_naive(const matrix_view& input, const matrix_view& kernel, const conv_options& options = {});
}  // namespace reference

}  // namespace convolution
