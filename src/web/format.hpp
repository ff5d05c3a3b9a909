// Plain-English wording for values in the model: ages, opening times, money, dates, counts.
// Pure functions, so the wording is unit-tested without a store or a template.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/model.hpp"

namespace lo::web {

// "Ages 0 to 18", "Age 5", "Up to 18", "From 16"; "" when neither age is known.
std::string age_range(std::optional<int> min_age, std::optional<int> max_age);

// "09:00" -> "9am", "17:30" -> "5:30pm", "12:00" -> "midday", "00:00" -> "midnight".
// Anything not shaped HH:MM comes back unchanged.
std::string time_12h(std::string_view hh_mm);

// "Monday to Friday", "Saturday and Sunday", "Monday, Wednesday and Friday",
// "Monday to Wednesday and Friday". Days are put in week order and repeats dropped.
std::string days_text(std::vector<domain::Weekday> days);

// "Monday to Friday, 9am to 5pm".
std::string schedule_text(const domain::RegularSchedule& schedule);

// "£12", "£12.50", "£1,250".
std::string money(double pounds);

// "14 May 2026" from "2026-05-14" or an RFC 3339 timestamp; "" when it is not a real date.
std::string long_date_text(std::string_view date_or_timestamp);

// The non-blank lines of a text, trimmed: each becomes a paragraph.
std::vector<std::string> paragraphs(std::string_view text);

// "01865 123 456" -> "tel:01865123456"; "+44 (0)1865 123456" -> "tel:+4401865123456".
std::string tel_href(std::string_view number);

// "No services", "1 service", "12 services".
std::string count_text(std::int64_t n, std::string_view singular, std::string_view plural);

// "OX26" from "OX26 6BL"; "" when it is not a postcode.
std::string postcode_district(std::string_view postcode);

// "A, B and C".
std::string join_and(const std::vector<std::string>& items);

}  // namespace lo::web
