// How a count about people is shown where it leaves the council's own screens (issue 19,
// docs/insights.md): in exports, the printable annual review and the public "Local Offer in
// numbers" page, a figure below 5 is "fewer than 5", so no one can be picked out by a small
// number. Counts of services are not about people and are always shown exactly.
#pragma once

#include <cstdint>
#include <string>

namespace lo::insights {

inline constexpr std::int64_t kSmallestShown = 5;

inline std::string people_figure(std::int64_t n, bool suppress_small) {
    if (suppress_small && n < kSmallestShown) return "fewer than 5";
    return std::to_string(n);
}

// The same for JSON: the number itself, or the string "fewer than 5".
template <typename Json>
Json people_value(std::int64_t n, bool suppress_small) {
    if (suppress_small && n < kSmallestShown) return Json("fewer than 5");
    return Json(n);
}

// n out of total as a whole percentage ("0%" for an empty total).
inline int percent(std::int64_t n, std::int64_t total) {
    return total <= 0 ? 0 : static_cast<int>((n * 100 + total / 2) / total);
}

}  // namespace lo::insights
