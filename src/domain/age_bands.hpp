// The age bands the insights pages count by (issue 19): the early years, primary, secondary, the
// sixth-form years and the adult years up to 25 that the SEND Code of Practice covers. Search
// counts (search/demand_counts.cpp), the checker and the coverage matrix all use these, so a band
// means the same on every page.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace lo::domain {

struct AgeBand {
    std::string_view code;   // "0-4": stored in counts, used in URLs
    int min_age;             // years, inclusive
    int max_age;             // years, inclusive
    std::string_view label;  // "0 to 4 years"
};

inline constexpr std::array<AgeBand, 5> kAgeBands{{
    {"0-4", 0, 4, "0 to 4 years"},
    {"5-10", 5, 10, "5 to 10 years"},
    {"11-15", 11, 15, "11 to 15 years"},
    {"16-18", 16, 18, "16 to 18 years"},
    {"19-25", 19, 25, "19 to 25 years"},
}};

// The band an age falls in; nullopt for an age outside 0 to 25.
inline std::optional<AgeBand> age_band_of(int age) {
    for (const auto& band : kAgeBands)
        if (age >= band.min_age && age <= band.max_age) return band;
    return std::nullopt;
}

// Whether a service open to min_age..max_age (either may be unknown: open at that end) serves
// some of the band.
inline bool overlaps(const AgeBand& band, std::optional<int> min_age, std::optional<int> max_age) {
    return (!min_age || *min_age <= band.max_age) && (!max_age || *max_age >= band.min_age);
}

}  // namespace lo::domain
