// GET /admin: where an editor or provider starts.
#include <ctime>

#include "web/admin/admin.hpp"
#include "web/format.hpp"
#include "web/ops_status.hpp"
#include "web/page.hpp"

namespace lo::web::admin {
namespace {

std::string when_text(std::int64_t unix_seconds) {
    const auto t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[48];
    std::strftime(buf, sizeof buf, "%d %B %Y at %H:%M UTC", &tm);
    return buf[0] == '0' ? buf + 1 : buf;
}

// What administrators need to know about the automatic backups (README "Backups"); the server
// sets it (ctx.ops), handler tests without a server leave it out.
nlohmann::json backup_model(const OpsStatus& ops) {
    const auto b = ops.backup();
    nlohmann::json m;
    if (!b.scheduled) {
        m["off"] = true;
        return m;
    }
    if (b.last_failure_at)
        m["failure"] = "The latest backup failed on " + when_text(b.last_failure_at) + ": " +
                       b.last_failure + " The server tries again every hour.";
    m["summary"] = b.last_success_at ? "Last backup: " + when_text(b.last_success_at) + ", to " +
                                           b.last_success_file + "."
                                     : std::string("No backup has been made yet.");
    m["schedule"] =
        "The server backs up the database every day at " + b.time + " UTC, into " + b.dir + ".";
    return m;
}

}  // namespace

http::Response dashboard(Visit& visit) {
    // A commissioner's admin is the insights pages.
    if (visit.principal.is_commissioner()) return http::Response::redirect("/admin/insights");
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
    if (visit.principal.can_manage_users() && visit.ctx.ops)
        model["backup"] = backup_model(*visit.ctx.ops);
    return render_page(visit.ctx, "admin/dashboard", model);
}

}  // namespace lo::web::admin
