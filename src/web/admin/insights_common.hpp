// What the insights handlers share (admin/insights.cpp, admin/insights_reports.cpp and the public
// "Local Offer in numbers" page): the period asked for and the figures for a period.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "http/request.hpp"
#include "insights/demand.hpp"
#include "insights/feedback_summary.hpp"
#include "insights/freshness.hpp"
#include "insights/period.hpp"
#include "web/context.hpp"
#include "web/insights_facts.hpp"

namespace lo::web::admin {

// ?from= and ?to= (YYYY-MM-DD); the last twelve months by default.
insights::PeriodChoice period_from(const http::Request& req);

struct Visit;

// An insights page with a period: the admin layout's model with the breadcrumb and the period
// form filled in, and the period chosen.
struct PeriodPage {
    nlohmann::json model;
    insights::PeriodChoice choice;
};
PeriodPage period_page(Visit& visit, const std::string& title);

// area: "" for all, an area's name, or "-" for places outside every area.
insights::Demand demand_for(Context& ctx,
                            const insights::Period& period,
                            const std::string& area = "");
// by_organisation false: the whole Local Offer's row and the months only (the annual review),
// without reading every organisation's name.
insights::Freshness freshness_for(Context& ctx,
                                  const insights::Period& period,
                                  bool by_organisation = true);
insights::FeedbackSummary feedback_for(Context& ctx, const insights::Period& period);

}  // namespace lo::web::admin
