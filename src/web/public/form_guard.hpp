// Two defences for the public forms against automated posting, neither of which stores anything
// about the person: a honeypot field people never see, and a short memory of what each client
// has just sent, so the same submission sent again and again is stored once.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/request.hpp"

namespace lo::web {

// The honeypot's name. The field is in the HTML, hidden from people and screen readers (the
// `hidden` attribute, so no CSS or JavaScript is needed); programs that fill in every box fill it.
inline constexpr const char* kHoneypotField = "website";

// True when the form's honeypot holds anything: the post came from a program, not a person.
bool honeypot_filled(const http::FormFields& form);

class RecentSubmissions {
public:
    using Clock = std::chrono::steady_clock;

    // window < 1 s switches duplicate suppression off.
    explicit RecentSubmissions(std::chrono::seconds window);

    // True the first time client sends content within the window (store it); false for a repeat
    // (do not store it again). Only a hash of the two is kept, and only for the window.
    // Thread-safe.
    bool first_time(const std::string& client,
                    const std::string& content,
                    Clock::time_point now = Clock::now());

private:
    void prune(Clock::time_point now);

    std::chrono::seconds window_;
    std::mutex mutex_;
    std::unordered_map<std::size_t, Clock::time_point> seen_;  // hash -> when it was first seen
};

}  // namespace lo::web
