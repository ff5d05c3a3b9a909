// Field-level diff, three-way merge and the JSON snapshot of a whole service.
#include "domain/diff.hpp"

#include <gtest/gtest.h>

#include "domain/moderation.hpp"
#include "domain/service_json.hpp"

namespace lo::domain {
namespace {

Service full_service() {
    Service s;
    s.id = "11111111-1111-4111-8111-111111111111";
    s.organisation_id = "org-1";
    s.name = "Speech and language therapy";
    s.summary = "Help with talking.";
    s.description = "Line one.\nLine two.";
    s.status = ServiceStatus::TemporarilyClosed;
    s.url = "https://example.org/slt";
    s.email = "slt@example.org";
    s.min_age = 2;
    s.max_age = 18;
    s.eligibility = "Children with speech needs";
    s.referral_routes = {ReferralRoute::Gp, ReferralRoute::School};
    s.referral_url = "https://example.org/refer";
    s.how_to_access = {"Ask your GP", "Wait for a letter"};
    s.free = false;
    s.costs = {{"c1", "Session", 12.5, "per hour"}};
    s.languages = {{"l1", "Polish"}};
    s.delivery_modes = {DeliveryMode::InPerson, DeliveryMode::Online};
    s.waiting_time = "6 weeks";
    s.last_modified = "2026-01-02T03:04:05Z";
    s.last_checked = "2026-01-01";
    s.review_due = "2027-01-01";
    s.location_ids = {"loc-1"};
    s.contacts = {{"k1",
                   "Jane Smith",
                   "Therapist",
                   {{"p1", "01865 000000", "Office"}},
                   {"jane@example.org"}}};
    s.schedules = {{"s1", {Weekday::Monday, Weekday::Friday}, "09:00", "17:00", "Term time"}};
    s.closures = {{"x1", "2026-12-25", "Christmas"}};
    s.service_areas = {{"a1", "Oxfordshire"}};
    s.term_ids = {"term-b", "term-a"};
    s.source = "admin";
    return s;
}

TEST(ServiceJson, RoundTripsEveryField) {
    const auto s = full_service();
    EXPECT_EQ(service_from_json_text(to_json_text(s)), s);
    const Service empty;
    EXPECT_EQ(service_from_json_text(to_json_text(empty)), empty);
}

TEST(ServiceJson, MissingKeysKeepDefaultsAndBadTextIsRefused) {
    const auto s = service_from_json_text(R"({"name": "Play scheme"})");
    EXPECT_EQ(s.name, "Play scheme");
    EXPECT_TRUE(s.free);
    EXPECT_EQ(s.status, ServiceStatus::Active);
    EXPECT_THROW(service_from_json_text("not json"), std::invalid_argument);
    EXPECT_THROW(service_from_json_text("[1, 2]"), std::invalid_argument);
    EXPECT_THROW(service_from_json_text(R"({"name": 5})"), std::invalid_argument);
}

TEST(ServiceDiff, SameRecordHasNoChangesWhateverTheChildIds) {
    auto a = full_service();
    auto b = a;
    b.contacts[0].id = "other";
    b.last_modified = "2030-01-01T00:00:00Z";
    b.source = "import";
    b.description = "Line one.\r\nLine two.";
    b.referral_routes = {ReferralRoute::School, ReferralRoute::Gp};
    b.delivery_modes = {DeliveryMode::Online, DeliveryMode::InPerson};
    EXPECT_TRUE(diff(a, b).empty()) << "line endings and the order of a set are not changes";
    EXPECT_TRUE(changed_fields(a, b).empty());
}

TEST(ServiceDiff, ListsEveryChangedFieldInWords) {
    const auto a = full_service();
    auto b = a;
    b.name = "Speech therapy";
    b.status = ServiceStatus::Active;
    b.min_age.reset();
    b.free = true;
    b.referral_routes = {ReferralRoute::Self};
    b.contacts.push_back({"k2", "Sam Lee", "", {}, {"sam@example.org"}});
    b.schedules[0].closes_at = "16:00";
    b.costs.clear();
    b.term_ids = {"term-a"};
    b.location_ids = {"loc-2"};
    b.closures[0].description = "Christmas Day";
    b.languages = {{"l1", "Welsh"}};
    b.service_areas.clear();
    b.how_to_access = {"Ask your GP"};
    b.review_due = "2026-06-01";
    DiffNames names;
    names.term = [](const std::string& id) { return id == "term-a" ? "Autism" : "ADHD"; };
    names.location = [](const std::string& id) { return id == "loc-1" ? "Bicester clinic" : ""; };
    const auto changes = diff(a, b, names);
    const std::vector<FieldChange> expected = {
        {"name", "Service name", "Speech and language therapy", "Speech therapy"},
        {"status", "Status", "Temporarily closed", "Open"},
        {"min_age", "Minimum age", "2", ""},
        {"referral_routes", "How a family can be referred",
         "GP referral; School or setting referral", "Self-referral"},
        {"how_to_access", "Step 2", "Wait for a letter", ""},
        {"free", "Free", "No", "Yes"},
        {"costs", "Cost 1", "Session – £12.50 – per hour", ""},
        {"languages", "Languages", "Polish", "Welsh"},
        {"location_ids", "Locations", "Bicester clinic", "loc-2"},
        {"contacts", "Contact 2", "", "Sam Lee, sam@example.org"},
        {"schedules", "Opening times 1", "Monday, Friday – 09:00 to 17:00 – Term time",
         "Monday, Friday – 09:00 to 16:00 – Term time"},
        {"closures", "Closure 1", "2026-12-25 – Christmas", "2026-12-25 – Christmas Day"},
        {"service_areas", "Areas served", "Oxfordshire", ""},
        {"term_ids", "Categories and needs", "ADHD; Autism", "Autism"},
        {"review_due", "Review due", "2027-01-01", "2026-06-01"},
    };
    ASSERT_EQ(changes.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(changes[i], expected[i]) << i;
    EXPECT_EQ(changed_fields(a, b),
              (std::vector<std::string>{"name", "status", "min_age", "referral_routes",
                                        "how_to_access", "free", "costs", "languages",
                                        "location_ids", "contacts", "schedules", "closures",
                                        "service_areas", "term_ids", "review_due"}));
}

TEST(ServiceDiff, DescribeListsEveryFieldOfARecord) {
    const auto fields = describe(full_service());
    ASSERT_GE(fields.size(), 25u);
    EXPECT_EQ(fields[0], (FieldChange{"name", "Service name", "", "Speech and language therapy"}));
    const auto contact = std::find_if(fields.begin(), fields.end(),
                                      [](const auto& f) { return f.label == "Contact 1"; });
    ASSERT_NE(contact, fields.end());
    EXPECT_EQ(contact->after, "Jane Smith, Therapist, 01865 000000 (Office), jane@example.org");
    EXPECT_EQ(field_label("term_ids"), "Categories and needs");
    EXPECT_EQ(field_label("unknown"), "unknown");
}

TEST(ServiceMerge, TakesOnlyTheAuthorsFieldsAndFindsConflicts) {
    const auto base = full_service();
    auto proposed = base;
    proposed.summary = "Help with talking and listening.";
    proposed.waiting_time = "4 weeks";
    auto live = base;
    live.description = "Published since.";
    live.waiting_time = "8 weeks";
    const auto merged = merge(base, proposed, live);
    EXPECT_EQ(merged.summary, "Help with talking and listening.");
    EXPECT_EQ(merged.description, "Published since.") << "the other change stays";
    EXPECT_EQ(merged.waiting_time, "4 weeks");
    EXPECT_EQ(conflicting_fields(base, proposed, live), (std::vector<std::string>{"waiting_time"}));
    live.waiting_time = "4 weeks";
    EXPECT_TRUE(conflicting_fields(base, proposed, live).empty()) << "same value is no conflict";
    EXPECT_EQ(merge(base, proposed, base), proposed);
}

TEST(ChangeStates, CodesAndLabelsRoundTrip) {
    for (auto s : {ChangeState::Draft, ChangeState::Pending, ChangeState::Approved,
                   ChangeState::Rejected, ChangeState::Withdrawn})
        EXPECT_EQ(change_state_from_code(to_code(s)), s);
    EXPECT_EQ(label(ChangeState::Pending), "Waiting for approval");
    EXPECT_FALSE(change_state_from_code("published"));
    for (auto s : {VersionSource::Initial, VersionSource::Admin, VersionSource::Approval,
                   VersionSource::Restore, VersionSource::Import})
        EXPECT_EQ(version_source_from_code(to_code(s)), s);
}

}  // namespace
}  // namespace lo::domain
