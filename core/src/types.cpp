#include "convolution/types.hpp"

#include "detail/names.hpp"

namespace convolution {

namespace {
constexpr detail::name_table<border_mode, 5> border_names{{
    {"constant", border_mode::constant},
    {"replicate", border_mode::replicate},
    {"reflect", border_mode::reflect},
    {"reflect101", border_mode::reflect101},
    {"wrap", border_mode::wrap},
}};
constexpr detail::name_table<padding_preset, 4> preset_names{{
    {"valid", padding_preset::valid},
    {"same", padding_preset::same},
    {"full", padding_preset::full},
    {"explicit", padding_preset::explicit_},
}};
}  // namespace

const char* to_string(border_mode mode) { return detail::name_of(border_names, mode); }

bool parse_border_mode(const std::string& name, border_mode& out) { return detail::parse_name(border_names, name, out); }

bool parse_padding_preset(const std::string& name, padding_preset& out) {
    return detail::parse_name(preset_names, name, out);
}

}  // namespace convolution
