// The feedback inbox, "You said, we did" and two-factor sign-in in SQLite
// (db/migrations/sqlite/0007_feedback_inbox_two_factor.sql).
#include "storage/sqlite/feedback_inbox.hpp"

#include "domain/dates.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace lo::storage::sqlite {
namespace {

// One inbox item (read_item() reads them in this order).
#define LO_FEEDBACK_COLUMNS                                                                \
    "SELECT f.id, f.created_at, f.page, f.useful, f.comment, f.problem, "                  \
    "COALESCE(r.state, 'new'), COALESCE(r.response, ''), COALESCE(r.public_comment, ''), " \
    "COALESCE(r.theme, ''), COALESCE(r.fixed, 0), COALESCE(r.updated_at, ''), "            \
    "COALESCE(r.updated_by, ''), COALESCE(r.published_at, ''), COALESCE(s.id, ''), "       \
    "COALESCE(s.name, ''), COALESCE(o.id, ''), COALESCE(o.name, '') "

// The service a page is about: service pages are /services/<uuid>.
#define LO_FEEDBACK_FROM                                                                          \
    "FROM feedback f "                                                                            \
    "LEFT JOIN feedback_responses r ON r.feedback_id = f.id "                                     \
    "LEFT JOIN services s ON f.page LIKE '/services/%' AND s.id = lower(substr(f.page, 11, 36)) " \
    "LEFT JOIN organisations o ON o.id = s.organisation_id "

// ?1 kind, ?2 state, ?3 page, ?4 1 when only a provider's problems, ?5 their organisations'
// ids as ",id1,id2," (ids are UUIDs, so they never contain a comma)
#define LO_FEEDBACK_WHERE                                                                         \
    "WHERE (?1 = '' OR (?1 = 'useful' AND f.useful = 1) OR (?1 = 'not_useful' AND f.useful = 0) " \
    "OR (?1 = 'problem' AND f.problem = 1) "                                                      \
    "OR (?1 = 'comment' AND f.useful IS NULL AND f.problem = 0)) "                                \
    "AND (?2 = '' OR COALESCE(r.state, 'new') = ?2) "                                             \
    "AND (?3 = '' OR f.page = ?3) "                                                               \
    "AND (?4 = 0 OR (f.problem = 1 AND instr(?5, ',' || s.organisation_id || ',') > 0)) "

constexpr const char kListItems[] = LO_FEEDBACK_COLUMNS LO_FEEDBACK_FROM LO_FEEDBACK_WHERE
    "ORDER BY f.created_at DESC, f.id LIMIT ?6 OFFSET ?7";
constexpr const char kCountItems[] = "SELECT COUNT(*) " LO_FEEDBACK_FROM LO_FEEDBACK_WHERE;
constexpr const char kFindItem[] = LO_FEEDBACK_COLUMNS LO_FEEDBACK_FROM "WHERE f.id = ?1";
constexpr const char kFeedbackExists[] = "SELECT COUNT(*) FROM feedback WHERE id = ?1";
constexpr const char kSelectPublishedAt[] =
    "SELECT published_at FROM feedback_responses WHERE feedback_id = ?1";
constexpr const char kUpsertResponse[] =
    "INSERT INTO feedback_responses (feedback_id, state, response, public_comment, theme, fixed, "
    "updated_at, updated_by, published_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (feedback_id) DO UPDATE SET state = ?2, response = ?3, public_comment = ?4, "
    "theme = ?5, fixed = ?6, updated_at = ?7, updated_by = ?8, published_at = ?9";
constexpr const char kPublished[] =
    "SELECT f.created_at, r.published_at, r.public_comment, r.response, r.theme, "
    "CASE WHEN f.problem = 1 THEN COALESCE(s.name, '') ELSE '' END "
    "FROM feedback_responses r JOIN feedback f ON f.id = r.feedback_id "
    "LEFT JOIN services s ON f.page LIKE '/services/%' AND s.id = lower(substr(f.page, 11, 36)) "
    "WHERE r.state = 'published' ORDER BY f.created_at DESC, f.id";
constexpr const char kYears[] =
    "SELECT CAST(substr(f.created_at, 1, 4) AS INTEGER) AS year, COUNT(*), "
    "SUM(f.problem), SUM(f.problem = 1 AND COALESCE(r.fixed, 0) = 1), "
    "SUM(COALESCE(r.state, '') = 'published') "
    "FROM feedback f LEFT JOIN feedback_responses r ON r.feedback_id = f.id "
    "GROUP BY year ORDER BY year DESC";
constexpr const char kThemes[] =
    "SELECT CAST(substr(f.created_at, 1, 4) AS INTEGER) AS year, r.theme, COUNT(*) AS n "
    "FROM feedback f JOIN feedback_responses r ON r.feedback_id = f.id "
    "WHERE r.theme <> '' AND r.state IN ('responded', 'published') "
    "GROUP BY year, r.theme ORDER BY year DESC, n DESC, r.theme";

FeedbackItem read_item(Statement& st) {
    FeedbackItem item;
    auto& f = item.feedback;
    f.id = st.text(0);
    f.created_at = st.text(1);
    f.page = st.text(2);
    if (!st.is_null(3)) f.useful = st.integer(3) != 0;
    f.comment = st.text(4);
    f.problem = st.integer(5) != 0;
    auto& r = item.response;
    r.feedback_id = f.id;
    r.state = domain::feedback_state_from_code(st.text(6)).value_or(domain::FeedbackState::New);
    r.response = st.text(7);
    r.public_comment = st.text(8);
    r.theme = st.text(9);
    r.fixed = st.integer(10) != 0;
    r.updated_at = st.text(11);
    r.updated_by = st.text(12);
    r.published_at = st.text(13);
    item.service_id = st.text(14);
    item.service_name = st.text(15);
    item.organisation_id = st.text(16);
    item.organisation_name = st.text(17);
    return item;
}

std::string organisation_list(const FeedbackFilter& filter) {
    std::string out = ",";
    if (filter.problems_of_organisations)
        for (const auto& id : *filter.problems_of_organisations) out += id + ",";
    return out;
}

void bind_filter(Statement& st, const FeedbackFilter& filter) {
    st.bind(1, filter.kind)
        .bind(2, filter.state ? domain::to_code(*filter.state) : std::string_view())
        .bind(3, filter.page)
        .bind(4, filter.problems_of_organisations.has_value())
        .bind(5, organisation_list(filter));
}

class FeedbackInbox final : public FeedbackInboxRepository {
public:
    explicit FeedbackInbox(ConnectionSource& s) : source_(s) {}

    std::vector<FeedbackItem> list(const FeedbackFilter& filter, Page page) override {
        std::vector<FeedbackItem> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kListItems);
            bind_filter(st, filter);
            st.bind(6, page.limit).bind(7, page.offset);
            while (st.step()) out.push_back(read_item(st));
        });
        return out;
    }

    std::int64_t count(const FeedbackFilter& filter) override {
        std::int64_t n = 0;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kCountItems);
            bind_filter(st, filter);
            n = st.single_integer();
        });
        return n;
    }

    std::optional<FeedbackItem> find(const std::string& id) override {
        std::optional<FeedbackItem> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kFindItem);
            st.bind(1, id);
            if (st.step()) out = read_item(st);
            st.reset();
        });
        return out;
    }

    // Not a quiet write: a published answer changes the public "You said, we did" page, and
    // the generation is what the page cache (app/page_cache.hpp) follows.
    void save_response(const domain::FeedbackResponse& r) override {
        source_.with_write([&](Connection& c) {
            if (c.prepare(kFeedbackExists).bind(1, r.feedback_id).single_integer() == 0)
                throw Conflict("This feedback no longer exists. Go back to the inbox.");
            std::string published_at;
            {
                auto& st = c.prepare(kSelectPublishedAt);
                st.bind(1, r.feedback_id);
                if (st.step()) published_at = st.text(0);
                st.reset();
            }
            if (published_at.empty() && r.state == domain::FeedbackState::Published)
                published_at = r.published_at.empty() ? domain::now_rfc3339() : r.published_at;
            c.prepare(kUpsertResponse)
                .bind(1, r.feedback_id)
                .bind(2, domain::to_code(r.state))
                .bind(3, r.response)
                .bind(4, r.public_comment)
                .bind(5, r.theme)
                .bind(6, r.fixed)
                .bind(7, r.updated_at.empty() ? domain::now_rfc3339() : r.updated_at)
                .bind(8, r.updated_by)
                .bind(9, published_at)
                .run();
        });
    }

    std::vector<PublishedFeedback> published() override {
        std::vector<PublishedFeedback> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kPublished);
            while (st.step())
                out.push_back(
                    {st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)});
        });
        return out;
    }

    std::vector<FeedbackYear> yearly_summary() override {
        std::vector<FeedbackYear> out;
        source_.with_read([&](Connection& c) {
            auto& years = c.prepare(kYears);
            while (years.step())
                out.push_back({static_cast<int>(years.integer(0)),
                               years.integer(1),
                               years.integer(2),
                               years.integer(3),
                               years.integer(4),
                               {}});
            auto& themes = c.prepare(kThemes);
            while (themes.step()) {
                const auto year = static_cast<int>(themes.integer(0));
                for (auto& y : out)
                    if (y.year == year && y.top_themes.size() < 3)
                        y.top_themes.emplace_back(themes.text(1), themes.integer(2));
            }
        });
        return out;
    }

private:
    ConnectionSource& source_;
};

constexpr const char kSelectTwoFactor[] =
    "SELECT user_id, secret, enabled_at, last_step FROM two_factor WHERE user_id = ?1";
constexpr const char kUpsertTwoFactor[] =
    "INSERT INTO two_factor (user_id, secret, enabled_at, last_step) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (user_id) DO UPDATE SET secret = ?2, enabled_at = ?3, last_step = ?4";
constexpr const char kDeleteTwoFactor[] = "DELETE FROM two_factor WHERE user_id = ?1";
constexpr const char kDeleteRecoveryCodes[] =
    "DELETE FROM two_factor_recovery_codes WHERE user_id = ?1";
constexpr const char kDeleteUserChallenges[] =
    "DELETE FROM two_factor_challenges WHERE user_id = ?1";
constexpr const char kUseStep[] =
    "UPDATE two_factor SET last_step = ?2 WHERE user_id = ?1 AND last_step < ?2";
constexpr const char kInsertRecoveryCode[] =
    "INSERT OR IGNORE INTO two_factor_recovery_codes (user_id, code_hash) VALUES (?1, ?2)";
constexpr const char kUseRecoveryCode[] =
    "UPDATE two_factor_recovery_codes SET used_at = ?3 "
    "WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL";
constexpr const char kRecoveryCodesLeft[] =
    "SELECT COUNT(*) FROM two_factor_recovery_codes WHERE user_id = ?1 AND used_at IS NULL";
constexpr const char kInsertChallenge[] =
    "INSERT OR REPLACE INTO two_factor_challenges (session_hash, user_id, next, created_at) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr const char kSelectChallenge[] =
    "SELECT session_hash, user_id, next, created_at FROM two_factor_challenges "
    "WHERE session_hash = ?1";
constexpr const char kDeleteChallenge[] =
    "DELETE FROM two_factor_challenges WHERE session_hash = ?1";

class TwoFactor final : public TwoFactorRepository {
public:
    explicit TwoFactor(ConnectionSource& s) : source_(s) {}

    std::optional<TwoFactorRecord> find(const std::string& user_id) override {
        std::optional<TwoFactorRecord> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kSelectTwoFactor);
            st.bind(1, user_id);
            if (st.step()) {
                TwoFactorRecord r{st.text(0), st.text(1), std::nullopt, st.integer(3)};
                if (!st.is_null(2)) r.enabled_at = st.integer(2);
                out = std::move(r);
            }
            st.reset();
        });
        return out;
    }

    void save(const TwoFactorRecord& r) override {
        source_.with_quiet_write([&](Connection& c) {
            auto& st = c.prepare(kUpsertTwoFactor);
            st.bind(1, r.user_id).bind(2, r.secret).bind(4, r.last_step);
            if (r.enabled_at)
                st.bind(3, *r.enabled_at);
            else
                st.bind_null(3);
            st.run();
        });
    }

    void remove(const std::string& user_id) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kDeleteTwoFactor).bind(1, user_id).run();
            c.prepare(kDeleteRecoveryCodes).bind(1, user_id).run();
            c.prepare(kDeleteUserChallenges).bind(1, user_id).run();
        });
    }

    bool use_step(const std::string& user_id, std::int64_t step) override {
        bool used = false;
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kUseStep).bind(1, user_id).bind(2, step).run();
            used = c.changes() == 1;
        });
        return used;
    }

    void replace_recovery_codes(const std::string& user_id,
                                const std::vector<std::string>& hashes) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kDeleteRecoveryCodes).bind(1, user_id).run();
            for (const auto& h : hashes)
                c.prepare(kInsertRecoveryCode).bind(1, user_id).bind(2, h).run();
        });
    }

    bool use_recovery_code(const std::string& user_id,
                           const std::string& code_hash,
                           std::int64_t now) override {
        bool used = false;
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kUseRecoveryCode).bind(1, user_id).bind(2, code_hash).bind(3, now).run();
            used = c.changes() == 1;
        });
        return used;
    }

    std::int64_t recovery_codes_left(const std::string& user_id) override {
        std::int64_t n = 0;
        source_.with_read([&](Connection& c) {
            n = c.prepare(kRecoveryCodesLeft).bind(1, user_id).single_integer();
        });
        return n;
    }

    void add_challenge(const TwoFactorChallenge& ch) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kInsertChallenge)
                .bind(1, ch.session_hash)
                .bind(2, ch.user_id)
                .bind(3, ch.next)
                .bind(4, ch.created_at)
                .run();
        });
    }

    std::optional<TwoFactorChallenge> find_challenge(const std::string& session_hash) override {
        std::optional<TwoFactorChallenge> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kSelectChallenge);
            st.bind(1, session_hash);
            if (st.step())
                out = TwoFactorChallenge{st.text(0), st.text(1), st.text(2), st.integer(3)};
            st.reset();
        });
        return out;
    }

    void remove_challenge(const std::string& session_hash) override {
        source_.with_quiet_write(
            [&](Connection& c) { c.prepare(kDeleteChallenge).bind(1, session_hash).run(); });
    }

private:
    ConnectionSource& source_;
};

}  // namespace

std::unique_ptr<FeedbackInboxRepository> make_feedback_inbox(ConnectionSource& source) {
    return std::make_unique<FeedbackInbox>(source);
}
std::unique_ptr<TwoFactorRepository> make_two_factor_repository(ConnectionSource& source) {
    return std::make_unique<TwoFactor>(source);
}

}  // namespace lo::storage::sqlite
