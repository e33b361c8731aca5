#include "convolution/transpose.hpp"

#include <algorithm>
#include <string>

#include "detail/checks.hpp"
#include "detail/text.hpp"

namespace convolution {

namespace {

problem check_matrix_shape(const char* field, const char* name, const matrix_view& m, std::int64_t max_cells) {
    const std::string n(name);
    if (auto p = detail::check_side(field, (n + " height").c_str(), m.height); !p.ok()) return p;
    if (auto p = detail::check_side(field, (n + " width").c_str(), m.width); !p.ok()) return p;
    if (m.height * m.width <= max_cells) return {};
    detail::text s;
    s << name << " is too large: " << m.height << "x" << m.width << " = " << m.height * m.width << " cells; at most "
      << max_cells << " cells are allowed";
    return detail::fail("too-large", field, s.str());
}

std::string at_cell(std::int64_t width, std::int64_t k) {
    return "at row " + std::to_string(k / width) + ", column " + std::to_string(k % width);
}

// One axis: outputPadding below max(stride, dilation) (the sizes it tells apart), and an output that survives cropping.
problem plan_axis(std::int64_t size, std::int64_t ksize, std::int64_t stride, std::int64_t dilation,
                  std::int64_t before, std::int64_t after, std::int64_t output_padding, const char* op_name,
                  const char* stride_name, const char* dilation_name, const char* axis, std::int64_t& out) {
    const std::int64_t bound = std::max(stride, dilation);
    if (output_padding < 0 || output_padding >= bound) {
        detail::text s;
        s << op_name << " must be an integer from 0 to " << bound - 1 << " (less than max(" << stride_name << ", "
          << dilation_name << ") = " << bound << "), got " << output_padding;
        return detail::fail("bad-option", op_name, s.str());
    }
    const std::int64_t full = (size - 1) * stride + dilation * (ksize - 1) + 1;
    out = full - before - after + output_padding;
    if (out >= 1) return {};
    detail::text s;
    s << "The padding crops away the whole output: the full scatter is " << full << " " << axis << " ((" << size
      << " - 1) x " << stride << " + " << dilation << " x (" << ksize << " - 1) + 1), the padding removes "
      << before + after << " and outputPadding adds " << output_padding << ", leaving " << out
      << "; at least 1 must remain: reduce the padding";
    return detail::fail("does-not-fit", "padding", s.str());
}

}  // namespace

problem plan_transpose(std::int64_t height, std::int64_t width, std::int64_t kernel_height, std::int64_t kernel_width,
                       const transpose_options& o, transpose_plan& plan) {
    const matrix_view input{nullptr, height, width}, kernel{nullptr, kernel_height, kernel_width};
    if (auto p = check_matrix_shape("input", "The input", input, limits::max_cells); !p.ok()) return p;
    if (auto p = check_matrix_shape("kernel", "The kernel", kernel, limits::max_kernel_cells); !p.ok()) return p;
    const struct {
        const char* name;
        std::int64_t value, lo;
    } ints[] = {{"strideY", o.stride_y, 1},         {"strideX", o.stride_x, 1},
                {"dilationY", o.dilation_y, 1},     {"dilationX", o.dilation_x, 1},
                {"padding.top", o.crop.top, 0},     {"padding.bottom", o.crop.bottom, 0},
                {"padding.left", o.crop.left, 0},   {"padding.right", o.crop.right, 0}};
    for (const auto& f : ints)
        if (auto p = detail::check_int(f.name, f.value, f.lo, limits::max_side); !p.ok()) return p;
    transpose_plan q;
    if (auto p = plan_axis(input.height, kernel.height, o.stride_y, o.dilation_y, o.crop.top, o.crop.bottom,
                           o.output_padding_y, "outputPaddingY", "strideY", "dilationY", "rows", q.out_height);
        !p.ok())
        return p;
    if (auto p = plan_axis(input.width, kernel.width, o.stride_x, o.dilation_x, o.crop.left, o.crop.right,
                           o.output_padding_x, "outputPaddingX", "strideX", "dilationX", "columns", q.out_width);
        !p.ok())
        return p;
    // A side can reach 2^33; testing the sides first keeps the product from overflowing.
    if (q.out_height > limits::max_cells || q.out_width > limits::max_cells ||
        q.out_height * q.out_width > limits::max_cells) {
        detail::text s;
        s << "The output would be " << q.out_height << "x" << q.out_width << " = " << q.out_height * q.out_width
          << " cells; at most " << limits::max_cells << " are allowed (use a smaller input or stride)";
        return detail::fail("too-large", "input", s.str());
    }
    plan = q;
    return {};
}

problem check_transpose(const matrix_view& input, const matrix_view& kernel, const transpose_options& o,
                        transpose_plan& plan) {
    transpose_plan q;
    if (auto p = plan_transpose(input.height, input.width, kernel.height, kernel.width, o, q); !p.ok()) return p;
    auto where_in = [&](std::int64_t k) { return at_cell(input.width, k); };
    auto where_k = [&](std::int64_t k) { return at_cell(kernel.width, k); };
    if (auto p = detail::check_values(input.data, input.height * input.width, "input", "Input", where_in); !p.ok())
        return p;
    if (auto p = detail::check_values(kernel.data, kernel.height * kernel.width, "kernel", "Kernel", where_k); !p.ok())
        return p;
    plan = q;
    return {};
}

void convolve_transpose_into(const matrix_view& input, const matrix_view& kernel, const transpose_options& o,
                             const transpose_plan& plan, double* out) {
    const std::int64_t oh = plan.out_height, ow = plan.out_width, sx = o.stride_x;
    std::fill_n(out, oh * ow, 0.0);
    // Cell (r, c) receives its products in the order of (i, j), as the reference adds them: for a fixed input
    // row i and output row r the kernel row is fixed, and walking kernel columns from the right visits j upwards.
    for (std::int64_t i = 0; i < input.height; ++i) {
        const double* in_row = input.data + i * input.width;
        for (std::int64_t m = 0; m < kernel.height; ++m) {
            const std::int64_t r = i * o.stride_y + m * o.dilation_y - o.crop.top;
            if (r < 0 || r >= oh) continue;
            double* out_row = out + r * ow;
            for (std::int64_t n = kernel.width - 1; n >= 0; --n) {
                const double w = kernel.data[m * kernel.width + n];
                // Adding a product of zero never changes a sum that starts at +0, so zero weights are skipped.
                if (w == 0.0) continue;
                const std::int64_t c0 = n * o.dilation_x - o.crop.left;  // output column of j = 0
                const std::int64_t j_lo = c0 >= 0 ? 0 : (-c0 + sx - 1) / sx;
                if (ow - 1 - c0 < 0) continue;
                const std::int64_t j_hi = std::min(input.width - 1, (ow - 1 - c0) / sx);
                if (sx == 1) {
                    double* dst = out_row + c0;
                    for (std::int64_t j = j_lo; j <= j_hi; ++j) dst[j] += in_row[j] * w;
                } else {
                    for (std::int64_t j = j_lo; j <= j_hi; ++j) out_row[j * sx + c0] += in_row[j] * w;
                }
            }
        }
    }
}

matrix convolve_transpose(const matrix_view& input, const matrix_view& kernel, const transpose_options& options) {
    transpose_plan plan;
    if (auto p = check_transpose(input, kernel, options, plan); !p.ok()) throw error(p);
    matrix out{plan.out_height, plan.out_width,
               std::vector<double>(static_cast<std::size_t>(plan.out_height * plan.out_width))};
    convolve_transpose_into(input, kernel, options, plan, out.data.data());
    return out;
}

problem check_input_cell(const matrix_view& input, std::int64_t row, std::int64_t col) {
    const bool row_ok = row >= 0 && row < input.height;
    if (row_ok && col >= 0 && col < input.width) return {};
    detail::text s;
    s << "Input cell (" << row << ", " << col << ") does not exist: the input is " << input.height << "x"
      << input.width << ", so the row must be 0.." << input.height - 1 << " and the column 0.." << input.width - 1;
    return detail::fail("bad-value", row_ok ? "j" : "i", s.str());
}

scatter_explanation explain_transpose_cell(const matrix_view& input, const matrix_view& kernel,
                                           const transpose_options& o, const transpose_plan& plan, std::int64_t row,
                                           std::int64_t col) {
    scatter_explanation ex;
    ex.row = row;
    ex.col = col;
    ex.value = input.data[row * input.width + col];
    ex.targets.reserve(static_cast<std::size_t>(kernel.height * kernel.width));
    for (std::int64_t m = 0; m < kernel.height; ++m)
        for (std::int64_t n = 0; n < kernel.width; ++n) {
            scatter_target t;
            t.kernel_row = m;
            t.kernel_col = n;
            t.output_row = row * o.stride_y + m * o.dilation_y - o.crop.top;
            t.output_col = col * o.stride_x + n * o.dilation_x - o.crop.left;
            t.inside = t.output_row >= 0 && t.output_row < plan.out_height && t.output_col >= 0 &&
                       t.output_col < plan.out_width;
            t.weight = kernel.data[m * kernel.width + n];
            t.product = ex.value * t.weight;
            ex.targets.push_back(t);
        }
    return ex;
}

scatter_explanation explain_transpose(const matrix_view& input, const matrix_view& kernel,
                                      const transpose_options& options, std::int64_t row, std::int64_t col) {
    transpose_plan plan;
    if (auto p = check_transpose(input, kernel, options, plan); !p.ok()) throw error(p);
    if (auto p = check_input_cell(input, row, col); !p.ok()) throw error(p);
    return explain_transpose_cell(input, kernel, options, plan, row, col);
}

namespace reference {

matrix convolve_transpose_naive(const matrix_view& in, const matrix_view& k, const transpose_options& o) {
    transpose_plan plan;
    if (auto p = check_transpose(in, k, o, plan); !p.ok()) throw error(p);
    matrix out{plan.out_height, plan.out_width,
               std::vector<double>(static_cast<std::size_t>(plan.out_height * plan.out_width))};
    for (std::int64_t r = 0; r < plan.out_height; ++r)
        for (std::int64_t c = 0; c < plan.out_width; ++c) {
            double sum = 0.0;
            for (std::int64_t i = 0; i < in.height; ++i) {
                const std::int64_t dy = r + o.crop.top - i * o.stride_y;  // must equal m * Dy
                if (dy < 0 || dy % o.dilation_y != 0 || dy / o.dilation_y >= k.height) continue;
                for (std::int64_t j = 0; j < in.width; ++j) {
                    const std::int64_t dx = c + o.crop.left - j * o.stride_x;
                    if (dx < 0 || dx % o.dilation_x != 0 || dx / o.dilation_x >= k.width) continue;
                    sum += in.data[i * in.width + j] * k.data[(dy / o.dilation_y) * k.width + dx / o.dilation_x];
                }
            }
            out.data[static_cast<std::size_t>(r * plan.out_width + c)] = sum;
        }
    return out;
}

}  // namespace reference

}  // namespace convolution
