#include "insights/period.hpp"

#include <cstdio>

namespace lo::insights {

std::string Period::words() const {
    return domain::long_date(from) + " to " + domain::long_date(to);
}

std::vector<std::string> Period::months() const {
    std::vector<std::string> out;
    domain::Date d{from.year, from.month, 1};
    while (d.year < to.year || (d.year == to.year && d.month <= to.month)) {
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02d", d.year % 10000, d.month % 100);
        out.emplace_back(text);
        d = domain::add_months(d, 1);
    }
    return out;
}

Period last_twelve_months(const domain::Date& today) {
    auto from = domain::add_months(today, -12);
    // The day after the same day a year ago: twelve whole months ending today.
    from = domain::add_days(from, 1);
    return {from, today};
}

PeriodChoice choose_period(const std::string& from,
                           const std::string& to,
                           const domain::Date& today) {
    PeriodChoice out{last_twelve_months(today), ""};
    if (from.empty() && to.empty()) return out;
    const auto f = from.empty() ? std::optional(out.period.from) : domain::parse_date(from);
    const auto t = to.empty() ? std::optional(out.period.to) : domain::parse_date(to);
    if (!f || !t) {
        out.error =
            "The dates must be real dates, like 2026-04-01. Showing the last 12 months instead.";
        return out;
    }
    if (*f > *t) {
        out.error = "The start date is after the end date. Showing the last 12 months instead.";
        return out;
    }
    out.period = {*f, *t};
    return out;
}

}  // namespace lo::insights
