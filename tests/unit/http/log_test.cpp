// Tests for http/log.hpp: the access-log line format and its escaping.
#include "http/log.hpp"

#include <gtest/gtest.h>

namespace lo::http {
namespace {

using namespace std::chrono_literals;

// 2026-11-23T10:15:02Z
const auto kWhen = std::chrono::system_clock::time_point(std::chrono::seconds(1795428902));

TEST(FormatUtcTimestamp, IsIso8601Utc) {
    EXPECT_EQ(format_utc_timestamp(kWhen), "2026-11-23T10:15:02Z");
}

TEST(FormatAccessLogLine, MatchesTheDocumentedFormat) {
    EXPECT_EQ(format_access_log_line(kWhen, "127.0.0.1", "GET", "/search", 200, 5123, 1800us),
              "2026-11-23T10:15:02Z 127.0.0.1 \"GET /search\" 200 5123 1.8ms");
}

TEST(FormatAccessLogLine, DropsTheQueryString) {
    const std::string line = format_access_log_line(kWhen, "10.0.0.2", "GET",
                                                    "/reset-password?token=abc123", 303, 0, 12ms);
    EXPECT_EQ(line, "2026-11-23T10:15:02Z 10.0.0.2 \"GET /reset-password\" 303 0 12.0ms");
}

TEST(FormatAccessLogLine, EscapesCharactersThatCouldForgeLines) {
    const std::string line =
        format_access_log_line(kWhen, "::1", "GET", "/a\"b\\c\x01", 404, 10, 0ms);
    EXPECT_EQ(line, "2026-11-23T10:15:02Z ::1 \"GET /a%22b%5Cc%01\" 404 10 0.0ms");
}

TEST(FormatAccessLogLine, UnknownRequestIsDashes) {
    EXPECT_EQ(format_access_log_line(kWhen, "127.0.0.1", "", "", 431, 80, 100us),
              "2026-11-23T10:15:02Z 127.0.0.1 \"- -\" 431 80 0.1ms");
}

TEST(DescribeRequest, MethodAndPathOnly) {
    EXPECT_EQ(describe_request("POST", "/admin/services?x=1"), "POST /admin/services");
}

}  // namespace
}  // namespace lo::http
