// The service page: every field in plain English, hidden addresses, the out-of-date notice,
// status banners, escaping, JSON-LD and 404s.
#include "web/public/pages.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "fixtures.hpp"

namespace lo::test {
namespace {

using domain::Weekday;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// A date safely in the future, whatever day the tests run.
std::string future_date() {
    return domain::to_string(domain::add_months(domain::today_utc(), 2));
}

// The page without its JSON-LD data block, which holds the same text as JSON.
std::string without_json_ld(const std::string& body) {
    const auto start = body.find("<script type=\"application/ld+json\">");
    if (start == std::string::npos) return body;
    const auto end = body.find("</script>", start);
    return body.substr(0, start) + body.substr(end + 9);
}

class ServicePageTest : public PublicSiteTest {};

TEST_F(ServicePageTest, ShowsEveryFieldInPlainEnglish) {
    const auto clinic = add_location({.name = "Rose Hill Children's Centre",
                                      .address_1 = "1 Ashhurst Way",
                                      .city = "Oxford",
                                      .postcode = "OX4 4RF",
                                      .latitude = 51.7288,
                                      .longitude = -1.2268,
                                      .accessibility = {"Step-free access", "Hearing loop"}});
    add_term("categories", "health", "Health");
    const auto therapy = add_term("categories", "therapy", "Therapy", "health");
    const auto autism = add_term("send-needs", "autism", "Autism");
    const auto future_closure = future_date();
    const auto s = add_service({
        .name = "Speech and language therapy",
        .summary = "Help for children who find it hard to talk or understand.",
        .description = "We assess children's speech.\n\nWe run groups for parents.",
        .url = "https://www.example.org.uk/speech",
        .email = "speech@example.org.uk",
        .min_age = 0,
        .max_age = 18,
        .eligibility = "Children who live in Oxfordshire.",
        .referral_routes = {domain::ReferralRoute::Self, domain::ReferralRoute::Gp},
        .referral_url = "https://www.example.org.uk/refer",
        .how_to_access = {"Fill in the referral form", "We call you within 2 weeks"},
        .free = false,
        .costs = {{.option = "Assessment", .amount = 25.5, .amount_description = "per session"}},
        .languages = {{.name = "English"}, {.name = "Polish"}},
        .delivery_modes = {domain::DeliveryMode::InPerson, domain::DeliveryMode::Online},
        .waiting_time = "About 6 weeks",
        .last_checked = "2026-05-14",
        .review_due = "2099-05-14",
        .location_ids = {clinic.id},
        .contacts = {{.name = "Sam Jones",
                      .title = "Team manager",
                      .phones = {{.number = "01865 123456", .description = "Monday to Friday"}},
                      .emails = {"sam.jones@example.org.uk"}}},
        .schedules = {{.days = {Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday,
                                Weekday::Thursday, Weekday::Friday},
                       .opens_at = "09:00",
                       .closes_at = "17:00",
                       .description = "term time only"}},
        .closures = {{.date = future_closure, .description = "Staff training"},
                     {.date = "2001-01-01", .description = "Long ago"}},
        .service_areas = {{.name = "Oxfordshire"}},
        .term_ids = {therapy, autism},
    });

    const auto res = get("/services/" + s.id);
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_EQ(res.header("Content-Type"), "text/html; charset=utf-8");
    const auto& body = res.body;
    const auto date = domain::long_date(*domain::parse_date(future_closure));
    const std::string expected[] = {
        "<title>Speech and language therapy – SEND Local Offer – Demo Council</title>",
        "<h1 class=\"govuk-heading-l\">Speech and language therapy</h1>",
        "Help for children who find it hard to talk or understand.",
        "What this service does",
        "<p class=\"govuk-body\">We assess children&apos;s speech.</p>",
        "<p class=\"govuk-body\">We run groups for parents.</p>",
        "href=\"/categories/therapy\">Therapy</a>",
        "Who it is for",
        "Ages 0 to 18",
        "<strong class=\"govuk-tag govuk-tag--blue\">Autism</strong>",
        "Children who live in Oxfordshire.",
        "<li>Oxfordshire</li>",
        "How to get it",
        "<li>You can contact this service yourself</li>",
        "<li>Your GP can refer you</li>",
        "<ol class=\"govuk-list govuk-list--number\">",
        "<li>Fill in the referral form</li>",
        "href=\"https://www.example.org.uk/refer\"",
        "About 6 weeks",
        "Cost",
        "<li>Assessment: £25.50 per session</li>",
        "When it is open",
        "Monday to Friday, 9am to 5pm (term time only)",
        "Closed on " + date + ": Staff training",
        "Where",
        "Rose Hill Children&apos;s Centre",
        "1 Ashhurst Way",
        "OX4 4RF",
        "<li>Step-free access</li>",
        "<li>Hearing loop</li>",
        "href=\"https://www.openstreetmap.org/directions?to=51.7288%2C-1.2268\"",
        "Get directions on OpenStreetMap",
        "How it is delivered",
        "<li>In person</li>",
        "<li>Online</li>",
        "Contact",
        "href=\"https://www.example.org.uk/speech\">www.example.org.uk/speech</a>",
        "href=\"mailto:speech@example.org.uk\"",
        "<strong>Sam Jones</strong>, Team manager",
        "href=\"tel:01865123456\">01865 123456</a> (Monday to Friday)",
        "href=\"mailto:sam.jones@example.org.uk\"",
        "Languages",
        "This service is available in English and Polish.",
        "Provided by",
        "href=\"/organisations/" + organisation_id() + "\">Oxford Children&apos;s Health</a>",
        "Last checked: 14 May 2026",
    };
    for (const auto& text : expected) EXPECT_TRUE(contains(body, text)) << "missing: " << text;
    EXPECT_FALSE(contains(body, "Long ago")) << "past closures are not shown";
    EXPECT_FALSE(contains(body, "may be out of date"));
    EXPECT_FALSE(contains(body, "govuk-notification-banner")) << "an open service has no banner";
    EXPECT_FALSE(contains(body, "Free</p>"));
}

TEST_F(ServicePageTest, FreeServiceWithOnlyANameStillReadsWell) {
    const auto s = add_service({.name = "Toy library"});
    const auto res = get("/services/" + s.id);
    ASSERT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body, "<p class=\"govuk-body\">Free</p>"));
    EXPECT_TRUE(contains(res.body, "Contact the service to find out how to use it."));
    EXPECT_TRUE(contains(res.body, "Contact the service to find out when it is open."));
    EXPECT_FALSE(contains(res.body, "Who it is for"));
    EXPECT_FALSE(contains(res.body, ">Where<"));
}

TEST_F(ServicePageTest, HiddenAddressShowsOnlyTownAndPostcodeDistrict) {
    const auto home = add_location({.name = "Jo's Childminding",
                                    .address_1 = "12 Secret Lane",
                                    .address_2 = "Hidden Estate",
                                    .city = "Bicester",
                                    .postcode = "OX26 6BL",
                                    .latitude = 51.9,
                                    .longitude = -1.15,
                                    .hide_address = true});
    const auto s = add_service({.name = "Childminder", .location_ids = {home.id}});
    const auto res = get("/services/" + s.id);
    ASSERT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body, "Bicester"));
    EXPECT_TRUE(contains(res.body, ">OX26<"));
    for (const char* secret :
         {"12 Secret Lane", "Hidden Estate", "6BL", "51.9", "openstreetmap", "geo:"})
        EXPECT_FALSE(contains(res.body, secret)) << secret;
    EXPECT_TRUE(contains(res.body, "we only show the town and the first part of the postcode"));
}

TEST_F(ServicePageTest, OverdueReviewShowsAWarning) {
    const auto s = add_service({.last_checked = "2019-03-01", .review_due = "2020-03-01"});
    const auto res = get("/services/" + s.id);
    ASSERT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body,
                         "This information may be out of date. It was due to be checked on 1 March "
                         "2020. Contact the service to make sure it is still right."))
        << res.body;
    EXPECT_TRUE(contains(res.body, "Last checked: 1 March 2019"));
}

TEST_F(ServicePageTest, StatusOtherThanActiveShowsABanner) {
    struct Case {
        domain::ServiceStatus status;
        const char* text;
    };
    const Case cases[] = {
        {domain::ServiceStatus::TemporarilyClosed, "This service is temporarily closed."},
        {domain::ServiceStatus::Inactive, "This service is not running at the moment."},
        {domain::ServiceStatus::Defunct, "This service has closed and is no longer available."},
    };
    for (const auto& c : cases) {
        const auto s = add_service({.status = c.status});
        const auto res = get("/services/" + s.id);
        ASSERT_EQ(res.status, 200);
        EXPECT_TRUE(contains(res.body, "govuk-notification-banner")) << c.text;
        EXPECT_TRUE(contains(res.body, c.text)) << c.text;
    }
}

TEST_F(ServicePageTest, NamesAreEscaped) {
    const auto s =
        add_service({.name = "<script>alert(1)</script>", .summary = "\"quoted\" & <b>bold</b>"});
    const auto res = get("/services/" + s.id);
    ASSERT_EQ(res.status, 200);
    const auto html = without_json_ld(res.body);
    EXPECT_TRUE(
        contains(html, "<h1 class=\"govuk-heading-l\">&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
    EXPECT_TRUE(contains(html, "<title>&lt;script&gt;alert(1)&lt;/script&gt; – SEND Local Offer"));
    EXPECT_TRUE(contains(html, "&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"));
    EXPECT_FALSE(contains(html, "<script")) << "no script element but the data block";
    EXPECT_FALSE(contains(html, "<b>bold"));
    EXPECT_FALSE(contains(res.body, "</script><")) << "the data block cannot be closed early";
}

TEST_F(ServicePageTest, UrgentHelpComesFirstInAWarningWithTapToCallNumbers) {
    const auto s = add_service(
        {.name = "Crisis team",
         .description = "We help young people in a mental health crisis.",
         .urgent_help = "If a life is at risk, phone 999.\n\nOut of hours, phone 0800 953 1919 or "
                        "NHS 111. <b>Not</b> for routine referrals."});
    const auto html = without_json_ld(get("/services/" + s.id).body);
    const auto box = html.find("data-urgent-help");
    ASSERT_NE(box, std::string::npos);
    EXPECT_LT(box, html.find("At a glance")) << "before anything else about the service";
    EXPECT_LT(box, html.find("What this service does"));
    EXPECT_TRUE(contains(html, "Warning: if you need help now"));
    EXPECT_TRUE(contains(html, "<a class=\"govuk-link\" href=\"tel:999\">999</a>"));
    EXPECT_TRUE(contains(html, "href=\"tel:08009531919\""));
    EXPECT_TRUE(contains(html, "href=\"tel:111\""));
    EXPECT_TRUE(contains(html, "&lt;b&gt;Not&lt;/b&gt;")) << "escaped before numbers are linked";
    EXPECT_FALSE(contains(html, "<b>Not"));

    const auto plain = add_service({.name = "Play group"});
    EXPECT_FALSE(contains(get("/services/" + plain.id).body, "data-urgent-help"));
}

TEST_F(ServicePageTest, JsonLdIsValidAndCannotCloseItsScript) {
    const auto s = add_service({.name = "Club </script><script>alert(1)</script>",
                                .summary = "Fun <!-- here",
                                .min_age = 5,
                                .service_areas = {{.name = "Oxfordshire"}}});
    const auto res = get("/services/" + s.id);
    ASSERT_EQ(res.status, 200);
    const std::string open = "<script type=\"application/ld+json\">";
    const auto start = res.body.find(open);
    ASSERT_NE(start, std::string::npos);
    const auto end = res.body.find("</script>", start);
    ASSERT_NE(end, std::string::npos);
    const auto text = res.body.substr(start + open.size(), end - start - open.size());
    EXPECT_FALSE(contains(text, "</")) << text;
    EXPECT_FALSE(contains(text, "<!--")) << text;
    EXPECT_TRUE(contains(text, "<\\/script>")) << text;
    const auto j = nlohmann::json::parse(text);
    EXPECT_EQ(j["@type"], "Service");
    EXPECT_EQ(j["name"], "Club </script><script>alert(1)</script>");
    EXPECT_EQ(j["url"], "http://localhost:8080/services/" + s.id);
    EXPECT_EQ(j["provider"]["name"], "Oxford Children's Health");
    EXPECT_EQ(j["audience"]["suggestedMinAge"], 5);
    EXPECT_EQ(j["areaServed"][0]["name"], "Oxfordshire");
    EXPECT_FALSE(contains(without_json_ld(res.body), "<script")) << "no executable script";
}

TEST_F(ServicePageTest, TextThatIsNotUtf8StillRenders) {
    const auto s = add_service({.name = "Caf\xe9 club"});
    const auto res = get("/services/" + s.id);
    EXPECT_EQ(res.status, 200);
}

TEST_F(ServicePageTest, UnknownOrMalformedIdsAre404) {
    add_service({});
    const std::vector<std::string> targets = {"/services/" + domain::new_uuid(),
                                              "/services/not-a-uuid", "/services/%3Cscript%3E",
                                              "/services/123"};
    for (const auto& target : targets) {
        const auto res = get(target);
        EXPECT_EQ(res.status, 404) << target;
        EXPECT_TRUE(contains(res.body, "Page not found")) << target;
        EXPECT_TRUE(contains(res.body, "We could not find that service.")) << target;
        EXPECT_FALSE(contains(res.body, "<script>")) << target;
    }
}

TEST_F(ServicePageTest, UppercaseIdFindsTheService) {
    const auto s = add_service({});
    std::string upper = s.id;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(get("/services/" + upper).status, 200);
}

}  // namespace
}  // namespace lo::test
