// HttpError and the error ids used to link a 500 page to its log line.
#include "http/error.hpp"

#include <cstdint>
#include <cstdio>
#include <random>

namespace lo::http {

HttpError::HttpError(int status, std::string public_message, std::string log_detail)
    // what() carries both texts because it is what shows up if the error escapes to a log.
    : std::runtime_error(log_detail.empty() ? public_message
                                            : public_message + " (" + log_detail + ")"),
      status_(status),
      public_message_(std::move(public_message)),
      log_detail_(std::move(log_detail)) {}

std::string new_error_id() {
    // One engine per thread: handlers run on several io_context threads at once.
    thread_local std::mt19937 engine{std::random_device{}()};
    std::uniform_int_distribution<std::uint32_t> dist;
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(dist(engine)));
    return buf;
}

}  // namespace lo::http
