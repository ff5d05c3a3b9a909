// Phone numbers in running text as tap-to-call links, so a parent on a phone can ring a helpline
// from an advice page without copying the number.
#pragma once

#include <string>
#include <string_view>

namespace lo::web {

// The text, already HTML-escaped, with each UK phone number in it ("01865 810516", "0800 912
// 1000", "07468701074") and the emergency numbers 999 and 111 wrapped in
// <a class="govuk-link" href="tel:...">. Digits inside longer runs (a reference like 1234567890123)
// and numbers glued to letters are left alone.
std::string link_phone_numbers(std::string_view escaped_text);

}  // namespace lo::web
