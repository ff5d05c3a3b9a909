// Repository interfaces for accounts (users, sessions, one-time tokens, sign-in failures) and
// the append-only audit log. None of these writes advances the store's generation: signing in
// does not make the search index stale.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/accounts.hpp"

namespace lo::storage {

class UserRepository {
public:
    virtual ~UserRepository() = default;
    virtual std::optional<domain::User> find(const std::string& id) = 0;
    // E-mail addresses compare without regard to case.
    virtual std::optional<domain::User> find_by_email(const std::string& email) = 0;
    virtual std::vector<domain::User> list() = 0;  // by e-mail address
    virtual std::int64_t count() = 0;
    // Insert or update by id, replacing the organisation links. Throws Conflict when another
    // user has the e-mail address or an organisation does not exist.
    virtual void save(const domain::User& user) = 0;
    virtual void set_password_hash(const std::string& user_id, const std::string& hash) = 0;

    virtual void add_token(const domain::AccountToken& token) = 0;
    virtual std::optional<domain::AccountToken> find_token(const std::string& token_hash) = 0;
    // Marks the token used. False when it was already used (a second, racing use).
    virtual bool use_token(const std::string& token_hash, std::int64_t now) = 0;
    // Marks every unused token of the user as used (after a password change).
    virtual void revoke_tokens(const std::string& user_id, std::int64_t now) = 0;

    // Single sign-ons in progress. add_sso_login also removes those started before purge_before;
    // take_sso_login removes and returns one, so a provider's answer is used at most once.
    virtual void add_sso_login(const domain::SsoLogin& login, std::int64_t purge_before) = 0;
    virtual std::optional<domain::SsoLogin> take_sso_login(const std::string& state_hash) = 0;

    virtual domain::SignInFailures failures(const std::string& key) = 0;
    virtual void set_failures(const std::string& key, const domain::SignInFailures& failures) = 0;
    virtual void clear_failures(const std::string& key) = 0;
};

class SessionRepository {
public:
    virtual ~SessionRepository() = default;
    virtual void add(const domain::Session& session) = 0;
    virtual std::optional<domain::Session> find(const std::string& id_hash) = 0;
    virtual void touch(const std::string& id_hash, std::int64_t now) = 0;
    virtual void remove(const std::string& id_hash) = 0;
    virtual void remove_for_user(const std::string& user_id) = 0;
    // Removes sessions last seen before idle_before or created before created_before.
    virtual void purge(std::int64_t idle_before, std::int64_t created_before) = 0;
};

class AuditLog {
public:
    virtual ~AuditLog() = default;
    virtual void record(const domain::AuditEntry& entry) = 0;
    virtual std::vector<domain::AuditEntry> recent(int limit) = 0;  // newest first
    // The newest entries whose action starts with the prefix ("search_word_"), newest first.
    virtual std::vector<domain::AuditEntry> recent_actions(const std::string& action_prefix,
                                                         int limit) = 0;
};

}  // namespace lo::storage
