#include "convolution/convolve.hpp"

#include <cmath>

#include "convolution/border.hpp"
#include "detail/format.hpp"
#include "detail/row_engine.hpp"
#include "detail/text.hpp"

namespace convolution {

namespace {

using detail::fail;

problem range_error(const char* name, std::int64_t value, std::int64_t lo, std::int64_t hi) {
    detail::text s;
    s << name << " must be an integer from " << lo << " to " << hi << ", got " << value;
    return fail(value > hi ? "too-large" : "bad-option", name, s.str());
}

problem check_shape(const char* what, const char* field, std::int64_t h, std::int64_t w, std::int64_t max_cells) {
    detail::text s;
    if (h < 1 || w < 1) {
        s << what << " must be at least 1x1, got " << h << "x" << w;
        return fail("bad-shape", field, s.str());
    }
    if (h > limits::max_side || w > limits::max_side) {
        s << what << " must be at most " << limits::max_side << " on a side, got " << h << "x" << w;
        return fail("too-large", field, s.str());
    }
    if (h * w > max_cells) {
        s << what << " is too large: " << h << "x" << w << " = " << h * w << " cells; at most " << max_cells
          << " cells are allowed";
        return fail("too-large", field, s.str());
    }
    return {};
}

// One axis of the plan; names ("height", "rows", "top"...) make the messages speak of the right axis.
problem plan_axis(std::int64_t size, std::int64_t ksize, std::int64_t stride, std::int64_t dilation,
                  padding_preset preset, std::int64_t& before, std::int64_t& after, std::int64_t& extent,
                  std::int64_t& out, const char* axis_size, const char* axis_cells, const char* before_name,
                  const char* after_name, const char* dilation_name) {
    extent = dilation * (ksize - 1) + 1;
    switch (preset) {
        case padding_preset::valid:
            before = after = 0;
            break;
        case padding_preset::same: {
            const std::int64_t o = (size + stride - 1) / stride;
            const std::int64_t total = std::max<std::int64_t>((o - 1) * stride + extent - size, 0);
            before = total / 2;
            after = total - before;
            break;
        }
        case padding_preset::full:
            before = after = extent - 1;
            break;
        case padding_preset::explicit_:
            break;
    }
    const std::int64_t padded = size + before + after;
    if (padded < extent) {
        detail::text s;
        s << "The kernel does not fit: its effective " << axis_size << " is " << extent << " (kernel " << axis_size
          << " " << ksize;
        if (dilation > 1) s << " with " << dilation_name << " " << dilation;
        s << ") but the padded input is only " << padded << " " << axis_cells << " (" << size << " + " << before
          << " " << before_name << " + " << after << " " << after_name
          << "). The effective kernel must be no larger than the padded input: use a smaller kernel, less "
          << dilation_name << ", or padding 'same' or 'full'.";
        return fail("does-not-fit", "kernel", s.str());
    }
    out = (padded - extent) / stride + 1;
    return {};
}

}  // namespace

problem check_values(const matrix_view& m, const char* what, const char* field) {
    const std::int64_t n = m.height * m.width;
    for (std::int64_t k = 0; k < n; ++k) {
        const double v = m.data[k];
        if (!(std::fabs(v) <= limits::max_magnitude)) {
            const std::int64_t r = k / m.width, c = k % m.width;
            detail::text s;
            s << what << " value at row " << r + 1 << ", column " << c + 1 << " (index [" << r << "][" << c
              << "]) is " << detail::number(v) << "; values must be finite numbers with magnitude at most 1e100";
            return fail("bad-value", field, s.str());
        }
    }
    return {};
}

problem check_number(double v, const char* name) {
    if (std::fabs(v) <= limits::max_magnitude) return {};
    return fail("bad-option", name,
                std::string(name) + " must be a finite number with magnitude at most 1e100, got " + detail::number(v));
}

problem plan_geometry(std::int64_t height, std::int64_t width, std::int64_t kernel_height, std::int64_t kernel_width,
                      const conv_options& o, conv_plan& plan) {
    if (auto e = check_shape("The input", "input", height, width, limits::max_cells); !e.ok()) return e;
    if (auto e = check_shape("The kernel", "kernel", kernel_height, kernel_width, limits::max_kernel_cells); !e.ok())
        return e;
    const struct {
        const char* name;
        std::int64_t value, lo;
    } ints[] = {{"strideY", o.stride_y, 1},         {"strideX", o.stride_x, 1},
                {"dilationY", o.dilation_y, 1},     {"dilationX", o.dilation_x, 1},
                {"padding.top", o.explicit_padding.top, 0}, {"padding.bottom", o.explicit_padding.bottom, 0},
                {"padding.left", o.explicit_padding.left, 0}, {"padding.right", o.explicit_padding.right, 0}};
    for (const auto& f : ints) {
        const bool is_padding = f.lo == 0;
        if (is_padding && o.preset != padding_preset::explicit_) continue;
        if (f.value < f.lo || f.value > limits::max_side) return range_error(f.name, f.value, f.lo, limits::max_side);
    }
    conv_plan p;
    p.pad = o.preset == padding_preset::explicit_ ? o.explicit_padding : padding{};
    if (auto e = plan_axis(height, kernel_height, o.stride_y, o.dilation_y, o.preset, p.pad.top, p.pad.bottom,
                           p.extent_y, p.out_height, "height", "rows tall", "top", "bottom", "dilationY");
        !e.ok())
        return e;
    if (auto e = plan_axis(width, kernel_width, o.stride_x, o.dilation_x, o.preset, p.pad.left, p.pad.right,
                           p.extent_x, p.out_width, "width", "columns wide", "left", "right", "dilationX");
        !e.ok())
        return e;
    if (p.out_height * p.out_width > limits::max_cells) {
        detail::text s;
        s << "The output would be " << p.out_height << "x" << p.out_width << " = " << p.out_height * p.out_width
          << " cells; at most " << limits::max_cells << " are allowed (reduce the padding or raise the stride)";
        return fail("too-large", "padding", s.str());
    }
    plan = p;
    return {};
}

problem check(const matrix_view& input, const matrix_view& kernel, const conv_options& options, conv_plan& plan) {
    if (auto e = plan_geometry(input.height, input.width, kernel.height, kernel.width, options, plan); !e.ok())
        return e;
    if (auto e = check_number(options.constant, "constant"); !e.ok()) return e;
    if (auto e = check_values(input, "Input", "input"); !e.ok()) return e;
    return check_values(kernel, "Kernel", "kernel");
}

void convolve_into(const matrix_view& input, const matrix_view& kernel, const conv_options& options,
                   const conv_plan& plan, double* out) {
    detail::row_convolver engine(input.height, input.width, options, plan);
    // Matrices keep the exact summation order of the reference, so no separable split here.
    const std::vector<detail::prepared_kernel> kernels{engine.prepare(kernel, false)};
    const std::int64_t w = input.width;
    engine.run(
        kernels, [&](std::int64_t r, double*) { return input.data + r * w; },
        [&](std::int64_t i, std::size_t) { return out + i * plan.out_width; }, [](std::int64_t) {});
}

matrix convolve(const matrix_view& input, const matrix_view& kernel, const conv_options& options) {
    conv_plan plan;
    if (auto e = check(input, kernel, options, plan); !e.ok()) throw error(e);
    matrix out{plan.out_height, plan.out_width,
               std::vector<double>(static_cast<std::size_t>(plan.out_height * plan.out_width))};
    convolve_into(input, kernel, options, plan, out.data.data());
    return out;
}

namespace reference {

matrix convolve_naive(const matrix_view& input, const matrix_view& kernel, const conv_options& o) {
    conv_plan plan;
    if (auto e = check(input, kernel, o, plan); !e.ok()) throw error(e);
    matrix out{plan.out_height, plan.out_width,
               std::vector<double>(static_cast<std::size_t>(plan.out_height * plan.out_width))};
    for (std::int64_t i = 0; i < plan.out_height; ++i)
        for (std::int64_t j = 0; j < plan.out_width; ++j) {
            double sum = 0.0;
            for (std::int64_t m = 0; m < kernel.height; ++m)
                for (std::int64_t n = 0; n < kernel.width; ++n) {
                    const std::int64_t r = border_index(i * o.stride_y + m * o.dilation_y - plan.pad.top,
                                                        input.height, o.border);
                    const std::int64_t c = border_index(j * o.stride_x + n * o.dilation_x - plan.pad.left,
                                                        input.width, o.border);
                    const double v = (r < 0 || c < 0) ? o.constant : input.data[r * input.width + c];
                    sum += v * detail::window_weight(kernel, o.flip, m, n);
                }
            out.data[static_cast<std::size_t>(i * plan.out_width + j)] = sum;
        }
    return out;
}

}  // namespace reference

}  // namespace convolution
