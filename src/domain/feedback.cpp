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

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

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
            while (end < text.size() &&
                   (is_digit(text[end]) || text[end] == ' ' || text[end] == '-' ||
                    text[end] == '(' || text[end] == ')' || text[end] == '+')) {
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

std::string_view to_code(FeedbackState state) {
    switch (state) {
        case FeedbackState::New:
            return "new";
        case FeedbackState::InProgress:
            return "in_progress";
        case FeedbackState::Responded:
            return "responded";
        case FeedbackState::Published:
            return "published";
    }
    return "new";
}

std::optional<FeedbackState> feedback_state_from_code(std::string_view code) {
    for (auto s : {FeedbackState::New, FeedbackState::InProgress, FeedbackState::Responded,
                   FeedbackState::Published})
        if (to_code(s) == code) return s;
    return std::nullopt;
}

std::string_view label(FeedbackState state) {
    switch (state) {
        case FeedbackState::New:
            return "New";
        case FeedbackState::InProgress:
            return "In progress";
        case FeedbackState::Responded:
            return "Responded";
        case FeedbackState::Published:
            return "Published";
    }
    return "New";
}

const std::vector<FeedbackTheme>& feedback_themes() {
    static const std::vector<FeedbackTheme> themes = {
        {"wrong_information", "Wrong or out-of-date information"},
        {"quality", "Quality of services"},
        {"gaps", "Services that are missing"},
        {"accessibility", "Accessibility of the Local Offer"},
        {"finding_information", "Finding information"},
        {"development", "How the Local Offer is developed and reviewed"},
        {"other", "Something else"},
    };
    return themes;
}

std::string_view theme_label(std::string_view code) {
    for (const auto& t : feedback_themes())
        if (t.code == code) return t.label;
    return {};
}

ValidationErrors validate(const FeedbackResponse& r, bool personal_details_removed) {
    ValidationErrors errors;
    if (!r.theme.empty() && theme_label(r.theme).empty())
        errors.push_back({"theme", "Choose a theme from the list"});
    if (r.response.size() > kMaxResponseLength)
        errors.push_back({"response", "The response must be " + std::to_string(kMaxResponseLength) +
                                          " characters or fewer"});
    if (r.public_comment.size() > kMaxCommentLength)
        errors.push_back({"public_comment", "The published comment must be " +
                                                std::to_string(kMaxCommentLength) +
                                                " characters or fewer"});
    if ((r.state == FeedbackState::Responded || r.state == FeedbackState::Published) &&
        r.response.find_first_not_of(" \t\r\n") == std::string::npos)
        errors.push_back({"response",
                          "Write the response before marking it as responded or "
                          "publishing it"});
    if (r.state == FeedbackState::Published) {
        if (r.public_comment.find_first_not_of(" \t\r\n") == std::string::npos)
            errors.push_back({"public_comment",
                              "Write the comment as it will be published, in "
                              "words that identify no one"});
        else if (remove_personal_details(r.public_comment) != r.public_comment)
            errors.push_back({"public_comment",
                              "The published comment still has an e-mail address "
                              "or phone number in it. Remove it before publishing"});
        if (r.theme.empty())
            errors.push_back({"theme", "Choose a theme, so the yearly summary can count it"});
        if (!personal_details_removed)
            errors.push_back({"personal_details_removed",
                              "Confirm you have removed names and anything else that could "
                              "identify someone"});
    }
    return errors;
}

}  // namespace lo::domain
