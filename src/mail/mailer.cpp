// The outbox and delivery (mail/mailer.hpp).
#include "mail/mailer.hpp"

#include "mail/smtp.hpp"

namespace lo::mail {

Mailer::Mailer(storage::Store& store, SmtpSettings settings)
    : store_(store), settings_(std::move(settings)) {}

std::int64_t Mailer::queue(const Message& message, std::int64_t now) {
    return queue(store_, message, now);
}

std::int64_t Mailer::queue(storage::Store& store, const Message& message, std::int64_t now) {
    const auto id = store.outbox().add(message, now);
    {
        std::lock_guard lock(mutex_);
        pending_ = true;
    }
    wake_.notify_all();
    return id;
}

DeliveryReport Mailer::deliver_due(std::int64_t now) {
    DeliveryReport report;
    if (!settings_.configured()) return report;
    std::lock_guard one_at_a_time(deliver_mutex_);
    const auto retry_before = now - kRetryAfter;
    for (const auto& entry : store_.outbox().due(kMaxAttempts, retry_before, 200)) {
        if (!store_.outbox().claim(entry.id, now, retry_before)) continue;
        try {
            send(settings_, entry.message);
            store_.outbox().mark_sent(entry.id, now);
            ++report.sent;
        } catch (const std::exception& e) {
            // SmtpError text names the server and the step, never the body or the password.
            store_.outbox().mark_failed(entry.id, now, e.what());
            ++report.failed;
            report.errors.push_back("message " + std::to_string(entry.id) + ": " + e.what());
        }
    }
    return report;
}

bool Mailer::wait_for_mail(std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, timeout, [this] { return pending_ || stopped_; });
    pending_ = false;
    return !stopped_;
}

void Mailer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
    }
    wake_.notify_all();
}

}  // namespace lo::mail
