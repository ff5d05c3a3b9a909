// E-mail as the store keeps it: a plain-text message and its row in the outbox. Header-only
// values: storage/ keeps them and mail/ sends them (mail/message.hpp names them in lo::mail), so
// storage needs nothing from mail/. Message bodies often carry one-time links: never log them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lo::domain {

struct MailMessage {
    std::string to;       // one address
    std::string subject;  // one line
    std::string body;     // plain text, UTF-8, lines separated by "\n"
    std::string kind;     // what it is for: "password_reset", "review_reminder", ...
};

// One row of the outbox: every message the site has sent or will send.
struct OutboxEntry {
    std::int64_t id = 0;
    std::int64_t created_at = 0;
    MailMessage message;
    int attempts = 0;
    std::optional<std::int64_t> last_attempt_at;
    std::optional<std::int64_t> sent_at;
    std::string last_error;  // why the last attempt failed, "" when it has not failed
};

}  // namespace lo::domain
