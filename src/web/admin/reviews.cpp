// The reviews dashboard: services overdue for review or due within 30 days, by organisation.
// Providers see only their organisations. Anyone who may see a service may record that it has
// been checked and is still accurate (the same check the reminder's link records).
#include <cctype>
#include <cstdlib>

#include "http/error.hpp"
#include "http/url.hpp"
#include "reviews/reviews.hpp"
#include "storage/publishing.hpp"
#include "web/admin/admin.hpp"
#include "web/admin/date_input.hpp"
#include "web/format.hpp"
#include "web/page.hpp"

namespace lo::web::admin::reviews {
namespace {

constexpr int kDueWithinDays = 30;

std::string days_text(int days) {
    if (days == 0) return "Due today";
    if (days > 0) return "Due in " + count_text(days, "day", "days");
    return count_text(-days, "day", "days") + " overdue";
}

// "2 overdue, none due soon": count_text would write "No due soon" after the comma.
std::string group_counts(std::size_t overdue, std::size_t soon) {
    const auto part = [](std::size_t n, const char* what) {
        return (n == 0 ? std::string("none") : std::to_string(n)) + " " + what;
    };
    auto text = part(overdue, "overdue") + ", " + part(soon, "due soon");
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

nlohmann::json rows_of(const std::vector<lo::reviews::DueService>& list) {
    auto rows = nlohmann::json::array();
    for (const auto& d : list) {
        std::string reminder = d.escalated  ? "Reminder sent; editors told"
                               : d.reminded ? "Reminder sent"
                                            : "No reminder yet";
        rows.push_back({{"id", d.service.id},
                        {"name", d.service.name},
                        {"edit_href", "/admin/services/" + d.service.id + "/edit"},
                        {"checked_action", "/admin/reviews/" + d.service.id + "/checked"},
                        {"due", domain::long_date(d.due)},
                        {"last_checked", long_date_text(d.service.last_checked)},
                        {"days", days_text(d.days)},
                        {"reminder", reminder}});
    }
    return rows;
}

// The service, when this person may record that it was checked. A provider asking about another
// organisation's service gets the same answer as for a service that does not exist.
domain::Service checkable(Visit& visit, const std::string& id) {
    const auto service = visit.ctx.store.services().find(id);
    if (!service ||
        (!visit.principal.is_editor() && !visit.principal.belongs_to(service->organisation_id)))
        throw http::HttpError(404, "We could not find that service. Go back to the reviews.");
    return *service;
}

void record(Visit& visit, const domain::Service& service) {
    lo::reviews::record_check(visit.ctx.store, service.id, visit.ctx.site.review_months,
                              domain::today_utc(),
                              {0,
                               {},
                               visit.principal.user.id,
                               visit.principal.user.email,
                               "service_checked",
                               service.id,
                               "Confirmed still accurate on the reviews page",
                               visit.request.remote_address});
}

}  // namespace

namespace {

nlohmann::json index_model(Visit& visit) {
    auto model = admin_page_model(visit, "Reviews", "reviews");
    const auto today = domain::today_utc();
    const auto orgs = visit.principal.is_editor() ? std::vector<std::string>{}
                                                  : visit.principal.user.organisation_ids;
    std::int64_t overdue = 0;
    std::int64_t soon = 0;
    auto groups = nlohmann::json::array();
    if (visit.principal.is_editor() || !orgs.empty()) {
        for (const auto& o :
             lo::reviews::due_by_organisation(visit.ctx.store, today, kDueWithinDays, orgs)) {
            overdue += static_cast<std::int64_t>(o.overdue.size());
            soon += static_cast<std::int64_t>(o.due_soon.size());
            groups.push_back({{"id", o.id},
                              {"name", o.name},
                              {"counts", group_counts(o.overdue.size(), o.due_soon.size())},
                              {"overdue", rows_of(o.overdue)},
                              {"has_overdue", !o.overdue.empty()},
                              {"due_soon", rows_of(o.due_soon)},
                              {"has_due_soon", !o.due_soon.empty()}});
        }
    }
    model["organisations"] = groups;
    model["has_organisations"] = !groups.empty();
    model["overdue_count"] = count_text(overdue, "service is", "services are");
    model["soon_count"] = count_text(soon, "service is", "services are");
    model["within_days"] = kDueWithinDays;
    model["review_months"] = visit.ctx.site.review_months;
    if (const auto saved = visit.request.query_value("checked"); saved && !saved->empty()) {
        if (const auto s = visit.ctx.store.services().find(*saved);
            s && (visit.principal.is_editor() || visit.principal.belongs_to(s->organisation_id)))
            model["notice"] = "Recorded that " + s->name +
                              " was checked today. Its next review is due on " +
                              long_date_text(s->review_due) + ".";
    }
    if (const auto n = visit.request.query_value("checked_count"); n && !n->empty())
        model["notice"] = "Recorded that " +
                          count_text(std::atoi(n->c_str()), "service was", "services were") +
                          " checked today.";
    if (const auto n = visit.request.query_value("dated"); n && !n->empty())
        model["notice"] = "Set the next review date of " +
                          count_text(std::atoi(n->c_str()), "service", "services") + ".";
    return model;
}

// "Set the next review date" for the ticked services: each gets the date, a version and an
// audit entry, all in one transaction. The date must be real and today or later.
http::Response set_review_dates(Visit& visit, const std::vector<domain::Service>& services) {
    const auto form = visit.request.form();
    domain::ValidationErrors errors;
    const auto date = read_date_input(form, "review_due", "The next review date", errors);
    if (errors.empty() && date.empty())
        errors.push_back({"review_due", "Enter the next review date, for example 31 3 2027"});
    else if (errors.empty() && date < domain::to_string(domain::today_utc()))
        errors.push_back({"review_due", "The next review date must be today or later"});
    if (errors.empty() && services.empty())
        errors.push_back({"review_due", "Select the services whose review date to set"});
    if (!errors.empty()) {
        auto model = index_model(visit);
        add_errors(model, errors);
        for (const auto* part : {"day", "month", "year"})
            model["review_due_" + std::string(part)] =
                http::form_value(form, std::string("review_due-") + part).substr(0, 10);
        return render_page(visit.ctx, "admin/reviews/index", model, 422);
    }
    visit.ctx.store.transaction([&](storage::Store& tx) {
        for (auto service : services) {
            service.review_due = date;
            storage::publish(tx, service, {visit.principal.user.id, visit.principal.user.email},
                             domain::VersionSource::Admin,
                             "Next review date set on the reviews page");
            tx.audit().record({0,
                               {},
                               visit.principal.user.id,
                               visit.principal.user.email,
                               "review_date_set",
                               service.id,
                               "Next review on " + date,
                               visit.request.remote_address});
        }
    });
    return http::Response::redirect("/admin/reviews?dated=" + std::to_string(services.size()));
}

}  // namespace

http::Response index(Visit& visit) {
    return render_page(visit.ctx, "admin/reviews/index", index_model(visit));
}

http::Response checked(Visit& visit) {
    const auto service = checkable(visit, visit.request.param("id"));
    record(visit, service);
    return http::Response::redirect("/admin/reviews?checked=" + http::percent_encode(service.id));
}

http::Response checked_selected(Visit& visit) {
    const auto ids = http::form_values(visit.request.form(), "ids");
    std::vector<domain::Service> services;
    for (const auto& id : ids) services.push_back(checkable(visit, id));  // all, or none
    if (http::form_value(visit.request.form(), "action") == "review_date")
        return set_review_dates(visit, services);
    for (const auto& service : services) record(visit, service);
    return http::Response::redirect("/admin/reviews?checked_count=" +
                                    std::to_string(services.size()));
}

}  // namespace lo::web::admin::reviews
