// Freshness (issue 19, part 3): per organisation, how many running services it has, how many
// are overdue for review, how long since they were last checked, how the review reminders were
// answered and how long editors took to decide on providers' changes; and the same by month.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/dates.hpp"
#include "storage/insights.hpp"

namespace lo::insights {

struct FreshnessRow {
    std::string organisation_id;
    std::string name;
    std::int64_t services = 0;
    std::int64_t overdue = 0;
    std::optional<int> median_days_since_checked;  // none when no service was ever checked
    std::int64_t reminders_sent = 0;               // reminders and escalations, in the period
    std::int64_t reminders_answered = 0;           // checked on or after the day it was sent
    std::int64_t changes_decided = 0;              // providers' changes approved or rejected
    std::optional<double> median_days_to_decide;
};

struct FreshnessMonth {
    std::string month;  // YYYY-MM
    std::int64_t reminders_sent = 0;
    std::int64_t reminders_answered = 0;
    std::int64_t changes_decided = 0;
    std::optional<double> median_days_to_decide;
};

struct Freshness {
    FreshnessRow total;  // every organisation together (name "All organisations")
    std::vector<FreshnessRow> organisations;  // most overdue first, then by name
    std::vector<FreshnessMonth> months;
};

struct OrganisationName {
    std::string id;
    std::string name;
};

Freshness freshness(const std::vector<storage::ServiceFacts>& services,
                    const std::vector<OrganisationName>& organisations,
                    const std::vector<storage::ReminderFacts>& reminders,
                    const std::vector<storage::DecisionFacts>& decisions,
                    const std::vector<std::string>& months,
                    const domain::Date& today);

// The middle value (the mean of the two middle ones for an even count); none for no values.
std::optional<double> median(std::vector<double> values);

}  // namespace lo::insights
