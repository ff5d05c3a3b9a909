#include "http/rate_limit.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <iterator>

namespace lo::http {
namespace {

// Past this many clients, buckets that have refilled are dropped (a full bucket is the same as
// none). Bounds memory when many addresses each send a little.
constexpr std::size_t kPruneAbove = 10000;
// If that many clients are all mid-limit, new ones are let through untracked rather than growing
// the table without end: failing open hurts less than refusing everyone new.
constexpr std::size_t kMaxTracked = 200000;

}  // namespace

TokenBuckets::TokenBuckets(int per_minute, int burst)
    : per_minute_(per_minute),
      interval_(per_minute >= 1 ? Clock::duration(std::chrono::minutes(1)) / per_minute
                                : Clock::duration::zero()),
      tolerance_(interval_ * ((burst >= 1 ? burst : std::max(per_minute, 1)) - 1)) {}

int TokenBuckets::take(const std::string& key, Clock::time_point now) {
    if (!enabled()) return 0;
    std::lock_guard lock(mutex_);
    auto it = due_.find(key);
    if (it == due_.end()) {
        if (due_.size() >= kPruneAbove) prune(now);
        if (due_.size() >= kMaxTracked) return 0;
        it = due_.emplace(key, now).first;
    }
    Clock::time_point& due = it->second;
    if (due < now) due = now;
    const auto early = due - now;
    if (early > tolerance_) {
        const auto wait = std::chrono::ceil<std::chrono::seconds>(early - tolerance_);
        return std::max<int>(1, static_cast<int>(wait.count()));
    }
    due += interval_;
    return 0;
}

void TokenBuckets::prune(Clock::time_point now) {
    // A client whose due time has passed has a full bucket: the same as not being tracked.
    std::erase_if(due_, [now](const auto& entry) { return entry.second <= now; });
}

std::size_t TokenBuckets::tracked() const {
    std::lock_guard lock(mutex_);
    return due_.size();
}

std::string client_key(const std::string& remote_address) {
    if (remote_address.find(':') == std::string::npos) return remote_address;
    in6_addr address{};
    if (inet_pton(AF_INET6, remote_address.c_str(), &address) != 1) return remote_address;
    std::fill(std::begin(address.s6_addr) + 8, std::end(address.s6_addr), 0);
    char text[INET6_ADDRSTRLEN] = {};
    if (inet_ntop(AF_INET6, &address, text, sizeof text) == nullptr) return remote_address;
    return std::string(text) + "/64";
}

}  // namespace lo::http
