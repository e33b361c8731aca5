#pragma once
/// The catalogue of built-in image filters.

#include <string>
#include <vector>

#include "convolution/image.hpp"

namespace convolution {

/// A named filter: its kernel(s) and the output mode that makes its result visible.
struct filter {
    std::string id;
    std::string name;
    std::string description;  ///< one sentence: what it does and why
    std::vector<matrix> kernels;
    output_mode output = output_mode::clamp;
    combine_mode combine = combine_mode::none;
};

/// Every built-in filter, in display order.
const std::vector<filter>& builtin_filters();

/// The built-in filter with this id, or nullptr.
const filter* find_filter(const std::string& id);

/// Options that apply filter f (its kernels, combine and output mode) over the given geometry options.
image_options options_for(const filter& f, const conv_options& conv = image_options::image_defaults());

}  // namespace convolution
