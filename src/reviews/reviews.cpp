// The review cycle (reviews/reviews.hpp): reminders, escalation, "still accurate" links and the
// dashboard's figures.
#include "reviews/reviews.hpp"

#include <algorithm>
#include <map>

#include "auth/crypto.hpp"
#include "domain/service_dates.hpp"

namespace lo::reviews {
namespace {

std::string trimmed_base(std::string base) {
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
}

std::string contact_line(const ReviewSettings& s) {
    std::string out;
    if (!s.contact_email.empty()) out += s.contact_email;
    if (!s.contact_phone.empty()) out += (out.empty() ? "" : " or ") + s.contact_phone;
    return out;
}

std::string team_name(const ReviewSettings& s) {
    return "The " + s.service_name + " team" +
           (s.council_name.empty() ? "" : ", " + s.council_name);
}

std::string sign_off(const ReviewSettings& s) {
    std::string out = "\nThank you,\n" + team_name(s) + "\n";
    if (const auto contact = contact_line(s); !contact.empty())
        out += "Questions: " + contact + "\n";
    return out;
}

mail::Message reminder_message(const ReviewSettings& s,
                               const domain::Service& service,
                               const std::string& organisation,
                               const std::string& to,
                               const std::string& token,
                               domain::Date due,
                               domain::Date today,
                               std::int64_t expires_at) {
    const auto base = trimmed_base(s.base_url);
    (void)expires_at;
    const auto link_days = static_cast<int>(s.link_lifetime / 86400);
    mail::Message m;
    m.to = to;
    m.kind = "review_reminder";
    m.subject = "Please check your " + s.service_name + " entry: " + service.name;
    std::string when =
        due < today ? "was due to be checked on " + domain::long_date(due) + " and is now overdue"
                    : "is due to be checked by " + domain::long_date(due);
    m.body =
        "Hello,\n\n"
        "The entry for \"" +
        service.name + "\"" + (organisation.empty() ? "" : " (" + organisation + ")") + " in the " +
        s.service_name + " " + when +
        ".\n\n"
        "Families use this entry to decide whether the service is right for their child, so "
        "it needs to be right.\n\n"
        "If everything in it is still accurate, open this link and press the button. You do "
        "not need to sign in:\n" +
        base + "/still-accurate?token=" + token +
        "\n\n"
        "The link works once, for " +
        std::to_string(link_days) +
        " days.\n\n"
        "See the entry as families see it: " +
        base + "/services/" + service.id +
        "\n\n"
        "If something needs to change, sign in at " +
        base + "/admin/sign-in, or tell the Local Offer team what is different.\n" + sign_off(s);
    return m;
}

mail::Message escalation_message(const ReviewSettings& s,
                                 const std::string& to,
                                 const std::vector<std::string>& lines) {
    const auto base = trimmed_base(s.base_url);
    mail::Message m;
    m.to = to;
    m.kind = "review_escalation";
    m.subject = lines.size() == 1
                    ? "1 Local Offer service is overdue for review"
                    : std::to_string(lines.size()) + " Local Offer services are overdue for review";
    m.body = "Hello,\n\nThese services are more than " + std::to_string(s.escalation_weeks) +
             (s.escalation_weeks == 1 ? " week" : " weeks") +
             " past their review date and nobody has confirmed they are still accurate:\n\n";
    for (const auto& line : lines) m.body += line + "\n";
    m.body +=
        "\nPlease check each one with its provider, then update its \"Last checked\" date in "
        "the admin. All reviews that are due: " +
        base + "/admin/reviews\n" + sign_off(s);
    return m;
}

bool under_review(const domain::Service& s) {
    return s.status == domain::ServiceStatus::Active ||
           s.status == domain::ServiceStatus::TemporarilyClosed;
}

// One service's reminders in one transaction: a link and a message for each provider, and the
// record that the period's reminder has gone.
void queue_reminders(storage::Store& store,
                     mail::Mailer& mailer,
                     const ReviewSettings& settings,
                     const domain::Service& service,
                     const std::string& org,
                     const std::vector<std::string>& providers,
                     domain::Date today,
                     std::int64_t now) {
    const auto due = *domain::parse_date(service.review_due);
    store.transaction([&](storage::Store& tx) {
        for (const auto& to : providers) {
            const auto token = auth::random_token();
            storage::ReviewToken t{
                auth::hash_token(token),      service.id,  service.review_due, to, now,
                now + settings.link_lifetime, std::nullopt};
            tx.reviews().add_token(t);
            mailer.queue(
                tx, reminder_message(settings, service, org, to, token, due, today, t.expires_at),
                now);
        }
        tx.reviews().record_reminder(service.id, service.review_due,
                                     storage::ReminderKind::Reminder,
                                     static_cast<int>(providers.size()), now);
    });
}

std::vector<std::string> providers_of(const std::vector<auth::User>& users,
                                      const std::string& organisation_id) {
    std::vector<std::string> out;
    for (const auto& u : users)
        if (u.active && u.role == auth::Role::Provider &&
            std::count(u.organisation_ids.begin(), u.organisation_ids.end(), organisation_id))
            out.push_back(u.email);
    return out;
}

mail::Message ending_message(const ReviewSettings& s,
                             const domain::Service& service,
                             const std::string& to,
                             domain::Date end) {
    const auto base = trimmed_base(s.base_url);
    const auto last_day = domain::long_date(end);
    const auto off_on = domain::long_date(domain::add_days(end, 1));
    mail::Message m;
    m.to = to;
    m.kind = "service_ending";
    m.subject = service.name + " will be taken off the " + s.service_name + " on " + off_on;
    m.body = "Hello,\n\n" + service.name + " will be taken off the " + s.service_name + " on " +
             off_on + ", after its end date of " + last_day +
             ". If it is carrying on, change the end date: sign in at " + base +
             "/admin/services/" + service.id + "/edit, or tell the Local Offer team.\n" +
             sign_off(s);
    return m;
}

// The note before an end date, to the organisation's providers, recorded so it goes once per
// service per end date. A service with no provider account is skipped until it has one.
int send_end_notices(storage::Store& store,
                     mail::Mailer& mailer,
                     const ReviewSettings& settings,
                     const std::vector<domain::Service>& services,
                     const std::vector<auth::User>& users,
                     domain::Date today,
                     std::int64_t now) {
    int told = 0;
    for (const auto& service : services) {
        const auto end = domain::parse_date(service.end_date);
        if (!end || !domain::listed_on(service, today)) continue;
        if (domain::days_between(today, *end) > settings.end_notice_days) continue;
        if (store.reviews().reminder_sent(service.id, service.end_date,
                                          storage::ReminderKind::Ending))
            continue;
        const auto providers = providers_of(users, service.organisation_id);
        if (providers.empty()) continue;
        store.transaction([&](storage::Store& tx) {
            for (const auto& to : providers)
                mailer.queue(tx, ending_message(settings, service, to, *end), now);
            tx.reviews().record_reminder(service.id, service.end_date,
                                         storage::ReminderKind::Ending,
                                         static_cast<int>(providers.size()), now);
        });
        ++told;
    }
    return told;
}

}  // namespace

ReminderReport send_reminders(storage::Store& store,
                              mail::Mailer& mailer,
                              const ReviewSettings& settings,
                              domain::Date today,
                              std::int64_t now) {
    ReminderReport report;
    storage::ServiceFilter all;
    all.only_published = false;
    const auto services = store.services().list(all, {1000000, 0});
    const auto users = store.users().list();
    std::map<std::string, std::string> organisation_names;
    for (const auto& o : store.organisations().list({1000000, 0}))
        organisation_names[o.id] = o.name;

    std::vector<std::string> editors;
    for (const auto& u : users)
        if (u.active && u.role == auth::Role::Editor) editors.push_back(u.email);
    if (editors.empty())
        for (const auto& u : users)
            if (u.active && u.role == auth::Role::Admin) editors.push_back(u.email);

    struct Escalated {
        std::string service_id;
        std::string review_due;
        std::string line;
    };
    std::vector<Escalated> escalated;
    const auto base = trimmed_base(settings.base_url);

    for (const auto& service : services) {
        if (!under_review(service)) continue;
        const auto due = domain::parse_date(service.review_due);
        if (!due) continue;
        const int days = domain::days_between(today, *due);
        const auto org = organisation_names.count(service.organisation_id)
                             ? organisation_names[service.organisation_id]
                             : std::string();
        if (days <= settings.reminder_days &&
            !store.reviews().reminder_sent(service.id, service.review_due,
                                           storage::ReminderKind::Reminder)) {
            const auto providers = providers_of(users, service.organisation_id);
            // Nobody to tell yet: nothing is recorded, so the reminder goes as soon as the
            // organisation has a provider account (each run counts the service until then).
            if (providers.empty()) {
                ++report.without_providers;
            } else {
                queue_reminders(store, mailer, settings, service, org, providers, today, now);
                ++report.reminded_services;
                report.reminder_messages += static_cast<int>(providers.size());
            }
        }
        if (-days >= settings.escalation_weeks * 7 &&
            !store.reviews().reminder_sent(service.id, service.review_due,
                                           storage::ReminderKind::Escalation)) {
            escalated.push_back({service.id, service.review_due,
                                 "- " + service.name + (org.empty() ? "" : " (" + org + ")") +
                                     ": due on " + domain::long_date(*due) + ". " + base +
                                     "/admin/services/" + service.id + "/edit"});
        }
    }

    // With no editor or administrator to tell, nothing is recorded: the digest goes once there is.
    if (!escalated.empty() && !editors.empty()) {
        std::vector<std::string> lines;
        for (const auto& e : escalated) lines.push_back(e.line);
        store.transaction([&](storage::Store& tx) {
            for (const auto& to : editors)
                mailer.queue(tx, escalation_message(settings, to, lines), now);
            for (const auto& e : escalated)
                tx.reviews().record_reminder(e.service_id, e.review_due,
                                             storage::ReminderKind::Escalation,
                                             static_cast<int>(editors.size()), now);
        });
        report.escalated_services = static_cast<int>(escalated.size());
        report.escalation_messages = static_cast<int>(editors.size());
    }
    report.ending_services = send_end_notices(store, mailer, settings, services, users, today, now);
    return report;
}

LinkCheck check_link(storage::Store& store, const std::string& token, std::int64_t now) {
    LinkCheck check;
    if (token.empty() || token.size() > 200) return check;
    const auto found = store.reviews().find_token(auth::hash_token(token));
    if (!found) return check;
    check.token = *found;
    check.service = store.services().find(found->service_id);
    if (!check.service) return check;  // Unknown: the service has gone
    if (found->used_at || check.service->review_due != found->review_due)
        check.state = LinkState::Used;
    else if (found->expires_at <= now)
        check.state = LinkState::Expired;
    else
        check.state = LinkState::Valid;
    return check;
}

namespace {

void apply_check(storage::Store& tx,
                 domain::Service service,
                 int review_months,
                 domain::Date today,
                 const auth::AuditEntry& who) {
    service.last_checked = domain::to_string(today);
    service.review_due = domain::to_string(domain::add_months(today, review_months));
    tx.services().save(service);
    tx.audit().record(who);
}

}  // namespace

LinkState confirm_link(storage::Store& store,
                       const std::string& token,
                       int review_months,
                       domain::Date today,
                       std::int64_t now,
                       const std::string& remote_address) {
    auto state = check_link(store, token, now).state;
    if (state != LinkState::Valid) return state;
    store.transaction([&](storage::Store& tx) {
        // Checked again inside the transaction: two presses of the button record one check.
        const auto check = check_link(tx, token, now);
        state = check.state;
        if (state != LinkState::Valid) return;
        if (!tx.reviews().use_tokens(check.service->id, check.token.token_hash, now)) {
            state = LinkState::Used;
            return;
        }
        apply_check(tx, *check.service, review_months, today,
                    {0,
                     {},
                     "",
                     check.token.recipient,
                     "service_checked",
                     check.service->id,
                     "Confirmed still accurate with the link in the review reminder",
                     remote_address});
    });
    return state;
}

bool record_check(storage::Store& store,
                  const std::string& service_id,
                  int review_months,
                  domain::Date today,
                  const auth::AuditEntry& who) {
    bool found = false;
    store.transaction([&](storage::Store& tx) {
        auto service = tx.services().find(service_id);
        if (!service) return;
        found = true;
        // Links already sent for this period stop working: check_link() compares their review
        // date with the service's, which moves on here.
        apply_check(tx, *service, review_months, today, who);
    });
    return found;
}

std::vector<OrganisationReviews> due_by_organisation(
    storage::Store& store,
    domain::Date today,
    int within_days,
    const std::vector<std::string>& organisation_ids) {
    std::map<std::string, OrganisationReviews> by_id;
    std::vector<domain::Organisation> organisations;
    if (organisation_ids.empty()) {
        organisations = store.organisations().list({1000000, 0});
    } else {
        for (const auto& id : organisation_ids)
            if (auto o = store.organisations().find(id)) organisations.push_back(*o);
    }
    for (const auto& o : organisations) {
        storage::ServiceFilter filter;
        filter.only_published = false;
        filter.organisation_id = o.id;
        for (auto& s : store.services().list(filter, {1000000, 0})) {
            if (!under_review(s)) continue;
            const auto due = domain::parse_date(s.review_due);
            if (!due) continue;
            const int days = domain::days_between(today, *due);
            if (days > within_days) continue;
            auto& entry = by_id[o.id];
            entry.id = o.id;
            entry.name = o.name;
            DueService d{std::move(s), *due, days, false, false};
            d.reminded = store.reviews().reminder_sent(d.service.id, d.service.review_due,
                                                       storage::ReminderKind::Reminder);
            d.escalated = store.reviews().reminder_sent(d.service.id, d.service.review_due,
                                                        storage::ReminderKind::Escalation);
            (days < 0 ? entry.overdue : entry.due_soon).push_back(std::move(d));
        }
    }
    std::vector<OrganisationReviews> out;
    for (auto& [id, entry] : by_id) {
        const auto by_due = [](const DueService& a, const DueService& b) {
            return a.due < b.due || (a.due == b.due && a.service.name < b.service.name);
        };
        std::sort(entry.overdue.begin(), entry.overdue.end(), by_due);
        std::sort(entry.due_soon.begin(), entry.due_soon.end(), by_due);
        out.push_back(std::move(entry));
    }
    // Most overdue first, then by name.
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        if (a.overdue.size() != b.overdue.size()) return a.overdue.size() > b.overdue.size();
        return a.name < b.name;
    });
    return out;
}

}  // namespace lo::reviews
