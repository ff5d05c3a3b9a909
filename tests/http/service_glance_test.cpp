// Issue 14: the service page answers a parent's first questions in "At a glance" before anything
// else, and prints full web addresses.
#include "web/public/service_glance.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace lo::test {
namespace {

using domain::ReferralRoute;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Where text first appears, or npos.
std::size_t at(const std::string& body, const std::string& text) {
    return body.find(text);
}

TEST(ServiceGlanceLines, HowToGetItIsOnePlainLine) {
    using web::public_::how_to_get_it;
    EXPECT_EQ(how_to_get_it({ReferralRoute::Self}), "You can refer yourself");
    EXPECT_EQ(how_to_get_it(
                  {ReferralRoute::Gp, ReferralRoute::HealthProfessional, ReferralRoute::School}),
              "Ask your GP, health visitor, nursery or school to refer your child");
    EXPECT_EQ(how_to_get_it({ReferralRoute::School}),
              "Ask your nursery or school to refer your child");
    EXPECT_EQ(how_to_get_it({ReferralRoute::Self, ReferralRoute::Gp}),
              "You can refer yourself, or ask your GP to refer your child");
    EXPECT_EQ(how_to_get_it({ReferralRoute::EhcPlan}),
              "For children and young people with an education, health and care (EHC) plan");
    EXPECT_EQ(how_to_get_it({ReferralRoute::School, ReferralRoute::EhcPlan}),
              "Ask your nursery or school to refer your child. Your child needs an education, "
              "health and care (EHC) plan");
    EXPECT_EQ(how_to_get_it({}), "Contact the service to ask how to get it");
}

TEST(ServiceGlanceLines, CostInAFewWords) {
    using web::public_::cost_line;
    domain::Service s;
    EXPECT_EQ(cost_line(s), "Free");
    s.costs = {{.option = "Trips", .amount = 5.0}};
    EXPECT_EQ(cost_line(s), "Free, but some things cost money");
    s.free = false;
    s.costs = {{.option = "Assessment", .amount = 25.5, .amount_description = "per session"},
               {.option = "Report", .amount = 40.0}};
    EXPECT_EQ(cost_line(s), "Assessment: £25.50 per session, and other costs");
}

class ServiceGlanceTest : public PublicSiteTest {};

TEST_F(ServiceGlanceTest, AtAGlanceComesFirstWithTheFourAnswers) {
    const auto clinic = add_location({.name = "Rose Hill Children's Centre",
                                      .address_1 = "1 Ashhurst Way",
                                      .city = "Oxford",
                                      .postcode = "OX4 4RF"});
    const auto autism = add_term("send-needs", "autism", "Autism");
    const auto s = add_service({
        .name = "Speech and language therapy",
        .summary = "Help for children who find it hard to talk or understand.",
        .description = "We assess children's speech.",
        .email = "speech@example.org.uk",
        .min_age = 0,
        .max_age = 18,
        .referral_routes = {ReferralRoute::Gp, ReferralRoute::School},
        .last_checked = "2026-05-14",
        .review_due = "2099-05-14",
        .location_ids = {clinic.id},
        .contacts = {{.phones = {{.number = "01865 123456"}}}},
        .schedules = {{.days = {domain::Weekday::Monday},
                       .opens_at = "09:00",
                       .closes_at = "17:00"}},
        .term_ids = {autism},
    });
    const auto res = get("/services/" + s.id);
    ASSERT_EQ(res.status, 200) << res.body;
    const auto& body = res.body;
    const std::string rows[] = {
        R"(data-glance="checked">Last checked 14 May 2026</p>)",
        R"(data-glance="age">)",
        "Ages 0 to 18",
        R"(data-glance="how">)",
        "Ask your GP, nursery or school to refer your child",
        R"(data-glance="cost">)",
        "Free",
        R"(data-glance="needs">)",
        "Autism",
        R"(data-glance="where">)",
        "Rose Hill Children&apos;s Centre, Oxford",
        R"(data-glance="when">)",
        "Monday, 9am to 5pm",
        R"(data-glance="contact">)",
        R"(href="tel:01865123456">Call 01865 123456</a>)",
        R"(href="mailto:speech@example.org.uk">speech@example.org.uk</a>)",
    };
    std::size_t previous = 0;
    for (const auto& text : rows) {
        const auto where = body.find(text, previous);
        ASSERT_NE(where, std::string::npos) << "missing, or out of order: " << text;
        previous = where;
    }
    // The block comes straight after the name, before the summary and the full sections.
    EXPECT_LT(at(body, "<h1"), at(body, ">At a glance</h2>"));
    EXPECT_LT(at(body, ">At a glance</h2>"), at(body, "lo-service-summary\">Help for children"));
    EXPECT_LT(at(body, ">At a glance</h2>"), at(body, "What this service does"));
}

TEST_F(ServiceGlanceTest, PrintShowsFullWebAddresses) {
    const auto health = add_term("categories", "health", "Health");
    const auto s = add_service({.name = "Toy library", .term_ids = {health}});
    const auto res = get("/services/" + s.id);
    ASSERT_EQ(res.status, 200);
    const auto base = site_.base_url;
    EXPECT_TRUE(contains(res.body, "<p class=\"govuk-body-s lo-print-only\">This page: " + base +
                                       "/services/" + s.id + "</p>"));
    EXPECT_TRUE(contains(
        res.body, "data-print-url=\"" + base + "/organisations/" + organisation_id() + "\""));
    EXPECT_TRUE(
        contains(res.body, "data-print-url=\"" + base +
                               "/categories/health\" href=\"/categories/health\">Health</a>"));
}

}  // namespace
}  // namespace lo::test
