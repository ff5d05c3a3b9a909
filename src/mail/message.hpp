// E-mail as the rest of the program sees it: a plain-text message, what the outbox keeps of it,
// and the SMTP settings. Message bodies often carry one-time links: never log them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/outbox.hpp"

namespace lo::mail {

// The message and its outbox row live in domain/outbox.hpp, so storage/ can keep them without
// depending on mail/.
using Message = domain::MailMessage;
using domain::OutboxEntry;

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
