// The review cycle (docs/admin.md): every service has a review date (review_months after it was
// last checked). The daily reminder run e-mails an organisation's providers when a review is
// near or past, once per review period, with a single-use "This is still accurate" link, and
// escalates to the Local Offer editors once a review is escalation_weeks overdue. Dates are
// passed in by the caller, so tests can move the calendar.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/model.hpp"
#include "domain/dates.hpp"
#include "domain/model.hpp"
#include "mail/mailer.hpp"
#include "storage/store.hpp"

namespace lo::reviews {

struct ReviewSettings {
    int review_months = 12;    // a review is due this long after the last check
    int reminder_days = 30;    // providers are reminded this many days before it is due
    int escalation_weeks = 4;  // editors are told when a review is this overdue
    int end_notice_days = 14;  // providers are told this many days before a service's end date
    std::int64_t link_lifetime = 30 * 24 * 60 * 60;  // "still accurate" links, in seconds
    std::string base_url = "http://localhost:8080";
    std::string council_name;
    std::string service_name;
    std::string contact_email;
    std::string contact_phone;
};

struct ReminderReport {
    int reminded_services = 0;  // services whose providers were reminded in this run
    int reminder_messages = 0;
    int without_providers = 0;  // services due whose organisation has no provider account
    int escalated_services = 0;
    int escalation_messages = 0;
    int ending_services = 0;  // services whose providers were told their end date is near
};

// The reminder run, which also tells providers end_notice_days before a service's end date
// (once per service per end date: a new end date gets its own note). Safe to repeat: what was sent
// for a service's review period is recorded and never sent again. Each service's links, messages
// and record are written in one transaction.
ReminderReport send_reminders(storage::Store& store,
                              mail::Mailer& mailer,
                              const ReviewSettings& settings,
                              domain::Date today,
                              std::int64_t now);

enum class LinkState { Valid, Unknown, Expired, Used };

struct LinkCheck {
    LinkState state = LinkState::Unknown;
    std::optional<domain::Service> service;
    storage::ReviewToken token;
};

// What a "still accurate" link is worth, without changing anything (GET must not: mail
// scanners open links). A link for a review period that has since been checked is Used.
LinkCheck check_link(storage::Store& store, const std::string& token, std::int64_t now);

// Records the check the link stands for: last_checked = today, the review date moves on, the
// link and every other link for the service stop working, and the audit log says who. Returns
// the state the link was in (only Valid means the check was recorded).
LinkState confirm_link(storage::Store& store,
                       const std::string& token,
                       int review_months,
                       domain::Date today,
                       std::int64_t now,
                       const std::string& remote_address);

// Records a check made by a signed-in person (the reviews dashboard). Throws nothing for a
// service that has gone; returns false then.
bool record_check(storage::Store& store,
                  const std::string& service_id,
                  int review_months,
                  domain::Date today,
                  const auth::AuditEntry& who);

// The reviews dashboard: services overdue or due within `within_days`, by organisation.
struct DueService {
    domain::Service service;
    domain::Date due;
    int days = 0;  // days until due (negative when overdue)
    bool reminded = false;
    bool escalated = false;
};
struct OrganisationReviews {
    std::string id;
    std::string name;
    std::vector<DueService> overdue;
    std::vector<DueService> due_soon;
};
// organisation_ids empty: every organisation.
std::vector<OrganisationReviews> due_by_organisation(
    storage::Store& store,
    domain::Date today,
    int within_days,
    const std::vector<std::string>& organisation_ids);

}  // namespace lo::reviews
