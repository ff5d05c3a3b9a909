// Sign-in throttling that slows attackers down without handing them a switch to lock people out.
// Failures are counted three ways (a row each in the sign-in failures table):
//  - one account from one network address: after Policy::max_failures that address waits
//    Policy::lockout before trying that account again. Only the guesser waits;
//  - one network address over all accounts: after max_failures_per_address it waits too;
//  - one account from everywhere: after max_failures_per_account the account backs off
//    (a wait that doubles from kFirstBackOff up to Policy::lockout with each further failure),
//    except for an account with two-factor sign-in, where the right password still leads to
//    the code, which guessers do not have. A password reset clears it. When this count reaches
//    max_failures, the account holder is e-mailed once (web/admin/sign_in_alerts.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "auth/model.hpp"
#include "storage/store.hpp"

namespace lo::auth::throttle {

inline constexpr std::int64_t kFirstBackOff = 60;

// The key for one account tried from one network address.
std::string account_from_address_key(std::string_view email, std::string_view remote_address);

// The wait after `failures` failures when `allowed` are allowed: 0 below allowed, then
// kFirstBackOff doubling with each further failure, at most cap.
std::int64_t back_off(std::int64_t failures, int allowed, std::int64_t cap);

// Counts one failure for key within window (a count older than window starts again) and sets
// its back-off. Returns the count as it now stands.
SignInFailures count_back_off_failure(storage::UserRepository& users,
                                      const std::string& key,
                                      int allowed,
                                      std::int64_t window,
                                      std::int64_t cap,
                                      std::int64_t now);

}  // namespace lo::auth::throttle
