#include "web/public/problem_reports.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "mail/mailer.hpp"
#include "storage/store.hpp"
#include "web/context.hpp"

namespace lo::web::public_ {
namespace {}  // namespace

int notify_problem_report(Context& ctx, const domain::Feedback& feedback, std::int64_t now) {
    constexpr std::string_view kPrefix = "/services/";
    if (!feedback.problem || !feedback.page.starts_with(kPrefix)) return 0;
    const auto service_id = feedback.page.substr(kPrefix.size());
    if (!domain::is_uuid(service_id)) return 0;
    const auto service = ctx.store.services().find(service_id);
    if (!service) return 0;

    // One e-mail a day per service page: another report on it in the last 24 hours means the
    // people who look after it have already been pointed at the inbox.
    storage::FeedbackFilter filter;
    filter.kind = "problem";
    filter.page = feedback.page;
    const auto day_ago = domain::rfc3339_at(now - 24 * 60 * 60);
    for (const auto& item : ctx.store.feedback_inbox().list(filter, {.limit = 5, .offset = 0}))
        if (item.feedback.id != feedback.id && item.feedback.created_at >= day_ago) return 0;

    std::vector<std::string> providers, team;
    for (const auto& u : ctx.store.users().list()) {
        if (!u.active) continue;
        if (u.role == auth::Role::Provider) {
            if (std::count(u.organisation_ids.begin(), u.organisation_ids.end(),
                           service->organisation_id))
                providers.push_back(u.email);
        } else {
            team.push_back(u.email);
        }
    }
    const auto& to = providers.empty() ? team : providers;
    const auto site = ctx.site.council_name + " " + ctx.site.service_name;
    const auto base = ctx.site.base();
    int queued = 0;
    for (const auto& address : to) {
        mail::Message m;
        m.to = address;
        m.kind = "problem_report";
        m.subject = "Problem reported with " + service->name;
        m.body = "Hello,\n\nSomeone using the " + site +
                 " reported a problem with this service's page:\n\n" + service->name + "\n" + base +
                 feedback.page + "\n\n" +
                 "Read the report, put it right and say what you did in the feedback inbox (you "
                 "need to sign in):\n" +
                 base + "/admin/feedback/" + feedback.id + "\n\n" +
                 "The report is not copied into this e-mail, to keep what families write "
                 "private. We send at most one of these e-mails a day for each service; any "
                 "further reports are in the inbox too.\n\n" +
                 (providers.empty()
                      ? "You are getting this because no service provider account looks after "
                        "this service. You can give the provider an account in Users.\n\n"
                      : std::string()) +
                 site + "\n";
        if (ctx.mailer)
            ctx.mailer->queue(m, now);
        else
            ctx.store.outbox().add(m, now);
        ++queued;
    }
    return queued;
}

}  // namespace lo::web::public_
