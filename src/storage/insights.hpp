// What the insights pages (issue 19, docs/insights.md) read from the store: plain facts about
// services, the daily counts search keeps, reminders, moderation decisions and feedback. No
// text a family typed is here: only codes, dates and counts. The figures themselves are worked
// out above the store, in src/insights/, so every backend gives the same answers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lo::storage {

// A service the Local Offer lists as running (status active), as coverage and freshness count it.
struct ServiceFacts {
    std::string id;
    std::string name;
    std::string organisation_id;
    std::optional<int> min_age;
    std::optional<int> max_age;
    std::string last_checked;  // YYYY-MM-DD or ""
    std::string review_due;    // YYYY-MM-DD or ""
    // A family can ask for it without a referral: it lists self-referral, or lists no route.
    bool self_referral = false;
    bool ehc_plan_only = false;  // every referral route it lists is an EHC plan
    std::vector<std::string> term_ids;
    std::vector<std::string> area_names;  // its service areas, as written
    struct Point {
        double latitude;
        double longitude;
    };
    std::vector<Point> venues;  // venues with coordinates
};

// An area the council covers (the gazetteer's areas): a centre and a radius.
struct AreaFacts {
    std::string name;
    double latitude = 0;
    double longitude = 0;
    double radius_miles = 0;
};

// One review reminder or escalation the reminder run sent.
struct ReminderFacts {
    std::string organisation_id;
    bool escalation = false;
    std::int64_t sent_at = 0;  // Unix seconds
    std::string last_checked;  // the service's, now: answered when on or after the sending day
};

// A provider's change that an editor approved or rejected.
struct DecisionFacts {
    std::string organisation_id;
    bool approved = false;
    std::string created_at;  // RFC 3339
    std::string decided_at;  // RFC 3339
};

// One piece of public feedback and what the council did with it.
struct FeedbackFacts {
    std::string created_at;  // RFC 3339
    std::string page;        // the path it was sent from
    std::optional<bool> useful;
    bool problem = false;
    std::string theme;           // a domain::feedback_themes() code or ""
    std::string state = "new";   // domain::FeedbackState code
    std::string responded_at;    // RFC 3339 of the response ("" while there is none)
    std::string public_comment;  // "You said", when published
    std::string response;        // "We did", when published
};

// Sums of the daily counts (search/engine.cpp) over a period of days.
struct CountTotals {
    std::map<std::string, std::int64_t> by_metric;
    // month (YYYY-MM) -> metric -> sum, for the metrics asked for
    std::map<std::string, std::map<std::string, std::int64_t>> by_month;
};

class InsightsRepository {
public:
    virtual ~InsightsRepository() = default;
    virtual std::vector<ServiceFacts> service_facts() = 0;
    virtual std::vector<AreaFacts> areas() = 0;
    // Days from and to are YYYY-MM-DD, both included. monthly: the metrics also summed by month.
    virtual CountTotals count_totals(const std::string& from,
                                     const std::string& to,
                                     const std::vector<std::string>& monthly) = 0;
    // Sent, and made, in the period (from and to are YYYY-MM-DD, both included).
    virtual std::vector<ReminderFacts> reminders(const std::string& from,
                                                 const std::string& to) = 0;
    virtual std::vector<DecisionFacts> decisions(const std::string& from,
                                                 const std::string& to) = 0;
    virtual std::vector<FeedbackFacts> feedback(const std::string& from, const std::string& to) = 0;
};

}  // namespace lo::storage
