// Back-off and log-once for the background indexer (search/index_health.hpp).
#include "search/index_health.hpp"

#include <algorithm>

namespace lo::search {

std::string IndexHealth::describe() const {
    if (!failing.empty()) return "search index behind: " + failing;
    if (catching_up) return "being updated";
    return "ok";
}

IndexRetry::IndexRetry(Log log, std::chrono::milliseconds first, std::chrono::milliseconds longest)
    : log_(std::move(log)), first_(first), longest_(longest) {}

void IndexRetry::started_catching_up() {
    std::lock_guard lock(mutex_);
    health_.catching_up = true;
}

void IndexRetry::succeeded() {
    std::string line;
    {
        std::lock_guard lock(mutex_);
        if (!health_.failing.empty())
            line = "The search index is up to date again (after " +
                   std::to_string(health_.failures) + " failed attempts: " + health_.failing + ").";
        health_ = IndexHealth{};
    }
    if (!line.empty() && log_) log_(line);
}

std::chrono::milliseconds IndexRetry::failed(const std::string& reason, const std::string& detail) {
    std::string line;
    std::chrono::milliseconds wait;
    {
        std::lock_guard lock(mutex_);
        if (health_.failing != reason)
            line = "The search index is behind: " + detail +
                   ". Search answers from the last good version; trying again in the background.";
        health_.failing = reason;
        ++health_.failures;
        // 1 s, 2 s, 4 s... up to the longest wait: quick to recover, quiet while it lasts.
        const auto doublings = std::min<std::int64_t>(health_.failures - 1, 20);
        wait = std::min(longest_, first_ * (std::int64_t{1} << doublings));
    }
    if (!line.empty() && log_) log_(line);
    return wait;
}

IndexHealth IndexRetry::health() const {
    std::lock_guard lock(mutex_);
    return health_;
}

}  // namespace lo::search
