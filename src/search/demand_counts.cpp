// The daily search counts: what each search used (filters, zero results) and what it asked
// about (demand, issue 19), and the eligibility checker's runs. Only codes, ids, area names and
// age bands are counted; never the words or the place typed (docs/search.md, "Search counts").
#include "search/demand_counts.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <set>

#include "domain/age_bands.hpp"
#include "search/engine.hpp"
#include "search/gazetteer.hpp"

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

void add_once(std::vector<std::string>& values, const std::string& v) {
    if (!v.empty() && std::find(values.begin(), values.end(), v) == values.end())
        values.push_back(v);
}

// The filters a search used, and how it went: the counts kept since issue 3.
void add_filter_counts(DayCounts& day, const SearchParams& p, const SearchAnswer& answer) {
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

std::string age_band_code(int age) {
    if (const auto band = domain::age_band_of(age)) return std::string(band->code);
    return "over-25";
}

std::vector<std::string> areas_holding(Point point, const std::vector<Area>& areas) {
    std::vector<std::string> out;
    // The test the index places area-wide services by (index.cpp, place_service).
    for (const auto& a : areas)
        if (miles_between(point, a.centre) <= a.radius_miles) add_once(out, a.name);
    if (out.empty()) out.push_back("-");
    return out;
}

void add_demand_counts(DayCounts& day, const SearchDemand& demand, bool zero) {
    const auto add = [&](const std::string& metric) {
        ++day[metric];
        if (zero) ++day["zero:" + metric];
    };
    for (const auto id : demand.concept_ids) add("concept:" + std::to_string(id));
    for (const auto& code : demand.need_codes) add("need_demand:" + code);
    for (const auto& code : demand.category_codes) add("category_demand:" + code);
    for (const auto& area : demand.areas) {
        add("area:" + area);
        for (const auto& code : demand.need_codes) add("need_area:" + code + "|" + area);
    }
    if (demand.age) ++day["age_band:" + age_band_code(*demand.age)];
}

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
    auto& day = counts_[today()];
    add_filter_counts(day, p, answer);
    add_demand_counts(day, answer.demand, answer.zero_results);
}

void SearchService::count_checker(const CheckerRun& run) {
    std::vector<std::string> needs;
    {
        std::lock_guard lock(terms_mutex_);
        for (const auto& code : run.needs) add_once(needs, top_level_code(1, code));
    }
    const auto areas = areas_holding(run.place, tables_.areas());
    std::lock_guard lock(counts_mutex_);
    auto& day = counts_[today()];
    ++day["checker:runs"];
    for (const auto& code : needs) ++day["checker:need:" + code];
    ++day["checker:age_band:" + age_band_code(run.age)];
    for (const auto& area : areas) ++day["checker:area:" + area];
    if (run.none_likely) ++day["checker:zero"];
}

// The top-level code of a categories (which 0) or send-needs (which 1) term; "" when the
// taxonomy has no such code. terms_mutex_ is held.
std::string SearchService::top_level_code(int which, const std::string& code) const {
    const auto id = code_to_id_[which].find(code);
    if (id == code_to_id_[which].end()) return {};
    auto term = terms_.find(id->second);
    for (int depth = 0; depth < 10 && term != terms_.end() && !term->second.parent_id.empty();
         ++depth) {
        const auto parent = terms_.find(term->second.parent_id);
        if (parent == terms_.end()) break;
        term = parent;
    }
    return term == terms_.end() ? std::string{} : term->second.code;
}

SearchDemand SearchService::demand_of(const QueryWords& words,
                                      const SearchParams& params,
                                      std::optional<int> age,
                                      const std::optional<Point>& point,
                                      const std::vector<Area>& areas) {
    SearchDemand d;
    d.age = age;
    if (point) d.areas = areas_holding(*point, areas);
    std::set<std::int64_t> ids;
    std::lock_guard lock(terms_mutex_);
    for (const auto& code : params.needs) add_once(d.need_codes, top_level_code(1, code));
    for (const auto& code : params.categories) add_once(d.category_codes, top_level_code(0, code));
    for (const auto& word : words.recognised) {
        if (word.id > 0 && ids.insert(word.id).second) d.concept_ids.push_back(word.id);
        if (word.category.rfind("need:", 0) == 0) {
            add_once(d.need_codes, top_level_code(1, word.category.substr(5)));
        } else if (const auto top = top_level_code(0, word.category); top == word.category) {
            add_once(d.category_codes, top);  // a top-level categories code only
        }
    }
    return d;
}

}  // namespace lo::search
