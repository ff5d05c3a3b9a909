// Log lines written by the HTTP layer: the access log (one line per request) and error lines on
// stderr. Both keep to one line and never include query strings, which can carry tokens.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace lo::http {

// "2026-11-23T10:15:02Z"
std::string format_utc_timestamp(std::chrono::system_clock::time_point when);

// 2026-11-23T10:15:02Z 127.0.0.1 "GET /search" 200 5123 1.8ms
// target is the raw request-target; only its path is logged. body_bytes is what was sent (after
// compression). Control characters, '"' and '\' in the method or path are written as %XX so a
// crafted request cannot forge or split log lines. An empty method or target is written as "-".
std::string format_access_log_line(std::chrono::system_clock::time_point when,
                                   std::string_view remote_address,
                                   std::string_view method,
                                   std::string_view target,
                                   int status,
                                   std::size_t body_bytes,
                                   std::chrono::steady_clock::duration elapsed);

// Writes "<timestamp> <message>" as one line to stderr, with any newlines in message flattened.
void log_error(std::string_view message);

// The method and path of a request for error log lines, escaped like the access log.
std::string describe_request(std::string_view method, std::string_view target);

}  // namespace lo::http
