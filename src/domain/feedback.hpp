// Feedback from the public: "Is this page useful?" and an optional comment. Stored without
// personal data: e-mail addresses and phone numbers typed into a comment are removed first.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/validation.hpp"

namespace lo::domain {

struct Feedback {
    std::string id;
    std::string created_at;  // RFC 3339
    std::string page;        // the path the person was on, e.g. "/services/…"
    std::optional<bool> useful;
    std::string comment;
    bool problem = false;  // sent from "Report a problem with this page"

    bool operator==(const Feedback&) const = default;
};

inline constexpr std::size_t kMaxCommentLength = 1200;

// Replaces e-mail addresses with "[email removed]" and phone numbers (runs of 7 or more digits,
// allowing spaces, brackets, dashes and a leading +) with "[phone number removed]".
std::string remove_personal_details(std::string_view text);

ValidationErrors validate(const Feedback& feedback);

// --- What editors do with feedback ("You said, we did", SEND Regulations 2014 reg 56) ---------

// New: nobody has looked at it. In progress: someone is working on it. Responded: the council (or
// the provider, for a problem on their service) has written its response. Published: the comment,
// edited so it identifies no one, and the response are on the public "You said, we did" page.
enum class FeedbackState { New, InProgress, Responded, Published };

std::string_view to_code(FeedbackState state);  // "new", "in_progress", "responded", "published"
std::optional<FeedbackState> feedback_state_from_code(std::string_view code);
std::string_view label(FeedbackState state);  // "New", "In progress", ...

// The themes reg 56(1) asks councils to seek comments on, plus the everyday ones. Codes are
// stored; labels are shown.
struct FeedbackTheme {
    std::string_view code;
    std::string_view label;
};
const std::vector<FeedbackTheme>& feedback_themes();
std::string_view theme_label(std::string_view code);  // "" for an unknown code

// An editor's (or a provider's) handling of one piece of feedback.
struct FeedbackResponse {
    std::string feedback_id;
    FeedbackState state = FeedbackState::New;
    std::string response;  // "We did": what the council did or will do
    std::string
        public_comment;        // "You said": the comment as published, edited for personal details
    std::string theme;         // a feedback_themes() code, or ""
    bool fixed = false;        // the problem reported has been put right
    std::string updated_at;    // RFC 3339
    std::string updated_by;    // e-mail address of the person who saved it
    std::string published_at;  // RFC 3339, "" until first published
};

inline constexpr std::size_t kMaxResponseLength = 2000;

// Every rule a response breaks. Publishing needs a response, a public comment with no e-mail
// address or phone number left in it, and personal_details_removed confirmed by the editor.
ValidationErrors validate(const FeedbackResponse& response, bool personal_details_removed);

}  // namespace lo::domain
