// Access-log and error-log line formatting.
#include "http/log.hpp"

#include <cstdio>
#include <ctime>

#include "http/url.hpp"

namespace lo::http {
namespace {

void append_escaped(std::string& out, std::string_view s) {
    static constexpr char kHexDigits[] = "0123456789ABCDEF";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7F || c == '"' || c == '\\') {
            out.push_back('%');
            out.push_back(kHexDigits[c >> 4]);
            out.push_back(kHexDigits[c & 0x0F]);
        } else {
            out.push_back(ch);
        }
    }
}

}  // namespace

std::string format_utc_timestamp(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string describe_request(std::string_view method, std::string_view target) {
    std::string out;
    if (method.empty()) {
        out += '-';
    } else {
        append_escaped(out, method);
    }
    out += ' ';
    const std::string_view path = target_path(target);
    if (path.empty()) {
        out += '-';
    } else {
        append_escaped(out, path);
    }
    return out;
}

std::string format_access_log_line(std::chrono::system_clock::time_point when,
                                   std::string_view remote_address,
                                   std::string_view method,
                                   std::string_view target,
                                   int status,
                                   std::size_t body_bytes,
                                   std::chrono::steady_clock::duration elapsed) {
    const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
    char tail[64];
    std::snprintf(tail, sizeof tail, "\" %d %zu %.1fms", status, body_bytes, ms);

    std::string line = format_utc_timestamp(when);
    line += ' ';
    line += remote_address.empty() ? std::string_view("-") : remote_address;
    line += " \"";
    line += describe_request(method, target);
    line += tail;
    return line;
}

void log_error(std::string_view message) {
    std::string line = format_utc_timestamp(std::chrono::system_clock::now());
    line += ' ';
    for (const char c : message) line += (c == '\n' || c == '\r') ? ' ' : c;
    line += '\n';
    // One fwrite per line: stdio locks the stream per call, so lines from several io_context
    // threads do not interleave.
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace lo::http
