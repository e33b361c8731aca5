#pragma once
// A message builder with the spelling of std::ostringstream for what the checks write (text,
// integers, doubles as `%g`), without iostreams: <sstream> brings the locale machinery into the
// wasm module, about a quarter of its size.

#include <cstdio>
#include <string>
#include <type_traits>

namespace convolution::detail {

class text {
public:
    text& operator<<(const char* s) { out_ += s; return *this; }
    text& operator<<(const std::string& s) { out_ += s; return *this; }
    text& operator<<(char c) { out_ += c; return *this; }
    template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char>, int> = 0>
    text& operator<<(T v) { out_ += std::to_string(v); return *this; }
    // What an ostream writes for a double with its default format: six significant digits.
    text& operator<<(double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", v);
        out_ += buf;
        return *this;
    }
    const std::string& str() const { return out_; }

private:
    std::string out_;
};

}  // namespace convolution::detail
