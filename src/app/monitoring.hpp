// The server's monitoring (README "Monitoring"): every request counted and timed for /metrics;
// /metrics served on its own address (metrics_bind) or on the public port behind a bearer token
// (metrics_token), never openly on the public port; and the JSON log format (log_format = json).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "app/config.hpp"
#include "app/metrics.hpp"
#include "http/server.hpp"
#include "web/ops_status.hpp"

namespace lo::search {
class SearchService;
}

namespace lo::app {

class Monitoring {
public:
    using Handler = std::function<http::Response(http::Request)>;
    using Log = std::function<void(std::string_view)>;
    Monitoring(const Config& config,
               std::string db_path,
               search::SearchService* search,
               const web::OpsStatus& ops,
               const PageCache* page_cache = nullptr);
    ~Monitoring();

    // Answers one request on the public port through next, counting and timing it; /metrics is
    // answered here when metrics_token is set (401 without the token).
    http::Response handle(http::Request request, const Handler& next);
    // Starts the metrics listener when metrics_bind is set and says where. Throws
    // std::runtime_error with one line when it cannot listen.
    void start(const Log& log);
    void stop();
    // The whole /metrics text.
    std::string scrape();

private:
    http::Response metrics_response();

    const Config& config_;
    std::string db_path_;
    search::SearchService* search_;
    const web::OpsStatus& ops_;
    const PageCache* page_cache_;
    RequestMetrics requests_;
    std::unique_ptr<http::Server> listener_;
    std::thread thread_;
};

// One log line in the configured format: as it is for "text"; for "json", the access log's
// fields (time, remote, method, path, status, bytes, duration_ms) or, for any other line,
// {"time", "message"}. One line either way.
std::string format_log_line(const std::string& log_format, std::string_view line);

}  // namespace lo::app
