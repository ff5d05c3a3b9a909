// /metrics in the Prometheus text format (README "Monitoring"): requests by route and status,
// latency histograms by kind of page, and figures read at each scrape (search index lag, store
// size, outbox, backups, review reminders). Served on its own address (metrics_bind) or, with
// metrics_token, on the public port behind a bearer token; otherwise not at all.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "app/page_cache.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "storage/sqlite/ops_figures.hpp"
#include "web/ops_status.hpp"

namespace lo::app {

// "search" (/search, /api/search), "api" (/api/..., /openreferral...), "admin", "static" or
// "page" (every other public page), from the pattern of the route that answered.
std::string_view latency_group(std::string_view route);

class RequestMetrics {
public:
    // Upper bounds of the latency buckets, in seconds (+Inf is implied).
    static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                        0.5,   1.0,  2.5,   5.0,  10.0};

    // route is the pattern that answered, "" when none did (404s, 405s, error pages).
    void observe(std::string_view route, int status, std::chrono::steady_clock::duration elapsed);
    // The request counters and histograms, in the text format.
    std::string render() const;

private:
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, std::uint64_t> requests_;
    std::map<std::string, Histogram> latency_;
};

// What is read at each scrape besides the request counters.
struct ScrapeFigures {
    storage::sqlite::OpsFigures store;
    std::int64_t index_generation = -1;  // -1: the index is missing or being rebuilt
    web::BackupState backup;
    std::optional<PageCache::Stats> page_cache;  // none when the server has no page cache
};

// The figures as gauges, in the text format.
std::string render_figures(const ScrapeFigures& figures, std::int64_t now);

// Escapes a label value (backslash, double quote, newline) for the text format.
std::string label_value(std::string_view value);

// Whether a request may read /metrics on the public port: an Authorization header of exactly
// "Bearer <token>", compared in constant time. False when token is empty.
bool bearer_token_matches(const http::Request& request, const std::string& token);

}  // namespace lo::app
