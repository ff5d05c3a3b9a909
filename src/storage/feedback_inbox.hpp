// Repository interfaces for the editors' feedback inbox and "You said, we did" (docs/admin.md,
// "Feedback"), and for two-factor sign-in. Like the account repositories, none of these writes
// advances the store's generation: they change nothing the search index shows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/feedback.hpp"

namespace lo::storage {

struct Page;

// One piece of feedback as the inbox shows it: the message, where it came from and what has
// been done with it. service_* and organisation_* are set when the page was a service page.
struct FeedbackItem {
    domain::Feedback feedback;
    domain::FeedbackResponse response;  // state New and empty text when nothing has been done
    std::string service_id;
    std::string service_name;
    std::string organisation_id;
    std::string organisation_name;
};

struct FeedbackFilter {
    std::string kind;  // "" any, "useful", "not_useful", "problem", "comment" (none of those)
    std::optional<domain::FeedbackState> state;
    std::string page;  // exact path
    // Set for a provider: only problems reported on services of these organisations.
    std::optional<std::vector<std::string>> problems_of_organisations;
};

// A published "You said, we did" item.
struct PublishedFeedback {
    std::string received_at;  // RFC 3339, when the comment was sent
    std::string published_at;
    std::string public_comment;
    std::string response;
    std::string theme;
    std::string service_name;  // for a problem on a service page, else ""
};

struct FeedbackYear {
    int year = 0;
    std::int64_t received = 0;  // every answer and comment
    std::int64_t problems_reported = 0;
    std::int64_t problems_fixed = 0;
    std::int64_t published = 0;
    std::vector<std::pair<std::string, std::int64_t>>
        top_themes;  // code, count; most first, up to 3
};

class FeedbackInboxRepository {
public:
    virtual ~FeedbackInboxRepository() = default;
    // Newest first.
    virtual std::vector<FeedbackItem> list(const FeedbackFilter& filter, Page page) = 0;
    virtual std::int64_t count(const FeedbackFilter& filter) = 0;
    virtual std::optional<FeedbackItem> find(const std::string& feedback_id) = 0;
    // Insert or replace the response to one piece of feedback. published_at is kept from the
    // first publication. Throws Conflict when the feedback does not exist.
    virtual void save_response(const domain::FeedbackResponse& response) = 0;
    // Every published item, newest comment first.
    virtual std::vector<PublishedFeedback> published() = 0;
    // One row per calendar year that received feedback, newest first.
    virtual std::vector<FeedbackYear> yearly_summary() = 0;
};

// Two-factor sign-in (TOTP) of one admin account.
struct TwoFactorRecord {
    std::string user_id;
    std::string secret;                      // base32; never log it
    std::optional<std::int64_t> enabled_at;  // unset while the first code is awaited
    std::int64_t last_step = 0;              // newest accepted 30-second step
};

// A sign-in whose password was right and which now waits for a code.
struct TwoFactorChallenge {
    std::string session_hash;
    std::string user_id;
    std::string next;
    std::int64_t created_at = 0;
};

class TwoFactorRepository {
public:
    virtual ~TwoFactorRepository() = default;
    virtual std::optional<TwoFactorRecord> find(const std::string& user_id) = 0;
    virtual void save(const TwoFactorRecord& record) = 0;  // insert or replace
    // Removes the secret, the recovery codes and any waiting sign-in of the account.
    virtual void remove(const std::string& user_id) = 0;
    // Records that the code of `step` was used. False when that step or a later one was already
    // used (a replayed code), so the check and the update are one statement.
    virtual bool use_step(const std::string& user_id, std::int64_t step) = 0;

    virtual void replace_recovery_codes(const std::string& user_id,
                                        const std::vector<std::string>& code_hashes) = 0;
    // Marks the code used; false when it is unknown or already used.
    virtual bool use_recovery_code(const std::string& user_id,
                                   const std::string& code_hash,
                                   std::int64_t now) = 0;
    virtual std::int64_t recovery_codes_left(const std::string& user_id) = 0;

    virtual void add_challenge(const TwoFactorChallenge& challenge) = 0;
    virtual std::optional<TwoFactorChallenge> find_challenge(const std::string& session_hash) = 0;
    virtual void remove_challenge(const std::string& session_hash) = 0;
};

}  // namespace lo::storage
