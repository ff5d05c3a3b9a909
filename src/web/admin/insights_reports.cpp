// Freshness, feedback and the annual review (issue 19, parts 3 to 5; docs/insights.md). The
// annual review is the page a council publishes: every count about people in it, and in its CSV
// and JSON, below 5 is "fewer than 5".
#include <algorithm>

#include "domain/age_bands.hpp"
#include "insights/figures.hpp"
#include "interchange/csv.hpp"
#include "web/admin/admin.hpp"
#include "web/admin/insights_common.hpp"
#include "web/format.hpp"
#include "web/insights_model.hpp"
#include "web/page.hpp"

namespace lo::web::admin {

using nlohmann::json;

insights::PeriodChoice period_from(const http::Request& req) {
    return insights::choose_period(req.query_value("from").value_or(""),
                                   req.query_value("to").value_or(""), domain::today_utc());
}

PeriodPage period_page(Visit& visit, const std::string& title) {
    PeriodPage page{admin_page_model(visit, title, "insights"), period_from(visit.request)};
    add_breadcrumb(page.model, "Insights", "/admin/insights");
    page.model["period"] = period_model(page.choice);
    return page;
}

insights::Demand demand_for(Context& ctx, const insights::Period& period, const std::string& area) {
    const auto snapshot = insights_snapshot(ctx);
    const auto totals = ctx.store.insights().count_totals(period.from_text(), period.to_text(),
                                                          insights::monthly_metrics());
    return insights::demand(
        totals, period.months(), demand_labels(ctx, *snapshot),
        [&](const std::string& need, const std::string& where) {
            return current_services_for(ctx, snapshot, need, where);
        },
        area);
}

insights::Freshness freshness_for(Context& ctx,
                                  const insights::Period& period,
                                  bool by_organisation) {
    const auto snapshot = insights_snapshot(ctx);
    std::vector<insights::OrganisationName> names;
    if (by_organisation)
        for (const auto& o : ctx.store.organisations().list({1000000, 0}))
            names.push_back({o.id, o.name});
    auto& repo = ctx.store.insights();
    return insights::freshness(
        snapshot->facts.services, names, repo.reminders(period.from_text(), period.to_text()),
        repo.decisions(period.from_text(), period.to_text()), period.months(), snapshot->today);
}

insights::FeedbackSummary feedback_for(Context& ctx, const insights::Period& period) {
    return insights::feedback_summary(
        ctx.store.insights().feedback(period.from_text(), period.to_text()), period.months());
}

namespace insights_pages {
namespace {

// The need rows of the whole Local Offer's coverage, top level only, for the review.
json need_supply(Context& ctx) {
    const auto snapshot = insights_snapshot(ctx);
    json out = json::array();
    // Held in a name: a range-for over *f() would outlive the shared_ptr f() returns.
    const auto coverage = insights_coverage(ctx, snapshot, "", false);
    for (const auto& row : *coverage) {
        if (row.depth > 0) continue;
        std::string gaps;
        for (std::size_t b = 0; b < row.cells.size(); ++b)
            if (row.cells[b].state != insights::CellState::Covered)
                gaps += (gaps.empty() ? "" : ", ") + std::string(domain::kAgeBands[b].label);
        out.push_back({{"need", row.name},
                       {"services", row.services},
                       {"current", row.current},
                       {"gaps", gaps.empty() ? "None" : gaps}});
    }
    return out;
}

json review_model(Context& ctx, const insights::PeriodChoice& choice) {
    const auto snapshot = insights_snapshot(ctx);
    const auto current = snapshot->current;
    const auto services = static_cast<std::int64_t>(snapshot->facts.services.size());
    return {{"period", period_model(choice)},
            {"council", ctx.site.council_name},
            {"services", services},
            {"current", current},
            {"current_share", std::to_string(insights::percent(current, services)) + "%"},
            {"needs", need_supply(ctx)},
            {"demand", demand_model(demand_for(ctx, choice.period), true)},
            // The review shows the whole Local Offer's freshness; 10k organisations' rows cost
            // a third of its time at 100k services (bench/README.md).
            {"freshness", freshness_model(freshness_for(ctx, choice.period, false))},
            {"feedback", feedback_model(feedback_for(ctx, choice.period), true)}};
}

// A spreadsheet cannot be made to run a formula from a field (=, +, -, @ first).
std::string cell(std::string value) {
    if (!value.empty() && std::string_view("=+-@").find(value.front()) != std::string_view::npos)
        value.insert(0, "'");
    return value;
}

std::string review_csv(const json& m) {
    namespace csv = interchange::csv;
    std::string out = "\xEF\xBB\xBF" + csv::record({"section", "measure", "value"});
    const auto put = [&](const std::string& section, const std::string& measure, const json& v) {
        out += csv::record(
            {section, cell(measure), cell(v.is_string() ? v.get<std::string>() : v.dump())});
    };
    put("period", "from", m["period"]["from"]);
    put("period", "to", m["period"]["to"]);
    put("services", "running services", m["services"]);
    put("services", "current services", m["current"]);
    for (const auto& n : m["needs"]) {
        put("services by need", n["need"].get<std::string>() + ": services", n["services"]);
        put("services by need", n["need"].get<std::string>() + ": current", n["current"]);
        put("services by need", n["need"].get<std::string>() + ": gaps", n["gaps"]);
    }
    const auto& d = m["demand"];
    for (const char* key : {"searches", "found_nothing", "place_not_found", "checker_runs"})
        put("demand", key, d[key]);
    for (const char* group : {"needs", "areas", "age_bands"})
        for (const auto& r : d[group]["rows"])
            put(std::string("searches by ") + (group == std::string("age_bands") ? "age" : group),
                r["label"].get<std::string>(), r["searches"]);
    const auto& f = m["feedback"];
    for (const char* key : {"received", "useful_yes", "useful_no", "problems", "published_count"})
        put("feedback", key, f[key]);
    for (const auto& t : f["themes"])
        put("feedback by theme", t["label"].get<std::string>(), t["count"]);
    for (const auto& y : f["you_said_we_did"]) {
        put("you said, we did", "you said", y["you_said"]);
        put("you said, we did", "we did", y["we_did"]);
    }
    return out;
}

http::Response bad_period(const insights::PeriodChoice& choice) {
    return http::Response::text(choice.error + "\n", 400);
}

}  // namespace

http::Response freshness(Visit& visit) {
    auto [model, choice] = period_page(visit, "Freshness");
    model["freshness"] = freshness_model(freshness_for(visit.ctx, choice.period));
    model["review_months"] = visit.ctx.site.review_months;
    return render_page(visit.ctx, "admin/insights/freshness", model);
}

http::Response feedback(Visit& visit) {
    auto [model, choice] = period_page(visit, "Feedback and \"You said, we did\"");
    model["feedback"] = feedback_model(feedback_for(visit.ctx, choice.period), false);
    return render_page(visit.ctx, "admin/insights/feedback", model);
}

http::Response annual_review(Visit& visit) {
    auto [model, choice] = period_page(visit, "Annual review");
    model["review"] = review_model(visit.ctx, choice);
    return render_page(visit.ctx, "admin/insights/annual_review", model);
}

http::Response annual_review_csv(Visit& visit) {
    const auto choice = period_from(visit.request);
    if (!choice.error.empty()) return bad_period(choice);
    auto res = http::Response::text(review_csv(review_model(visit.ctx, choice)));
    res.set_header("Content-Type", "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"local-offer-annual-review-" +
                                              choice.period.from_text() + "-to-" +
                                              choice.period.to_text() + ".csv\"");
    return res;
}

http::Response annual_review_json(Visit& visit) {
    const auto choice = period_from(visit.request);
    if (!choice.error.empty()) return bad_period(choice);
    auto m = review_model(visit.ctx, choice);
    // Charts are for the page; the JSON carries the figures.
    for (auto* section : {&m["demand"], &m["feedback"]})
        for (auto& [key, value] : section->items())
            if (value.is_object()) value.erase("chart");
    m["demand"].erase("months_chart");
    m["feedback"].erase("themes_chart");
    m["freshness"].erase("chart");
    m["freshness"].erase("organisations");  // the review is the whole Local Offer's
    m["freshness"].erase("has_organisations");
    return http::Response::json(m.dump(2));
}

}  // namespace insights_pages
}  // namespace lo::web::admin
