// Demand (issue 19): what families looked for, counted by day in search_daily_counts with the
// other search counts, never the words typed. Words are named by their search_words id, needs
// and categories by their top-level taxonomy codes, places by the gazetteer area they fall in,
// ages by their band (domain/age_bands.hpp). docs/search.md, "Search counts", lists every metric.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "search/tables.hpp"

namespace lo::search {

// What one search asked about, worked out when its answer is made and kept on the answer, so an
// answer from the answer cache is counted the same.
struct SearchDemand {
    std::vector<std::int64_t> concept_ids;    // distinct search_words ids recognised in the words
    std::vector<std::string> need_codes;      // distinct top-level send-needs codes
    std::vector<std::string> category_codes;  // distinct top-level categories codes
    std::vector<std::string> areas;           // a found place's areas, {"-"} in none; {} no place
    std::optional<int> age;                   // the age filter or an age taken from the words
};

// One result page of the eligibility checker, its answers complete.
struct CheckerRun {
    int age = 0;
    std::vector<std::string> needs;  // need codes as chosen ("not-sure" left out)
    Point place;                     // where the child lives
    bool none_likely = false;        // the result lists no "likely" service
};

using DayCounts = std::map<std::string, std::int64_t>;

// "0-4" .. "19-25" (domain::kAgeBands), "over-25" above 25.
std::string age_band_code(int age);

// The names of the areas whose circle holds the point, or {"-"} when none does.
std::vector<std::string> areas_holding(Point point, const std::vector<Area>& areas);

// The demand metrics of one search: concept:, need_demand:, category_demand:, area:,
// need_area: and age_band:, and the zero: twin of each but the age band when zero is true.
void add_demand_counts(DayCounts& day, const SearchDemand& demand, bool zero);

}  // namespace lo::search
