// A typed form value without the spaces, tabs and line ends around it: what the admin's new
// forms (places, date inputs, typed numbers) read, one helper instead of a copy in each.
#pragma once

#include <string>
#include <string_view>

namespace lo::web::admin {

inline std::string trimmed(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

}  // namespace lo::web::admin
