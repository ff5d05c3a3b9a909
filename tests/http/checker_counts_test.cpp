// The eligibility checker's counts (issue 19, docs/search.md "Search counts"): each result page
// shown with every answer given adds one run, its age band, top-level needs and area, and whether
// it listed nothing likely, to the search counts. A page that sends the family back is not a run.
#include <gtest/gtest.h>

#include <ctime>

#include "fixtures.hpp"
#include "search/engine.hpp"
#include "web/public/pages.hpp"

namespace lo::test {
namespace {

std::string today() {
    char day[16];
    const auto now = std::time(nullptr);
    std::strftime(day, sizeof day, "%Y-%m-%d", std::gmtime(&now));
    return day;
}

class CheckerCounts : public PublicSiteTest {
protected:
    CheckerCounts() {
        add_term("send-needs", "communication-interaction", "Communication and interaction");
        autism_ = add_term("send-needs", "autism", "Autism", "communication-interaction");
        add_term("send-needs", "semh", "Social, emotional and mental health");
        add_term("send-needs", "adhd", "ADHD", "semh");
        domain::Service s;
        s.term_ids = {autism_};  // self-referral, ages 0 to 18, no areas: likely for autism
        add_service(s);
        search_ = std::make_unique<search::SearchService>(
            *store_, search::SearchOptions{(dir_.path() / "data").string(), "",
                                           std::string(LO_SOURCE_DIR) + "/db/seeds/gazetteer"});
        ctx_.search = search_.get();
        router_.get("/check/result",
                    [this](const http::Request& r) { return web::public_::check_result(ctx_, r); });
    }
    std::map<std::string, std::int64_t> counts() {
        search_->flush_counts();
        return search_->tables().daily_counts(today());
    }
    std::string autism_;
    std::unique_ptr<search::SearchService> search_;
};

TEST_F(CheckerCounts, EachResultPageIsOneRunWithItsBandNeedsAndArea) {
    // The autism service is likely for autism, and for a family not sure of the needs; for
    // adhd alone it is not relevant, so that page lists nothing likely.
    const std::string none_likely = "We did not find a service that fits all your answers";
    const auto autism = get("/check/result?age=7&need=adhd&need=autism&place=Bicester&ehc=no");
    EXPECT_EQ(autism.status, 200);
    EXPECT_EQ(autism.body.find(none_likely), std::string::npos);
    const auto adhd = get("/check/result?age=7&need=adhd&place=Bicester&ehc=no");
    EXPECT_EQ(adhd.status, 200);
    EXPECT_NE(adhd.body.find(none_likely), std::string::npos);
    const auto not_sure =
        get("/check/result?age=19&need=not-sure&place=Oxford%2C+Staffordshire&ehc=yes");
    EXPECT_EQ(not_sure.status, 200);
    EXPECT_EQ(not_sure.body.find(none_likely), std::string::npos);
    // Answers missing or wrong: sent back to the question, not counted.
    EXPECT_EQ(get("/check/result?age=7&need=autism&place=Bicester").status, 303);
    EXPECT_EQ(get("/check/result?age=7&need=autism&place=Qwxzton&ehc=no").status, 303);
    const std::map<std::string, std::int64_t> expected = {
        {"checker:runs", 3},
        {"checker:age_band:5-10", 2},
        {"checker:age_band:19-25", 1},
        {"checker:need:semh", 2},
        {"checker:need:communication-interaction", 1},
        {"checker:area:Oxfordshire", 2},
        {"checker:area:-", 1},
        {"checker:zero", 1}};
    EXPECT_EQ(counts(), expected) << "only checker counts: the checker runs no search";
}

// A regional directory: a result lists at most 50 of each kind, with the full count and a
// search that shows the rest with the same answers.
TEST_F(CheckerCounts, AResultListsFiftyOfEachAndSearchShowsTheRest) {
    for (int i = 0; i < 60; ++i) {
        domain::Service s;
        s.name = "Autism group " + std::to_string(100 + i);
        s.term_ids = {autism_};
        add_service(s);
    }
    const auto res = get("/check/result?age=7&need=autism&place=Bicester&ehc=no");
    ASSERT_EQ(res.status, 200) << res.body;
    EXPECT_NE(res.body.find("Services your child is likely to be able to get: 61 services"),
              std::string::npos);
    int cards = 0;
    for (auto pos = res.body.find("lo-service-list__item"); pos != std::string::npos;
         pos = res.body.find("lo-service-list__item", pos + 1))
        ++cards;
    EXPECT_EQ(cards, 50);
    EXPECT_NE(res.body.find("This list shows the first 50. <a class=\"govuk-link\" "
                            "href=\"/search?location=Bicester&amp;age=7&amp;need=autism\">See "
                            "all 61 services in search</a>"),
              std::string::npos)
        << res.body;
    EXPECT_NE(res.body.find("Autism group 149"), std::string::npos);
    EXPECT_EQ(res.body.find("Autism group 150"), std::string::npos) << "the 51st is not listed";
}

}  // namespace
}  // namespace lo::test
