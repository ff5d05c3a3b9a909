// HttpError: the one exception type for expected HTTP failures (400, 403, 404, 409, 422...).
// The router catches it and renders public_message; log_detail only ever reaches the log.
#pragma once

#include <stdexcept>
#include <string>

namespace lo::http {

class HttpError : public std::runtime_error {
public:
    HttpError(int status, std::string public_message, std::string log_detail = {});

    int status() const { return status_; }
    const std::string& public_message() const { return public_message_; }
    const std::string& log_detail() const { return log_detail_; }

private:
    int status_;
    std::string public_message_;
    std::string log_detail_;
};

// A fresh 8-hex-digit id for a 500 response. It is shown to the person and written to the log
// next to the exception text, so a support request can be matched to the log line.
std::string new_error_id();

}  // namespace lo::http
