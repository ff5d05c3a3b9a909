// Calendar arithmetic on std::chrono's civil calendar.
#include "domain/dates.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace lo::domain {
namespace {

bool all_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

std::chrono::sys_days to_sys(const Date& d) {
    return std::chrono::sys_days{std::chrono::year{d.year} /
                                 std::chrono::month{static_cast<unsigned>(d.month)} /
                                 std::chrono::day{static_cast<unsigned>(d.day)}};
}

Date from_sys(std::chrono::sys_days days) {
    const std::chrono::year_month_day ymd{days};
    return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

// 01:00 UTC on the last Sunday of the month, as Unix seconds: when UK clocks change.
std::int64_t last_sunday_one_am_utc(int year, unsigned month) {
    using namespace std::chrono;
    const sys_days day{std::chrono::year{year} / std::chrono::month{month} / Sunday[last]};
    return duration_cast<seconds>(day.time_since_epoch()).count() + 3600;
}

}  // namespace

std::optional<Date> parse_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    const auto y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
    if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{to_int(y)},
                                          std::chrono::month{static_cast<unsigned>(to_int(m))},
                                          std::chrono::day{static_cast<unsigned>(to_int(d))}};
    if (!ymd.ok()) return std::nullopt;
    return Date{to_int(y), to_int(m), to_int(d)};
}

std::string to_string(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

Date add_months(const Date& d, int months) {
    int total = d.year * 12 + (d.month - 1) + months;
    Date out{total / 12, total % 12 + 1, d.day};
    const auto last = std::chrono::year_month_day_last{
        std::chrono::year{out.year},
        std::chrono::month_day_last{std::chrono::month{static_cast<unsigned>(out.month)}}};
    const int last_day = static_cast<int>(static_cast<unsigned>(last.day()));
    if (out.day > last_day) out.day = last_day;
    return out;
}

int days_between(const Date& a, const Date& b) {
    return static_cast<int>((to_sys(b) - to_sys(a)).count());
}

Date add_days(const Date& d, int n) {
    return from_sys(to_sys(d) + std::chrono::days{n});
}

std::string long_date(const Date& d) {
    static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                              "May",       "June",     "July",     "August",
                                              "September", "October",  "November", "December"};
    if (d.month < 1 || d.month > 12) return to_string(d);
    return std::to_string(d.day) + " " + kMonths[d.month - 1] + " " + std::to_string(d.year);
}

int weekday_index(const Date& d) {
    const std::chrono::weekday wd{to_sys(d)};
    return static_cast<int>(wd.iso_encoding()) - 1;
}

Date today_utc() {
    return from_sys(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

Date uk_date_at(std::int64_t unix_seconds) {
    using namespace std::chrono;
    const auto utc_day = floor<days>(sys_seconds{seconds{unix_seconds}});
    const int year = static_cast<int>(year_month_day{utc_day}.year());
    const bool summer = unix_seconds >= last_sunday_one_am_utc(year, 3) &&
                        unix_seconds < last_sunday_one_am_utc(year, 10);
    return from_sys(floor<days>(sys_seconds{seconds{unix_seconds + (summer ? 3600 : 0)}}));
}

Date today_uk() {
    using namespace std::chrono;
    return uk_date_at(duration_cast<seconds>(system_clock::now().time_since_epoch()).count());
}

std::string now_rfc3339() {
    return rfc3339_at(static_cast<std::int64_t>(std::time(nullptr)));
}

std::string rfc3339_at(std::int64_t unix_seconds) {
    const auto t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

bool is_rfc3339(std::string_view s) {
    // date "T" time [fraction] ("Z" | ("+"|"-") hh:mm)
    if (s.size() < 20 || !parse_date(s.substr(0, 10))) return false;
    if (s[10] != 'T' && s[10] != 't') return false;
    auto two = [&](std::size_t at, int max) {
        return at + 2 <= s.size() && all_digits(s.substr(at, 2)) && to_int(s.substr(at, 2)) <= max;
    };
    if (!two(11, 23) || s[13] != ':' || !two(14, 59) || s[16] != ':' || !two(17, 60)) return false;
    std::size_t i = 19;
    if (i < s.size() && s[i] == '.') {
        ++i;
        const std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == start) return false;
    }
    if (i >= s.size()) return false;
    if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) return true;
    if (s[i] != '+' && s[i] != '-') return false;
    return i + 6 == s.size() && two(i + 1, 23) && s[i + 3] == ':' && two(i + 4, 59);
}

}  // namespace lo::domain
