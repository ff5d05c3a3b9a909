// A small SMTP client (RFC 5321) on Boost.Asio: EHLO, STARTTLS with the server's certificate
// verified (OpenSSL), AUTH PLAIN or LOGIN, one message per connection. Every step has a timeout;
// every failure is an SmtpError that says what went wrong and what to check. It never logs, and
// its errors never contain the message body or the password.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "mail/message.hpp"

namespace lo::mail {

class SmtpError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The message as sent after DATA: headers (Date, Message-ID, From, To, Subject, MIME-Version,
// Content-Type text/plain; charset=utf-8), a blank line and the body, with CRLF line ends and
// dot-stuffing applied, without the final ".". A non-ASCII subject is RFC 2047-encoded; line
// breaks in header values are removed so nothing can add a header.
std::string format_message(const Message& message,
                           const std::string& from,
                           const std::string& date,
                           const std::string& message_id);

// Lines that start with "." get another "." (RFC 5321 4.5.2). Input and output use CRLF.
std::string dot_stuff(std::string_view text);

std::string base64(std::string_view bytes);

// "Mon, 23 Nov 2026 06:30:00 +0000" for a Unix time.
std::string rfc5322_date(std::int64_t unix_seconds);

// Sends one message. Throws SmtpError.
void send(const SmtpSettings& settings, const Message& message);

}  // namespace lo::mail
