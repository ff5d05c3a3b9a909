// Optional two-factor sign-in for admin accounts: a code from an authenticator app (TOTP,
// auth/totp.hpp) after the password, or one of ten single-use recovery codes. Set-up, turning
// it off and an administrator's reset are audited. The secret is never logged and never shown
// again after set-up; recovery codes are shown once and stored only as hashes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/accounts.hpp"
#include "auth/model.hpp"
#include "storage/store.hpp"

namespace lo::auth {

inline constexpr int kRecoveryCodeCount = 10;
// A sign-in waiting for its code expires after this long; the person starts again.
inline constexpr std::int64_t kCodeStepLifetime = 10 * 60;

enum class CodeCheck {
    Accepted,          // a code from the app, not used before
    AcceptedRecovery,  // a recovery code, now used up
    Wrong,             // neither
    Reused,            // a code from the app that was already used
};

class TwoFactor {
public:
    explicit TwoFactor(storage::Store& store) : store_(store) {}

    bool enabled(const std::string& user_id);
    // The secret of a set-up that has not been confirmed yet, or nothing.
    std::optional<std::string> pending_secret(const std::string& user_id);
    // Starts set-up with a new secret (replacing an unconfirmed one). Refused (returns nothing)
    // when two-factor sign-in is already on.
    std::optional<std::string> begin_setup(const User& user);
    // Turns two-factor sign-in on when `code` comes from the pending secret. Returns the
    // recovery codes (raw, to show once), or nothing when the code is wrong or there is no
    // set-up in progress.
    std::optional<std::vector<std::string>> confirm_setup(const User& user,
                                                          std::string_view code,
                                                          const Actor& actor,
                                                          std::int64_t now);
    // Checks a code at sign-in (or before turning it off). An accepted app code cannot be used
    // again: its step is recorded in the same statement that checks it.
    CodeCheck check_code(const std::string& user_id, std::string_view code, std::int64_t now);
    // Turns it off: the person themself ("two_factor_disabled") or an administrator's reset
    // ("two_factor_reset"), audited with the account's e-mail address.
    void disable(const User& user, const Actor& actor, bool by_administrator);
    std::int64_t recovery_codes_left(const std::string& user_id);

private:
    storage::Store& store_;
};

// "abcd-efgh-jkmn": lowercase, without the letters and digits people confuse.
std::string new_recovery_code();
// What is stored of a recovery code: SHA-256 of the user id and the code, without spaces or
// dashes and in lower case, so "ABCD EFGH JKMN" matches.
std::string hash_recovery_code(const std::string& user_id, std::string_view code);

}  // namespace lo::auth
