// The public "Local Offer in numbers" page (issue 19, part 5): what the Local Offer holds and
// how families used it over the last twelve months, as counts only. Off until the council turns
// it on (public_numbers), and every count about people below 5 is "fewer than 5".
#include "http/error.hpp"
#include "insights/figures.hpp"
#include "web/admin/insights_common.hpp"
#include "web/format.hpp"
#include "web/insights_model.hpp"
#include "web/page.hpp"
#include "web/public/pages.hpp"

namespace lo::web::public_ {

http::Response in_numbers(Context& ctx, const http::Request& req) {
    if (!ctx.site.public_numbers)
        throw http::HttpError(404,
                              "This page is not published. The Local Offer's own pages are "
                              "linked from the home page.");
    auto model = page_model(ctx, "The Local Offer in numbers", Section::None);
    const auto snapshot = insights_snapshot(ctx);
    const auto choice = insights::choose_period("", "", snapshot->today);
    const auto current = snapshot->current;
    const auto services = static_cast<std::int64_t>(snapshot->facts.services.size());
    auto needs = nlohmann::json::array();
    // Held in a name: a range-for over *f() would outlive the shared_ptr f() returns.
    const auto coverage = insights_coverage(ctx, snapshot, "", false);
    for (const auto& row : *coverage)
        if (row.depth == 0) needs.push_back({{"need", row.name}, {"services", row.services}});
    model["period"] = period_model(choice);
    model["services"] = count_text(services, "service is", "services are");
    model["current_share"] = std::to_string(insights::percent(current, services)) + "%";
    model["needs"] = needs;
    model["demand"] = demand_model(admin::demand_for(ctx, choice.period), true);
    model["feedback"] = feedback_model(admin::feedback_for(ctx, choice.period), true);
    (void)req;
    return render_page(ctx, "public/in_numbers", model);
}

}  // namespace lo::web::public_
