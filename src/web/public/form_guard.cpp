#include "web/public/form_guard.hpp"

#include <functional>

namespace lo::web {
namespace {

// Past this many remembered submissions, expired ones are dropped; past the hard cap, new
// submissions are not remembered (and so not suppressed) rather than growing memory without end.
constexpr std::size_t kPruneAbove = 10000;
constexpr std::size_t kMaxRemembered = 200000;

}  // namespace

bool honeypot_filled(const http::FormFields& form) {
    return !http::form_value(form, kHoneypotField).empty();
}

RecentSubmissions::RecentSubmissions(std::chrono::seconds window) : window_(window) {}

bool RecentSubmissions::first_time(const std::string& client,
                                   const std::string& content,
                                   Clock::time_point now) {
    if (window_.count() < 1) return true;
    const std::size_t key = std::hash<std::string>{}(client + '\0' + content);
    std::lock_guard lock(mutex_);
    if (seen_.size() >= kPruneAbove) prune(now);
    const auto it = seen_.find(key);
    if (it != seen_.end() && now - it->second < window_) return false;
    if (it != seen_.end()) {
        it->second = now;
        return true;
    }
    if (seen_.size() < kMaxRemembered) seen_.emplace(key, now);
    return true;
}

void RecentSubmissions::prune(Clock::time_point now) {
    for (auto it = seen_.begin(); it != seen_.end();) {
        if (now - it->second >= window_)
            it = seen_.erase(it);
        else
            ++it;
    }
}

}  // namespace lo::web
