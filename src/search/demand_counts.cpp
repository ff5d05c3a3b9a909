// The daily search counts: what each search used (filters, zero results), kept in memory and
// written to search_daily_counts. Never the words or the place typed (docs/search.md, "Search
// counts").
#include <chrono>
#include <ctime>

#include "search/engine.hpp"

namespace lo::search {
namespace {

std::string today() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

// The filters a search used, and how it went: the counts kept since issue 3.
void add_filter_counts(std::map<std::string, std::int64_t>& day,
                       const SearchParams& p,
                       const SearchAnswer& answer) {
    ++day["searches"];
    if (answer.zero_results) ++day["zero_results"];
    if (answer.weak_match) ++day["weak_matches"];
    if (!p.q.empty()) ++day["with_keywords"];
    if (!p.location.empty()) ++day["filter:location"];
    if (answer.location_not_found) ++day["location_not_found"];
    if (p.age) ++day["filter:age"];
    if (p.radius) ++day["filter:radius"];
    if (p.free_only) ++day["filter:free"];
    if (answer.suggestion_offered) ++day["suggestion_offered"];
    const auto group = [&](const char* name, const std::vector<std::string>& values) {
        if (values.empty()) return;
        ++day[std::string("filter:") + name];
        for (const auto& v : values) ++day[std::string(name) + ":" + v];
    };
    group("category", p.categories);
    group("need", p.needs);
    group("access", p.access);
    group("mode", p.modes);
    group("day", p.days);
}

}  // namespace

void SearchService::flush_counts() {
    std::map<std::string, std::map<std::string, std::int64_t>> pending;
    {
        std::lock_guard lock(counts_mutex_);
        pending.swap(counts_);
    }
    tables_.add_daily_counts(pending);
}

void SearchService::count(const SearchParams& p, const SearchAnswer& answer) {
    std::lock_guard lock(counts_mutex_);
    add_filter_counts(counts_[today()], p, answer);
}

}  // namespace lo::search
