// Feedback validation and the scrubbing of contact details from comments.
#include "domain/feedback.hpp"

#include <cctype>

#include "domain/ids.hpp"

namespace lo::domain {
namespace {

bool email_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' ||
           c == '+' || c == '-';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string remove_personal_details(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        // An e-mail address: word characters around an '@' with a dot in the domain.
        if (text[i] == '@') {
            std::size_t start = out.size();
            while (start > 0 && email_char(out[start - 1])) --start;
            std::size_t end = i + 1;
            while (end < text.size() && email_char(text[end])) ++end;
            const auto domain = text.substr(i + 1, end - i - 1);
            if (start < out.size() && domain.find('.') != std::string_view::npos) {
                out.erase(start);
                out += "[email removed]";
                i = end;
                continue;
            }
        }
        // A phone number: 7 or more digits, allowing separators between them.
        if (is_digit(text[i]) || (text[i] == '+' && i + 1 < text.size() && is_digit(text[i + 1]))) {
            std::size_t end = i, digits = 0, last_digit_end = i;
            while (end < text.size() && (is_digit(text[end]) || text[end] == ' ' ||
                                         text[end] == '-' || text[end] == '(' ||
                                         text[end] == ')' || text[end] == '+')) {
                if (is_digit(text[end])) {
                    ++digits;
                    last_digit_end = end + 1;
                }
                ++end;
            }
            if (digits >= 7) {
                out += "[phone number removed]";
                i = last_digit_end;
                continue;
            }
            out.append(text.substr(i, last_digit_end > i ? last_digit_end - i : 1));
            i = last_digit_end > i ? last_digit_end : i + 1;
            continue;
        }
        out.push_back(text[i]);
        ++i;
    }
    return out;
}

ValidationErrors validate(const Feedback& f) {
    ValidationErrors errors;
    if (!is_uuid(f.id)) errors.push_back({"id", "The id must be a UUID"});
    if (f.page.empty() || f.page.front() != '/' || f.page.size() > 500)
        errors.push_back({"page", "The page must be a path on this site, like /services"});
    if (!f.useful && f.comment.empty())
        errors.push_back({"comment", "Tell us what you were trying to do, or choose yes or no"});
    if (f.comment.size() > kMaxCommentLength)
        errors.push_back({"comment", "Your comment must be " + std::to_string(kMaxCommentLength) +
                                         " characters or fewer"});
    return errors;
}

}  // namespace lo::domain
