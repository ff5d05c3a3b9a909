// Coverage: exact cells from known services, areas and terms (insights/coverage.hpp).
#include "insights/coverage.hpp"

#include <gtest/gtest.h>

namespace lo::insights {
namespace {

const domain::Date kToday{2026, 12, 7};

domain::TaxonomyTerm term(std::string id, std::string code, std::string parent = {}) {
    domain::TaxonomyTerm t;
    t.id = std::move(id);
    t.code = code;
    t.name = code;
    t.parent_id = std::move(parent);
    return t;
}

storage::ServiceFacts service(std::string id,
                              std::vector<std::string> terms,
                              std::optional<int> min_age,
                              std::optional<int> max_age,
                              std::string review_due = "2027-06-01",
                              bool self_referral = true) {
    storage::ServiceFacts s;
    s.id = id;
    s.name = id;
    s.organisation_id = "org";
    s.min_age = min_age;
    s.max_age = max_age;
    s.review_due = std::move(review_due);
    s.self_referral = self_referral;
    s.term_ids = std::move(terms);
    return s;
}

class Coverage : public testing::Test {
protected:
    void SetUp() override {
        facts_.needs = {term("n1", "communication-interaction"), term("n1a", "autism", "n1"),
                        term("n2", "sensory-physical")};
        facts_.areas = {{"Oxford", 51.752, -1.2577, 5}, {"Banbury", 52.0629, -1.3398, 4}};
    }
    std::vector<CoverageRow> rows(const std::string& area = "") {
        return coverage(facts_, facts_.needs, area, kToday);
    }
    CoverageFacts facts_;
};

TEST_F(Coverage, NarrowerTermsCountForBroaderOnesAndAgesByBand) {
    facts_.services = {service("autism-team", {"n1a"}, 2, 11),
                       service("talk-group", {"n1"}, 16, 25)};
    const auto r = rows();
    ASSERT_EQ(r.size(), 3u);
    // communication-interaction: 0-4, 5-10, 11-15 from autism-team; 16-18, 19-25 from talk-group
    for (std::size_t b = 0; b < 5; ++b) EXPECT_EQ(r[0].cells[b].services, 1) << b;
    EXPECT_EQ(r[0].services, 2);
    EXPECT_EQ(r[0].gaps, 0);
    // autism: only the autism team's bands
    EXPECT_EQ(r[1].depth, 1);
    EXPECT_EQ(r[1].cells[0].services, 1);
    EXPECT_EQ(r[1].cells[2].services, 1);
    EXPECT_EQ(r[1].cells[3].services, 0);
    EXPECT_EQ(r[1].cells[3].state, CellState::NoService);
    EXPECT_EQ(r[1].gaps, 2);
    EXPECT_EQ(r[2].gaps, 5);
}

TEST_F(Coverage, OverdueAndReferralOnlyCellsAreGapsOfTheirOwnKind) {
    facts_.services = {
        service("old", {"n2"}, 0, 4, "2026-01-01"), service("no-date", {"n2"}, 0, 4, ""),
        service("gp-only", {"n2"}, 5, 10, "2027-01-01", false), service("open", {"n2"}, 11, 15)};
    const auto all = rows();  // held: a reference into rows()'s temporary would dangle
    const auto& cells = all[2].cells;
    EXPECT_EQ(cells[0].state, CellState::OnlyOverdue);
    EXPECT_EQ(cells[0].services, 2);
    EXPECT_EQ(cells[0].current, 0);
    EXPECT_EQ(cells[1].state, CellState::OnlyByReferral);
    EXPECT_EQ(cells[1].current, 1);
    EXPECT_EQ(cells[1].self_referral, 0);
    EXPECT_EQ(cells[2].state, CellState::Covered);
    EXPECT_EQ(cells[3].state, CellState::NoService);
    EXPECT_EQ(to_code(cells[1].state), "referral");
    EXPECT_EQ(words(cells[0].state), "Only services overdue for review");
}

TEST_F(Coverage, AServiceCountsInAnAreaItNamesHasAVenueInOrThatIsOpenToAll) {
    auto named = service("named", {"n2"}, 0, 25);
    named.area_names = {"oxford"};  // case ignored
    auto venue = service("venue", {"n2"}, 0, 25);
    venue.venues = {{52.06, -1.34}};  // in Banbury
    auto everywhere = service("phone-line", {"n2"}, 0, 25);
    auto elsewhere = service("elsewhere", {"n2"}, 0, 25);
    elsewhere.area_names = {"Swindon"};
    facts_.services = {named, venue, everywhere, elsewhere};
    EXPECT_EQ(rows("Oxford")[2].services, 2);   // named, phone line
    EXPECT_EQ(rows("Banbury")[2].services, 2);  // venue, phone line
    EXPECT_EQ(rows("Swindon")[2].services, 2);  // elsewhere, phone line
    EXPECT_EQ(rows("")[2].services, 4);
    const auto cell = services_in_cell(facts_, facts_.needs, "n2", domain::kAgeBands[0], "Oxford");
    ASSERT_EQ(cell.size(), 2u);
    EXPECT_EQ(cell[0]->id, "named");
    EXPECT_EQ(cell[1]->id, "phone-line");
    EXPECT_EQ(area_names(facts_), (std::vector<std::string>{"Banbury", "Oxford", "Swindon"}));
}

TEST_F(Coverage, UnknownAgesAreOpenAtThatEnd) {
    facts_.services = {service("any-age", {"n2"}, std::nullopt, std::nullopt),
                       service("from-19", {"n2"}, 19, std::nullopt)};
    const auto all = rows();  // held: a reference into rows()'s temporary would dangle
    const auto& cells = all[2].cells;
    EXPECT_EQ(cells[0].services, 1);
    EXPECT_EQ(cells[4].services, 2);
}

}  // namespace
}  // namespace lo::insights
