// Background e-mail delivery and the daily review reminders (app/background.hpp).
#include "app/background.hpp"

#include <chrono>

#include "app/privacy.hpp"
#include "auth/accounts.hpp"
#include "domain/dates.hpp"

namespace lo::app {

std::string describe(const reviews::ReminderReport& r) {
    return "Review reminders: " + std::to_string(r.reminded_services) + " services reminded (" +
           std::to_string(r.reminder_messages) + " messages), " +
           std::to_string(r.without_providers) + " due with no provider account, " +
           std::to_string(r.escalated_services) + " escalated to editors (" +
           std::to_string(r.escalation_messages) + " messages), " +
           std::to_string(r.ending_services) + " services' providers told their end date is near.";
}

BackgroundJobs::BackgroundJobs(storage::Store& store,
                               mail::Mailer& mailer,
                               reviews::ReviewSettings settings,
                               bool daily_reminders,
                               Log log)
    : store_(store),
      mailer_(mailer),
      settings_(std::move(settings)),
      daily_reminders_(daily_reminders),
      log_(std::move(log)) {}

BackgroundJobs::~BackgroundJobs() {
    stop();
}

void BackgroundJobs::start() {
    thread_ = std::thread([this] { run(); });
}

void BackgroundJobs::stop() {
    mailer_.stop();
    if (thread_.joinable()) thread_.join();
}

void BackgroundJobs::run() {
    using clock = std::chrono::steady_clock;
    auto next_reminder_check = clock::now();
    do {
        try {
            if ((daily_reminders_ || privacy_) && clock::now() >= next_reminder_check) {
                // Hourly: cheap when today's run is already claimed.
                next_reminder_check = clock::now() + std::chrono::hours(1);
                reminders_if_due();
                purge_if_due();
            }
            deliver();
        } catch (const std::exception& e) {
            // A database hiccup must not end the thread: the next wake-up tries again.
            log_(std::string("Background job failed, will try again: ") + e.what());
        }
    } while (mailer_.wait_for_mail(std::chrono::seconds(60)));
}

void BackgroundJobs::deliver() {
    const auto report = mailer_.deliver_due(auth::now_seconds());
    if (report.sent == 0 && report.failed == 0) return;
    std::string line = "E-mail: sent " + std::to_string(report.sent) + ", failed " +
                       std::to_string(report.failed) + ".";
    for (const auto& e : report.errors) line += " " + e;
    log_(line);
}

void BackgroundJobs::reminders_if_due() {
    if (!daily_reminders_) return;
    // The UK day, as the service dates use: the note before an end date counts UK days.
    const auto today = domain::today_uk();
    if (!store_.reviews().claim_daily_run(kRemindersJob, domain::to_string(today),
                                          auth::now_seconds()))
        return;
    const auto report =
        reviews::send_reminders(store_, mailer_, settings_, today, auth::now_seconds());
    log_(describe(report));
}

}  // namespace lo::app

namespace lo::app {

// Claimed per day like the reminders, so a restart does not purge twice (harmless, but logged).
void BackgroundJobs::purge_if_due() {
    if (!privacy_) return;
    const auto now = auth::now_seconds();
    if (!store_.reviews().claim_daily_run(kPrivacyPurgeJob, domain::to_string(domain::today_utc()),
                                          now))
        return;
    log_(describe(purge_personal_data(store_, *privacy_, now)));
}

}  // namespace lo::app
