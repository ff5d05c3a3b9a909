// Place-name keys (domain/place_names.hpp).
#include "domain/place_names.hpp"

#include <cctype>

namespace lo::domain {

std::string place_key(std::string_view name) {
    std::string out;
    bool space = false;
    const auto push_space = [&] { space = !out.empty(); };
    for (std::size_t i = 0; i < name.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        if (c == '&') {
            push_space();
            if (space) out += ' ';
            out += "and";
            space = false;
            push_space();
        } else if (std::isalnum(c) || c >= 0x80) {
            if (space) out += ' ';
            space = false;
            out += static_cast<char>(std::tolower(c));
        } else if (c == '\'' || c == '.') {
            // "St. Mary's" -> "st marys": drop without a break
        } else {
            push_space();
        }
    }
    return out;
}

}  // namespace lo::domain
