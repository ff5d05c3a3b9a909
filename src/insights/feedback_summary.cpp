#include "insights/feedback_summary.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "domain/dates.hpp"
#include "domain/feedback.hpp"
#include "insights/freshness.hpp"

namespace lo::insights {
namespace {

constexpr std::size_t kMostPages = 20;

std::optional<double> days_between_times(const std::string& a, const std::string& b) {
    const auto da = domain::parse_date(a.substr(0, std::min<std::size_t>(10, a.size())));
    const auto db = domain::parse_date(b.substr(0, std::min<std::size_t>(10, b.size())));
    if (!da || !db) return std::nullopt;
    return std::max(0, domain::days_between(*da, *db));
}

std::vector<ThemeRow> theme_rows(const std::map<std::string, std::int64_t>& counts) {
    std::vector<ThemeRow> out;
    for (const auto& [code, n] : counts) {
        const auto label = domain::theme_label(code);
        out.push_back({code,
                       code.empty()    ? "Not given a theme yet"
                       : label.empty() ? code
                                       : std::string(label),
                       n});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const ThemeRow& a, const ThemeRow& b) { return a.count > b.count; });
    return out;
}

std::vector<PageRow> page_rows(const std::map<std::string, PageRow>& pages) {
    std::vector<PageRow> out;
    for (const auto& [page, row] : pages)
        if (row.not_useful + row.problems > 0) out.push_back(row);
    std::stable_sort(out.begin(), out.end(), [](const PageRow& a, const PageRow& b) {
        return a.not_useful + a.problems > b.not_useful + b.problems;
    });
    if (out.size() > kMostPages) out.resize(kMostPages);
    return out;
}

}  // namespace

FeedbackSummary feedback_summary(const std::vector<storage::FeedbackFacts>& feedback,
                                 const std::vector<std::string>& months) {
    FeedbackSummary out;
    std::map<std::string, std::int64_t> themes;
    std::map<std::string, PageRow> pages;
    std::map<std::string, FeedbackMonth> by_month;
    for (const auto& m : months) by_month[m].month = m;
    std::vector<double> days;
    for (const auto& f : feedback) {
        ++out.received;
        const bool no = f.useful && !*f.useful;
        if (f.useful && *f.useful) ++out.useful_yes;
        if (no) ++out.useful_no;
        if (f.problem) ++out.problems;
        ++themes[f.theme];
        auto& page = pages[f.page];
        page.page = f.page;
        if (no) ++page.not_useful;
        if (f.problem) ++page.problems;
        auto month = by_month.find(f.created_at.substr(0, 7));
        if (month != by_month.end()) {
            ++month->second.received;
            if (no) ++month->second.not_useful;
            if (f.problem) ++month->second.problems;
            if (f.state == "published") ++month->second.published;
        }
        if (!f.responded_at.empty()) {
            ++out.comments_responded;
            if (const auto n = days_between_times(f.created_at, f.responded_at)) days.push_back(*n);
        }
        if (f.state == "published") {
            ++out.published;
            out.you_said_we_did.push_back({f.public_comment, f.response,
                                           std::string(domain::theme_label(f.theme)),
                                           f.responded_at.substr(0, 10)});
        }
    }
    out.median_days_to_respond = median(days);
    out.themes = theme_rows(themes);
    out.pages = page_rows(pages);
    for (const auto& [m, row] : by_month) out.months.push_back(row);
    return out;
}

}  // namespace lo::insights
