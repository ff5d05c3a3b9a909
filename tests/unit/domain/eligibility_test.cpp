// The eligibility checker's rules, with the exact reasons a family reads.
#include "domain/eligibility.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace lo::domain {
namespace {

const std::vector<NeedTerm> kNeeds = {
    {"n1", "communication-interaction", "Communication and interaction", ""},
    {"n2", "autism", "Autism", "communication-interaction"},
    {"n3", "semh", "Social, emotional and mental health", ""},
    {"n4", "adhd", "ADHD", "semh"},
    {"n5", "hearing", "Hearing impairment", "sensory-physical"},
};

// Oxfordshire as a circle, and Waltham Forest, far away.
const std::vector<CoverageArea> kAreas = {
    {"Oxfordshire", {51.770, -1.290}, 22},
    {"Waltham Forest", {51.592, -0.012}, 3.3},
};

const GeoPoint kBicester{51.90, -1.14};  // OX26

EligibilityAnswers answers(int age = 4,
                           std::vector<std::string> needs = {"autism"},
                           EhcPlanAnswer ehc = EhcPlanAnswer::No) {
    return {age, std::move(needs), "OX26", kBicester, ehc};
}

Service service(std::optional<int> lo = 0, std::optional<int> hi = 18) {
    Service s;
    s.id = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
    s.name = "Autism support";
    s.min_age = lo;
    s.max_age = hi;
    s.term_ids = {"n2"};
    s.referral_routes = {ReferralRoute::Self};
    s.service_areas = {{"a1", "Oxfordshire"}};
    return s;
}

Assessment assess(const Service& s,
                  const EligibilityAnswers& a = answers(),
                  std::vector<GeoPoint> venues = {}) {
    auto result = assess_service(a, {&s, std::move(venues)}, kAreas, kNeeds);
    EXPECT_TRUE(result.has_value());
    return result.value_or(Assessment{});
}

using Reasons = std::vector<std::string>;

TEST(Eligibility, ALikelyServiceSaysWhyItFits) {
    const auto s = service();
    const auto a = assess(s);
    EXPECT_EQ(a.reasons, (Reasons{"Helps with autism", "Age 4 is within 0 to 18",
                                  "Covers OX26 (Oxfordshire)", "You can refer yourself"}));
    EXPECT_TRUE(a.why_not.empty());
}

TEST(Eligibility, AgeOutsideTheRangeSaysTheRange) {
    const auto s = service(5, 19);
    EXPECT_EQ(assess(s).why_not, (Reasons{"Ages 5 to 19 only"}));
    const auto older = service(0, 17);
    EXPECT_EQ(assess(older, answers(18)).why_not, (Reasons{"Ages 0 to 17 only"}));
}

TEST(Eligibility, AgeLimitsAreInclusiveAndDefaultToTheLocalOfferRange) {
    const auto s = service(4, 4);
    EXPECT_TRUE(assess(s).why_not.empty());
    EXPECT_EQ(assess(s, answers(5)).why_not, (Reasons{"Age 4 only"}));
    const auto open = service(std::nullopt, std::nullopt);
    EXPECT_EQ(assess(open, answers(25)).reasons.at(1), "Age 25 is within 0 to 25");
}

TEST(Eligibility, AServiceElsewhereSaysWhereItCovers) {
    auto s = service();
    s.service_areas = {{"a2", "Waltham Forest"}};
    const auto a = assess(s);
    EXPECT_EQ(a.why_not, (Reasons{"Only covers Waltham Forest, not OX26"}));
    EXPECT_FALSE(a.covers_place);
}

TEST(Eligibility, AnUnknownAreaIsNotHeldAgainstTheService) {
    auto s = service();
    s.service_areas = {{"a3", "Narnia"}};
    const auto a = assess(s);
    EXPECT_TRUE(a.why_not.empty());
    EXPECT_EQ(a.reasons.at(2), "Covers Narnia: ask the service if this includes OX26");
}

TEST(Eligibility, WithoutAreasTheNearestVenueDecides) {
    auto s = service();
    s.service_areas.clear();
    EXPECT_EQ(assess(s, answers(), {{51.91, -1.15}}).reasons.at(2),
              "Has a venue less than a mile from OX26");
    EXPECT_EQ(assess(s, answers(), {{51.592, -0.012}}).why_not,
              (Reasons{"Its nearest venue is 53 miles from OX26"}));
    s.delivery_modes = {DeliveryMode::Online, DeliveryMode::Phone};
    EXPECT_EQ(assess(s).reasons.at(2), "Online or by phone, so you can use it from OX26");
}

// Issue 14: a referral route is how a family gets the service, not a reason it cannot.
TEST(Eligibility, AReferralRouteIsTheNextStepNotAReasonWhyNot) {
    auto s = service();
    s.referral_routes = {ReferralRoute::Gp};
    EXPECT_TRUE(assess(s).why_not.empty());
    s.referral_routes = {ReferralRoute::School};
    EXPECT_TRUE(assess(s).why_not.empty());
    s.referral_routes = {ReferralRoute::Gp, ReferralRoute::HealthProfessional};
    EXPECT_TRUE(assess(s).why_not.empty());
}

TEST(Eligibility, AServiceNeedingAGpOrSchoolReferralIsLikely) {
    auto s = service();
    s.referral_routes = {ReferralRoute::Gp, ReferralRoute::School};
    const auto result = check_eligibility(answers(), {{&s, {}}}, kAreas, kNeeds);
    ASSERT_EQ(result.likely.size(), 1u);
    EXPECT_TRUE(result.close.empty());
    EXPECT_EQ(result.likely[0].next_step, "Needs a referral from your GP, nursery or school");
}

TEST(Eligibility, TheNextStepNamesWhoCanRefer) {
    auto s = service();
    s.referral_routes = {ReferralRoute::Gp};
    EXPECT_EQ(assess(s).next_step, "Needs a referral from your GP, nursery or school");
    s.referral_routes = {ReferralRoute::HealthProfessional};
    EXPECT_EQ(assess(s).next_step, "Needs a referral from a health professional");
    s.referral_routes = {ReferralRoute::School, ReferralRoute::HealthProfessional,
                         ReferralRoute::SocialWorker};
    EXPECT_EQ(assess(s).next_step, "Needs a referral from your GP, nursery or school");
    s.referral_routes = {ReferralRoute::HealthProfessional, ReferralRoute::SocialWorker};
    EXPECT_EQ(assess(s).next_step,
              "Needs a referral from a health professional or a social worker");
    // Families who can refer themselves are told so among the reasons, and need no next step.
    s.referral_routes = {ReferralRoute::Gp, ReferralRoute::Self};
    EXPECT_EQ(assess(s).next_step, "");
    EXPECT_EQ(assess(s).reasons.back(), "You can refer yourself");
    s.referral_routes = {};
    EXPECT_EQ(assess(s).next_step, "");
    EXPECT_TRUE(assess(s).why_not.empty());
}

TEST(Eligibility, AnEhcPlanServiceDependsOnTheAnswer) {
    auto s = service();
    s.referral_routes = {ReferralRoute::Self, ReferralRoute::EhcPlan};
    EXPECT_EQ(assess(s, answers(4, {"autism"}, EhcPlanAnswer::No)).why_not,
              (Reasons{"Needs an EHC plan"}));
    EXPECT_EQ(assess(s, answers(4, {"autism"}, EhcPlanAnswer::NotSure)).why_not,
              (Reasons{"Needs an EHC plan (you said you are not sure if your child has one)"}));
    const auto yes = assess(s, answers(4, {"autism"}, EhcPlanAnswer::Yes));
    EXPECT_TRUE(yes.why_not.empty());
    EXPECT_EQ(yes.reasons.at(3), "Your child has an EHC plan");
}

TEST(Eligibility, NeedsMatchThroughTheTaxonomy) {
    auto s = service();
    // The child's broad need matches a service for one of its narrower needs, and the other way.
    EXPECT_EQ(assess(s, answers(4, {"communication-interaction"})).reasons.at(0),
              "Helps with communication and interaction");
    s.term_ids = {"n1"};
    EXPECT_EQ(assess(s, answers(4, {"autism", "adhd"})).reasons.at(0), "Helps with autism");
    s.term_ids = {"n2", "n4"};
    EXPECT_EQ(assess(s, answers(4, {"autism", "adhd"})).reasons.at(0),
              "Helps with autism and ADHD");
}

TEST(Eligibility, AServiceOnlyForOtherNeedsIsNotRelevant) {
    auto s = service();
    s.term_ids = {"n5"};
    EXPECT_FALSE(assess_service(answers(), {&s, {}}, kAreas, kNeeds).has_value());
    // Not sure of the needs: every service is relevant.
    EXPECT_TRUE(assess_service(answers(4, {}), {&s, {}}, kAreas, kNeeds).has_value());
}

// Issue 14: a complaints service (no needs listed) is no answer to a family who named a need.
TEST(Eligibility, AServiceMatchingNothingTheFamilySaidIsNotLikely) {
    auto complaints = service();
    complaints.name = "Complaints about health services";
    complaints.term_ids = {};
    const auto result =
        check_eligibility(answers(4, {"autism"}), {{&complaints, {}}}, kAreas, kNeeds);
    EXPECT_TRUE(result.likely.empty());
    EXPECT_TRUE(result.close.empty());
    EXPECT_FALSE(assess_service(answers(4, {"autism"}), {&complaints, {}}, kAreas, kNeeds));
    // A family not sure of the needs still sees it.
    EXPECT_EQ(check_eligibility(answers(4, {}), {{&complaints, {}}}, kAreas, kNeeds).likely.size(),
              1u);
}

TEST(Eligibility, ClosedServicesAreLeftOutOrSaySo) {
    auto s = service();
    s.status = ServiceStatus::Defunct;
    EXPECT_FALSE(assess_service(answers(), {&s, {}}, kAreas, kNeeds).has_value());
    s.status = ServiceStatus::TemporarilyClosed;
    EXPECT_EQ(assess(s).why_not, (Reasons{"Temporarily closed"}));
}

TEST(Eligibility, ResultsAreGroupedAndOrdered) {
    auto fits = service();
    fits.name = "B fits";
    auto fits_more = service();
    fits_more.name = "C fits two needs";
    fits_more.term_ids = {"n2", "n4"};
    auto close = service(5, 19);
    close.name = "A close";
    auto far = service(5, 19);
    far.name = "D two problems";
    far.referral_routes = {ReferralRoute::Self, ReferralRoute::EhcPlan};
    auto other = service();
    other.term_ids = {"n5"};
    auto elsewhere = service();
    elsewhere.service_areas = {{"a2", "Waltham Forest"}};
    const auto result = check_eligibility(
        answers(4, {"autism", "adhd"}),
        {{&fits, {}}, {&fits_more, {}}, {&close, {}}, {&far, {}}, {&other, {}}, {&elsewhere, {}}},
        kAreas, kNeeds);
    ASSERT_EQ(result.likely.size(), 2u);
    EXPECT_EQ(result.likely[0].service->name, "C fits two needs");
    EXPECT_EQ(result.likely[1].service->name, "B fits");
    ASSERT_EQ(result.close.size(), 1u);
    EXPECT_EQ(result.close[0].service->name, "A close");
    EXPECT_EQ(result.left_out, 2);  // two problems, and one that only covers somewhere else
}

TEST(Eligibility, TheCandidateNeedsAreEveryNeedAServiceCanListToHelp) {
    // autism: itself and its parent; semh: itself and its child; not sure: none (every service).
    EXPECT_EQ(candidate_need_codes({"autism"}, kNeeds),
              (std::vector<std::string>{"autism", "communication-interaction"}));
    EXPECT_EQ(candidate_need_codes({"semh", "no-such-need"}, kNeeds),
              (std::vector<std::string>{"adhd", "semh"}));
    EXPECT_TRUE(candidate_need_codes({}, kNeeds).empty());
    // Each service listing a need outside them is not relevant to those needs, and each inside
    // is: the caller may read only these.
    for (const auto& chosen : std::vector<std::vector<std::string>>{{"autism"}, {"semh"}}) {
        const auto codes = candidate_need_codes(chosen, kNeeds);
        for (const auto& term : kNeeds) {
            Service s;
            s.name = term.code;
            s.term_ids = {term.id};
            const bool inside = std::find(codes.begin(), codes.end(), term.code) != codes.end();
            EXPECT_EQ(assess_service(answers(4, chosen), {&s, {}}, kAreas, kNeeds).has_value(),
                      inside)
                << term.code;
        }
    }
}

TEST(Eligibility, DistanceIsInMiles) {
    EXPECT_NEAR(distance_miles({51.752, -1.2577}, {51.5074, -0.1278}), 51.5, 1.0);  // Oxford-London
    EXPECT_DOUBLE_EQ(distance_miles(kBicester, kBicester), 0.0);
}

}  // namespace
}  // namespace lo::domain
