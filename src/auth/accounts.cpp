// Accounts: users, sessions, throttling and one-time links (see accounts.hpp).
#include "auth/accounts.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "auth/crypto.hpp"
#include "auth/throttle.hpp"
#include "auth/two_factor.hpp"
#include "domain/ids.hpp"
#include "domain/validation.hpp"

namespace lo::auth {
namespace {

// Hash checked when the e-mail address is unknown, so a wrong address takes as long to refuse
// as a wrong password and the response time does not reveal which addresses have accounts.
const std::string& dummy_hash() {
    static const std::string hash = hash_password(random_token());
    return hash;
}

std::string cut(std::string_view s, std::size_t n = 254) {
    return std::string(s.substr(0, n));
}

}  // namespace

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool Principal::belongs_to(const std::string& organisation_id) const {
    return std::find(user.organisation_ids.begin(), user.organisation_ids.end(), organisation_id) !=
           user.organisation_ids.end();
}

std::string normalise_email(std::string_view email) {
    while (!email.empty() && std::isspace(static_cast<unsigned char>(email.front())))
        email.remove_prefix(1);
    while (!email.empty() && std::isspace(static_cast<unsigned char>(email.back())))
        email.remove_suffix(1);
    std::string out(email);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

Accounts::Accounts(storage::Store& store, Policy policy) : store_(store), policy_(policy) {}

void Accounts::audit(const Actor& actor,
                     std::string action,
                     std::string subject,
                     std::string detail) {
    AuditEntry e;
    e.actor_id = actor.id;
    e.actor_email = actor.email;
    e.action = std::move(action);
    e.subject = std::move(subject);
    e.detail = std::move(detail);
    e.remote_address = actor.remote_address;
    store_.audit().record(e);
}

namespace {

void check_user_input(const std::string& email,
                      Role role,
                      std::vector<std::string>& organisation_ids) {
    if (email.empty()) throw InvalidInput("email", "Enter an e-mail address");
    if (email.size() > 254 || !domain::is_valid_email(email))
        throw InvalidInput("email",
                           "Enter an e-mail address in the correct format, like name@example.org");
    organisation_ids.erase(
        std::remove(organisation_ids.begin(), organisation_ids.end(), std::string()),
        organisation_ids.end());
    std::sort(organisation_ids.begin(), organisation_ids.end());
    organisation_ids.erase(std::unique(organisation_ids.begin(), organisation_ids.end()),
                           organisation_ids.end());
    if (role == Role::Provider && organisation_ids.empty())
        throw InvalidInput("organisation",
                           "A provider must belong to at least one organisation. "
                           "Give the organisation's id with --organisation ID");
    if (role != Role::Provider) organisation_ids.clear();
}

}  // namespace

Accounts::Invitation Accounts::add_user(std::string_view email_in,
                                        Role role,
                                        std::vector<std::string> organisation_ids,
                                        const Actor& actor,
                                        std::int64_t now) {
    const auto email = normalise_email(email_in);
    check_user_input(email, role, organisation_ids);
    Invitation out;
    out.user.id = domain::new_uuid();
    out.user.email = email;
    out.user.role = role;
    out.user.created_at = now;
    out.user.organisation_ids = std::move(organisation_ids);
    out.token = random_token();
    store_.transaction([&](storage::Store& tx) {
        tx.users().save(out.user);
        tx.users().add_token({hash_token(out.token), out.user.id, TokenPurpose::SetPassword, now,
                              now + policy_.set_password_lifetime, std::nullopt});
        std::string detail = "role " + std::string(to_code(role));
        for (const auto& org : out.user.organisation_ids) detail += ", organisation " + org;
        AuditEntry e{
            0, {}, actor.id, actor.email, "user_added", email, detail, actor.remote_address};
        tx.audit().record(e);
    });
    return out;
}

void Accounts::change_user(const std::string& user_id,
                           Role role,
                           std::vector<std::string> organisation_ids,
                           const Actor& actor,
                           std::int64_t) {
    store_.transaction([&](storage::Store& tx) {
        auto user = tx.users().find(user_id);
        if (!user) throw InvalidInput("user", "There is no such account");
        check_user_input(user->email, role, organisation_ids);
        const auto old_role = user->role;
        const auto old_orgs = user->organisation_ids;
        user->role = role;
        user->organisation_ids = std::move(organisation_ids);
        tx.users().save(*user);
        std::string detail =
            "role " + std::string(to_code(old_role)) + " -> " + std::string(to_code(role));
        for (const auto& org : user->organisation_ids) detail += ", organisation " + org;
        AuditEntry e{0,
                     {},
                     actor.id,
                     actor.email,
                     "user_changed",
                     user->email,
                     detail,
                     actor.remote_address};
        tx.audit().record(e);
        // A narrower role takes effect now, not at the next sign-in.
        if (old_role != role || old_orgs != user->organisation_ids)
            tx.sessions().remove_for_user(user_id);
    });
}

std::string Accounts::issue_reset_token(const std::string& user_id,
                                        const Actor& actor,
                                        std::int64_t now) {
    const auto token = random_token();
    store_.transaction([&](storage::Store& tx) {
        const auto user = tx.users().find(user_id);
        if (!user) throw InvalidInput("user", "There is no such account");
        // Earlier links stop working, except that an anonymous "forgot password" leaves a new
        // account's invitation alone: anyone can ask for a reset for any address (issue 15).
        if (!actor.id.empty() || !user->password_hash.empty())
            tx.users().revoke_tokens(user_id, now);
        tx.users().add_token({hash_token(token), user_id, TokenPurpose::ResetPassword, now,
                              now + policy_.reset_password_lifetime, std::nullopt});
        AuditEntry e{0,
                     {},
                     actor.id,
                     actor.email,
                     "password_reset_link_issued",
                     user->email,
                     {},
                     actor.remote_address};
        tx.audit().record(e);
    });
    return token;
}

bool Accounts::register_failure(const std::string& key, int limit, std::int64_t now) {
    auto f = store_.users().failures(key);
    if (f.failures == 0 || now - f.first_failure > policy_.failure_window) f = {0, now, 0};
    ++f.failures;
    const bool locks = f.failures >= limit;
    if (locks) f.locked_until = now + policy_.lockout;
    store_.users().set_failures(key, f);
    return locks;
}

SignInResult Accounts::sign_in(std::string_view email,
                               std::string_view password,
                               const std::string& previous_session_id,
                               const std::string& remote_address,
                               std::int64_t now) {
    const auto check = check_credentials(email, password, remote_address, now);
    SignInResult result;
    result.outcome = check.outcome;
    result.locked_for = check.locked_for;
    if (check.outcome == SignInOutcome::SignedIn)
        result.session_id = start_session(*check.user, previous_session_id, remote_address, now);
    return result;
}

std::int64_t Accounts::locked_for(std::string_view email_in,
                                  const std::string& remote_address,
                                  std::int64_t now) {
    const auto email = normalise_email(email_in);
    std::int64_t left = 0;
    for (const auto& key : {throttle::account_from_address_key(cut(email), remote_address),
                            "ip:" + cut(remote_address, 64)}) {
        const auto f = store_.users().failures(key);
        if (f.locked_until > now) left = std::max(left, f.locked_until - now);
    }
    // The whole account backs off only when the second factor cannot protect it: otherwise
    // anyone could keep its holder out by guessing from many addresses.
    const auto account = store_.users().failures("email:" + cut(email));
    if (account.locked_until > now) {
        const auto user = email.empty() ? std::nullopt : store_.users().find_by_email(email);
        if (!user || !TwoFactor(store_).enabled(user->id))
            left = std::max(left, account.locked_until - now);
    }
    return left;
}

Accounts::CredentialCheck Accounts::check_credentials(std::string_view email_in,
                                                      std::string_view password,
                                                      const std::string& remote_address,
                                                      std::int64_t now) {
    const auto email = normalise_email(email_in);
    const std::string email_key = "email:" + cut(email);
    const std::string address_key = "ip:" + cut(remote_address, 64);
    const auto user = email.empty() ? std::nullopt : store_.users().find_by_email(email);
    // What was typed is recorded only when it names an account: people type passwords into the
    // e-mail box, and the log is shown to admins (issue 15).
    const std::string typed = user ? user->email : std::string(kUnknownAddress);
    const Actor actor{{}, user ? user->email : std::string(), remote_address};

    CredentialCheck result;
    if (const auto left = locked_for(email, remote_address, now); left > 0) {
        result.outcome = SignInOutcome::LockedOut;
        result.locked_for = left;
        audit(actor, "sign_in_refused", typed, "locked out");
        return result;
    }

    bool ok = false;
    if (user && !user->password_hash.empty()) {
        ok = verify_password(password, user->password_hash) && user->active;
    } else {
        verify_password(password, dummy_hash());
    }
    if (!ok) {
        const auto account = throttle::count_back_off_failure(
            store_.users(), email_key, policy_.max_failures_per_account, policy_.failure_window,
            policy_.lockout, now);
        const bool locked =
            register_failure(throttle::account_from_address_key(cut(email), remote_address),
                             policy_.max_failures, now) |
            register_failure(address_key, policy_.max_failures_per_address, now);
        if (user && user->active && account.failures == policy_.max_failures) {
            result.tell_holder = user;
            result.account_failures = account.failures;
        }
        audit(actor, "sign_in_failed", typed, locked ? "locked out" : "");
        if (locked) {
            result.outcome = SignInOutcome::LockedOut;
            result.locked_for = policy_.lockout;
        }
        return result;
    }
    result.outcome = SignInOutcome::SignedIn;
    result.user = user;
    return result;
}

std::string Accounts::start_session(const User& user,
                                    const std::string& previous_session_id,
                                    const std::string& remote_address,
                                    std::int64_t now,
                                    const std::string& detail) {
    store_.users().clear_failures("email:" + cut(user.email));
    store_.users().clear_failures(
        throttle::account_from_address_key(cut(user.email), remote_address));
    if (!previous_session_id.empty()) store_.sessions().remove(hash_token(previous_session_id));
    store_.sessions().purge(now - policy_.idle_timeout, now - policy_.absolute_timeout);
    auto session_id = random_token();
    store_.sessions().add({hash_token(session_id), user.id, now, now});
    audit({user.id, user.email, remote_address}, "sign_in", user.email, detail);
    return session_id;
}

std::int64_t Accounts::register_failed_code(const User& user,
                                            const std::string& remote_address,
                                            std::int64_t now) {
    throttle::count_back_off_failure(store_.users(), "email:" + cut(user.email),
                                     policy_.max_failures_per_account, policy_.failure_window,
                                     policy_.lockout, now);
    const bool locked =
        register_failure(throttle::account_from_address_key(cut(user.email), remote_address),
                         policy_.max_failures, now) |
        register_failure("ip:" + cut(remote_address, 64), policy_.max_failures_per_address, now);
    audit({user.id, user.email, remote_address}, "sign_in_failed", user.email,
          locked ? "wrong two-factor code, locked out" : "wrong two-factor code");
    return locked ? policy_.lockout : 0;
}

void Accounts::sign_out(const std::string& session_id,
                        const std::string& remote_address,
                        std::int64_t now) {
    if (session_id.empty()) return;
    if (auto p = authenticate(session_id, now))
        audit({p->user.id, p->user.email, remote_address}, "sign_out", p->user.email);
    store_.sessions().remove(hash_token(session_id));
}

bool Accounts::expired(const Session& s, std::int64_t now) const {
    return now - s.last_seen > policy_.idle_timeout ||
           now - s.created_at > policy_.absolute_timeout;
}

std::optional<Principal> Accounts::authenticate(const std::string& session_id, std::int64_t now) {
    if (session_id.size() != 64) return std::nullopt;
    const auto id_hash = hash_token(session_id);
    const auto session = store_.sessions().find(id_hash);
    if (!session) return std::nullopt;
    if (expired(*session, now)) {
        store_.sessions().remove(id_hash);
        return std::nullopt;
    }
    if (session->user_id.empty()) return std::nullopt;
    auto user = store_.users().find(session->user_id);
    // No password is needed: a session exists only after a sign-in (a password, or single
    // sign-on for accounts that never set one), and deactivating an account ends its sessions.
    if (!user || !user->active) return std::nullopt;
    // One write a minute is enough for the idle timeout's precision.
    if (now - session->last_seen >= 60) store_.sessions().touch(id_hash, now);
    return Principal{std::move(*user), session_id, csrf_token_for(session_id)};
}

bool Accounts::is_live_session(const std::string& session_id, std::int64_t now) {
    if (session_id.size() != 64) return false;
    const auto session = store_.sessions().find(hash_token(session_id));
    return session && !expired(*session, now);
}

std::string Accounts::start_anonymous_session(std::int64_t now) {
    store_.sessions().purge(now - policy_.idle_timeout, now - policy_.absolute_timeout);
    auto id = random_token();
    store_.sessions().add({hash_token(id), {}, now, now});
    return id;
}

TokenCheck Accounts::check_token(const std::string& token, std::int64_t now) {
    TokenCheck out;
    if (token.size() != 64) return out;
    const auto t = store_.users().find_token(hash_token(token));
    if (!t) return out;
    out.purpose = t->purpose;
    out.user = store_.users().find(t->user_id);
    if (!out.user) return out;
    if (t->used_at)
        out.state = TokenState::Used;
    else if (now >= t->expires_at)
        out.state = TokenState::Expired;
    else
        out.state = TokenState::Valid;
    return out;
}

TokenState Accounts::set_password(const std::string& token,
                                  std::string_view password,
                                  const std::string& remote_address,
                                  std::int64_t now) {
    const auto check = check_token(token, now);
    if (check.state != TokenState::Valid) return check.state;
    const auto& user = *check.user;
    if (auto problem = password_problem(password, user.email); !problem.empty())
        throw InvalidInput("password", problem);
    const auto hash = hash_password(password);
    TokenState state = TokenState::Valid;
    store_.transaction([&](storage::Store& tx) {
        // The conditional update is what makes the link single-use under concurrent requests.
        if (!tx.users().use_token(hash_token(token), now)) {
            state = TokenState::Used;
            return;
        }
        tx.users().set_password_hash(user.id, hash);
        tx.users().revoke_tokens(user.id, now);
        tx.sessions().remove_for_user(user.id);
        tx.users().clear_failures("email:" + user.email);
        AuditEntry e{0,
                     {},
                     user.id,
                     user.email,
                     check.purpose == TokenPurpose::SetPassword ? "password_set" : "password_reset",
                     user.email,
                     {},
                     remote_address};
        tx.audit().record(e);
    });
    return state;
}

}  // namespace lo::auth
