// GET /admin: where an editor or provider starts.
#include <algorithm>
#include <ctime>

#include "domain/dates.hpp"
#include "reviews/reviews.hpp"
#include "web/admin/admin.hpp"
#include "web/admin/moderation.hpp"
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

// What is waiting for this person (issue 18, "dashboards with work on them"): change requests
// (editors: those waiting for approval, oldest first; providers: their organisations' waiting or
// sent back), new feedback (providers: problems reported on their services), and reviews overdue
// or due soon. Each with a count and a link to the list that does the work.
nlohmann::json work_model(Visit& visit) {
    const auto& p = visit.principal;
    const bool editor = p.is_editor();
    const auto& orgs = p.user.organisation_ids;
    nlohmann::json work;
    if (!editor && orgs.empty()) return work;  // a provider with no organisation has nothing

    storage::ChangeFilter changes;
    changes.states = {domain::ChangeState::Pending};
    if (!editor) {
        changes.states.push_back(domain::ChangeState::Rejected);
        changes.organisation_ids = orgs;
    }
    changes.limit = 1000;  // the store lists newest first, so the oldest need them all
    auto requests = visit.ctx.store.change_requests().list(changes);
    // Oldest first: the longest waiting is the one to look at.
    std::reverse(requests.begin(), requests.end());
    auto rows = nlohmann::json::array();
    for (const auto& r : requests) {
        if (rows.size() == 5) break;
        rows.push_back({{"href", "/admin/changes/" + std::to_string(r.id)},
                        {"name", r.proposed.name},
                        {"state", domain::label(r.state)},
                        {"since", moderation::when_text(r.updated_at)}});
    }
    work["changes"] = rows;
    work["has_changes"] = !rows.empty();
    work["changes_text"] = count_text(
        static_cast<std::int64_t>(requests.size()),
        editor ? "change is waiting for approval" : "change is waiting or was sent back",
        editor ? "changes are waiting for approval" : "changes are waiting or were sent back");
    work["changes_href"] = editor ? "/admin/changes?state=pending" : "/admin/changes";

    storage::FeedbackFilter feedback;
    feedback.state = domain::FeedbackState::New;
    if (!editor) feedback.problems_of_organisations = orgs;
    const auto fresh = visit.ctx.store.feedback_inbox().count(feedback);
    feedback.kind = "problem";
    const auto problems = visit.ctx.store.feedback_inbox().count(feedback);
    work["feedback_text"] =
        editor ? count_text(fresh, "new message", "new messages") + " (" +
                     (problems == 0 ? std::string("no problem reports")
                                    : count_text(problems, "problem report", "problem reports")) +
                     ")"
               : count_text(problems, "new problem report about your services",
                            "new problem reports about your services");
    work["feedback_href"] = "/admin/feedback?state=new";

    std::int64_t overdue = 0, soon = 0;
    for (const auto& o :
         lo::reviews::due_by_organisation(visit.ctx.store, domain::today_utc(), 30,
                                          editor ? std::vector<std::string>{} : orgs)) {
        overdue += static_cast<std::int64_t>(o.overdue.size());
        soon += static_cast<std::int64_t>(o.due_soon.size());
    }
    work["reviews_text"] = count_text(overdue, "review is overdue", "reviews are overdue") + ", " +
                           (soon == 0 ? std::string("none due") : std::to_string(soon) + " due") +
                           " in the next 30 days";
    return work;
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
    model["work"] = work_model(visit);
    if (visit.principal.can_manage_users() && visit.ctx.ops)
        model["backup"] = backup_model(*visit.ctx.ops);
    return render_page(visit.ctx, "admin/dashboard", model);
}

}  // namespace lo::web::admin
