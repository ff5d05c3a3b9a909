// Prometheus text format for /metrics (app/metrics.hpp).
#include "app/metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace lo::app {
namespace {

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

void help(std::string& out, const char* name, const char* type, const char* text) {
    out += std::string("# HELP ") + name + " " + text + "\n# TYPE " + name + " " + type + "\n";
}

void gauge(std::string& out, const char* name, const char* text, std::int64_t value) {
    help(out, name, "gauge", text);
    out += std::string(name) + " " + std::to_string(value) + "\n";
}

}  // namespace

std::string_view latency_group(std::string_view route) {
    if (route == "/search" || route == "/api/search") return "search";
    if (route.starts_with("/api/") || route.starts_with("/openreferral")) return "api";
    if (route.starts_with("/admin")) return "admin";
    if (route.starts_with("/static/")) return "static";
    return "page";
}

std::string label_value(std::string_view value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

void RequestMetrics::observe(std::string_view route,
                             int status,
                             std::chrono::steady_clock::duration elapsed) {
    const double seconds = std::chrono::duration<double>(elapsed).count();
    std::lock_guard lock(mutex_);
    ++requests_[{std::string(route.empty() ? "(none)" : route), status}];
    auto& h = latency_[std::string(route.empty() ? "page" : latency_group(route))];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
        if (seconds <= kBuckets[i]) ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

std::string RequestMetrics::render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    help(out, "localoffer_http_requests_total", "counter",
         "Requests answered, by route pattern and status ((none): no route answered).");
    for (const auto& [key, count] : requests_)
        out += "localoffer_http_requests_total{route=\"" + label_value(key.first) + "\",status=\"" +
               std::to_string(key.second) + "\"} " + std::to_string(count) + "\n";
    help(out, "localoffer_http_request_duration_seconds", "histogram",
         "Time to answer a request, by kind: page, search, api, admin, static.");
    for (const auto& [group, h] : latency_) {
        const auto prefix = "localoffer_http_request_duration_seconds";
        for (std::size_t i = 0; i < kBuckets.size(); ++i)
            out += std::string(prefix) + "_bucket{group=\"" + group + "\",le=\"" +
                   number(kBuckets[i]) + "\"} " + std::to_string(h.buckets[i]) + "\n";
        out += std::string(prefix) + "_bucket{group=\"" + group + "\",le=\"+Inf\"} " +
               std::to_string(h.count) + "\n";
        out += std::string(prefix) + "_sum{group=\"" + group + "\"} " + number(h.sum) + "\n";
        out += std::string(prefix) + "_count{group=\"" + group + "\"} " + std::to_string(h.count) +
               "\n";
    }
    return out;
}

std::string render_figures(const ScrapeFigures& f, std::int64_t now) {
    std::string out;
    const auto& s = f.store;
    gauge(out, "localoffer_store_generation", "Committed writes that changed the store.",
          s.generation);
    gauge(out, "localoffer_search_index_generation",
          "The store generation the search index reflects (-1: missing or rebuilding).",
          f.index_generation);
    gauge(out, "localoffer_search_index_lag",
          "Store generations the search index is behind (0: up to date).",
          f.index_generation < 0 ? s.generation
                                 : std::max<std::int64_t>(0, s.generation - f.index_generation));
    help(out, "localoffer_store_size_bytes", "gauge",
         "Size of the database and its write-ahead log.");
    out += "localoffer_store_size_bytes{file=\"database\"} " + std::to_string(s.database_bytes) +
           "\nlocaloffer_store_size_bytes{file=\"wal\"} " + std::to_string(s.wal_bytes) + "\n";
    gauge(out, "localoffer_outbox_queue_length", "E-mail messages waiting to be sent.",
          s.outbox_waiting);
    gauge(out, "localoffer_outbox_oldest_item_age_seconds",
          "Age of the oldest message waiting to be sent (0: none waiting).",
          s.outbox_oldest_created_at ? std::max<std::int64_t>(0, now - s.outbox_oldest_created_at)
                                     : 0);
    gauge(out, "localoffer_outbox_given_up",
          "Messages not sent after the last attempt (see /admin/outbox).", s.outbox_given_up);
    gauge(out, "localoffer_backup_enabled",
          "1 when backup_dir is set and the server backs up daily.", f.backup.scheduled ? 1 : 0);
    gauge(out, "localoffer_backup_last_success_timestamp_seconds",
          "When the newest backup was made (Unix time; 0: none).", f.backup.last_success_at);
    gauge(out, "localoffer_backup_last_failure_timestamp_seconds",
          "When the latest backup failed, if it failed since the newest success (0: none).",
          f.backup.last_failure_at);
    gauge(out, "localoffer_reminders_last_run_timestamp_seconds",
          "When the daily review reminders last ran (Unix time; 0: never).",
          s.reminders_last_run_at);
    help(out, "localoffer_reminders_sent_total", "counter",
         "Review reminders and escalations sent, ever.");
    out += "localoffer_reminders_sent_total " + std::to_string(s.reminders_sent) + "\n";
    if (const auto& p = f.page_cache) {
        help(out, "localoffer_page_cache_hits_total", "counter",
             "Public pages sent from the page cache (page_cache_mb).");
        out += "localoffer_page_cache_hits_total " + std::to_string(p->hits) + "\n";
        help(out, "localoffer_page_cache_misses_total", "counter",
             "Pages the cache could have sent but did not hold (made, then kept).");
        out += "localoffer_page_cache_misses_total " + std::to_string(p->misses) + "\n";
        gauge(out, "localoffer_page_cache_pages", "Pages held by the page cache.",
              static_cast<std::int64_t>(p->pages));
        gauge(out, "localoffer_page_cache_bytes", "Memory the page cache's pages take, in bytes.",
              static_cast<std::int64_t>(p->bytes));
    }
    return out;
}

bool bearer_token_matches(const http::Request& request, const std::string& token) {
    if (token.empty()) return false;
    const auto given = request.header("Authorization");
    const std::string expected = "Bearer " + token;
    if (given.size() != expected.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < given.size(); ++i)
        diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
    return diff == 0;
}

}  // namespace lo::app
