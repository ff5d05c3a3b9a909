// Response helpers, reason phrases and the HTTP date format.
#include "http/response.hpp"

#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "http/ascii.hpp"

namespace lo::http {
namespace {

struct StatusReason {
    int status;
    std::string_view reason;
};

constexpr StatusReason kReasons[] = {
    {100, "Continue"},
    {101, "Switching Protocols"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {206, "Partial Content"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Content Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Range Not Satisfiable"},
    {417, "Expectation Failed"},
    {422, "Unprocessable Content"},
    {425, "Too Early"},
    {426, "Upgrade Required"},
    {428, "Precondition Required"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {451, "Unavailable For Legal Reasons"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"},
};

bool is_token_char(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
    return kSymbols.find(c) != std::string_view::npos;
}

void check_header(std::string_view name, std::string_view value) {
    if (!is_valid_header_name(name)) {
        throw std::invalid_argument("invalid HTTP header name: \"" +
                                    std::string(name.substr(0, 64)) + "\"");
    }
    if (!is_valid_header_value(value)) {
        throw std::invalid_argument("HTTP header " + std::string(name) +
                                    " has a value containing CR, LF or NUL");
    }
}

Response with_type(std::string body, int status, std::string content_type) {
    Response res;
    res.status = status;
    res.body = std::move(body);
    res.headers.emplace_back("Content-Type", std::move(content_type));
    return res;
}

}  // namespace

void Response::set_header(std::string name, std::string value) {
    check_header(name, value);
    std::erase_if(headers, [&](const auto& h) { return iequals(h.first, name); });
    headers.emplace_back(std::move(name), std::move(value));
}

void Response::add_header(std::string name, std::string value) {
    check_header(name, value);
    headers.emplace_back(std::move(name), std::move(value));
}

std::string_view Response::header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (iequals(key, name)) return value;
    }
    return {};
}

Response Response::html(std::string body, int status) {
    return with_type(std::move(body), status, "text/html; charset=utf-8");
}

Response Response::json(std::string body, int status) {
    return with_type(std::move(body), status, "application/json");
}

Response Response::text(std::string body, int status) {
    return with_type(std::move(body), status, "text/plain; charset=utf-8");
}

Response Response::streamed(std::string content_type,
                            std::function<bool(std::string& piece)> producer) {
    Response res;
    res.set_header("Content-Type", std::move(content_type));
    res.stream = std::move(producer);
    return res;
}

Response Response::redirect(std::string location, int status) {
    Response res;
    res.status = status;
    res.set_header("Location", std::move(location));
    return res;
}

std::string_view reason_phrase(int status) {
    for (const auto& entry : kReasons) {
        if (entry.status == status) return entry.reason;
    }
    return "Unknown";
}

bool is_valid_header_name(std::string_view name) {
    if (name.empty()) return false;
    for (const char c : name) {
        if (!is_token_char(c)) return false;
    }
    return true;
}

bool is_valid_header_value(std::string_view value) {
    return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::string format_http_date(std::chrono::system_clock::time_point when) {
    // strftime's %a and %b follow the locale; HTTP needs the English names whatever it is.
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                  tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

}  // namespace lo::http
