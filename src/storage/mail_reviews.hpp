// Repository interfaces for the outbox (every e-mail, sent or waiting) and the review cycle
// (reminders sent, "still accurate" links, daily runs). Like the account repositories, none of
// these writes advances the store's generation: they change nothing the public site shows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/outbox.hpp"

namespace lo::storage {

class OutboxRepository {
public:
    virtual ~OutboxRepository() = default;
    // Records a message waiting to be sent; returns its id.
    virtual std::int64_t add(const domain::MailMessage& message, std::int64_t now) = 0;
    virtual std::optional<domain::OutboxEntry> find(std::int64_t id) = 0;
    virtual std::vector<domain::OutboxEntry> list(int limit, int offset) = 0;  // newest first
    virtual std::int64_t count() = 0;
    // Unsent messages with fewer than max_attempts attempts whose last attempt was at or before
    // retry_before (or that were never tried), oldest first.
    virtual std::vector<domain::OutboxEntry> due(int max_attempts,
                                                 std::int64_t retry_before,
                                                 int limit) = 0;
    // Claims a due message for one sending attempt (so two processes never send it twice):
    // true when it is unsent and its last attempt was at or before retry_before.
    virtual bool claim(std::int64_t id, std::int64_t now, std::int64_t retry_before) = 0;
    virtual void mark_sent(std::int64_t id, std::int64_t now) = 0;
    virtual void mark_failed(std::int64_t id, std::int64_t now, const std::string& error) = 0;
};

struct ReviewToken {
    std::string token_hash;
    std::string service_id;
    std::string review_due;  // YYYY-MM-DD, the period it was sent for
    std::string recipient;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    std::optional<std::int64_t> used_at;
};

// Ending: the note before a service's end date; its review_due is the end date.
enum class ReminderKind { Reminder, Escalation, Ending };

class ReviewRepository {
public:
    virtual ~ReviewRepository() = default;
    virtual void add_token(const ReviewToken& token) = 0;
    virtual std::optional<ReviewToken> find_token(const std::string& token_hash) = 0;
    // Marks every unused link of the service as used; true when token_hash was among them
    // (false: it was already used, by a racing request or another link).
    virtual bool use_tokens(const std::string& service_id,
                            const std::string& token_hash,
                            std::int64_t now) = 0;

    virtual bool reminder_sent(const std::string& service_id,
                               const std::string& review_due,
                               ReminderKind kind) = 0;
    virtual void record_reminder(const std::string& service_id,
                                 const std::string& review_due,
                                 ReminderKind kind,
                                 int recipients,
                                 std::int64_t now) = 0;

    // Claims today's run of a daily job: true when it had not run on `day` (YYYY-MM-DD), and
    // records that it has. Two processes racing get one true between them.
    virtual bool claim_daily_run(const std::string& name,
                                 const std::string& day,
                                 std::int64_t now) = 0;
    virtual std::optional<std::string> last_daily_run(const std::string& name) = 0;
};

}  // namespace lo::storage
