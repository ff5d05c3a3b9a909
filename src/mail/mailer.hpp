// Sending e-mail: every message is first recorded in the outbox (storage/mail_reviews.hpp); when
// SMTP is configured, deliver_due() sends what is waiting and records each failure, and later
// runs retry. Without SMTP settings messages stay in the outbox for administrators to read at
// /admin/outbox. queue() never talks to the network, so a request that sends mail (a password
// reset) takes the same time whether or not anything is sent.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "mail/message.hpp"
#include "storage/store.hpp"

namespace lo::mail {

struct DeliveryReport {
    int sent = 0;
    int failed = 0;
    std::vector<std::string> errors;  // "message 12: <why>"; never the body or the recipient
};

class Mailer {
public:
    static constexpr int kMaxAttempts = 5;
    static constexpr std::int64_t kRetryAfter = 5 * 60;  // seconds between attempts at one message

    Mailer(storage::Store& store, SmtpSettings settings);

    // Records the message in the outbox and wakes whoever waits in wait_for_mail(). Returns the
    // outbox id. Inside a transaction pass that transaction's store, so nothing is half-written.
    std::int64_t queue(const Message& message, std::int64_t now);
    std::int64_t queue(storage::Store& store, const Message& message, std::int64_t now);

    // Sends every due message (none when SMTP is not configured).
    DeliveryReport deliver_due(std::int64_t now);

    bool configured() const { return settings_.configured(); }
    const SmtpSettings& settings() const { return settings_; }

    // Waits until queue() is called, stop() is called or the timeout passes. False once stopped.
    bool wait_for_mail(std::chrono::seconds timeout);
    void stop();

private:
    storage::Store& store_;
    SmtpSettings settings_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool pending_ = false;
    bool stopped_ = false;
    std::mutex deliver_mutex_;
};

}  // namespace lo::mail
