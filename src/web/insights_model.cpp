#include "web/insights_model.hpp"

#include <cmath>
#include <cstdio>

#include "domain/age_bands.hpp"
#include "http/url.hpp"
#include "insights/figures.hpp"
#include "web/format.hpp"
#include "web/public/needs_browse.hpp"
#include "web/svg_chart.hpp"

namespace lo::web {
namespace {

using nlohmann::json;

// A count about people: its number, or "fewer than 5" where small numbers are suppressed.
json people(std::int64_t n, bool suppress) {
    return insights::people_value<json>(n, suppress);
}

std::string month_words(const std::string& yyyy_mm) {
    const auto d = domain::parse_date(yyyy_mm + "-01");
    if (!d) return yyyy_mm;
    auto text = domain::long_date(*d);  // "1 March 2026"
    return text.substr(text.find(' ') + 1);
}

std::string days_text(const std::optional<double>& days) {
    if (!days) return "None yet";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", *days);
    std::string s = text;
    if (s.ends_with(".0")) s.resize(s.size() - 2);
    return s + (s == "1" ? " day" : " days");
}

// A share would give a suppressed count away (3 of 100 is 3%), so it is left out with it.
std::string share_text(std::int64_t n, std::int64_t total, bool suppress = false) {
    if (suppress && (n < insights::kSmallestShown || total < insights::kSmallestShown))
        return "not shown";
    return std::to_string(insights::percent(n, total)) + "%";
}

// Demand rows as a table and a chart of searches against searches that found nothing.
json rows_model(const std::vector<insights::DemandRow>& rows,
                bool suppress,
                bool with_nothing,
                const std::string& chart_id,
                const std::string& title) {
    json out = json::array();
    BarChart chart{chart_id, title, "", {"Searches"}, {}};
    if (with_nothing) chart.series.push_back("Found nothing");
    std::string described;
    for (const auto& r : rows) {
        out.push_back({{"label", r.label},
                       {"searches", people(r.searches, suppress)},
                       {"found_nothing", people(r.found_nothing, suppress)},
                       {"share", share_text(r.found_nothing, r.searches, suppress)}});
        if (chart.bars.size() < 12) {
            chart.bars.push_back({r.label, {r.searches, r.found_nothing}});
            described += (described.empty() ? "" : "; ") + r.label + ": " +
                         std::to_string(r.searches) + " searches";
            if (with_nothing)
                described += ", " + std::to_string(r.found_nothing) + " found nothing";
        }
    }
    chart.description = described.empty() ? "No figures for this period." : described + ".";
    // Small numbers are not drawn where they are suppressed: a bar would give them away.
    const bool drawable = !rows.empty() && !suppress;
    return {{"rows", out},
            {"has_rows", !rows.empty()},
            {"caption", title},
            {"with_nothing", with_nothing},
            {"chart", drawable ? horizontal_bars(chart) : ""}};
}

}  // namespace

json period_model(const insights::PeriodChoice& choice) {
    const auto& p = choice.period;
    return {{"from", p.from_text()},
            {"to", p.to_text()},
            {"words", p.words()},
            {"error", choice.error},
            {"query", "from=" + p.from_text() + "&to=" + p.to_text()}};
}

json coverage_model(const std::vector<insights::CoverageRow>& rows,
                    bool needs,
                    const std::string& area) {
    json bands = json::array();
    for (const auto& b : domain::kAgeBands) bands.push_back({{"label", b.label}});
    json out = json::array();
    std::int64_t gaps = 0;
    for (const auto& row : rows) {
        const auto family = needs ? public_::family_word(row.code) : std::string_view{};
        json cells = json::array();
        for (std::size_t b = 0; b < row.cells.size(); ++b) {
            const auto& c = row.cells[b];
            // "0 services", not "No services": the gap's own tag follows in words.
            std::string text =
                std::to_string(c.services) + (c.services == 1 ? " service" : " services");
            if (c.services > 0) text += " (" + std::to_string(c.current) + " current)";
            cells.push_back({{"text", text},
                             {"state", insights::to_code(c.state)},
                             {"words", insights::words(c.state)},
                             {"gap", c.state != insights::CellState::Covered},
                             {"href", "/admin/insights/coverage/services?term=" +
                                          http::percent_encode(row.term_id) +
                                          "&band=" + std::string(domain::kAgeBands[b].code) +
                                          "&area=" + http::percent_encode(area)}});
        }
        gaps += row.gaps;
        // Parents' words first, the formal term under them when it says something else.
        const bool same = family.empty() || family == row.name;
        out.push_back({{"name", family.empty() ? row.name : std::string(family)},
                       {"formal_name", same ? "" : row.name},
                       {"depth_class", row.depth > 0 ? "lo-coverage__term--narrower" : ""},
                       {"total", count_text(row.services, "service", "services") + ", " +
                                     std::to_string(row.current) + " current"},
                       {"cells", cells}});
    }
    return {{"bands", bands},
            {"rows", out},
            {"has_rows", !out.empty()},
            {"gap_count", count_text(gaps, "cell is a gap", "cells are gaps")}};
}

json demand_model(const insights::Demand& d, bool suppress) {
    const auto fig = [&](std::int64_t n) { return people(n, suppress); };
    json gaps = json::array();
    for (const auto& g : d.gaps) {
        if (gaps.size() >= 20) break;
        gaps.push_back({{"need", g.need_label},
                        {"area", g.area.empty() ? "Outside the areas you cover" : g.area},
                        {"searches", fig(g.searches)},
                        {"found_nothing", fig(g.found_nothing)},
                        {"share", share_text(g.found_nothing, g.searches, suppress)},
                        {"services", std::to_string(g.current_services)}});
    }
    BarChart months{"demand-months",
                    "Searches and checker runs by month",
                    "",
                    {"Searches", "Checker runs"},
                    {}};
    json month_rows = json::array();
    std::string described;
    for (const auto& m : d.months) {
        months.bars.push_back({month_words(m.month), {m.searches, m.checker_runs}});
        month_rows.push_back({{"month", month_words(m.month)},
                              {"searches", fig(m.searches)},
                              {"found_nothing", fig(m.found_nothing)},
                              {"checker_runs", fig(m.checker_runs)}});
        described += (described.empty() ? "" : "; ") + month_words(m.month) + ": " +
                     std::to_string(m.searches) + " searches, " + std::to_string(m.checker_runs) +
                     " checker runs";
    }
    months.description = described + ".";
    return {
        {"searches", fig(d.searches)},
        {"found_nothing", fig(d.found_nothing)},
        {"found_nothing_share", share_text(d.found_nothing, d.searches, suppress)},
        {"weak_matches", fig(d.weak_matches)},
        {"with_keywords", fig(d.with_keywords)},
        {"with_place", fig(d.with_place)},
        {"place_not_found", fig(d.place_not_found)},
        {"checker_runs", fig(d.checker_runs)},
        {"checker_nothing_likely", fig(d.checker_nothing_likely)},
        {"needs", rows_model(d.needs, suppress, true, "demand-needs", "Searches by need")},
        {"categories",
         rows_model(d.categories, suppress, true, "demand-categories", "Searches by category")},
        {"areas", rows_model(d.areas, suppress, true, "demand-areas", "Searches by area")},
        {"age_bands", rows_model(d.age_bands, suppress, false, "demand-ages", "Searches by age")},
        {"words", rows_model(d.words, suppress, true, "demand-words", "Search words recognised")},
        {"checker_needs",
         rows_model(d.checker_needs, suppress, false, "checker-needs", "Checker runs by need")},
        {"checker_areas",
         rows_model(d.checker_areas, suppress, false, "checker-areas", "Checker runs by area")},
        {"gaps", gaps},
        {"has_gaps", !gaps.empty()},
        {"months", month_rows},
        {"months_chart", suppress ? "" : horizontal_bars(months)}};
}

json freshness_model(const insights::Freshness& f) {
    const auto row = [](const insights::FreshnessRow& r) {
        return json{{"name", r.name},
                    {"services", r.services},
                    {"overdue", r.overdue},
                    {"overdue_share", share_text(r.overdue, r.services)},
                    {"median_days", r.median_days_since_checked
                                        ? count_text(*r.median_days_since_checked, "day", "days")
                                        : "Never checked"},
                    {"reminders_sent", r.reminders_sent},
                    {"reminders_answered", r.reminders_answered},
                    {"changes_decided", r.changes_decided},
                    {"days_to_decide", days_text(r.median_days_to_decide)}};
    };
    json orgs = json::array();
    BarChart chart{"freshness-overdue",
                   "Services overdue for review, by organisation",
                   "",
                   {"Services", "Overdue"},
                   {}};
    std::string described;
    for (const auto& o : f.organisations) {
        orgs.push_back(row(o));
        if (chart.bars.size() < 12) {
            chart.bars.push_back({o.name, {o.services, o.overdue}});
            described += (described.empty() ? "" : "; ") + o.name + ": " +
                         std::to_string(o.overdue) + " of " + std::to_string(o.services) +
                         " overdue";
        }
    }
    chart.description = described.empty() ? "No organisations yet." : described + ".";
    json months = json::array();
    for (const auto& m : f.months)
        months.push_back({{"month", month_words(m.month)},
                          {"reminders_sent", m.reminders_sent},
                          {"reminders_answered", m.reminders_answered},
                          {"changes_decided", m.changes_decided},
                          {"days_to_decide", days_text(m.median_days_to_decide)}});
    return {{"total", row(f.total)},
            {"organisations", orgs},
            {"has_organisations", !orgs.empty()},
            {"chart", orgs.empty() ? "" : horizontal_bars(chart)},
            {"months", months}};
}

json feedback_model(const insights::FeedbackSummary& f, bool suppress) {
    const auto fig = [&](std::int64_t n) { return people(n, suppress); };
    json themes = json::array();
    BarChart chart{"feedback-themes", "Feedback by theme", "", {"Comments"}, {}};
    std::string described;
    for (const auto& t : f.themes) {
        themes.push_back({{"label", t.label}, {"count", fig(t.count)}});
        chart.bars.push_back({t.label, {t.count}});
        described += (described.empty() ? "" : "; ") + t.label + ": " + std::to_string(t.count);
    }
    chart.description = described.empty() ? "No feedback in this period." : described + ".";
    json pages = json::array();
    for (const auto& p : f.pages)
        pages.push_back(
            {{"page", p.page}, {"not_useful", fig(p.not_useful)}, {"problems", fig(p.problems)}});
    json months = json::array();
    for (const auto& m : f.months)
        months.push_back({{"month", month_words(m.month)},
                          {"received", fig(m.received)},
                          {"not_useful", fig(m.not_useful)},
                          {"problems", fig(m.problems)},
                          {"published", fig(m.published)}});
    json published = json::array();
    for (const auto& p : f.you_said_we_did)
        published.push_back({{"you_said", p.you_said},
                             {"we_did", p.we_did},
                             {"theme", p.theme_label},
                             {"published_on", long_date_text(p.published_on)}});
    return {{"received", fig(f.received)},
            {"useful_yes", fig(f.useful_yes)},
            {"useful_no", fig(f.useful_no)},
            {"problems", fig(f.problems)},
            {"responded", fig(f.comments_responded)},
            {"published_count", fig(f.published)},
            {"days_to_respond", days_text(f.median_days_to_respond)},
            {"themes", themes},
            {"has_themes", !themes.empty()},
            {"themes_chart", themes.empty() || suppress ? "" : horizontal_bars(chart)},
            {"pages", pages},
            {"has_pages", !pages.empty()},
            {"months", months},
            {"you_said_we_did", published},
            {"has_published", !published.empty()}};
}

}  // namespace lo::web
