// Demand, freshness, feedback and the privacy rule for small numbers (src/insights/).
#include <gtest/gtest.h>

#include "insights/demand.hpp"
#include "insights/feedback_summary.hpp"
#include "insights/figures.hpp"
#include "insights/freshness.hpp"
#include "insights/period.hpp"

namespace lo::insights {
namespace {

TEST(PeopleFigures, BelowFiveIsFewerThanFiveOnlyWhereSuppressed) {
    EXPECT_EQ(people_figure(4, true), "fewer than 5");
    EXPECT_EQ(people_figure(0, true), "fewer than 5");
    EXPECT_EQ(people_figure(5, true), "5");
    EXPECT_EQ(people_figure(3, false), "3");
    EXPECT_EQ(percent(1, 3), 33);
    EXPECT_EQ(percent(2, 3), 67);
    EXPECT_EQ(percent(1, 0), 0);
}

TEST(Periods, DefaultIsTwelveMonthsToTodayAndBadDatesSaySo) {
    const domain::Date today{2026, 12, 7};
    auto c = choose_period("", "", today);
    EXPECT_EQ(c.period.from_text(), "2025-12-08");
    EXPECT_EQ(c.period.to_text(), "2026-12-07");
    EXPECT_EQ(c.period.months().size(), 13u);  // December 2025 to December 2026
    c = choose_period("2026-02-30", "", today);
    EXPECT_NE(c.error.find("real dates"), std::string::npos);
    c = choose_period("2026-06-01", "2026-05-01", today);
    EXPECT_NE(c.error.find("after the end"), std::string::npos);
    c = choose_period("2026-04-01", "2026-06-30", today);
    EXPECT_TRUE(c.error.empty());
    EXPECT_EQ(c.period.months(), (std::vector<std::string>{"2026-04", "2026-05", "2026-06"}));
    EXPECT_EQ(c.period.words(), "1 April 2026 to 30 June 2026");
}

TEST(DemandFigures, GroupsRankAndGapsFromTheCounts) {
    storage::CountTotals t;
    t.by_metric = {{"searches", 40},
                   {"zero_results", 9},
                   {"checker:runs", 6},
                   {"checker:zero", 2},
                   {"need_demand:semh", 12},
                   {"zero:need_demand:semh", 5},
                   {"need_demand:sensory-physical", 20},
                   {"need_demand:retired-code", 3},
                   {"area:Oxford", 15},
                   {"area:-", 2},
                   {"zero:area:-", 2},
                   {"age_band:5-10", 7},
                   {"age_band:over-25", 1},
                   {"concept:17", 4},
                   {"concept:99", 1},
                   {"need_area:semh|Oxford", 8},
                   {"zero:need_area:semh|Oxford", 4},
                   {"need_area:sensory-physical|Oxford", 9},
                   {"zero:need_area:sensory-physical|Oxford", 4},
                   {"need_area:semh|-", 2}};
    t.by_month = {{"2026-11", {{"searches", 30}, {"checker:runs", 6}}}};
    DemandLabels labels;
    labels.needs = {{"semh", "Social, emotional and mental health"},
                    {"sensory-physical", "Sensory and physical needs"}};
    labels.words = {{"17", "SALT"}};
    const auto supply = [](const std::string& need, const std::string& area) -> std::int64_t {
        return need == "semh" && area == "Oxford" ? 1 : need == "sensory-physical" ? 6 : 0;
    };
    const auto d = demand(t, {"2026-10", "2026-11"}, labels, supply);
    EXPECT_EQ(d.searches, 40);
    EXPECT_EQ(d.found_nothing, 9);
    EXPECT_EQ(d.checker_nothing_likely, 2);
    ASSERT_EQ(d.needs.size(), 2u);  // the retired code is left out
    EXPECT_EQ(d.needs[0].key, "sensory-physical");
    EXPECT_EQ(d.needs[1].found_nothing, 5);
    ASSERT_EQ(d.areas.size(), 2u);
    EXPECT_EQ(d.areas[1].label, "Outside the areas you cover");
    EXPECT_EQ(d.areas[1].found_nothing, 2);
    EXPECT_EQ(d.age_bands[0].label, "5 to 10 years");
    EXPECT_EQ(d.age_bands[1].label, "Over 25");
    EXPECT_EQ(d.words[0].label, "SALT");
    EXPECT_EQ(d.words[1].label, "(a search word since removed)");
    // 4 found nothing each in Oxford: the one with fewer services ranks first.
    ASSERT_EQ(d.gaps.size(), 3u);
    EXPECT_EQ(d.gaps[0].need_code, "semh");
    EXPECT_EQ(d.gaps[0].current_services, 1);
    EXPECT_EQ(d.gaps[1].need_code, "sensory-physical");
    EXPECT_EQ(d.gaps[2].area, "");
    const auto oxford = demand(t, {"2026-11"}, labels, supply, "Oxford");
    ASSERT_EQ(oxford.needs.size(), 2u);
    EXPECT_EQ(oxford.needs[0].key, "sensory-physical");
    EXPECT_EQ(oxford.needs[0].searches, 9);
    EXPECT_EQ(oxford.needs[1].found_nothing, 4);
    ASSERT_EQ(oxford.areas.size(), 1u);
    EXPECT_EQ(oxford.gaps.size(), 2u);
    const auto outside = demand(t, {"2026-11"}, labels, supply, "-");
    ASSERT_EQ(outside.needs.size(), 1u);
    EXPECT_EQ(outside.needs[0].searches, 2);
    ASSERT_EQ(outside.gaps.size(), 1u);
    EXPECT_EQ(outside.gaps[0].area, "");
    ASSERT_EQ(d.months.size(), 2u);
    EXPECT_EQ(d.months[0].searches, 0);
    EXPECT_EQ(d.months[1].searches, 30);
    EXPECT_EQ(d.months[1].checker_runs, 6);
}

storage::ServiceFacts facts(std::string org, std::string checked, std::string due) {
    storage::ServiceFacts s;
    s.organisation_id = std::move(org);
    s.last_checked = std::move(checked);
    s.review_due = std::move(due);
    return s;
}

TEST(FreshnessFigures, PerOrganisationMediansRemindersAndDecisions) {
    const domain::Date today{2026, 12, 7};
    const std::vector<storage::ServiceFacts> services = {
        facts("a", "2026-12-01", "2027-12-01"),  // 6 days
        facts("a", "2026-11-27", "2027-11-27"),  // 10 days
        facts("a", "2025-11-01", "2026-11-01"),  // overdue, 401 days
        facts("b", "", "")};                     // never checked: overdue
    // 2026-11-20 00:00:00Z and 2026-11-30 00:00:00Z
    const std::vector<storage::ReminderFacts> reminders = {{"a", false, 1795132800, "2026-11-27"},
                                                           {"a", true, 1795996800, "2025-11-01"}};
    const std::vector<storage::DecisionFacts> decisions = {
        {"a", true, "2026-11-02T09:00:00Z", "2026-11-04T21:00:00Z"},
        {"b", false, "2026-11-10T09:00:00Z", "2026-11-11T09:00:00Z"}};
    const auto f = freshness(services, {{"a", "Alpha"}, {"b", "Beta"}}, reminders, decisions,
                             {"2026-11", "2026-12"}, today);
    ASSERT_EQ(f.organisations.size(), 2u);
    const auto& a = f.organisations[0].name == "Alpha" ? f.organisations[0] : f.organisations[1];
    EXPECT_EQ(a.services, 3);
    EXPECT_EQ(a.overdue, 1);
    EXPECT_EQ(a.median_days_since_checked, 10);
    EXPECT_EQ(a.reminders_sent, 2);
    EXPECT_EQ(a.reminders_answered, 1);
    EXPECT_EQ(a.median_days_to_decide, 2.5);
    EXPECT_EQ(f.total.services, 4);
    EXPECT_EQ(f.total.overdue, 2);
    EXPECT_EQ(f.total.changes_decided, 2);
    EXPECT_EQ(f.total.median_days_to_decide, 1.75);
    ASSERT_EQ(f.months.size(), 2u);
    EXPECT_EQ(f.months[0].reminders_sent, 2);
    EXPECT_EQ(f.months[0].changes_decided, 2);
}

TEST(FeedbackFigures, ThemesPagesResponseTimesAndWhatWasPublished) {
    std::vector<storage::FeedbackFacts> all(5);
    all[0] = {"2026-11-01T10:00:00Z", "/services/x", false,         false, "gaps", "published",
              "2026-11-05T10:00:00Z", "No dentist",  "We added two"};
    all[1] = {"2026-11-02T10:00:00Z",
              "/services/x",
              std::nullopt,
              true,
              "",
              "responded",
              "2026-11-03T10:00:00Z",
              "",
              ""};
    all[2] = {"2026-11-03T10:00:00Z", "/", true, false, "", "new", "", "", ""};
    all[3] = {"2026-12-01T10:00:00Z", "/search", false, false, "gaps", "in_progress", "", "", ""};
    all[4] = {"2026-12-02T10:00:00Z", "/", true, false, "", "new", "", "", ""};
    const auto f = feedback_summary(all, {"2026-11", "2026-12"});
    EXPECT_EQ(f.received, 5);
    EXPECT_EQ(f.useful_yes, 2);
    EXPECT_EQ(f.useful_no, 2);
    EXPECT_EQ(f.problems, 1);
    EXPECT_EQ(f.comments_responded, 2);
    EXPECT_EQ(f.published, 1);
    EXPECT_EQ(f.median_days_to_respond, 2.5);  // 4 days and 1 day
    ASSERT_EQ(f.themes.size(), 2u);
    EXPECT_EQ(f.themes[0].count, 3);  // not yet given a theme
    EXPECT_EQ(f.themes[0].label, "Not given a theme yet");
    ASSERT_EQ(f.pages.size(), 2u);
    EXPECT_EQ(f.pages[0].page, "/services/x");
    EXPECT_EQ(f.pages[0].not_useful, 1);
    EXPECT_EQ(f.pages[0].problems, 1);
    ASSERT_EQ(f.you_said_we_did.size(), 1u);
    EXPECT_EQ(f.you_said_we_did[0].we_did, "We added two");
    EXPECT_EQ(f.you_said_we_did[0].published_on, "2026-11-05");
    EXPECT_EQ(f.months[0].received, 3);
    EXPECT_EQ(f.months[1].not_useful, 1);
}

}  // namespace
}  // namespace lo::insights
