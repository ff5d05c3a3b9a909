// Accounts: adding people, signing in and out, sessions with idle and absolute timeouts,
// throttling and lockout, and one-time set-password links. Every decision about who someone is
// is made here; web/admin/ only carries cookies and forms to it. Times are Unix seconds passed
// in by the caller, so tests can move the clock.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/model.hpp"
#include "storage/store.hpp"

namespace lo::auth {

// What the audit log records for a failed sign-in whose e-mail box named no account.
inline constexpr const char* kUnknownAddress = "an address with no account";

struct Policy {
    std::int64_t idle_timeout = 30 * 60;           // signed out after 30 minutes without a request
    std::int64_t absolute_timeout = 12 * 60 * 60;  // and 12 hours after signing in, whatever
    int max_failures = 5;                          // per e-mail address within failure_window
    // Above: from one network address (auth/throttle.hpp). From all addresses, an account backs
    // off after this many (not with two-factor sign-in), and its holder is told at max_failures.
    int max_failures_per_account = 20;
    int max_failures_per_address = 50;  // per network address within failure_window
    std::int64_t failure_window = 15 * 60;
    std::int64_t lockout = 15 * 60;
    std::int64_t set_password_lifetime = 7 * 24 * 60 * 60;  // the link in a new account
    std::int64_t reset_password_lifetime = 2 * 60 * 60;     // a password reset link
};

std::int64_t now_seconds();

// Who did something, for the audit log.
struct Actor {
    std::string id;
    std::string email;
    std::string remote_address;
};

// The person behind a signed-in request.
struct Principal {
    User user;
    std::string session_id;  // the raw id from the cookie; never log it
    std::string csrf_token;
    bool can_manage_users() const { return user.role == Role::Admin; }
    bool is_editor() const { return user.role == Role::Admin || user.role == Role::Editor; }
    // Editors, administrators and commissioners read the insights pages (issue 19).
    bool can_see_insights() const { return is_editor() || user.role == Role::Commissioner; }
    bool is_commissioner() const { return user.role == Role::Commissioner; }
    bool belongs_to(const std::string& organisation_id) const;
};

// Input the person must correct, in plain English (the CLI prints it; forms show it by field).
class InvalidInput : public std::runtime_error {
public:
    InvalidInput(std::string field, const std::string& message)
        : std::runtime_error(message), field_(std::move(field)) {}
    const std::string& field() const { return field_; }

private:
    std::string field_;
};

enum class SignInOutcome { SignedIn, WrongDetails, LockedOut };

struct SignInResult {
    SignInOutcome outcome = SignInOutcome::WrongDetails;
    std::string session_id;       // the new raw session id when signed in
    std::int64_t locked_for = 0;  // seconds left of a lockout
};

enum class TokenState { Valid, Unknown, Expired, Used };

struct TokenCheck {
    TokenState state = TokenState::Unknown;
    std::optional<User> user;
    TokenPurpose purpose = TokenPurpose::SetPassword;
};

// "lo@example.org" from " LO@Example.org ": trimmed and lowercased.
std::string normalise_email(std::string_view email);

class Accounts {
public:
    explicit Accounts(storage::Store& store, Policy policy = {});

    struct Invitation {
        User user;
        std::string token;  // raw; goes only into the link shown once
    };
    // Creates an account without a password and a set-password token. Throws InvalidInput for a
    // bad e-mail address or a provider without organisations, storage::Conflict for a taken
    // address or an unknown organisation.
    Invitation add_user(std::string_view email,
                        Role role,
                        std::vector<std::string> organisation_ids,
                        const Actor& actor,
                        std::int64_t now);
    // Changes role and organisations (audited). Throws as add_user.
    void change_user(const std::string& user_id,
                     Role role,
                     std::vector<std::string> organisation_ids,
                     const Actor& actor,
                     std::int64_t now);
    // A new single-use reset link for an existing account. Earlier unused links stop working,
    // except a new account's invitation when the request is anonymous (actor.id empty).
    std::string issue_reset_token(const std::string& user_id, const Actor& actor, std::int64_t now);

    // Checks the e-mail address and password, with throttling. On success the previous session
    // (if any) is removed and a new one is created: the id changes at sign-in.
    SignInResult sign_in(std::string_view email,
                         std::string_view password,
                         const std::string& previous_session_id,
                         const std::string& remote_address,
                         std::int64_t now);
    void sign_out(const std::string& session_id,
                  const std::string& remote_address,
                  std::int64_t now);

    // Signing in with two-factor codes (web/admin/two_factor.cpp) splits sign_in() in two.
    struct CredentialCheck {
        SignInOutcome outcome = SignInOutcome::WrongDetails;  // SignedIn: the password was right
        std::optional<User> user;
        std::int64_t locked_for = 0;
        // Set when this failure is the one that should be told to the account holder (once,
        // when the account's failures reach max_failures): whom to e-mail and how many.
        std::optional<User> tell_holder;
        std::int64_t account_failures = 0;
    };
    // The first step: the e-mail address and password, with throttling and lockout. Creates no
    // session. Failures are audited and counted as in sign_in().
    CredentialCheck check_credentials(std::string_view email,
                                      std::string_view password,
                                      const std::string& remote_address,
                                      std::int64_t now);
    // The last step: removes the previous session, creates a signed-in one and audits
    // "sign_in" with `detail`. Returns the new raw session id.
    std::string start_session(const User& user,
                              const std::string& previous_session_id,
                              const std::string& remote_address,
                              std::int64_t now,
                              const std::string& detail = {});
    // A wrong two-factor code counts towards the account's lockout like a wrong password.
    // Returns the seconds the account is now locked for (0 when not locked).
    std::int64_t register_failed_code(const User& user,
                                      const std::string& remote_address,
                                      std::int64_t now);
    // Seconds left of a lockout of this e-mail address or network address, or 0.
    std::int64_t locked_for(std::string_view email,
                            const std::string& remote_address,
                            std::int64_t now);

    // The signed-in person for a raw session id, or nothing when the session is unknown,
    // anonymous, idle too long, too old, or the account is disabled. Refreshes last_seen.
    std::optional<Principal> authenticate(const std::string& session_id, std::int64_t now);
    // True when the raw id names a live session, signed in or not (forms before sign-in).
    bool is_live_session(const std::string& session_id, std::int64_t now);
    // A new anonymous session for the sign-in and set-password forms; returns its raw id.
    std::string start_anonymous_session(std::int64_t now);

    TokenCheck check_token(const std::string& token, std::int64_t now);
    // Sets the password from a valid link, uses the link up, revokes every other link and signs
    // the account out everywhere. Throws InvalidInput("password", ...) for a weak password.
    // Returns the state of the token (only Valid means the password was set).
    TokenState set_password(const std::string& token,
                            std::string_view password,
                            const std::string& remote_address,
                            std::int64_t now);

    const Policy& policy() const { return policy_; }

private:
    void audit(const Actor& actor,
               std::string action,
               std::string subject,
               std::string detail = {});
    bool register_failure(const std::string& key, int limit, std::int64_t now);
    bool expired(const Session& s, std::int64_t now) const;

    storage::Store& store_;
    Policy policy_;
};

}  // namespace lo::auth
