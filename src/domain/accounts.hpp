// The people who use the admin and what they may do: roles, users, sessions and audit entries.
// Header-only values: storage/ stores them and auth/ decides with them (auth/model.hpp names
// them in lo::auth), so storage needs nothing from auth/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lo::domain {

// Administrator: everything, including users. Editor: every service and organisation, publishes.
// Provider: only the services of the organisations they belong to; their edits need approval.
// Commissioner: reads the insights pages (coverage, demand, freshness, feedback, the annual
// review) and nothing else: no services, no feedback comments, no accounts.
enum class Role { Admin, Editor, Provider, Commissioner };

inline std::string_view to_code(Role r) {
    switch (r) {
        case Role::Admin:
            return "admin";
        case Role::Editor:
            return "editor";
        case Role::Provider:
            return "provider";
        case Role::Commissioner:
            return "commissioner";
    }
    return "provider";
}

inline std::optional<Role> role_from_code(std::string_view code) {
    if (code == "admin") return Role::Admin;
    if (code == "editor") return Role::Editor;
    if (code == "provider") return Role::Provider;
    if (code == "commissioner") return Role::Commissioner;
    return std::nullopt;
}

inline std::string_view label(Role r) {
    switch (r) {
        case Role::Admin:
            return "Administrator";
        case Role::Editor:
            return "Local Offer editor";
        case Role::Provider:
            return "Service provider";
        case Role::Commissioner:
            return "Commissioner (insights only)";
    }
    return "Service provider";
}

struct User {
    std::string id;
    std::string email;
    Role role = Role::Provider;
    std::string password_hash;  // Argon2id string from crypto_pwhash_str; "" until set
    bool active = true;
    std::int64_t created_at = 0;
    std::vector<std::string> organisation_ids;  // providers only
};

struct Session {
    std::string id_hash;
    std::string user_id;  // "" before sign-in
    std::int64_t created_at = 0;
    std::int64_t last_seen = 0;
};

enum class TokenPurpose { SetPassword, ResetPassword };

inline std::string_view to_code(TokenPurpose p) {
    return p == TokenPurpose::SetPassword ? "set_password" : "reset_password";
}

struct AccountToken {
    std::string token_hash;
    std::string user_id;
    TokenPurpose purpose = TokenPurpose::SetPassword;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    std::optional<std::int64_t> used_at;
};

// A single sign-on on its way to the council's identity provider and back (web/admin/
// single_sign_on.cpp): what the answer must match. Only hashes of the state and of the browser's
// cookie id are kept, so a copy of the database cannot finish someone else's sign-in.
struct SsoLogin {
    std::string state_hash;
    std::string browser_hash;
    std::string nonce;
    std::string verifier;  // the PKCE code verifier
    std::string next;      // the admin page to open afterwards
    std::int64_t created_at = 0;
};

struct SignInFailures {
    std::int64_t failures = 0;
    std::int64_t first_failure = 0;
    std::int64_t locked_until = 0;
};

struct AuditEntry {
    std::int64_t id = 0;
    std::string at;  // RFC 3339, set by the store when empty
    std::string actor_id;
    std::string actor_email;
    std::string action;
    std::string subject;
    std::string detail;
    std::string remote_address;
};

}  // namespace lo::domain
