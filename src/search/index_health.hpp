// How the background indexer is doing, for /healthz, the search page and the log: whether it is
// still catching up after start-up, and why its writes fail (a full disk, a read-only folder).
// A failed write is retried with back-off and each new cause is logged once, so a full disk does
// not fill the log too (docs/reliability.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace lo::search {

struct IndexHealth {
    bool catching_up = false;   // start-up's first catch-up has not finished
    std::string failing;        // "" or why the last attempt failed: "disk full", ...
    std::int64_t failures = 0;  // failed attempts in a row

    // For /healthz: "ok", "being updated" or "search index behind: disk full".
    std::string describe() const;
};

class IndexRetry {
public:
    using Log = std::function<void(const std::string&)>;
    // The waits after failures in a row: first, doubling up to longest.
    IndexRetry(Log log,
               std::chrono::milliseconds first = std::chrono::seconds(1),
               std::chrono::milliseconds longest = std::chrono::seconds(30));

    void started_catching_up();
    // A sync went through: clears the failure, logging the recovery once.
    void succeeded();
    // A sync failed for reason (detail for the log): how long to wait before the next attempt.
    // The reason is logged when it is new, not at every attempt.
    std::chrono::milliseconds failed(const std::string& reason, const std::string& detail);
    IndexHealth health() const;

private:
    Log log_;
    std::chrono::milliseconds first_, longest_;
    mutable std::mutex mutex_;
    IndexHealth health_;
};

}  // namespace lo::search
