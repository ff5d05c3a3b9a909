// E-mail as the rest of the program sees it: a plain-text message, what the outbox keeps of it,
// and the SMTP settings. Header-only values shared by storage/ (the outbox table) and mail/
// (which sends). Message bodies often carry one-time links: never log them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lo::mail {

struct Message {
    std::string to;       // one address
    std::string subject;  // one line
    std::string body;     // plain text, UTF-8, lines separated by "\n"
    std::string kind;     // what it is for: "password_reset", "review_reminder", ...
};

// One row of the outbox: every message the site has sent or will send.
struct OutboxEntry {
    std::int64_t id = 0;
    std::int64_t created_at = 0;
    Message message;
    int attempts = 0;
    std::optional<std::int64_t> last_attempt_at;
    std::optional<std::int64_t> sent_at;
    std::string last_error;  // why the last attempt failed, "" when it has not failed
};

// How to reach the council's mail server. Empty host: mail is not sent, only kept in the outbox.
struct SmtpSettings {
    std::string host;
    int port = 587;
    bool starttls = true;  // upgrade with STARTTLS and verify the server's certificate
    std::string username;  // "" for a relay that needs no sign-in
    std::string password;
    std::string ca_file;       // extra certificate authority to trust (a private CA); "" = system
    std::string from;          // the From address, like localoffer@council.gov.uk
    int timeout_seconds = 30;  // for connecting and for each reply
    bool configured() const { return !host.empty(); }
};

}  // namespace lo::mail
