// What the insights handlers share (admin/insights.cpp, admin/insights_reports.cpp and the public
// "Local Offer in numbers" page): the period asked for and the figures for a period.
#pragma once

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

insights::Demand demand_for(Context& ctx, const insights::Period& period);
insights::Freshness freshness_for(Context& ctx, const insights::Period& period);
insights::FeedbackSummary feedback_for(Context& ctx, const insights::Period& period);

}  // namespace lo::web::admin
