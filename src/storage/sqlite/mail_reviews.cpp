// The outbox and the review cycle in SQLite (db/migrations/sqlite/0006_mail_and_reviews.sql).
#include <sqlite3.h>

#include "storage/sqlite/accounts.hpp"
#include "storage/sqlite/connection.hpp"

namespace lo::storage::sqlite {
namespace {

constexpr const char kInsertMessage[] =
    "INSERT INTO outbox (created_at, to_address, subject, body, kind) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char kSelectMessage[] =
    "SELECT id, created_at, to_address, subject, body, kind, attempts, last_attempt_at, sent_at, "
    "last_error FROM outbox WHERE id = ?1";
constexpr const char kListMessages[] =
    "SELECT id, created_at, to_address, subject, body, kind, attempts, last_attempt_at, sent_at, "
    "last_error FROM outbox ORDER BY id DESC LIMIT ?1 OFFSET ?2";
constexpr const char kCountMessages[] = "SELECT COUNT(*) FROM outbox";
constexpr const char kDueMessages[] =
    "SELECT id, created_at, to_address, subject, body, kind, attempts, last_attempt_at, sent_at, "
    "last_error FROM outbox WHERE sent_at IS NULL AND attempts < ?1 "
    "AND (last_attempt_at IS NULL OR last_attempt_at <= ?2) ORDER BY id LIMIT ?3";
constexpr const char kClaimMessage[] =
    "UPDATE outbox SET last_attempt_at = ?2 WHERE id = ?1 AND sent_at IS NULL "
    "AND (last_attempt_at IS NULL OR last_attempt_at <= ?3)";
constexpr const char kMarkSent[] =
    "UPDATE outbox SET sent_at = ?2, last_attempt_at = ?2, attempts = attempts + 1, "
    "last_error = '' WHERE id = ?1";
constexpr const char kMarkFailed[] =
    "UPDATE outbox SET last_attempt_at = ?2, attempts = attempts + 1, last_error = ?3 WHERE id = "
    "?1";

constexpr const char kInsertReviewToken[] =
    "INSERT INTO review_tokens (token_hash, service_id, review_due, recipient, created_at, "
    "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char kSelectReviewToken[] =
    "SELECT token_hash, service_id, review_due, recipient, created_at, expires_at, used_at "
    "FROM review_tokens WHERE token_hash = ?1";
constexpr const char kTokenUnused[] =
    "SELECT 1 FROM review_tokens WHERE token_hash = ?1 AND used_at IS NULL";
constexpr const char kUseServiceTokens[] =
    "UPDATE review_tokens SET used_at = ?2 WHERE service_id = ?1 AND used_at IS NULL";
constexpr const char kReminderSent[] =
    "SELECT 1 FROM review_reminders WHERE service_id = ?1 AND review_due = ?2 AND kind = ?3";
constexpr const char kInsertReminder[] =
    "INSERT OR IGNORE INTO review_reminders (service_id, review_due, kind, sent_at, recipients) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char kClaimDailyRun[] =
    "INSERT INTO daily_runs (name, last_day, at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (name) DO UPDATE SET last_day = ?2, at = ?3 WHERE last_day < ?2";
constexpr const char kLastDailyRun[] = "SELECT last_day FROM daily_runs WHERE name = ?1";

domain::OutboxEntry read_entry(Statement& st) {
    domain::OutboxEntry e;
    e.id = st.integer(0);
    e.created_at = st.integer(1);
    e.message.to = st.text(2);
    e.message.subject = st.text(3);
    e.message.body = st.text(4);
    e.message.kind = st.text(5);
    e.attempts = static_cast<int>(st.integer(6));
    if (!st.is_null(7)) e.last_attempt_at = st.integer(7);
    if (!st.is_null(8)) e.sent_at = st.integer(8);
    e.last_error = st.text(9);
    return e;
}

class Outbox final : public OutboxRepository {
public:
    explicit Outbox(ConnectionSource& s) : source_(s) {}

    std::int64_t add(const domain::MailMessage& m, std::int64_t now) override {
        std::int64_t id = 0;
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kInsertMessage)
                .bind(1, now)
                .bind(2, m.to)
                .bind(3, m.subject)
                .bind(4, m.body)
                .bind(5, m.kind)
                .run();
            id = sqlite3_last_insert_rowid(c.handle());
        });
        return id;
    }

    std::optional<domain::OutboxEntry> find(std::int64_t id) override {
        std::optional<domain::OutboxEntry> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kSelectMessage);
            st.bind(1, id);
            if (st.step()) out = read_entry(st);
            st.reset();
        });
        return out;
    }

    std::vector<domain::OutboxEntry> list(int limit, int offset) override {
        std::vector<domain::OutboxEntry> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kListMessages);
            st.bind(1, limit).bind(2, offset);
            while (st.step()) out.push_back(read_entry(st));
        });
        return out;
    }

    std::int64_t count() override {
        std::int64_t n = 0;
        source_.with_read([&](Connection& c) { n = c.prepare(kCountMessages).single_integer(); });
        return n;
    }

    std::vector<domain::OutboxEntry> due(int max_attempts,
                                         std::int64_t retry_before,
                                         int limit) override {
        std::vector<domain::OutboxEntry> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kDueMessages);
            st.bind(1, max_attempts).bind(2, retry_before).bind(3, limit);
            while (st.step()) out.push_back(read_entry(st));
        });
        return out;
    }

    bool claim(std::int64_t id, std::int64_t now, std::int64_t retry_before) override {
        bool claimed = false;
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kClaimMessage).bind(1, id).bind(2, now).bind(3, retry_before).run();
            claimed = c.changes() == 1;
        });
        return claimed;
    }

    void mark_sent(std::int64_t id, std::int64_t now) override {
        source_.with_quiet_write(
            [&](Connection& c) { c.prepare(kMarkSent).bind(1, id).bind(2, now).run(); });
    }

    void mark_failed(std::int64_t id, std::int64_t now, const std::string& error) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kMarkFailed).bind(1, id).bind(2, now).bind(3, error.substr(0, 1000)).run();
        });
    }

private:
    ConnectionSource& source_;
};

std::string_view to_code(ReminderKind k) {
    switch (k) {
        case ReminderKind::Reminder:
            return "reminder";
        case ReminderKind::Escalation:
            return "escalation";
        case ReminderKind::Ending:
            break;
    }
    return "ending";
}

class Reviews final : public ReviewRepository {
public:
    explicit Reviews(ConnectionSource& s) : source_(s) {}

    void add_token(const ReviewToken& t) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kInsertReviewToken)
                .bind(1, t.token_hash)
                .bind(2, t.service_id)
                .bind(3, t.review_due)
                .bind(4, t.recipient)
                .bind(5, t.created_at)
                .bind(6, t.expires_at)
                .run();
        });
    }

    std::optional<ReviewToken> find_token(const std::string& token_hash) override {
        std::optional<ReviewToken> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kSelectReviewToken);
            st.bind(1, token_hash);
            if (st.step()) {
                ReviewToken t{st.text(0),    st.text(1),    st.text(2),  st.text(3),
                              st.integer(4), st.integer(5), std::nullopt};
                if (!st.is_null(6)) t.used_at = st.integer(6);
                out = t;
            }
            st.reset();
        });
        return out;
    }

    bool use_tokens(const std::string& service_id,
                    const std::string& token_hash,
                    std::int64_t now) override {
        bool used = false;
        source_.with_quiet_write([&](Connection& c) {
            auto& st = c.prepare(kTokenUnused);
            st.bind(1, token_hash);
            used = st.step();
            st.reset();
            if (used) c.prepare(kUseServiceTokens).bind(1, service_id).bind(2, now).run();
        });
        return used;
    }

    bool reminder_sent(const std::string& service_id,
                       const std::string& review_due,
                       ReminderKind kind) override {
        bool sent = false;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kReminderSent);
            st.bind(1, service_id).bind(2, review_due).bind(3, to_code(kind));
            sent = st.step();
            st.reset();
        });
        return sent;
    }

    void record_reminder(const std::string& service_id,
                         const std::string& review_due,
                         ReminderKind kind,
                         int recipients,
                         std::int64_t now) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kInsertReminder)
                .bind(1, service_id)
                .bind(2, review_due)
                .bind(3, to_code(kind))
                .bind(4, now)
                .bind(5, recipients)
                .run();
        });
    }

    bool claim_daily_run(const std::string& name,
                         const std::string& day,
                         std::int64_t now) override {
        bool claimed = false;
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kClaimDailyRun).bind(1, name).bind(2, day).bind(3, now).run();
            claimed = c.changes() == 1;
        });
        return claimed;
    }

    std::optional<std::string> last_daily_run(const std::string& name) override {
        std::optional<std::string> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kLastDailyRun);
            st.bind(1, name);
            if (st.step()) out = st.text(0);
            st.reset();
        });
        return out;
    }

private:
    ConnectionSource& source_;
};

}  // namespace

std::unique_ptr<OutboxRepository> make_outbox_repository(ConnectionSource& source) {
    return std::make_unique<Outbox>(source);
}
std::unique_ptr<ReviewRepository> make_review_repository(ConnectionSource& source) {
    return std::make_unique<Reviews>(source);
}

}  // namespace lo::storage::sqlite
