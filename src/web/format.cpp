// Plain-English wording for model values, in the GOV.UK style (9am, 14 May 2026, £12.50).
#include "web/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "domain/dates.hpp"
#include "domain/validation.hpp"

namespace lo::web {

std::string age_range(std::optional<int> min_age, std::optional<int> max_age) {
    if (min_age && max_age) {
        if (*min_age == *max_age) return "Age " + std::to_string(*min_age);
        return "Ages " + std::to_string(*min_age) + " to " + std::to_string(*max_age);
    }
    if (max_age) return "Up to " + std::to_string(*max_age);
    if (min_age) return "From " + std::to_string(*min_age);
    return {};
}

std::string time_12h(std::string_view t) {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (t.size() != 5 || !digit(t[0]) || !digit(t[1]) || t[2] != ':' || !digit(t[3]) ||
        !digit(t[4]))
        return std::string(t);
    const int hours = (t[0] - '0') * 10 + (t[1] - '0');
    const int minutes = (t[3] - '0') * 10 + (t[4] - '0');
    if (hours > 23 || minutes > 59) return std::string(t);
    if (minutes == 0 && hours == 0) return "midnight";
    if (minutes == 0 && hours == 12) return "midday";
    const int h12 = hours % 12 == 0 ? 12 : hours % 12;
    std::string out = std::to_string(h12);
    if (minutes != 0) out += ":" + std::string(t.substr(3, 2));
    out += hours < 12 ? "am" : "pm";
    return out;
}

std::string join_and(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += (i + 1 == items.size()) ? " and " : ", ";
        out += items[i];
    }
    return out;
}

std::string days_text(std::vector<domain::Weekday> days) {
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    // Runs of three or more days in a row read as "Monday to Friday".
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < days.size();) {
        std::size_t j = i;
        while (j + 1 < days.size() &&
               static_cast<int>(days[j + 1]) == static_cast<int>(days[j]) + 1)
            ++j;
        if (j - i >= 2) {
            parts.push_back(std::string(domain::label(days[i])) + " to " +
                            std::string(domain::label(days[j])));
        } else {
            for (std::size_t k = i; k <= j; ++k) parts.emplace_back(domain::label(days[k]));
        }
        i = j + 1;
    }
    return join_and(parts);
}

std::string schedule_text(const domain::RegularSchedule& s) {
    std::string out = days_text(s.days);
    if (!s.opens_at.empty() && !s.closes_at.empty()) {
        if (!out.empty()) out += ", ";
        out += time_12h(s.opens_at) + " to " + time_12h(s.closes_at);
    }
    return out;
}

std::string money(double pounds) {
    if (!std::isfinite(pounds) || pounds < 0) return {};
    const auto pence = static_cast<long long>(std::llround(pounds * 100));
    std::string whole = std::to_string(pence / 100);
    for (int pos = static_cast<int>(whole.size()) - 3; pos > 0; pos -= 3)
        whole.insert(static_cast<std::size_t>(pos), ",");
    std::string out = "£" + whole;
    if (pence % 100 != 0) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%02lld", pence % 100);
        out += "." + std::string(buf);
    }
    return out;
}

std::string long_date_text(std::string_view s) {
    if (s.size() < 10) return {};
    const auto d = domain::parse_date(s.substr(0, 10));
    if (!d || (s.size() > 10 && s[10] != 'T' && s[10] != ' ')) return {};
    return domain::long_date(*d);
}

std::vector<std::string> paragraphs(std::string_view text) {
    return domain::nonblank_lines(text);
}

std::string tel_href(std::string_view number) {
    std::string out = "tel:";
    for (char c : number) {
        if ((c >= '0' && c <= '9') || (c == '+' && out.size() == 4)) out.push_back(c);
    }
    return out;
}

std::string count_text(std::int64_t n, std::string_view singular, std::string_view plural) {
    if (n == 0) return "No " + std::string(plural);
    return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

std::string postcode_district(std::string_view postcode) {
    const auto full = domain::normalise_postcode(postcode);
    if (full) return full->substr(0, full->find(' '));
    const auto outcode = domain::normalise_outcode(postcode);
    return outcode ? *outcode : std::string{};
}

}  // namespace lo::web
