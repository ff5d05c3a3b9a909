// Echoing what someone typed back in an error message, safely: at most a number of characters,
// never cutting a character in two, and with bytes that are not UTF-8 replaced. A cut in the
// middle of "é" made invalid UTF-8 that the JSON writer refused: a 500 (issue 15).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lo::domain {

// The first max_chars characters of text, with "..." after them when there were more. Invalid
// bytes and control characters become U+FFFD.
std::string echo_text(std::string_view text, std::size_t max_chars);

}  // namespace lo::domain
