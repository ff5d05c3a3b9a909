// The period an insights page covers: two calendar days, both included, chosen with ?from= and
// ?to= (YYYY-MM-DD, or the day, month and year fields of GOV.UK's date input). By default the
// twelve months up to today.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/dates.hpp"

namespace lo::insights {

struct Period {
    domain::Date from;
    domain::Date to;
    std::string from_text() const { return domain::to_string(from); }
    std::string to_text() const { return domain::to_string(to); }
    // "1 January 2026 to 31 December 2026"
    std::string words() const;
    // The months the period touches, oldest first, as YYYY-MM.
    std::vector<std::string> months() const;
};

// The twelve months up to and including today.
Period last_twelve_months(const domain::Date& today);

struct PeriodChoice {
    Period period;
    std::string error;  // plain English when what was asked for could not be used; "" otherwise
};

// from and to as given (either may be empty: the default's end is used). A date that does not
// exist, or a start after the end, keeps the default and says why.
PeriodChoice choose_period(const std::string& from,
                           const std::string& to,
                           const domain::Date& today);

}  // namespace lo::insights
