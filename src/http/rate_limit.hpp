// TokenBuckets: per-client rate limits. Each key (a client address) has a bucket holding up to
// `burst` tokens that refills at `per_minute` tokens a minute; each request takes one token, and
// a request that finds the bucket empty is refused and told how long until a token is back.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lo::http {

class TokenBuckets {
public:
    using Clock = std::chrono::steady_clock;

    // per_minute < 1 switches the limit off. burst < 1 means burst = per_minute.
    explicit TokenBuckets(int per_minute, int burst = 0);

    // Takes a token for key: 0 when the request may go ahead, otherwise the whole seconds (at
    // least 1) until the bucket holds a token again. Thread-safe.
    int take(const std::string& key, Clock::time_point now = Clock::now());

    bool enabled() const { return per_minute_ >= 1; }
    std::size_t tracked() const;

private:
    void prune(Clock::time_point now);

    // Kept as the generic cell rate algorithm, which is a token bucket in integer time: each
    // client has a "theoretical arrival time"; a request may come up to tolerance_ before it.
    int per_minute_;
    Clock::duration interval_;   // time to earn one token
    Clock::duration tolerance_;  // (burst - 1) intervals
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Clock::time_point> due_;
};

// The key a client's limits are kept under: its address, except that IPv6 addresses count by
// their /64 network, because one household or phone is usually given a whole /64.
std::string client_key(const std::string& remote_address);

}  // namespace lo::http
