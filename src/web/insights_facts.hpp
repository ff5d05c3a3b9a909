// The facts every insights page starts from (issue 19), read from the store once per store
// generation and shared by the admin's insights pages, the annual review and the public "Local
// Offer in numbers" page: at 100k services reading them takes far longer than counting them, and
// they change only when something is saved.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "domain/dates.hpp"
#include "insights/coverage.hpp"
#include "insights/demand.hpp"
#include "web/context.hpp"

namespace lo::web {

// One store generation's facts and the coverage of each area asked for so far.
struct InsightsSnapshot {
    std::int64_t generation = -1;
    std::string read_at;  // RFC 3339: when the facts were read
    domain::Date today;
    insights::CoverageFacts facts;
    std::int64_t current = 0;  // running services checked within their review period
    std::map<std::string, std::string> need_labels;      // top-level need code -> label
    std::map<std::string, std::string> category_labels;  // top-level category code -> label
    // insights::area_names(facts), worked out once: it folds every service's area names, about
    // 10-25 ms of every coverage request at 100k services (bench/README.md, "Insights pages").
    std::vector<std::string> areas;
};

class InsightsCache {
public:
    InsightsCache() = default;
    InsightsCache(const InsightsCache&) = delete;
    InsightsCache& operator=(const InsightsCache&) = delete;
    ~InsightsCache() { stop(); }

    // Keeps the facts current in the background (the server does this): every interval, when the
    // store's generation or the day has moved, the facts and the whole Local Offer's coverage are
    // read again, and pages answer from the previous snapshot meanwhile. Reading 100k services
    // takes seconds (bench/README.md, "Insights pages"); a page should not wait for it.
    void start(storage::Store& store,
               std::chrono::milliseconds interval = std::chrono::milliseconds(2000));
    void stop();
    // Reads the facts again when they are out of date; true when it did.
    bool refresh(storage::Store& store);

    // The facts: while the background refresh runs, the latest snapshot it made (at most an
    // interval and a read behind the store), waiting for its first rather than reading the
    // same facts beside it; otherwise read again when the generation or the day moved.
    std::shared_ptr<const InsightsSnapshot> snapshot(storage::Store& store);
    // Coverage of one area ("" for all) by need or by category, for the snapshot.
    std::shared_ptr<const std::vector<insights::CoverageRow>> coverage(
        const std::shared_ptr<const InsightsSnapshot>& snapshot,
        const std::string& area,
        bool by_category);

private:
    void keep(std::shared_ptr<const InsightsSnapshot> fresh);

    std::mutex mutex_;
    std::thread thread_;
    std::condition_variable wake_;
    std::condition_variable ready_;  // a snapshot was kept
    bool stopping_ = false;
    bool running_ = false;
    std::shared_ptr<const InsightsSnapshot> snapshot_;
    std::map<std::pair<std::string, bool>,
             std::shared_ptr<const std::vector<insights::CoverageRow>>>
        coverage_;
};

// The cache the server made, or a fresh one for this request when there is none (tests).
std::shared_ptr<const InsightsSnapshot> insights_snapshot(Context& ctx);
std::shared_ptr<const std::vector<insights::CoverageRow>> insights_coverage(
    Context& ctx,
    const std::shared_ptr<const InsightsSnapshot>& snapshot,
    const std::string& area,
    bool by_category);

// Labels for the demand figures: needs and categories (top level), and search words by id.
insights::DemandLabels demand_labels(Context& ctx, const InsightsSnapshot& snapshot);

// Current services for a top-level need in an area ("" for everywhere), for "supply against
// demand".
std::int64_t current_services_for(Context& ctx,
                                  const std::shared_ptr<const InsightsSnapshot>& snapshot,
                                  const std::string& need_code,
                                  const std::string& area);

}  // namespace lo::web
