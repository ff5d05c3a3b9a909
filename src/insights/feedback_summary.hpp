// Feedback and "You said, we did" (issue 19, part 4): what families told the council over a
// period, by theme and by page, how quickly the council answered, and what it published.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/insights.hpp"

namespace lo::insights {

struct ThemeRow {
    std::string code;   // "" for feedback not yet given a theme
    std::string label;  // "Not given a theme yet" for ""
    std::int64_t count = 0;
};

struct PageRow {
    std::string page;  // the path
    std::int64_t not_useful = 0;
    std::int64_t problems = 0;
};

struct FeedbackMonth {
    std::string month;  // YYYY-MM
    std::int64_t received = 0;
    std::int64_t not_useful = 0;
    std::int64_t problems = 0;
    std::int64_t published = 0;
};

struct Published {
    std::string you_said;
    std::string we_did;
    std::string theme_label;
    std::string published_on;  // YYYY-MM-DD
};

struct FeedbackSummary {
    std::int64_t received = 0;
    std::int64_t useful_yes = 0;
    std::int64_t useful_no = 0;
    std::int64_t problems = 0;
    std::int64_t comments_responded = 0;  // responded or published
    std::int64_t published = 0;
    std::optional<double> median_days_to_respond;
    std::vector<ThemeRow> themes;  // most first
    std::vector<PageRow> pages;    // most "No" answers and problems first, at most 20
    std::vector<FeedbackMonth> months;
    std::vector<Published> you_said_we_did;  // oldest first
};

FeedbackSummary feedback_summary(const std::vector<storage::FeedbackFacts>& feedback,
                                 const std::vector<std::string>& months);

}  // namespace lo::insights
