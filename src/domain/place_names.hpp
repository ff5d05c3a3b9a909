// Place names as the gazetteer matches them.
#pragma once

#include <string>
#include <string_view>

namespace lo::domain {

// "Kensington & Chelsea" -> "kensington and chelsea"; "St. Mary's" -> "st marys". Lowercase,
// '&' as "and", punctuation dropped, single spaces.
std::string place_key(std::string_view name);

}  // namespace lo::domain
