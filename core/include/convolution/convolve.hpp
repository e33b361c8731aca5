#pragma once
/// 2-D convolution / cross-correlation of a matrix with a kernel (SEMANTICS.md section 1).

#include <string>

#include "convolution/types.hpp"

namespace convolution {

/// Checks shapes, values and options and resolves the geometry; fills plan when the problem is ok().
problem check(const matrix_view& input, const matrix_view& kernel, const conv_options& options, conv_plan& plan);

/// Resolves the geometry from shapes alone (no data looked at); fills plan when the problem is ok().
/// Codes: bad-shape, too-large (fields input, kernel, padding), bad-option/too-large (strideY, ...,
/// padding.top, ...), does-not-fit (kernel).
problem plan_geometry(std::int64_t height, std::int64_t width, std::int64_t kernel_height, std::int64_t kernel_width,
                      const conv_options& options, conv_plan& plan);

/// Checks that every value is finite and within limits::max_magnitude; the message names `what`
/// ("Input", "Kernel 2") and the problem is about `field` ("input", "kernels[1]"), code bad-value.
problem check_values(const matrix_view& m, const char* what, const char* field);

/// Checks a number option (constant, bias): finite, magnitude at most limits::max_magnitude; code bad-option.
problem check_number(double v, const char* name);

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
