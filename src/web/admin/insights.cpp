// The insights pages (issue 19, docs/insights.md) for editors, administrators and commissioners:
// an overview, coverage of needs and categories by age band and area, and demand. The figures
// are worked out in src/insights/ from facts read once per store generation
// (web/insights_facts.hpp); the freshness, feedback and annual review pages are in
// insights_reports.cpp.
#include "http/error.hpp"
#include "http/url.hpp"
#include "insights/figures.hpp"
#include "web/admin/admin.hpp"
#include "web/admin/insights_common.hpp"
#include "web/format.hpp"
#include "web/insights_model.hpp"
#include "web/page.hpp"

namespace lo::web::admin::insights_pages {
namespace {

using nlohmann::json;

// The area asked for: one of the areas the store knows, or "" for the whole Local Offer.
std::string chosen_area(const http::Request& req, const std::vector<std::string>& areas) {
    const auto area = req.query_value("area").value_or("");
    if (area.empty()) return area;
    for (const auto& a : areas)
        if (a == area) return a;
    throw http::HttpError(400,
                          "We do not know that area. Choose one from the list of areas, or "
                          "choose \"All areas\".");
}

json area_options(const std::vector<std::string>& areas, const std::string& chosen) {
    json out = json::array();
    out.push_back({{"value", ""}, {"label", "All areas"}, {"selected", chosen.empty()}});
    for (const auto& a : areas)
        out.push_back({{"value", a}, {"label", a}, {"selected", a == chosen}});
    return out;
}

}  // namespace

http::Response overview(Visit& visit) {
    auto model = admin_page_model(visit, "Insights", "insights");
    const auto snapshot = insights_snapshot(visit.ctx);
    const auto choice = period_from(visit.request);
    const auto rows = insights_coverage(visit.ctx, snapshot, "", false);
    std::int64_t gaps = 0;
    for (const auto& r : *rows) gaps += r.gaps;
    const auto current = snapshot->current;
    const auto totals = visit.ctx.store.insights().count_totals(choice.period.from_text(),
                                                                choice.period.to_text(), {});
    const auto count = [&](const char* metric) {
        const auto it = totals.by_metric.find(metric);
        return it == totals.by_metric.end() ? std::int64_t{0} : it->second;
    };
    model["period"] = period_model(choice);
    model["services"] = count_text(static_cast<std::int64_t>(snapshot->facts.services.size()),
                                   "running service", "running services");
    model["current"] = count_text(current, "is", "are") + " current";
    model["gaps"] = count_text(gaps, "need and age band has", "needs and age bands have") +
                    " no service a family can ask for themselves";
    model["searches"] = count_text(count("searches"), "search", "searches");
    model["found_nothing"] = std::to_string(count("zero_results"));
    model["checker_runs"] = count_text(count("checker:runs"), "checker run", "checker runs");
    return render_page(visit.ctx, "admin/insights/overview", model);
}

http::Response coverage(Visit& visit) {
    const bool by_category = visit.request.query_value("view").value_or("") == "categories";
    auto model = admin_page_model(visit, by_category ? "Coverage by category" : "Coverage by need",
                                  "insights");
    add_breadcrumb(model, "Insights", "/admin/insights");
    const auto snapshot = insights_snapshot(visit.ctx);
    const auto& areas = snapshot->areas;
    const auto area = chosen_area(visit.request, areas);
    const auto rows = insights_coverage(visit.ctx, snapshot, area, by_category);
    model["coverage"] = coverage_model(*rows, !by_category, area);
    model["areas"] = area_options(areas, area);
    model["area_words"] = area.empty() ? "all areas" : area;
    model["by_category"] = by_category;
    model["row_heading"] = by_category ? "Category" : "Need";
    model["today"] = domain::long_date(snapshot->today);
    // The facts are read in the background after each change: say when, to the minute (UTC).
    model["read_at"] = snapshot->read_at.size() >= 16 ? snapshot->read_at.substr(11, 5) : "";
    model["other_view_href"] = std::string("/admin/insights/coverage?view=") +
                               (by_category ? "needs" : "categories") +
                               (area.empty() ? "" : "&area=" + http::percent_encode(area));
    model["other_view_text"] = by_category ? "Coverage by need" : "Coverage by category";
    return render_page(visit.ctx, "admin/insights/coverage", model);
}

http::Response coverage_services(Visit& visit) {
    const auto snapshot = insights_snapshot(visit.ctx);
    const auto area = chosen_area(visit.request, snapshot->areas);
    const auto term_id = visit.request.query_value("term").value_or("");
    const auto band_code = visit.request.query_value("band").value_or("");
    const domain::AgeBand* band = nullptr;
    for (const auto& b : domain::kAgeBands)
        if (b.code == band_code) band = &b;
    const auto& facts = snapshot->facts;
    const domain::TaxonomyTerm* term = nullptr;
    bool is_need = true;
    for (const auto* list : {&facts.needs, &facts.categories}) {
        for (const auto& t : *list)
            if (t.id == term_id) term = &t;
        if (term) break;
        is_need = false;
    }
    if (!band || !term)
        throw http::HttpError(404,
                              "We could not find that part of the coverage table. Go back to "
                              "coverage and choose a cell.");
    const auto& terms = is_need ? facts.needs : facts.categories;
    auto model = admin_page_model(visit, term->name + ", " + std::string(band->label), "insights");
    add_breadcrumb(model, "Insights", "/admin/insights");
    add_breadcrumb(model, "Coverage",
                   "/admin/insights/coverage" + std::string(is_need ? "" : "?view=categories"));
    json rows = json::array();
    for (const auto* s : insights::services_in_cell(facts, terms, term->id, *band, area))
        rows.push_back(
            {{"name", s->name},
             {"href", "/services/" + http::percent_encode(s->id)},
             {"ages", age_range(s->min_age, s->max_age)},
             {"review_due", s->review_due.empty() ? "Not set" : long_date_text(s->review_due)},
             {"current", insights::is_current(*s, snapshot->today)},
             {"access", s->ehc_plan_only   ? "EHC plan only"
                        : s->self_referral ? "Families can ask themselves"
                                           : "Referral needed"}});
    model["term"] = term->name;
    model["band"] = band->label;
    model["area_words"] = area.empty() ? "all areas" : area;
    model["has_services"] = !rows.empty();
    model["services"] = rows;
    model["count_text"] = count_text(static_cast<std::int64_t>(rows.size()), "service", "services");
    return render_page(visit.ctx, "admin/insights/coverage_services", model);
}

http::Response demand(Visit& visit) {
    auto [model, choice] = period_page(visit, "Demand");
    const auto snapshot = insights_snapshot(visit.ctx);
    auto areas = insights::area_names(snapshot->facts);
    // "-": the places families searched that lie outside every area.
    const auto area = chosen_area(visit.request, [&] {
        auto with_outside = areas;
        with_outside.push_back("-");
        return with_outside;
    }());
    auto options = area_options(areas, area);
    options.push_back(
        {{"value", "-"}, {"label", "Outside the areas you cover"}, {"selected", area == "-"}});
    model["area_choice"] = {{"options", options}};
    model["area_words"] = area.empty()  ? "all areas"
                          : area == "-" ? "places outside your areas"
                                        : area;
    model["one_area"] = !area.empty();
    model["demand"] = demand_model(demand_for(visit.ctx, choice.period, area), false);
    return render_page(visit.ctx, "admin/insights/demand", model);
}

}  // namespace lo::web::admin::insights_pages
