// Request metrics, the metrics listener and the JSON log format (app/monitoring.hpp).
#include "app/monitoring.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <regex>

#include "http/log.hpp"
#include "mail/mailer.hpp"
#include "search/engine.hpp"

namespace lo::app {

Monitoring::Monitoring(const Config& config,
                       std::string db_path,
                       search::SearchService* search,
                       const web::OpsStatus& ops,
                       const PageCache* page_cache)
    : config_(config),
      db_path_(std::move(db_path)),
      search_(search),
      ops_(ops),
      page_cache_(page_cache) {}

Monitoring::~Monitoring() {
    stop();
}

http::Response Monitoring::handle(http::Request request, const Handler& next) {
    const auto started = std::chrono::steady_clock::now();
    http::Response response;
    if (request.path == "/metrics" && !config_.metrics_token.empty()) {
        if (bearer_token_matches(request, config_.metrics_token)) {
            response = metrics_response();
        } else {
            response = http::Response::text(
                "The metrics need a bearer token: send the header \"Authorization: Bearer\" "
                "followed by the metrics_token setting.\n",
                401);
            response.set_header("WWW-Authenticate", "Bearer");
        }
        response.route = "/metrics";
    } else {
        response = next(std::move(request));
    }
    requests_.observe(response.route, response.status, std::chrono::steady_clock::now() - started);
    return response;
}

std::string Monitoring::scrape() {
    ScrapeFigures figures;
    figures.store = storage::sqlite::read_ops_figures(db_path_, mail::Mailer::kMaxAttempts);
    if (search_) figures.index_generation = search_->index().state().generation;
    figures.backup = ops_.backup();
    if (page_cache_) figures.page_cache = page_cache_->stats();
    return requests_.render() +
           render_figures(figures, static_cast<std::int64_t>(std::time(nullptr)));
}

http::Response Monitoring::metrics_response() {
    http::Response response;
    try {
        response = http::Response::text(scrape(), 200);
        response.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    } catch (const std::exception& e) {
        http::log_error(std::string("metrics: ") + e.what());
        response = http::Response::text(
            "The metrics could not be read from the database; the server's log says why.\n", 503);
    }
    response.set_header("Cache-Control", "no-store");
    return response;
}

void Monitoring::start(const Log& log) {
    if (config_.metrics_bind.empty()) return;
    const auto colon = config_.metrics_bind.rfind(':');
    http::ServerConfig sc;
    sc.bind_address = config_.metrics_bind.substr(0, colon);
    sc.port = static_cast<unsigned short>(std::stoi(config_.metrics_bind.substr(colon + 1)));
    sc.threads = 1;
    listener_ = std::make_unique<http::Server>(
        sc,
        [this](http::Request request) {
            if (request.path != "/metrics")
                return http::Response::text("Only /metrics is served on this address.\n", 404);
            return metrics_response();
        },
        nullptr);
    listener_->listen();
    thread_ = std::thread([this] { listener_->run(); });
    // Not "at http://...": that wording is the server's own address line, which tools look for.
    log("Serving /metrics on " + sc.bind_address + ":" + std::to_string(listener_->port()) +
        " (metrics_bind).");
}

void Monitoring::stop() {
    if (listener_) listener_->stop();
    if (thread_.joinable()) thread_.join();
}

std::string format_log_line(const std::string& log_format, std::string_view line) {
    if (log_format != "json") return std::string(line);
    // The access log's own format (http/log.hpp), which escapes quotes and spaces cannot forge.
    static const std::regex access(R"re(^(\S+) (\S+) "(\S+) (\S+)" (\d{3}) (\d+) ([0-9.]+)ms$)re");
    std::match_results<std::string_view::const_iterator> m;
    nlohmann::json out;
    if (std::regex_match(line.begin(), line.end(), m, access)) {
        out = {{"time", m[1].str()},
               {"remote", m[2].str()},
               {"method", m[3].str()},
               {"path", m[4].str()},
               {"status", std::stoi(m[5].str())},
               {"bytes", std::stoll(m[6].str())},
               {"duration_ms", std::stod(m[7].str())}};
    } else {
        out = {{"time", http::format_utc_timestamp(std::chrono::system_clock::now())},
               {"message", std::string(line)}};
    }
    return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace lo::app
