// Users, sessions, one-time tokens, sign-in failures and the audit log in SQLite
// (db/migrations/sqlite/0004_accounts.sql).
#include "storage/sqlite/accounts.hpp"

#include <sqlite3.h>

#include "domain/dates.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace lo::storage::sqlite {
namespace {

constexpr const char kSelectUser[] =
    "SELECT id, email, role, password_hash, active, created_at FROM users WHERE id = ?1";
constexpr const char kSelectUserByEmail[] =
    "SELECT id, email, role, password_hash, active, created_at FROM users WHERE email = ?1";
constexpr const char kListUsers[] =
    "SELECT id, email, role, password_hash, active, created_at FROM users "
    "ORDER BY email COLLATE NOCASE";
constexpr const char kCountUsers[] = "SELECT COUNT(*) FROM users";
constexpr const char kSelectUserOrganisations[] =
    "SELECT organisation_id FROM user_organisations WHERE user_id = ?1 ORDER BY organisation_id";
constexpr const char kUserWithEmail[] = "SELECT id FROM users WHERE email = ?1 AND id <> ?2";
constexpr const char kOrganisationExists[] = "SELECT 1 FROM organisations WHERE id = ?1";
constexpr const char kUpsertUser[] =
    "INSERT INTO users (id, email, role, password_hash, active, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET email = ?2, role = ?3, "
    "password_hash = ?4, active = ?5";
constexpr const char kDeleteUserOrganisations[] =
    "DELETE FROM user_organisations WHERE user_id = ?1";
constexpr const char kInsertUserOrganisation[] =
    "INSERT OR IGNORE INTO user_organisations (user_id, organisation_id) VALUES (?1, ?2)";
constexpr const char kSetPasswordHash[] = "UPDATE users SET password_hash = ?2 WHERE id = ?1";

constexpr const char kInsertToken[] =
    "INSERT INTO account_tokens (token_hash, user_id, purpose, created_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char kSelectToken[] =
    "SELECT token_hash, user_id, purpose, created_at, expires_at, used_at FROM account_tokens "
    "WHERE token_hash = ?1";
constexpr const char kUseToken[] =
    "UPDATE account_tokens SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL";
constexpr const char kRevokeTokens[] =
    "UPDATE account_tokens SET used_at = ?2 WHERE user_id = ?1 AND used_at IS NULL";

constexpr const char kPurgeSsoLogins[] = "DELETE FROM sso_logins WHERE created_at < ?1";
constexpr const char kInsertSsoLogin[] =
    "INSERT INTO sso_logins (state_hash, browser_hash, nonce, verifier, next, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
// One statement, so two answers racing with the same state cannot both take the row.
constexpr const char kTakeSsoLogin[] =
    "DELETE FROM sso_logins WHERE state_hash = ?1 "
    "RETURNING state_hash, browser_hash, nonce, verifier, next, created_at";

constexpr const char kSelectFailures[] =
    "SELECT failures, first_failure, locked_until FROM sign_in_failures WHERE key = ?1";
constexpr const char kUpsertFailures[] =
    "INSERT INTO sign_in_failures (key, failures, first_failure, locked_until) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE SET failures = ?2, first_failure = ?3, "
    "locked_until = ?4";
constexpr const char kDeleteFailures[] = "DELETE FROM sign_in_failures WHERE key = ?1";

constexpr const char kInsertSession[] =
    "INSERT INTO sessions (id_hash, user_id, created_at, last_seen) VALUES (?1, ?2, ?3, ?4)";
constexpr const char kSelectSession[] =
    "SELECT id_hash, COALESCE(user_id, ''), created_at, last_seen FROM sessions WHERE id_hash = ?1";
constexpr const char kTouchSession[] = "UPDATE sessions SET last_seen = ?2 WHERE id_hash = ?1";
constexpr const char kDeleteSession[] = "DELETE FROM sessions WHERE id_hash = ?1";
constexpr const char kDeleteUserSessions[] = "DELETE FROM sessions WHERE user_id = ?1";
constexpr const char kPurgeSessions[] =
    "DELETE FROM sessions WHERE last_seen < ?1 OR created_at < ?2";

constexpr const char kInsertAudit[] =
    "INSERT INTO audit_log (at, actor_id, actor_email, action, subject, detail, remote_address) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char kRecentAudit[] =
    "SELECT id, at, actor_id, actor_email, action, subject, detail, remote_address FROM audit_log "
    "ORDER BY id DESC LIMIT ?1";
// substr() rather than LIKE, so '_' in the prefix is just a character.
constexpr const char kRecentAuditActions[] =
    "SELECT id, at, actor_id, actor_email, action, subject, detail, remote_address FROM audit_log "
    "WHERE substr(action, 1, length(?2)) = ?2 ORDER BY id DESC LIMIT ?1";

domain::User read_user(Statement& st) {
    domain::User u;
    u.id = st.text(0);
    u.email = st.text(1);
    u.role = domain::role_from_code(st.text(2)).value_or(domain::Role::Provider);
    u.password_hash = st.text(3);
    u.active = st.integer(4) != 0;
    u.created_at = st.integer(5);
    return u;
}

void load_organisations(Connection& c, domain::User& u) {
    auto& st = c.prepare(kSelectUserOrganisations);
    st.bind(1, u.id);
    while (st.step()) u.organisation_ids.push_back(st.text(0));
}

class Users final : public UserRepository {
public:
    explicit Users(ConnectionSource& s) : source_(s) {}

    std::optional<domain::User> find(const std::string& id) override { return one(kSelectUser, id); }
    std::optional<domain::User> find_by_email(const std::string& email) override {
        return one(kSelectUserByEmail, email);
    }

    std::vector<domain::User> list() override {
        std::vector<domain::User> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kListUsers);
            while (st.step()) out.push_back(read_user(st));
            for (auto& u : out) load_organisations(c, u);
        });
        return out;
    }

    std::int64_t count() override {
        std::int64_t n = 0;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kCountUsers);
            if (st.step()) n = st.integer(0);
            st.reset();
        });
        return n;
    }

    void save(const domain::User& u) override {
        source_.with_quiet_write([&](Connection& c) {
            {
                auto& st = c.prepare(kUserWithEmail);
                st.bind(1, u.email).bind(2, u.id);
                const bool taken = st.step();
                st.reset();
                if (taken)
                    throw Conflict("There is already an account for " + u.email +
                                   ". Choose another e-mail address, or change that account.");
            }
            for (const auto& org : u.organisation_ids) {
                auto& st = c.prepare(kOrganisationExists);
                st.bind(1, org);
                const bool found = st.step();
                st.reset();
                if (!found)
                    throw Conflict("There is no organisation with the id " + org +
                                   ". Check the id on the organisation's page in the admin.");
            }
            c.prepare(kUpsertUser)
                .bind(1, u.id)
                .bind(2, u.email)
                .bind(3, domain::to_code(u.role))
                .bind(4, u.password_hash)
                .bind(5, u.active)
                .bind(6, u.created_at)
                .run();
            c.prepare(kDeleteUserOrganisations).bind(1, u.id).run();
            for (const auto& org : u.organisation_ids)
                c.prepare(kInsertUserOrganisation).bind(1, u.id).bind(2, org).run();
        });
    }

    void set_password_hash(const std::string& user_id, const std::string& hash) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kSetPasswordHash).bind(1, user_id).bind(2, hash).run();
        });
    }

    void add_token(const domain::AccountToken& t) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kInsertToken)
                .bind(1, t.token_hash)
                .bind(2, t.user_id)
                .bind(3, domain::to_code(t.purpose))
                .bind(4, t.created_at)
                .bind(5, t.expires_at)
                .run();
        });
    }

    std::optional<domain::AccountToken> find_token(const std::string& token_hash) override {
        std::optional<domain::AccountToken> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kSelectToken);
            st.bind(1, token_hash);
            if (st.step()) {
                domain::AccountToken t;
                t.token_hash = st.text(0);
                t.user_id = st.text(1);
                t.purpose = st.text(2) == "set_password" ? domain::TokenPurpose::SetPassword
                                                         : domain::TokenPurpose::ResetPassword;
                t.created_at = st.integer(3);
                t.expires_at = st.integer(4);
                if (!st.is_null(5)) t.used_at = st.integer(5);
                out = t;
            }
            st.reset();
        });
        return out;
    }

    bool use_token(const std::string& token_hash, std::int64_t now) override {
        bool used = false;
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kUseToken).bind(1, token_hash).bind(2, now).run();
            used = c.changes() == 1;
        });
        return used;
    }

    void revoke_tokens(const std::string& user_id, std::int64_t now) override {
        source_.with_quiet_write(
            [&](Connection& c) { c.prepare(kRevokeTokens).bind(1, user_id).bind(2, now).run(); });
    }

    void add_sso_login(const domain::SsoLogin& l, std::int64_t purge_before) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kPurgeSsoLogins).bind(1, purge_before).run();
            c.prepare(kInsertSsoLogin)
                .bind(1, l.state_hash)
                .bind(2, l.browser_hash)
                .bind(3, l.nonce)
                .bind(4, l.verifier)
                .bind(5, l.next)
                .bind(6, l.created_at)
                .run();
        });
    }

    std::optional<domain::SsoLogin> take_sso_login(const std::string& state_hash) override {
        std::optional<domain::SsoLogin> out;
        source_.with_quiet_write([&](Connection& c) {
            auto& st = c.prepare(kTakeSsoLogin);
            st.bind(1, state_hash);
            if (st.step())
                out = domain::SsoLogin{st.text(0), st.text(1), st.text(2),
                                     st.text(3), st.text(4), st.integer(5)};
            st.reset();
        });
        return out;
    }

    domain::SignInFailures failures(const std::string& key) override {
        domain::SignInFailures f;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kSelectFailures);
            st.bind(1, key);
            if (st.step()) f = {st.integer(0), st.integer(1), st.integer(2)};
            st.reset();
        });
        return f;
    }

    void set_failures(const std::string& key, const domain::SignInFailures& f) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kUpsertFailures)
                .bind(1, key)
                .bind(2, f.failures)
                .bind(3, f.first_failure)
                .bind(4, f.locked_until)
                .run();
        });
    }

    void clear_failures(const std::string& key) override {
        source_.with_quiet_write(
            [&](Connection& c) { c.prepare(kDeleteFailures).bind(1, key).run(); });
    }

private:
    std::optional<domain::User> one(const char* sql, const std::string& key) {
        std::optional<domain::User> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(sql);
            st.bind(1, key);
            if (st.step()) out = read_user(st);
            st.reset();
            if (out) load_organisations(c, *out);
        });
        return out;
    }

    ConnectionSource& source_;
};

class Sessions final : public SessionRepository {
public:
    explicit Sessions(ConnectionSource& s) : source_(s) {}

    void add(const domain::Session& s) override {
        source_.with_quiet_write([&](Connection& c) {
            auto& st = c.prepare(kInsertSession);
            st.bind(1, s.id_hash);
            if (s.user_id.empty())
                st.bind_null(2);
            else
                st.bind(2, s.user_id);
            st.bind(3, s.created_at).bind(4, s.last_seen).run();
        });
    }

    std::optional<domain::Session> find(const std::string& id_hash) override {
        std::optional<domain::Session> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kSelectSession);
            st.bind(1, id_hash);
            if (st.step())
                out = domain::Session{st.text(0), st.text(1), st.integer(2), st.integer(3)};
            st.reset();
        });
        return out;
    }

    void touch(const std::string& id_hash, std::int64_t now) override {
        source_.with_quiet_write(
            [&](Connection& c) { c.prepare(kTouchSession).bind(1, id_hash).bind(2, now).run(); });
    }

    void remove(const std::string& id_hash) override {
        source_.with_quiet_write(
            [&](Connection& c) { c.prepare(kDeleteSession).bind(1, id_hash).run(); });
    }

    void remove_for_user(const std::string& user_id) override {
        source_.with_quiet_write(
            [&](Connection& c) { c.prepare(kDeleteUserSessions).bind(1, user_id).run(); });
    }

    void purge(std::int64_t idle_before, std::int64_t created_before) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kPurgeSessions).bind(1, idle_before).bind(2, created_before).run();
        });
    }

private:
    ConnectionSource& source_;
};

domain::AuditEntry read_entry(Statement& st) {
    return {st.integer(0), st.text(1), st.text(2), st.text(3),
            st.text(4),    st.text(5), st.text(6), st.text(7)};
}

class Audit final : public AuditLog {
public:
    explicit Audit(ConnectionSource& s) : source_(s) {}

    void record(const domain::AuditEntry& e) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kInsertAudit)
                .bind(1, e.at.empty() ? domain::now_rfc3339() : e.at)
                .bind(2, e.actor_id)
                .bind(3, e.actor_email)
                .bind(4, e.action)
                .bind(5, e.subject)
                .bind(6, e.detail)
                .bind(7, e.remote_address)
                .run();
        });
    }

    std::vector<domain::AuditEntry> recent(int limit) override {
        std::vector<domain::AuditEntry> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kRecentAudit);
            st.bind(1, limit);
            while (st.step()) out.push_back(read_entry(st));
        });
        return out;
    }

    std::vector<domain::AuditEntry> recent_actions(const std::string& action_prefix,
                                                 int limit) override {
        std::vector<domain::AuditEntry> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kRecentAuditActions);
            st.bind(1, limit).bind(2, action_prefix);
            while (st.step()) out.push_back(read_entry(st));
        });
        return out;
    }

private:
    ConnectionSource& source_;
};

}  // namespace

std::unique_ptr<UserRepository> make_user_repository(ConnectionSource& source) {
    return std::make_unique<Users>(source);
}
std::unique_ptr<SessionRepository> make_session_repository(ConnectionSource& source) {
    return std::make_unique<Sessions>(source);
}
std::unique_ptr<AuditLog> make_audit_log(ConnectionSource& source) {
    return std::make_unique<Audit>(source);
}

}  // namespace lo::storage::sqlite
