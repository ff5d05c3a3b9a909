// The search page laid out for a phone first (docs/design-decisions.md, "Search results and
// shortlist"): the filters behind one disclosure with the number chosen, each applied filter as a
// tag that removes it, only the options that would find something, the sort choices, and the
// results split into those in the searched area and those outside it.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "search/params.hpp"

namespace lo::web::public_ {

// The address of a search with these parameters (page 1), carrying whatever the page carries.
using SearchHref = std::function<std::string(const search::SearchParams&)>;

// Keeps the options worth offering: those that would find something (a count above 0) and those
// already chosen (so they can be unticked), and the parents of either. Sets "has_children".
void prune_options(nlohmann::json& options);

// One tag per applied filter (age, distance, free and every ticked option), in the order of the
// filter form: [{label, href}], where href is the same search without that one filter. Labels
// are the options' own (the template escapes them).
nlohmann::json filter_tags(const search::SearchParams& params,
                           const nlohmann::json& facets,
                           const SearchHref& href);

// The sort choices that make sense for this search, [{value, label, selected}]: best match
// (with words), distance (with a place that was found) and A to Z. `current` is the answer's
// "sort". Fewer than two choices gives an empty list (the page then shows no sort control).
nlohmann::json sort_options(const std::string& current, bool has_place, bool has_words);

// Sets the result headings for a page model that holds the answer ("results", "total",
// "location", "in_area_total", "sort"): "results_heading" ("3 services near OX4", or with no
// place found, only the count), and, when the results are in distance order around a place,
// splits "results" into "local_results" and "outside_results" (the services outside the
// searched area, under their own heading, never counted as near it).
void split_by_area(nlohmann::json& model, const std::string& first_page_href);

}  // namespace lo::web::public_
