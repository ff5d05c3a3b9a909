// Character-safe echoes of typed text (domain/echo.hpp).
#include "domain/echo.hpp"

namespace lo::domain {
namespace {

// The length of the UTF-8 character at text[i], or 0 when the bytes there are not one.
std::size_t char_length(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80           ? 1
                            : (c >> 5) == 0x6  ? 2
                            : (c >> 4) == 0xE  ? 3
                            : (c >> 3) == 0x1E ? 4
                                               : 0;
    if (len == 0 || i + len > text.size()) return 0;
    for (std::size_t k = 1; k < len; ++k)
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
    // Overlong two-byte forms (C0, C1) are not UTF-8 either.
    if (len == 2 && c < 0xC2) return 0;
    return len;
}

}  // namespace

std::string echo_text(std::string_view text, std::size_t max_chars) {
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++chars) {
        if (chars == max_chars) return out + "...";
        const auto len = char_length(text, i);
        if (len == 0 || static_cast<unsigned char>(text[i]) < 0x20) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            i += len == 0 ? 1 : len;
        } else {
            out.append(text.substr(i, len));
            i += len;
        }
    }
    return out;
}

}  // namespace lo::domain
