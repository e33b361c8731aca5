#include "convolution/explain.hpp"

#include "convolution/border.hpp"
#include "convolution/convolve.hpp"
#include "detail/format.hpp"
#include "detail/text.hpp"

namespace convolution {

problem check_cell(const conv_plan& plan, std::int64_t row, std::int64_t col) {
    const bool row_ok = row >= 0 && row < plan.out_height, col_ok = col >= 0 && col < plan.out_width;
    if (row_ok && col_ok) return {};
    detail::text s;
    s << "Output cell (i = " << row << ", j = " << col << ") does not exist: the output is " << plan.out_height
      << "x" << plan.out_width << ", so i (the row, counted from 0) must be 0.." << plan.out_height - 1
      << " and j (the column, counted from 0) 0.." << plan.out_width - 1;
    return detail::fail("bad-value", row_ok ? "j" : "i", s.str());
}

explanation explain(const matrix_view& input, const matrix_view& kernel, const conv_options& o, std::int64_t row,
                    std::int64_t col) {
    conv_plan plan;
    if (auto e = check(input, kernel, o, plan); !e.ok()) throw error(e);
    if (auto e = check_cell(plan, row, col); !e.ok()) throw error(e);
    return explain_cell(input, kernel, o, plan, row, col);
}

explanation explain_cell(const matrix_view& input, const matrix_view& kernel, const conv_options& o,
                         const conv_plan& plan, std::int64_t row, std::int64_t col) {
    explanation ex;
    ex.row = row;
    ex.col = col;
    ex.taps.reserve(static_cast<std::size_t>(kernel.height * kernel.width));
    // Same visiting order and the same additions as the reference, so sum equals convolve()'s value bit for bit.
    for (std::int64_t m = 0; m < kernel.height; ++m)
        for (std::int64_t n = 0; n < kernel.width; ++n) {
            tap t;
            t.kernel_row = o.flip ? kernel.height - 1 - m : m;
            t.kernel_col = o.flip ? kernel.width - 1 - n : n;
            t.input_row = row * o.stride_y + m * o.dilation_y - plan.pad.top;
            t.input_col = col * o.stride_x + n * o.dilation_x - plan.pad.left;
            t.inside = t.input_row >= 0 && t.input_row < input.height && t.input_col >= 0 && t.input_col < input.width;
            const std::int64_t r = border_index(t.input_row, input.height, o.border);
            const std::int64_t c = border_index(t.input_col, input.width, o.border);
            t.value = (r < 0 || c < 0) ? o.constant : input.data[r * input.width + c];
            t.weight = kernel.data[t.kernel_row * kernel.width + t.kernel_col];
            t.product = t.value * t.weight;
            ex.sum += t.product;
            ex.taps.push_back(t);
        }
    return ex;
}

}  // namespace convolution
