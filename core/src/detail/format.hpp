#pragma once
// Building the problems the check functions return.

#include <string>
#include <utility>

#include "convolution/messages.hpp"
#include "convolution/types.hpp"

namespace convolution::detail {

using convolution::number;

/// A problem with this code, field and message.
inline problem fail(const char* code, std::string field, std::string message) {
    return problem{code, std::move(field), std::move(message)};
}

}  // namespace convolution::detail
