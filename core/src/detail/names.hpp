#pragma once
// Two-way lookup between the contract's option names and enum values.

#include <array>
#include <cstddef>
#include <string>
#include <utility>

namespace convolution::detail {

template <class E, std::size_t N>
using name_table = std::array<std::pair<const char*, E>, N>;

template <class E, std::size_t N>
const char* name_of(const name_table<E, N>& table, E value) {
    for (const auto& [name, v] : table)
        if (v == value) return name;
    return table[0].first;
}

template <class E, std::size_t N>
bool parse_name(const name_table<E, N>& table, const std::string& name, E& out) {
    for (const auto& [n, v] : table)
        if (name == n) {
            out = v;
            return true;
        }
    return false;
}

}  // namespace convolution::detail
