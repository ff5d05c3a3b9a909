// Finding phone numbers in text. A UK number is a 0 then 9 or 10 more digits, grouped by single
// spaces; 999 and 111 are the emergency and NHS urgent numbers. Anything else digit-like (dates,
// amounts, postcodes) is not a phone number and stays text.
#include "web/phone_links.hpp"

#include "web/format.hpp"

namespace lo::web {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_word_char(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The length of the phone number starting at text[i], or 0 when there is none.
std::size_t number_at(std::string_view text, std::size_t i) {
    if (i > 0 && (is_word_char(text[i - 1]) || text[i - 1] == '+' || text[i - 1] == '/')) return 0;
    if (text.substr(i, 3) == "999" || text.substr(i, 3) == "111") {
        const bool ends = i + 3 == text.size() || !is_word_char(text[i + 3]);
        return ends ? 3 : 0;
    }
    if (text[i] != '0') return 0;
    std::size_t digits = 0, end = i;
    for (std::size_t j = i; j < text.size(); ++j) {
        if (is_digit(text[j])) {
            ++digits;
            end = j + 1;
        } else if (text[j] == ' ' && j + 1 < text.size() && is_digit(text[j + 1]) && digits > 0 &&
                   digits < 11) {
            continue;  // a single space between groups of digits
        } else {
            break;
        }
        if (digits > 11) return 0;
    }
    if (digits < 10 || digits > 11) return 0;
    if (end < text.size() && is_word_char(text[end])) return 0;
    return end - i;
}

}  // namespace

std::string link_phone_numbers(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = is_digit(text[i]) ? number_at(text, i) : 0;
        if (n == 0) {
            out.push_back(text[i++]);
            continue;
        }
        const auto number = text.substr(i, n);
        out += "<a class=\"govuk-link\" href=\"" + tel_href(number) + "\">";
        out += number;
        out += "</a>";
        i += n;
    }
    return out;
}

}  // namespace lo::web
