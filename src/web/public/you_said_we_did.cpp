// "You said, we did": the comments families sent about the Local Offer, edited so they identify
// no one, and what the council did about each, grouped by the month the comment arrived (newest
// first), with a summary for each year. The council must publish these at least once a year
// (Children and Families Act 2014 s.30(6), SEND Regulations 2014 reg 56).
#include <string>

#include "domain/feedback.hpp"
#include "web/format.hpp"
#include "web/page.hpp"
#include "web/public/pages.hpp"

namespace lo::web::public_ {
namespace {

constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

// "November 2026" from "2026-11-23T10:15:02Z"; "" when it is not shaped like that.
std::string month_of(const std::string& timestamp) {
    if (timestamp.size() < 7 || timestamp[4] != '-') return {};
    const int month = (timestamp[5] - '0') * 10 + (timestamp[6] - '0');
    if (month < 1 || month > 12) return {};
    return std::string(kMonths[month - 1]) + " " + timestamp.substr(0, 4);
}

}  // namespace

http::Response you_said_we_did(Context& ctx, const http::Request&) {
    auto model = page_model(ctx, "You said, we did", Section::None);
    add_breadcrumb(model, "Home", "/");
    auto& inbox = ctx.store.feedback_inbox();

    auto months = nlohmann::json::array();
    std::string current;
    for (const auto& item : inbox.published()) {
        const auto month = month_of(item.received_at);
        if (months.empty() || month != current) {
            current = month;
            months.push_back({{"month", month},
                              {"id", "month-" + item.received_at.substr(0, 7)},
                              {"items", nlohmann::json::array()}});
        }
        months.back()["items"].push_back({{"you_said", paragraphs(item.public_comment)},
                                          {"we_did", paragraphs(item.response)},
                                          {"theme", std::string(domain::theme_label(item.theme))},
                                          {"service_name", item.service_name}});
    }
    auto years = nlohmann::json::array();
    for (const auto& y : inbox.yearly_summary()) {
        auto themes = nlohmann::json::array();
        for (const auto& [code, n] : y.top_themes)
            themes.push_back({{"label", std::string(domain::theme_label(code))},
                              {"count", count_text(n, "comment", "comments")}});
        years.push_back({{"year", std::to_string(y.year)},
                         {"received", y.received},
                         {"problems_reported", y.problems_reported},
                         {"problems_fixed", y.problems_fixed},
                         {"published", y.published},
                         {"themes", themes},
                         {"has_themes", !themes.empty()}});
    }
    model["months"] = months;
    model["has_months"] = !months.empty();
    model["years"] = years;
    model["has_years"] = !years.empty();
    return render_page(ctx, "public/you_said_we_did", model);
}

}  // namespace lo::web::public_
