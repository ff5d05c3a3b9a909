// Feedback from the public: "Is this page useful?" and an optional comment. Stored without
// personal data: e-mail addresses and phone numbers typed into a comment are removed first.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/validation.hpp"

namespace lo::domain {

struct Feedback {
    std::string id;
    std::string created_at;  // RFC 3339
    std::string page;        // the path the person was on, e.g. "/services/…"
    std::optional<bool> useful;
    std::string comment;

    bool operator==(const Feedback&) const = default;
};

inline constexpr std::size_t kMaxCommentLength = 1200;

// Replaces e-mail addresses with "[email removed]" and phone numbers (runs of 7 or more digits,
// allowing spaces, brackets, dashes and a leading +) with "[phone number removed]".
std::string remove_personal_details(std::string_view text);

ValidationErrors validate(const Feedback& feedback);

}  // namespace lo::domain
