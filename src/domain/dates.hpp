// Calendar dates (YYYY-MM-DD) and timestamps (RFC 3339, UTC) used by the model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lo::domain {

struct Date {
    int year = 0;
    int month = 0;  // 1-12
    int day = 0;    // 1-31
    auto operator<=>(const Date&) const = default;
};

// Parses a real calendar date in YYYY-MM-DD form ("2026-02-30" is rejected).
std::optional<Date> parse_date(std::string_view s);
std::string to_string(const Date& d);
// Adds whole months, clamping the day to the end of a shorter month (31 Jan + 1 month = 28/29 Feb).
Date add_months(const Date& d, int months);
// Days from a to b (negative when b is earlier).
int days_between(const Date& a, const Date& b);
// The date n days later (earlier when n is negative).
Date add_days(const Date& d, int n);
// "14 May 2026", the GOV.UK date style.
std::string long_date(const Date& d);
// 0 = Monday ... 6 = Sunday.
int weekday_index(const Date& d);

Date today_utc();
// The calendar date in Europe/London at a Unix time. UK clocks run on GMT, and on BST (UTC+1)
// from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October. The
// rule is written out rather than read from the system's tz database: GCC 12's <chrono> has no
// time zones, and a server set to UTC (most are) must still turn the day over at UK midnight.
Date uk_date_at(std::int64_t unix_seconds);
// Today in Europe/London.
Date today_uk();
// "2026-11-23T10:15:02Z"
std::string now_rfc3339();
// The same form for a Unix time in seconds (UTC), so stored times compare as text.
std::string rfc3339_at(std::int64_t unix_seconds);
// Accepts RFC 3339 date-times such as 2026-11-23T10:15:02Z or 2026-11-23T10:15:02.5+01:00.
bool is_rfc3339(std::string_view s);

}  // namespace lo::domain
