#pragma once
// The fast convolution loop shared by matrices and images.
//
// Output row i reads padded rows i*Sy + m*Dy. Each padded row is built once (border
// values included, so the multiply-accumulate loop never tests a coordinate) and kept
// in a small direct-mapped cache, because consecutive output rows share most of their
// input rows. Tap n of output column j reads padded column j*Sx + n*Dx; a row is laid
// out so that, for every n, those columns form one contiguous run:
//  - phase layout, when the windows cover the row densely: column c goes to phase
//    c % Sx at position c / Sx, so tap n reads phase (n*Dx) % Sx from position
//    (n*Dx) / Sx, and neighbouring taps share the stored values;
//  - tap layout, when the windows read only a few of the row's columns (a large
//    dilation or stride): segment n holds exactly the columns tap n reads, so a row
//    costs N*outW values however wide the padded input is.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

#include "convolution/border.hpp"
#include "convolution/types.hpp"
#include "detail/rounding.hpp"
#include "detail/simd.hpp"

namespace convolution::detail {

/// One kernel ready for the row loop: flip applied, zero weights dropped, offsets resolved.
struct prepared_kernel {
    struct tap {
        std::int64_t offset;  // into a phase-split padded row
        double weight;
    };
    std::vector<std::vector<tap>> rows;  // per kernel row m, its non-zero taps in column order
    bool separable = false;              // applied as vertical weights column[m], then row taps
    std::vector<double> column;
    std::vector<tap> row_taps;
};

/// K'[m][n]: the kernel as the window applies it (folded when flip is set).
inline double window_weight(const matrix_view& k, bool flip, std::int64_t m, std::int64_t n) {
    return flip ? k.data[(k.height - 1 - m) * k.width + (k.width - 1 - n)] : k.data[m * k.width + n];
}

/// How far (in units of unit_roundoff times the weight) a rank-one split may reproduce a weight:
/// the weight's own rounding, two factors read from rounded weights, one division and one product
/// add at most 6 such errors to first order; 8 leaves room for the second-order terms.
inline constexpr double rank_one_ulps = 8.0;

class row_convolver {
public:
    row_convolver(std::int64_t height, std::int64_t width, const conv_options& options, const conv_plan& plan)
        : height_(height), width_(width), options_(options), plan_(plan) {
        const std::int64_t sx = options.stride_x, dx = options.dilation_x;
        const std::int64_t dy = options.dilation_y;
        kernel_height_ = (plan.extent_y - 1) / dy + 1;
        kernel_width_ = (plan.extent_x - 1) / dx + 1;
        const std::int64_t kernel_width = kernel_width_;
        // Only the padded columns some window touches are ever built.
        used_width_ = (plan.out_width - 1) * sx + plan.extent_x;
        tap_layout_ = kernel_width * plan.out_width < used_width_;
        if (tap_layout_) {
            phase_len_ = plan.out_width;
            row_len_ = kernel_width * plan.out_width;
        } else {
            phase_len_ = (used_width_ + sx - 1) / sx;
            row_len_ = phase_len_ * sx;
        }
        gather_.resize(static_cast<std::size_t>(row_len_));
        for (std::int64_t k = 0; k < row_len_; ++k) {
            const std::int64_t c = tap_layout_ ? (k % phase_len_) * sx + (k / phase_len_) * dx
                                               : (k % phase_len_) * sx + k / phase_len_;
            gather_[k] = c < used_width_ ? border_index(c - plan.pad.left, width, options.border) : -1;
        }
        // A direct-mapped cache as tall as the kernel's extent holds every row a window needs;
        // the cap keeps memory bounded for huge dilations, where rows are simply rebuilt.
        const std::int64_t budget_rows = std::max<std::int64_t>(1, (std::int64_t{32} << 20) / (row_len_ * 8));
        slots_ = std::max<std::int64_t>(1, std::min(plan.extent_y, budget_rows));
        cache_.assign(static_cast<std::size_t>(slots_ * row_len_), 0.0);
        tags_.assign(static_cast<std::size_t>(slots_), kEmpty);
        scratch_.resize(static_cast<std::size_t>(width));
    }

    /// Prepares kernel k; with allow_separable, a large kernel that is exactly rank one (see split_rank_one) is split.
    /// The kernel must have the shape this convolver was planned for: offsets and row counts come from the plan.
    prepared_kernel prepare(const matrix_view& k, bool allow_separable) const {
        if (k.height != kernel_height_ || k.width != kernel_width_)
            throw std::logic_error("row_convolver: kernel shape differs from the plan it was built for");
        prepared_kernel p;
        const bool flip = options_.flip;
        p.rows.resize(static_cast<std::size_t>(k.height));
        for (std::int64_t m = 0; m < k.height; ++m)
            for (std::int64_t n = 0; n < k.width; ++n) {
                const double w = window_weight(k, flip, m, n);
                // Skipping a zero weight is exact: adding a signed zero never changes a sum that starts at +0.
                if (w != 0.0) p.rows[m].push_back({column_offset(n), w});
            }
        if (allow_separable && k.height >= 2 && k.width >= 2 && k.height * k.width >= 25) split_rank_one(k, p);
        return p;
    }

    /// Runs every output row. load(src_row, scratch) returns a pointer to `width` source values;
    /// acc(i, k) gives the zeroed-by-us accumulator row for kernel k; done(i) consumes row i.
    template <class Load, class Acc, class Done>
    void run(const std::vector<prepared_kernel>& kernels, Load&& load, Acc&& acc, Done&& done) {
        for (std::int64_t i = 0; i < plan_.out_height; ++i) {
            row(i, kernels, load, acc);
            done(i);
        }
    }

    /// Computes output row i for every kernel (each prepared by this convolver, so each has this
    /// convolver's plan): several convolvers with different plans can thus run in lockstep.
    template <class Load, class Acc>
    void row(std::int64_t i, const std::vector<prepared_kernel>& kernels, Load&& load, Acc&& acc) {
        const std::int64_t out_w = plan_.out_width;
        vertical_.resize(kernels.size() * static_cast<std::size_t>(row_len_));
        for (std::size_t k = 0; k < kernels.size(); ++k) {
            std::fill_n(acc(i, k), out_w, 0.0);
            if (kernels[k].separable) std::fill_n(vertical_.data() + k * row_len_, row_len_, 0.0);
        }
        for (std::int64_t m = 0; m < kernel_height_; ++m) {
            bool needed = false;
            for (const auto& pk : kernels) needed = needed || (pk.separable ? pk.column[m] != 0.0 : !pk.rows[m].empty());
            if (!needed) continue;
            const double* padded = fetch(i * options_.stride_y + m * options_.dilation_y, load);
            for (std::size_t k = 0; k < kernels.size(); ++k) {
                const prepared_kernel& pk = kernels[k];
                if (pk.separable) {
                    if (pk.column[m] == 0.0) continue;
                    const double w = pk.column[m];
                    accumulate(vertical_.data() + k * row_len_, &padded, &w, 1, row_len_);
                    continue;
                }
                xs_.clear();
                ws_.clear();
                for (const auto& t : pk.rows[m]) {
                    xs_.push_back(padded + t.offset);
                    ws_.push_back(t.weight);
                }
                accumulate(acc(i, k), xs_.data(), ws_.data(), static_cast<int>(xs_.size()), out_w);
            }
        }
        for (std::size_t k = 0; k < kernels.size(); ++k) {
            const prepared_kernel& pk = kernels[k];
            if (!pk.separable) continue;
            xs_.clear();
            ws_.clear();
            for (const auto& t : pk.row_taps) {
                xs_.push_back(vertical_.data() + k * row_len_ + t.offset);
                ws_.push_back(t.weight);
            }
            accumulate(acc(i, k), xs_.data(), ws_.data(), static_cast<int>(xs_.size()), out_w);
        }
    }

private:
    static constexpr std::int64_t kEmpty = -2;

    std::int64_t column_offset(std::int64_t n) const {
        if (tap_layout_) return n * phase_len_;
        const std::int64_t c = n * options_.dilation_x;
        return (c % options_.stride_x) * phase_len_ + c / options_.stride_x;
    }

    // Tries K' = column x row through a pivot weight K'[pm][pn]: column[m] = K'[m][pn] and
    // row[n] = K'[pm][n] / pivot. The split is taken only when every product column[m] * row[n]
    // reproduces its own weight to within rank_one_ulps units in the last place of that weight:
    // the rounding an exactly rank-one kernel's stored weights, the division and the product can
    // account for. A tolerance relative to the largest weight would drop small weights (a 5x5 of
    // ones with a centre of 1e12 is not rank one). Pivots: the smallest non-zero weight first,
    // because for binomial and box kernels it gives factors exact in binary, then the largest.
    void split_rank_one(const matrix_view& k, prepared_kernel& p) const {
        const bool flip = options_.flip;
        std::int64_t lo_m = -1, lo_n = -1, hi_m = -1, hi_n = -1;
        double lo = 0.0, hi = 0.0;
        for (std::int64_t m = 0; m < k.height; ++m)
            for (std::int64_t n = 0; n < k.width; ++n) {
                const double a = std::fabs(window_weight(k, flip, m, n));
                if (a == 0.0) continue;
                if (lo_m < 0 || a < lo) lo = a, lo_m = m, lo_n = n;
                if (a > hi) hi = a, hi_m = m, hi_n = n;
            }
        if (hi_m < 0) return;
        // An exact factorization (from either pivot) first: it leaves every product unchanged.
        for (const double ulps : {0.0, rank_one_ulps})
        for (const auto& [pm, pn] : {std::pair{lo_m, lo_n}, std::pair{hi_m, hi_n}}) {
            const double pivot = window_weight(k, flip, pm, pn);
            std::vector<double> column(static_cast<std::size_t>(k.height)), rowv(static_cast<std::size_t>(k.width));
            for (std::int64_t m = 0; m < k.height; ++m) column[m] = window_weight(k, flip, m, pn);
            for (std::int64_t n = 0; n < k.width; ++n) rowv[n] = window_weight(k, flip, pm, n) / pivot;
            bool rank_one = true;
            for (std::int64_t m = 0; m < k.height && rank_one; ++m)
                for (std::int64_t n = 0; n < k.width && rank_one; ++n) {
                    const double w = window_weight(k, flip, m, n);
                    // Written so that NaN (0 * inf after an overflowing division) rejects the split.
                    rank_one = std::fabs(column[m] * rowv[n] - w) <= ulps * unit_roundoff * std::fabs(w);
                }
            if (rank_one) {
                p.separable = true;
                p.column = std::move(column);
                for (std::int64_t n = 0; n < k.width; ++n)
                    if (rowv[n] != 0.0) p.row_taps.push_back({column_offset(n), rowv[n]});
                return;
            }
        }
    }

    template <class Load>
    const double* fetch(std::int64_t padded_row, Load& load) {
        const std::int64_t src = border_index(padded_row - plan_.pad.top, height_, options_.border);
        const std::int64_t slot = padded_row % slots_;
        double* dst = cache_.data() + slot * row_len_;
        if (tags_[slot] == src) return dst;
        tags_[slot] = src;
        const double c = options_.constant;
        if (src < 0) {
            std::fill_n(dst, row_len_, c);
            return dst;
        }
        const double* s = load(src, scratch_.data());
        if (options_.stride_x == 1 && !tap_layout_) {
            // Unit stride keeps columns in order: copy the inside run, look up only the margins.
            const std::int64_t left = std::min(plan_.pad.left, row_len_);
            const std::int64_t inner = std::max<std::int64_t>(0, std::min(width_, row_len_ - left));
            for (std::int64_t k = 0; k < left; ++k) dst[k] = gather_[k] >= 0 ? s[gather_[k]] : c;
            std::memcpy(dst + left, s, static_cast<std::size_t>(inner) * sizeof(double));
            for (std::int64_t k = left + inner; k < row_len_; ++k) dst[k] = gather_[k] >= 0 ? s[gather_[k]] : c;
        } else {
            for (std::int64_t k = 0; k < row_len_; ++k) dst[k] = gather_[k] >= 0 ? s[gather_[k]] : c;
        }
        return dst;
    }

    std::int64_t height_, width_;
    std::int64_t kernel_height_ = 0, kernel_width_ = 0;  // the kernel shape the plan was made for
    conv_options options_;
    conv_plan plan_;
    bool tap_layout_ = false;
    std::int64_t used_width_ = 0, phase_len_ = 0, row_len_ = 0, slots_ = 1;  // phase_len_: a phase's or a tap's run
    std::vector<std::int64_t> gather_;
    std::vector<double> cache_;
    std::vector<std::int64_t> tags_;
    std::vector<double> scratch_;
    std::vector<double> vertical_;  // separable kernels' vertical pass, one padded row per kernel
    std::vector<const double*> xs_;
    std::vector<double> ws_;
};

}  // namespace convolution::detail
