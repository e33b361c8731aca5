#pragma once
/// Channels x height x width tensors, ReLU and pooling (SEMANTICS.md section 8).

#include <cstdint>
#include <string>
#include <vector>

#include "convolution/types.hpp"

namespace convolution {

/// A read-only tensor the caller owns: data[(c*height + y)*width + x].
struct tensor_view {
    const double* data = nullptr;
    std::int64_t channels = 0, height = 0, width = 0;

    /// Channel c as a matrix.
    matrix_view channel(std::int64_t c) const { return {data + c * height * width, height, width}; }
};

/// A tensor that owns its storage, laid out like tensor_view.
struct tensor {
    std::int64_t channels = 0, height = 0, width = 0;
    std::vector<double> data;

    double at(std::int64_t c, std::int64_t y, std::int64_t x) const {
        return data[static_cast<std::size_t>((c * height + y) * width + x)];
    }
    tensor_view view() const { return {data.data(), channels, height, width}; }
};

/// Checks a tensor's shape only (each of channels, height, width within limits, cells within max_tensor_cells);
/// `field` names it in the problem ("input", "tensor"). t.data is not read.
problem check_tensor_shape(const tensor_view& t, const char* field);

/// check_tensor_shape(), then every value (finite, magnitude at most limits::max_magnitude).
problem check_tensor(const tensor_view& t, const char* field);

/// max(0, v) cell by cell; -0 becomes +0. Throws convolution::error on an invalid tensor.
tensor relu(const tensor_view& t);
/// The fast path of relu: writes t's cells to out. t must have passed check_tensor().
void relu_into(const tensor_view& t, double* out);

enum class pool_mode { max, average };

/// A pooling window and its steps; windows are whole (no padding).
struct pool_options {
    pool_mode mode = pool_mode::max;
    std::int64_t height = 1, width = 1;
    std::int64_t stride_y = 1, stride_x = 1;

    /// The contract's defaults: the strides equal the window, so windows tile the input.
    static pool_options window(pool_mode mode, std::int64_t height, std::int64_t width) {
        return {mode, height, width, height, width};
    }
};

/// outH = floor((H - h) / Sy) + 1, outW alike.
struct pool_plan {
    std::int64_t out_height = 0, out_width = 0;
};

/// Checks the tensor's shape (field "tensor", t.data not read) and the window (fields height, width, strideY,
/// strideX); fills plan when the problem is ok().
problem plan_pool(const tensor_view& t, const pool_options& options, pool_plan& plan);

/// plan_pool(), then the tensor's values.
problem check_pool(const tensor_view& t, const pool_options& options, pool_plan& plan);

/// Fast path (rows first, then columns): writes channels x out_height x out_width values. Arguments must have
/// passed check_pool(). max is exact; average may differ from the reference in the last bits of the sum.
void pool_into(const tensor_view& t, const pool_options& options, const pool_plan& plan, double* out);

/// Checks, then pools; throws convolution::error on invalid arguments.
tensor pool(const tensor_view& t, const pool_options& options);

/// The contract's name of a pool mode ("max", "average").
const char* to_string(pool_mode mode);
/// Parses a pool-mode name; false when unknown.
bool parse_pool_mode(const std::string& name, pool_mode& out);

namespace reference {
/// Each window read in row-major order: the first largest value, or the sum divided by h*w. Throws like pool().
tensor pool_naive(const tensor_view& t, const pool_options& options);
/// v > 0 ? v : 0, cell by cell.
tensor relu_naive(const tensor_view& t);
}  // namespace reference

}  // namespace convolution
