#pragma once
/// Where a coordinate outside the input reads from, for every border mode.

#include <cstdint>

#include "convolution/types.hpp"

namespace convolution {

/// Maps coordinate p (any integer) onto 0..n-1 by the border mode, or returns -1 when the
/// constant value is to be used instead (constant mode, p outside). n must be >= 1.
///
///   row of n = 4:              a b c d        (indices 0 1 2 3)
///   constant    c c c | a b c d | c c c       -> -1 outside
///   replicate   a a a | a b c d | d d d
///   reflect     c b a | a b c d | d c b       period 2n, edge repeated
///   reflect101  d c b | a b c d | c b a       period 2n-2, edge not repeated (n = 1: 0)
///   wrap        b c d | a b c d | a b c       period n
std::int64_t border_index(std::int64_t p, std::int64_t n, border_mode mode);

}  // namespace convolution
