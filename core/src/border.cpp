#include "convolution/border.hpp"

namespace convolution {

namespace {
// Floor modulo: the result lies in 0..m-1 for negative p too.
std::int64_t floor_mod(std::int64_t p, std::int64_t m) {
    const std::int64_t r = p % m;
    return r < 0 ? r + m : r;
}
}  // namespace

std::int64_t border_index(std::int64_t p, std::int64_t n, border_mode mode) {
    if (p >= 0 && p < n) return p;
    switch (mode) {
        case border_mode::constant:
            return -1;
        case border_mode::replicate:
            return p < 0 ? 0 : n - 1;
        case border_mode::reflect: {
            // Mirror image including the edge: one period is the row followed by its reverse.
            const std::int64_t q = floor_mod(p, 2 * n);
            return q < n ? q : 2 * n - 1 - q;
        }
        case border_mode::reflect101: {
            if (n == 1) return 0;
            // Mirror about the edge cell itself, so the edge is not repeated: period 2n-2.
            const std::int64_t q = floor_mod(p, 2 * n - 2);
            return q < n ? q : 2 * n - 2 - q;
        }
        case border_mode::wrap:
            return floor_mod(p, n);
    }
    return -1;
}

}  // namespace convolution
