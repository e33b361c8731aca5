#pragma once
/// One-dimensional convolution of a signal with a kernel (SEMANTICS.md section 6).

#include <cstdint>
#include <vector>

#include "convolution/types.hpp"

namespace convolution {

/// A read-only sequence of doubles that the caller owns (a signal, a 1-D kernel, a bias vector).
struct vector_view {
    const double* data = nullptr;
    std::int64_t length = 0;
};

/// Every parameter of convolve1d, with the contract's defaults.
struct signal_options {
    std::int64_t stride = 1, dilation = 1;
    padding_preset preset = padding_preset::valid;
    std::int64_t pad_left = 0, pad_right = 0;  ///< used only when preset is explicit_
    border_mode border = border_mode::constant;
    double constant = 0.0;
    bool flip = false;

    /// The options of convolve() on a 1xL input that define this call: the same values on the
    /// column axis, nothing on the row axis.
    conv_options as_2d() const;
};

/// The resolved geometry: margins, the kernel's effective length and the output length.
struct signal_plan {
    std::int64_t pad_left = 0, pad_right = 0;
    std::int64_t extent = 0;
    std::int64_t out_length = 0;
};

/// Checks lengths and options (no values are read) and resolves the geometry; fills plan when the problem is
/// ok(). Fields: signal, kernel, stride, dilation, padding.left, padding.right, constant.
problem plan_signal(std::int64_t length, std::int64_t kernel_length, const signal_options& options, signal_plan& plan);

/// plan_signal(), then the values of both sequences (finite, magnitude at most limits::max_magnitude).
problem check_signal(const vector_view& signal, const vector_view& kernel, const signal_options& options,
                     signal_plan& plan);

/// Fast path (the 2-D row engine on the 1xL form): writes plan.out_length values. Arguments must have passed
/// check_signal().
void convolve1d_into(const vector_view& signal, const vector_view& kernel, const signal_options& options,
                     const signal_plan& plan, double* out);

/// Checks, then convolves; throws convolution::error on invalid arguments.
std::vector<double> convolve1d(const vector_view& signal, const vector_view& kernel, const signal_options& options = {});

namespace reference {
/// y[t] = sum_k P(t*stride + k*dilation - left) * h'[k], written out directly. Throws like convolve1d().
std::vector<double> convolve1d_naive(const vector_view& signal, const vector_view& kernel,
                                     const signal_options& options = {});
}  // namespace reference

}  // namespace convolution
