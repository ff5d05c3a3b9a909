// Demand (issue 19, part 2): what families looked for over a period, from the daily counts
// search and the checker keep (docs/search.md lists every metric), and where they searched most
// and found least. No text anyone typed is counted: needs, categories, areas, age bands and the
// product's own search-word ids only.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "storage/insights.hpp"

namespace lo::insights {

struct DemandRow {
    std::string key;    // a need or category code, an area name, an age band code, a word id
    std::string label;  // what the page shows
    std::int64_t searches = 0;
    std::int64_t found_nothing = 0;  // found nothing, or nothing that matched well
};

// One need in one area: how often families looked, how often they found nothing, and how many
// current services there are for it there.
struct GapRow {
    std::string need_code;
    std::string need_label;
    std::string area;  // "" when the place searched was outside every area
    std::int64_t searches = 0;
    std::int64_t found_nothing = 0;
    std::int64_t current_services = 0;
};

struct MonthRow {
    std::string month;  // YYYY-MM
    std::int64_t searches = 0;
    std::int64_t found_nothing = 0;
    std::int64_t checker_runs = 0;
};

struct Demand {
    std::int64_t searches = 0;
    std::int64_t found_nothing = 0;
    std::int64_t weak_matches = 0;
    std::int64_t with_keywords = 0;
    std::int64_t with_place = 0;
    std::int64_t place_not_found = 0;
    std::int64_t checker_runs = 0;
    std::int64_t checker_nothing_likely = 0;
    std::vector<DemandRow> needs, categories, areas, age_bands, words;
    std::vector<DemandRow> checker_needs, checker_age_bands, checker_areas;
    std::vector<GapRow> gaps;  // most unmet first
    std::vector<MonthRow> months;
};

// The metrics summed by month for the chart.
const std::vector<std::string>& monthly_metrics();

struct DemandLabels {
    std::map<std::string, std::string> needs;       // top-level need code -> label
    std::map<std::string, std::string> categories;  // top-level category code -> label
    std::map<std::string, std::string> words;       // search word id -> its term
};

// current_services(need_code, area) -> current services for that need in that area (area ""
// is outside every area: the whole Local Offer).
// area: "" for every area; an area's name, or "-" for places outside every area, narrows the
// needs, the areas and "searched most, found least" to that area (the counts keep needs by area;
// categories, ages and words are counted for all areas only).
Demand demand(
    const storage::CountTotals& totals,
    const std::vector<std::string>& months,
    const DemandLabels& labels,
    const std::function<std::int64_t(const std::string&, const std::string&)>& current_services,
    const std::string& area = "");

}  // namespace lo::insights
