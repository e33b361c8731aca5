#include "convolution/types.hpp"

#include <array>
#include <utility>

namespace convolution {

namespace {
constexpr std::array<std::pair<const char*, border_mode>, 5> border_names{{
    {"constant", border_mode::constant},
    {"replicate", border_mode::replicate},
    {"reflect", border_mode::reflect},
    {"reflect101", border_mode::reflect101},
    {"wrap", border_mode::wrap},
}};
constexpr std::array<std::pair<const char*, padding_preset>, 4> preset_names{{
    {"valid", padding_preset::valid},
    {"same", padding_preset::same},
    {"full", padding_preset::full},
    {"explicit", padding_preset::explicit_},
}};
}  // namespace

const char* to_string(border_mode mode) {
    for (const auto& [name, value] : border_names)
        if (value == mode) return name;
    return "constant";
}

bool parse_border_mode(const std::string& name, border_mode& out) {
    for (const auto& [n, value] : border_names)
        if (name == n) {
            out = value;
            return true;
        }
    return false;
}

bool parse_padding_preset(const std::string& name, padding_preset& out) {
    for (const auto& [n, value] : preset_names)
        if (name == n) {
            out = value;
            return true;
        }
    return false;
}

}  // namespace convolution
