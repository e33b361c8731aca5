#include "convolution/tensor.hpp"

#include <algorithm>

#include "detail/checks.hpp"
#include "detail/names.hpp"
#include "detail/text.hpp"

namespace convolution {

namespace {

constexpr detail::name_table<pool_mode, 2> pool_names{{{"max", pool_mode::max}, {"average", pool_mode::average}}};

problem check_count(const char* field, const std::string& what, std::int64_t v, std::int64_t hi) {
    if (v >= 1 && v <= hi) return {};
    detail::text s;
    s << what << " must be an integer from 1 to " << hi << ", got " << v;
    return detail::fail(v < 1 ? "bad-shape" : "too-large", field, s.str());
}

// Sums or maxima of the windows along one row: dst[j] over src[j*step .. j*step + len).
void reduce_row(const double* src, std::int64_t len, std::int64_t step, std::int64_t count, pool_mode mode,
                double* dst) {
    for (std::int64_t j = 0; j < count; ++j) {
        const double* p = src + j * step;
        double acc;
        if (mode == pool_mode::max) {
            acc = p[0];
            for (std::int64_t x = 1; x < len; ++x) acc = p[x] > acc ? p[x] : acc;  // a tie keeps the first
        } else {
            acc = 0.0;  // as the reference starts, so a window of -0 averages to +0 on both paths
            for (std::int64_t x = 0; x < len; ++x) acc += p[x];
        }
        dst[j] = acc;
    }
}

}  // namespace

const char* to_string(pool_mode mode) { return detail::name_of(pool_names, mode); }

bool parse_pool_mode(const std::string& name, pool_mode& out) { return detail::parse_name(pool_names, name, out); }

problem check_tensor_shape(const tensor_view& t, const char* field) {
    const std::string f(field);
    if (auto p = check_count(field, f + ".channels", t.channels, limits::max_channels); !p.ok()) return p;
    if (auto p = check_count(field, f + ".height", t.height, limits::max_side); !p.ok()) return p;
    if (auto p = check_count(field, f + ".width", t.width, limits::max_side); !p.ok()) return p;
    // Each factor is at most 2^16, so the product stays far from overflow.
    const std::int64_t cells = t.channels * t.height * t.width;
    if (cells > limits::max_tensor_cells) {
        detail::text s;
        s << f << " is too large: " << t.channels << "x" << t.height << "x" << t.width << " = " << cells
          << " cells; at most " << limits::max_tensor_cells << " are allowed";
        return detail::fail("too-large", field, s.str());
    }
    return {};
}

problem check_tensor(const tensor_view& t, const char* field) {
    if (auto p = check_tensor_shape(t, field); !p.ok()) return p;
    const std::int64_t plane = t.height * t.width;
    return detail::check_values(t.data, t.channels * plane, field, field, [&](std::int64_t k) {
        return "at channel " + std::to_string(k / plane) + ", row " + std::to_string(k % plane / t.width) +
               ", column " + std::to_string(k % t.width);
    });
}

void relu_into(const tensor_view& t, double* out) {
    const std::int64_t n = t.channels * t.height * t.width;
    for (std::int64_t k = 0; k < n; ++k) out[k] = t.data[k] > 0.0 ? t.data[k] : 0.0;
}

tensor relu(const tensor_view& t) {
    if (auto p = check_tensor(t, "tensor"); !p.ok()) throw error(p);
    tensor out{t.channels, t.height, t.width, std::vector<double>(static_cast<std::size_t>(t.channels * t.height * t.width))};
    relu_into(t, out.data.data());
    return out;
}

problem plan_pool(const tensor_view& t, const pool_options& o, pool_plan& plan) {
    if (auto p = check_tensor_shape(t, "tensor"); !p.ok()) return p;
    if (auto p = detail::check_int("height", o.height, 1, limits::max_side); !p.ok()) return p;
    if (auto p = detail::check_int("width", o.width, 1, limits::max_side); !p.ok()) return p;
    if (auto p = detail::check_int("strideY", o.stride_y, 1, limits::max_side); !p.ok()) return p;
    if (auto p = detail::check_int("strideX", o.stride_x, 1, limits::max_side); !p.ok()) return p;
    const struct {
        const char* field;
        const char* axis;
        std::int64_t window, size;
    } axes[] = {{"height", "rows", o.height, t.height}, {"width", "columns", o.width, t.width}};
    for (const auto& a : axes)
        if (a.window > a.size) {
            detail::text s;
            s << "The pooling window does not fit: it is " << a.window << " " << a.axis << " but the tensor has only "
              << a.size << "; pooling reads whole windows, so the window's " << a.field << " must be 1 to " << a.size;
            return detail::fail("does-not-fit", a.field, s.str());
        }
    plan = {(t.height - o.height) / o.stride_y + 1, (t.width - o.width) / o.stride_x + 1};
    return {};
}

problem check_pool(const tensor_view& t, const pool_options& o, pool_plan& plan) {
    pool_plan q;
    if (auto p = plan_pool(t, o, q); !p.ok()) return p;
    if (auto p = check_tensor(t, "tensor"); !p.ok()) return p;
    plan = q;
    return {};
}

void pool_into(const tensor_view& t, const pool_options& o, const pool_plan& plan, double* out) {
    const std::int64_t oh = plan.out_height, ow = plan.out_width;
    // Row pass: each input row a window touches is reduced across its windows' columns; then each output cell
    // reduces its window's rows. Keeping the first maximum in both passes gives the row-major first maximum.
    std::vector<double> rows(static_cast<std::size_t>(t.height * ow));
    const std::int64_t used = (oh - 1) * o.stride_y + o.height;
    const double count = static_cast<double>(o.height * o.width);
    for (std::int64_t c = 0; c < t.channels; ++c) {
        const double* plane = t.data + c * t.height * t.width;
        for (std::int64_t y = 0; y < used; ++y)
            if (o.height >= o.stride_y || y % o.stride_y < o.height)
                reduce_row(plane + y * t.width, o.width, o.stride_x, ow, o.mode, rows.data() + y * ow);
        double* dst = out + c * oh * ow;
        for (std::int64_t i = 0; i < oh; ++i) {
            const double* first = rows.data() + i * o.stride_y * ow;
            double* d = dst + i * ow;
            std::copy_n(first, ow, d);
            for (std::int64_t y = 1; y < o.height; ++y) {
                const double* r = first + y * ow;
                if (o.mode == pool_mode::max) {
                    for (std::int64_t j = 0; j < ow; ++j) d[j] = r[j] > d[j] ? r[j] : d[j];
                } else {
                    for (std::int64_t j = 0; j < ow; ++j) d[j] += r[j];
                }
            }
            if (o.mode == pool_mode::average)
                for (std::int64_t j = 0; j < ow; ++j) d[j] = d[j] / count;
        }
    }
}

tensor pool(const tensor_view& t, const pool_options& options) {
    pool_plan plan;
    if (auto p = check_pool(t, options, plan); !p.ok()) throw error(p);
    tensor out{t.channels, plan.out_height, plan.out_width,
               std::vector<double>(static_cast<std::size_t>(t.channels * plan.out_height * plan.out_width))};
    pool_into(t, options, plan, out.data.data());
    return out;
}

namespace reference {

tensor pool_naive(const tensor_view& t, const pool_options& o) {
    pool_plan plan;
    if (auto p = check_pool(t, o, plan); !p.ok()) throw error(p);
    tensor out{t.channels, plan.out_height, plan.out_width, {}};
    for (std::int64_t c = 0; c < t.channels; ++c)
        for (std::int64_t i = 0; i < plan.out_height; ++i)
            for (std::int64_t j = 0; j < plan.out_width; ++j) {
                double best = 0.0, sum = 0.0;
                for (std::int64_t y = 0; y < o.height; ++y)
                    for (std::int64_t x = 0; x < o.width; ++x) {
                        const double v = t.data[(c * t.height + i * o.stride_y + y) * t.width + j * o.stride_x + x];
                        if ((y == 0 && x == 0) || v > best) best = v;
                        sum += v;
                    }
                out.data.push_back(o.mode == pool_mode::max ? best : sum / static_cast<double>(o.height * o.width));
            }
    return out;
}

tensor relu_naive(const tensor_view& t) {
    if (auto p = check_tensor(t, "tensor"); !p.ok()) throw error(p);
    tensor out{t.channels, t.height, t.width, {}};
    for (std::int64_t k = 0; k < t.channels * t.height * t.width; ++k)
        out.data.push_back(std::max(0.0, t.data[k]));  // max(+0, -0) is the first: +0
    return out;
}

}  // namespace reference

}  // namespace convolution
