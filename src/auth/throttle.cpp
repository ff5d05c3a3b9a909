#include "auth/throttle.hpp"

#include <algorithm>

namespace lo::auth::throttle {

std::string account_from_address_key(std::string_view email, std::string_view remote_address) {
    // Both parts are cut as the other keys are, so a very long value cannot make a huge key.
    return "email-ip:" + std::string(email.substr(0, 254)) + "|" +
           std::string(remote_address.substr(0, 64));
}

std::int64_t back_off(std::int64_t failures, int allowed, std::int64_t cap) {
    if (failures < allowed) return 0;
    const auto doublings = std::min<std::int64_t>(failures - allowed, 20);
    return std::min(cap, kFirstBackOff << doublings);
}

SignInFailures count_back_off_failure(storage::UserRepository& users,
                                      const std::string& key,
                                      int allowed,
                                      std::int64_t window,
                                      std::int64_t cap,
                                      std::int64_t now) {
    auto f = users.failures(key);
    if (f.failures == 0 || now - f.first_failure > window) f = {0, now, 0};
    ++f.failures;
    if (const auto wait = back_off(f.failures, allowed, cap); wait > 0) f.locked_until = now + wait;
    users.set_failures(key, f);
    return f;
}

}  // namespace lo::auth::throttle
