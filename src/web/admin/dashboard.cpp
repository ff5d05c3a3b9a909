// GET /admin: where an editor or provider starts.
#include "web/admin/admin.hpp"
#include "web/format.hpp"
#include "web/page.hpp"

namespace lo::web::admin {

http::Response dashboard(Visit& visit) {
    auto model = admin_page_model(visit, "Dashboard", "dashboard");
    std::int64_t count = 0;
    storage::ServiceFilter filter;
    filter.only_published = false;
    if (visit.principal.is_editor()) {
        count = visit.ctx.store.services().count(filter);
        model["services_link_text"] = "All services";
    } else {
        for (const auto& org : visit.principal.user.organisation_ids) {
            filter.organisation_id = org;
            count += visit.ctx.store.services().count(filter);
        }
        model["services_link_text"] = "Your organisation's services";
    }
    model["service_count_text"] = count_text(count, "service", "services");
    return render_page(visit.ctx, "admin/dashboard", model);
}

}  // namespace lo::web::admin
