// The page models of the insights figures (issue 19), shared by the admin's insights pages, the
// annual review (HTML, CSV and JSON) and the public "Local Offer in numbers" page. suppress:
// counts about people below 5 become "fewer than 5" (insights/figures.hpp), for everything
// that is published or exported.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "insights/coverage.hpp"
#include "insights/demand.hpp"
#include "insights/feedback_summary.hpp"
#include "insights/freshness.hpp"
#include "insights/period.hpp"

namespace lo::web {

// {from, to, words, error, from_value, to_value, query}: the period form and its query string.
nlohmann::json period_model(const insights::PeriodChoice& choice);

// The matrix: {bands[], rows[] {name, formal_name, depth_class, cells[] {text, state, words,
// href}}, gap_count}. cell_base: the link for a cell without term and band.
nlohmann::json coverage_model(const std::vector<insights::CoverageRow>& rows,
                              bool needs,
                              const std::string& area);

nlohmann::json demand_model(const insights::Demand& d, bool suppress);
nlohmann::json freshness_model(const insights::Freshness& f);
nlohmann::json feedback_model(const insights::FeedbackSummary& f, bool suppress);

}  // namespace lo::web
