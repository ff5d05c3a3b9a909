// Domain validation: every rule and the exact plain-English message a person sees.
#include "domain/validation.hpp"

#include <gtest/gtest.h>

#include "domain/dates.hpp"
#include "domain/ids.hpp"

namespace lo::domain {
namespace {

Service valid_service() {
    Service s;
    s.id = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
    s.organisation_id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    s.name = "Children's Speech and Language Therapy";
    s.min_age = 0;
    s.max_age = 18;
    return s;
}

std::string message_for(const ValidationErrors& errors, const std::string& field) {
    for (const auto& e : errors)
        if (e.field == field) return e.message;
    return "(no error for " + field + ")";
}

TEST(ServiceValidation, AcceptsAMinimalService) {
    EXPECT_TRUE(validate(valid_service()).empty());
}

TEST(ServiceValidation, RequiresAName) {
    auto s = valid_service();
    s.name = "   ";
    EXPECT_EQ(validate(s), (ValidationErrors{{"name", "Enter the service name"}}));
}

TEST(ServiceValidation, RequiresAnOrganisation) {
    auto s = valid_service();
    s.organisation_id.clear();
    EXPECT_EQ(message_for(validate(s), "organisation_id"),
              "Choose the organisation that provides this service");
}

TEST(ServiceValidation, RejectsMaxAgeBelowMinAge) {
    auto s = valid_service();
    s.min_age = 10;
    s.max_age = 5;
    EXPECT_EQ(validate(s), (ValidationErrors{{"max_age",
                                              "Maximum age must be the same as or more than the "
                                              "minimum age"}}));
}

TEST(ServiceValidation, RejectsAgesOutsideZeroToTwentyFive) {
    auto s = valid_service();
    s.min_age = -3;
    s.max_age = 26;
    const auto errors = validate(s);
    EXPECT_EQ(message_for(errors, "min_age"), "Minimum age must be between 0 and 25 years");
    EXPECT_EQ(message_for(errors, "max_age"), "Maximum age must be between 0 and 25 years");
}

TEST(ServiceValidation, RejectsABadIdWebAddressAndEmail) {
    auto s = valid_service();
    s.id = "not-a-uuid";
    s.url = "www.example.org";
    s.email = "someone@";
    const auto errors = validate(s);
    EXPECT_EQ(message_for(errors, "id"),
              "The id must be a UUID, like 3f2504e0-4f89-41d3-9a0c-0305e82c3301");
    EXPECT_EQ(message_for(errors, "url"),
              "Enter a web address that starts with https:// or http://, like "
              "https://www.example.org.uk");
    EXPECT_EQ(message_for(errors, "email"),
              "Enter an email address in the correct format, like name@example.org.uk");
}

TEST(ServiceValidation, APaidServiceNeedsACost) {
    auto s = valid_service();
    s.free = false;
    EXPECT_EQ(message_for(validate(s), "costs"),
              "Add at least one cost, or mark the service as free");
}

TEST(ServiceValidation, ChecksScheduleTimesAndDays) {
    auto s = valid_service();
    s.schedules = {{"", {}, "9am", "17:00", ""}, {"", {Weekday::Monday}, "17:00", "09:00", ""}};
    const auto errors = validate(s);
    EXPECT_EQ(message_for(errors, "schedules[0].days"), "Choose at least one day");
    EXPECT_EQ(message_for(errors, "schedules[0].opens_at"),
              "Enter the opening time in 24-hour format, like 09:00");
    EXPECT_EQ(message_for(errors, "schedules[1].closes_at"),
              "The closing time must be after the opening time");
}

TEST(ServiceValidation, ChecksContactPhonesAndEmails) {
    auto s = valid_service();
    s.contacts = {{"", "Team", "", {{"", "call us", ""}}, {"nope"}}};
    const auto errors = validate(s);
    EXPECT_EQ(message_for(errors, "contacts[0].phones[0].number"),
              "Enter a phone number, like 01865 123456 or +44 1865 123456");
    EXPECT_EQ(message_for(errors, "contacts[0].emails[0]"),
              "Enter an email address in the correct format, like name@example.org.uk");
}

TEST(ServiceValidation, ChecksDates) {
    auto s = valid_service();
    s.last_checked = "2026-02-30";
    s.closures = {{"", "25/12/2026", ""}};
    const auto errors = validate(s);
    EXPECT_EQ(message_for(errors, "last_checked"),
              "The date the service was last checked must be a real date in the format "
              "YYYY-MM-DD, like 2026-03-31");
    EXPECT_EQ(message_for(errors, "closures[0].date"),
              "The closure date must be a real date in the format YYYY-MM-DD, like 2026-12-25");
    s = valid_service();
    s.last_checked = "2026-05-01";
    s.review_due = "2026-04-01";
    EXPECT_EQ(message_for(validate(s), "review_due"),
              "The review date must be on or after the date it was last checked");
}

TEST(ServiceValidation, LimitsLongText) {
    auto s = valid_service();
    s.name = std::string(201, 'a');
    EXPECT_EQ(message_for(validate(s), "name"), "The service name must be 200 characters or fewer");
}

TEST(ServiceCompletion, ReviewIsDueTwelveMonthsAfterTheLastCheck) {
    auto s = valid_service();
    s.last_checked = "2024-02-29";
    complete(s);
    EXPECT_EQ(s.review_due, "2025-02-28");
    s.review_due.clear();
    complete(s, 6);
    EXPECT_EQ(s.review_due, "2024-08-29");
}

TEST(ServiceCompletion, ChildIdsAreStableAcrossLoads) {
    auto a = valid_service();
    a.contacts = {{"", "Team", "", {{"", "01865 123456", ""}}, {}}};
    a.costs = {{"", "Per session", 5.0, ""}};
    auto b = a;
    complete(a);
    complete(b);
    EXPECT_TRUE(is_uuid(a.contacts[0].id));
    EXPECT_EQ(a.contacts[0].id, b.contacts[0].id);
    EXPECT_EQ(a.contacts[0].phones[0].id, b.contacts[0].phones[0].id);
    EXPECT_NE(a.contacts[0].id, a.contacts[0].phones[0].id);
    EXPECT_EQ(a.costs[0].id, b.costs[0].id);
}

// Two closures on one day, or an area or a language listed twice, used to share a derived id,
// and the save then failed on the database's unique key, losing the whole service.
TEST(ServiceCompletion, ChildrenWithTheSameKeyGetIdsOfTheirOwn) {
    auto a = valid_service();
    a.closures = {{"", "2026-12-25", "Christmas Day"}, {"", "2026-12-25", "Staff training"}};
    a.service_areas = {{"", "Oxford"}, {"", "Oxford"}};
    a.languages = {{"", "English"}, {"", "English"}};
    auto b = a;
    complete(a);
    complete(b);
    EXPECT_NE(a.closures[0].id, a.closures[1].id);
    EXPECT_NE(a.service_areas[0].id, a.service_areas[1].id);
    EXPECT_NE(a.languages[0].id, a.languages[1].id);
    EXPECT_EQ(a.closures[1].id, b.closures[1].id) << "still the same on every load";
    auto single = valid_service();
    single.id = a.id;
    single.closures = {{"", "2026-12-25", "Christmas Day"}};
    complete(single);
    EXPECT_EQ(single.closures[0].id, a.closures[0].id) << "the first keeps the id it always had";
}

TEST(LocationValidation, ChecksPostcodeAndCoordinates) {
    Location l;
    l.id = new_uuid();
    l.name = "Clinic";
    l.postcode = "OX99 99ZZ";
    l.latitude = 40.0;
    const auto errors = validate(l);
    EXPECT_EQ(message_for(errors, "postcode"), "Enter a real UK postcode, like OX3 9DU");
    EXPECT_EQ(message_for(errors, "longitude"), "Enter both latitude and longitude, or neither");
    EXPECT_EQ(message_for(errors, "latitude"),
              "Latitude must be between 49 and 61 for a place in the UK");
}

TEST(LocationValidation, NeedsANameOrAnAddress) {
    Location l;
    l.id = new_uuid();
    EXPECT_EQ(message_for(validate(l), "name"),
              "Enter a name for the place or the first line of its address");
}

TEST(OrganisationValidation, RequiresAName) {
    Organisation o;
    o.id = new_uuid();
    EXPECT_EQ(validate(o), (ValidationErrors{{"name", "Enter the organisation's name"}}));
}

TEST(TermValidation, RejectsBadCodesAndSelfParent) {
    TaxonomyTerm t;
    t.id = new_uuid();
    t.taxonomy_id = new_uuid();
    t.parent_id = t.id;
    t.name = "Autism";
    t.code = "Autism Spectrum";
    const auto errors = validate(t);
    EXPECT_EQ(message_for(errors, "code"),
              "The code must use only lowercase letters, numbers and hyphens");
    EXPECT_EQ(message_for(errors, "parent_id"), "A term cannot be its own parent");
}

TEST(AdviceValidation, RequiresTitleSlugAndBody) {
    AdvicePage p;
    p.id = new_uuid();
    p.slug = "EHC plans";
    const auto errors = validate(p);
    EXPECT_EQ(message_for(errors, "title"), "Enter the page title");
    EXPECT_EQ(message_for(errors, "slug"),
              "The web address ending must use only lowercase letters, numbers and hyphens");
    EXPECT_EQ(message_for(errors, "body_markdown"), "Write the page content");
}

TEST(Postcodes, NormaliseCaseAndSpacing) {
    EXPECT_EQ(normalise_postcode("ox39du"), "OX3 9DU");
    EXPECT_EQ(normalise_postcode(" e17  4ju "), "E17 4JU");
    EXPECT_EQ(normalise_postcode("SW1A1AA"), "SW1A 1AA");
    EXPECT_EQ(normalise_postcode("W2 1NY"), "W2 1NY");
    EXPECT_FALSE(normalise_postcode("OX3"));
    EXPECT_FALSE(normalise_postcode("12345"));
    EXPECT_FALSE(normalise_postcode("OX3 9D"));
    EXPECT_EQ(normalise_outcode("ox26"), "OX26");
    EXPECT_EQ(normalise_outcode("SW1A"), "SW1A");
    EXPECT_FALSE(normalise_outcode("OXX"));
}

TEST(WebAddresses, NeedSchemeAndHost) {
    EXPECT_TRUE(is_valid_web_address("https://www.oxfordshire.gov.uk/send"));
    EXPECT_TRUE(is_valid_web_address("http://example.org?x=1"));
    EXPECT_FALSE(is_valid_web_address("javascript:alert(1)"));
    EXPECT_FALSE(is_valid_web_address("https://"));
    EXPECT_FALSE(is_valid_web_address("https://exa mple.org"));
    EXPECT_FALSE(is_valid_web_address("ftp://example.org"));
}

TEST(Slugs, AreLowercaseHyphenated) {
    EXPECT_EQ(slugify("Children's Speech & Language Therapy"), "childrens-speech-language-therapy");
    EXPECT_TRUE(is_valid_slug("ehc-plans"));
    EXPECT_FALSE(is_valid_slug("ehc--plans"));
    EXPECT_FALSE(is_valid_slug("-ehc"));
}

TEST(Ids, NewUuidsAreVersion4AndDistinct) {
    const auto a = new_uuid(), b = new_uuid();
    EXPECT_TRUE(is_uuid(a));
    EXPECT_EQ(a[14], '4');
    EXPECT_NE(a, b);
    EXPECT_FALSE(is_uuid("3f2504e0-4f89-41d3-9a0c-0305e82c330"));
    EXPECT_FALSE(is_uuid("3f2504e0x4f89-41d3-9a0c-0305e82c3301"));
    EXPECT_EQ(derived_uuid("a", "b"), derived_uuid("a", "b"));
    EXPECT_NE(derived_uuid("a", "b"), derived_uuid("a", "c"));
    EXPECT_NE(derived_uuid("ab", ""), derived_uuid("a", "b"));
}

TEST(Dates, ParseOnlyRealDates) {
    EXPECT_TRUE(parse_date("2024-02-29"));
    EXPECT_FALSE(parse_date("2023-02-29"));
    EXPECT_FALSE(parse_date("2026-13-01"));
    EXPECT_FALSE(parse_date("26-01-01"));
    EXPECT_EQ(long_date(*parse_date("2026-05-04")), "4 May 2026");
    EXPECT_EQ(days_between(*parse_date("2026-01-01"), *parse_date("2026-03-01")), 59);
    EXPECT_EQ(weekday_index(*parse_date("2026-11-23")), 0);  // a Monday
}

TEST(Dates, Rfc3339) {
    EXPECT_TRUE(is_rfc3339("2026-11-23T10:15:02Z"));
    EXPECT_TRUE(is_rfc3339("2026-11-23T10:15:02.123+01:00"));
    EXPECT_FALSE(is_rfc3339("2026-11-23 10:15:02"));
    EXPECT_FALSE(is_rfc3339("2026-11-23T25:15:02Z"));
    EXPECT_TRUE(is_rfc3339(now_rfc3339()));
    EXPECT_EQ(rfc3339_at(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(rfc3339_at(1796551200), "2026-12-06T10:00:00Z");
}

TEST(Labels, CodesRoundTrip) {
    for (auto r : kAllReferralRoutes) EXPECT_EQ(referral_route_from_code(to_code(r)), r);
    for (auto m : kAllDeliveryModes) EXPECT_EQ(delivery_mode_from_code(to_code(m)), m);
    EXPECT_EQ(label(ReferralRoute::Gp), "Your GP can refer you");
    EXPECT_EQ(short_label(ReferralRoute::Self), "Self-referral");
    EXPECT_FALSE(referral_route_from_code("GP"));
}

}  // namespace
}  // namespace lo::domain

#include "domain/feedback.hpp"

namespace lo::domain {
namespace {

TEST(FeedbackScrubbing, RemovesEmailAddressesAndPhoneNumbers) {
    EXPECT_EQ(remove_personal_details("Email me at jo.bloggs+x@example.co.uk please"),
              "Email me at [email removed] please");
    EXPECT_EQ(remove_personal_details("ring 01865 904 435 or +44 (0)7700 900123."),
              "ring [phone number removed] or [phone number removed].");
    EXPECT_EQ(remove_personal_details("My son is 4 and we waited 18 weeks in 2026"),
              "My son is 4 and we waited 18 weeks in 2026");
    EXPECT_EQ(remove_personal_details("twitter @localoffer"), "twitter @localoffer");
}

TEST(FeedbackValidation, NeedsAnAnswerOrAComment) {
    Feedback f{new_uuid(), "", "/services", std::nullopt, ""};
    EXPECT_EQ(validate(f), (ValidationErrors{{"comment",
                                              "Tell us what you were trying to do, or choose yes "
                                              "or no"}}));
    f.useful = false;
    f.comment = std::string(1201, 'a');
    EXPECT_EQ(validate(f),
              (ValidationErrors{{"comment", "Your comment must be 1200 characters or fewer"}}));
    f.comment = "ok";
    f.page = "https://evil.example";
    EXPECT_EQ(validate(f)[0].field, "page");
}

}  // namespace
}  // namespace lo::domain

namespace lo::domain {
namespace {

TEST(NonblankLines, TrimsEachLineAndDropsBlankOnes) {
    using V = std::vector<std::string>;
    EXPECT_EQ(nonblank_lines(""), V{});
    EXPECT_EQ(nonblank_lines(" \r\n\t\n"), V{});
    EXPECT_EQ(nonblank_lines("one"), V{"one"});
    EXPECT_EQ(nonblank_lines("  Ask your GP \r\n\r\nWe phone you\n"),
              (V{"Ask your GP", "We phone you"}));
    EXPECT_EQ(nonblank_lines("a\n\n\nb  c\n"), (V{"a", "b  c"}));
}

}  // namespace
}  // namespace lo::domain
