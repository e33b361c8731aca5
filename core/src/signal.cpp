#include "convolution/signal.hpp"

#include "convolution/border.hpp"
#include "convolution/convolve.hpp"
#include "detail/checks.hpp"
#include "detail/text.hpp"

namespace convolution {

conv_options signal_options::as_2d() const {
    conv_options o;
    o.stride_x = stride;
    o.dilation_x = dilation;
    o.preset = preset;
    o.explicit_padding = {0, 0, pad_left, pad_right};
    o.border = border;
    o.constant = constant;
    o.flip = flip;
    return o;
}

namespace {

problem check_length(const char* field, const char* name, std::int64_t n) {
    if (n >= 1 && n <= limits::max_side) return {};
    detail::text s;
    s << name << " must have 1 to " << limits::max_side << " samples, got " << n;
    return detail::fail(n < 1 ? "bad-shape" : "too-large", field, s.str());
}

std::string at_sample(std::int64_t k) { return "at sample " + std::to_string(k); }

}  // namespace

problem plan_signal(std::int64_t length, std::int64_t kernel_length, const signal_options& o, signal_plan& plan) {
    if (auto p = check_length("signal", "The signal", length); !p.ok()) return p;
    if (auto p = check_length("kernel", "The kernel", kernel_length); !p.ok()) return p;
    if (auto p = detail::check_int("stride", o.stride, 1, limits::max_side); !p.ok()) return p;
    if (auto p = detail::check_int("dilation", o.dilation, 1, limits::max_side); !p.ok()) return p;
    if (o.preset == padding_preset::explicit_) {
        if (auto p = detail::check_int("padding.left", o.pad_left, 0, limits::max_side); !p.ok()) return p;
        if (auto p = detail::check_int("padding.right", o.pad_right, 0, limits::max_side); !p.ok()) return p;
    }
    if (auto p = detail::check_constant(o.constant); !p.ok()) return p;
    // 'same' and 'full' always leave room for the kernel; 'valid' and explicit margins may not.
    const std::int64_t extent = o.dilation * (kernel_length - 1) + 1;
    if (o.preset == padding_preset::valid || o.preset == padding_preset::explicit_) {
        const std::int64_t left = o.preset == padding_preset::valid ? 0 : o.pad_left;
        const std::int64_t right = o.preset == padding_preset::valid ? 0 : o.pad_right;
        if (length + left + right < extent) {
            detail::text s;
            s << "The kernel does not fit: its effective length is " << extent << " (kernel length " << kernel_length;
            if (o.dilation > 1) s << " with dilation " << o.dilation;
            s << ") but the padded signal is only " << length + left + right << " samples (" << length
              << " + " << left << " left + " << right << " right). The effective kernel must be no longer than the "
              << "padded signal: use a shorter kernel, less dilation, or padding 'same' or 'full'.";
            return detail::fail("does-not-fit", "kernel", s.str());
        }
    }
    // The margins come from the 2-D planner, so 'same' follows exactly convolve()'s rule on the column axis.
    conv_plan p2;
    if (auto p = plan_geometry(1, length, 1, kernel_length, o.as_2d(), p2); !p.ok()) return p;
    plan = {p2.pad.left, p2.pad.right, p2.extent_x, p2.out_width};
    return {};
}

problem check_signal(const vector_view& signal, const vector_view& kernel, const signal_options& o,
                     signal_plan& plan) {
    signal_plan q;
    if (auto p = plan_signal(signal.length, kernel.length, o, q); !p.ok()) return p;
    if (auto p = detail::check_values(signal.data, signal.length, "signal", "Signal", at_sample); !p.ok()) return p;
    if (auto p = detail::check_values(kernel.data, kernel.length, "kernel", "Kernel", at_sample); !p.ok()) return p;
    plan = q;
    return {};
}

void convolve1d_into(const vector_view& signal, const vector_view& kernel, const signal_options& o,
                     const signal_plan& plan, double* out) {
    conv_plan p2;
    p2.pad = {0, 0, plan.pad_left, plan.pad_right};
    p2.extent_y = 1;
    p2.extent_x = plan.extent;
    p2.out_height = 1;
    p2.out_width = plan.out_length;
    convolve_into({signal.data, 1, signal.length}, {kernel.data, 1, kernel.length}, o.as_2d(), p2, out);
}

std::vector<double> convolve1d(const vector_view& signal, const vector_view& kernel, const signal_options& options) {
    signal_plan plan;
    if (auto p = check_signal(signal, kernel, options, plan); !p.ok()) throw error(p);
    std::vector<double> out(static_cast<std::size_t>(plan.out_length));
    convolve1d_into(signal, kernel, options, plan, out.data());
    return out;
}

namespace reference {

std::vector<double> convolve1d_naive(const vector_view& x, const vector_view& h, const signal_options& o) {
    signal_plan plan;
    if (auto p = check_signal(x, h, o, plan); !p.ok()) throw error(p);
    std::vector<double> y(static_cast<std::size_t>(plan.out_length));
    for (std::int64_t t = 0; t < plan.out_length; ++t) {
        double sum = 0.0;
        for (std::int64_t k = 0; k < h.length; ++k) {
            const std::int64_t s = border_index(t * o.stride + k * o.dilation - plan.pad_left, x.length, o.border);
            const double v = s < 0 ? o.constant : x.data[s];
            sum += v * h.data[o.flip ? h.length - 1 - k : k];
        }
        y[static_cast<std::size_t>(t)] = sum;
    }
    return y;
}

}  // namespace reference

}  // namespace convolution
