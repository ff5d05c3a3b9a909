// The server's background work besides search: a thread that sends e-mail waiting in the outbox
// (woken as soon as a message is queued, and every minute for retries) and, once per calendar
// day (UTC), runs the review reminders and the privacy purge (app/privacy.hpp). The day's run is
// claimed in the database, so restarts and a `localoffer reminders send` on the same day do not
// send twice.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <thread>

#include "mail/mailer.hpp"
#include "reviews/reviews.hpp"
#include "storage/store.hpp"
#include "web/privacy_settings.hpp"

namespace lo::app {

inline constexpr const char* kRemindersJob = "review_reminders";

class BackgroundJobs {
public:
    using Log = std::function<void(std::string_view)>;
    BackgroundJobs(storage::Store& store,
                   mail::Mailer& mailer,
                   reviews::ReviewSettings settings,
                   bool daily_reminders,
                   Log log);
    ~BackgroundJobs();
    // Purge personal data past its retention period once a day (call before start()).
    void purge_daily(const web::PrivacySettings& settings) { privacy_ = settings; }
    void start();
    void stop();  // waits for the thread; an SMTP exchange in progress ends within its timeout

private:
    void run();
    void deliver();
    void reminders_if_due();
    void purge_if_due();

    storage::Store& store_;
    mail::Mailer& mailer_;
    reviews::ReviewSettings settings_;
    bool daily_reminders_;
    Log log_;
    std::optional<web::PrivacySettings> privacy_;
    std::thread thread_;
};

// One line about a reminder run, for the CLI and the server log (counts only: no addresses).
std::string describe(const reviews::ReminderReport& report);

}  // namespace lo::app
