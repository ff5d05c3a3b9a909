// The insights pages (issue 19): who may see them, exact figures from a store seeded with known
// services, counts and feedback, and small numbers suppressed in the annual review's exports and
// on the public page.
#include <nlohmann/json.hpp>

#include "admin_fixture.hpp"
#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "search/tables.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "web/insights_facts.hpp"

#include <chrono>
#include <thread>

namespace lo::test {
namespace {

class AdminInsights : public AdminTest {
protected:
    AdminInsights() {
        add_user("editor@example.org", auth::Role::Editor);
        add_user("commissioner@example.org", auth::Role::Commissioner);
        org_ = add_organisation("Acorn Trust");
        add_user("acorn@example.org", auth::Role::Provider, {org_});
        domain::Taxonomy needs;
        needs.id = domain::new_uuid();
        needs.code = "send-needs";
        needs.name = "SEND needs";
        store_->taxonomies().save_taxonomy(needs);
        semh_ = add_term(needs.id, "semh", "Social, emotional and mental health", "");
        autism_ = add_term(needs.id, "autism", "Autism", semh_);  // a child, for the test
        today_ = domain::today_utc();
    }

    std::string add_term(const std::string& taxonomy,
                         const std::string& code,
                         const std::string& name,
                         const std::string& parent) {
        domain::TaxonomyTerm t;
        t.id = domain::new_uuid();
        t.taxonomy_id = taxonomy;
        t.code = code;
        t.name = name;
        t.parent_id = parent;
        store_->taxonomies().save_term(t);
        return t.id;
    }

    // A running service for ages from..to with the term, checked `checked_days_ago` days ago.
    void service(const std::string& name,
                 const std::string& term,
                 int from,
                 int to,
                 int checked_days_ago,
                 std::vector<domain::ReferralRoute> routes = {domain::ReferralRoute::Self}) {
        domain::Service s;
        s.id = domain::new_uuid();
        s.name = name;
        s.organisation_id = org_;
        s.min_age = from;
        s.max_age = to;
        s.term_ids = {term};
        s.referral_routes = std::move(routes);
        s.last_checked = domain::to_string(domain::add_days(today_, -checked_days_ago));
        store_->services().save(s);
    }

    void counts(const std::map<std::string, std::int64_t>& metrics) {
        store_->open_search_tables()->add_daily_counts({{domain::to_string(today_), metrics}});
    }

    std::string org_, semh_, autism_;
    domain::Date today_;
};

TEST_F(AdminInsights, CommissionersSeeInsightsOnlyAndProvidersNone) {
    auto commissioner = sign_in("commissioner@example.org");
    EXPECT_EQ(get("/admin/insights", commissioner).status, 200);
    EXPECT_EQ(get("/admin/insights/coverage", commissioner).status, 200);
    const auto home = get("/admin", commissioner);
    EXPECT_EQ(home.status, 303);
    EXPECT_EQ(home.header("Location"), "/admin/insights");
    for (const char* page :
         {"/admin/services", "/admin/feedback", "/admin/reviews", "/admin/changes", "/admin/users"})
        EXPECT_EQ(get(page, commissioner).status, 403) << page;
    const auto nav = get("/admin/insights", commissioner).body;
    EXPECT_FALSE(contains(nav, "href=\"/admin/services\""));
    auto provider = sign_in("acorn@example.org");
    EXPECT_EQ(get("/admin/insights", provider).status, 403);
    EXPECT_EQ(get("/admin/insights/annual-review.csv", provider).status, 403);
    auto editor = sign_in("editor@example.org");
    EXPECT_EQ(get("/admin/insights/demand", editor).status, 200);
}

TEST_F(AdminInsights, CoverageCountsEachNeedAndAgeBandWithGapsInWords) {
    service("Calm minds", semh_, 5, 10, 10);
    service("Old group", semh_, 11, 15, 400);  // not checked for over a year: overdue
    service("Clinic", autism_, 0, 4, 10, {domain::ReferralRoute::Gp});
    auto editor = sign_in("editor@example.org");
    const auto page = get("/admin/insights/coverage", editor);
    ASSERT_EQ(page.status, 200) << page.body;
    const auto& b = page.body;
    // The broader need counts the narrower one's service.
    EXPECT_TRUE(contains(b, "3 services, 2 current")) << b;
    EXPECT_TRUE(contains(b, "1 service (1 current)"));
    EXPECT_TRUE(contains(b,
                         "1 service (0 current)</a><span class=\"lo-cell-tag "
                         "lo-cell-tag--overdue\">Only services overdue for review"));
    EXPECT_TRUE(contains(b, "lo-cell-tag--referral\">Only with a referral or an EHC plan"));
    EXPECT_TRUE(
        contains(b, "0 services</a><span class=\"lo-cell-tag lo-cell-tag--none\">No service"));
    // 5 bands x 2 needs = 10 cells; only semh 5-10 is covered.
    EXPECT_TRUE(contains(b, "9 cells are gaps"));
    const auto cell =
        get("/admin/insights/coverage/services?term=" + semh_ + "&band=11-15&area=", editor);
    ASSERT_EQ(cell.status, 200);
    EXPECT_TRUE(contains(cell.body, "Old group"));
    EXPECT_TRUE(contains(cell.body, "Overdue"));
    EXPECT_FALSE(contains(cell.body, "Calm minds"));
    EXPECT_EQ(get("/admin/insights/coverage?area=Nowhere", editor).status, 400);
    EXPECT_EQ(get("/admin/insights/coverage/services?term=x&band=0-4", editor).status, 404);
}

TEST_F(AdminInsights, DemandShowsTheCountsAndTheAnnualReviewSuppressesSmallOnes) {
    service("Calm minds", semh_, 5, 10, 10);
    counts({{"searches", 27},
            {"zero_results", 3},
            {"need_demand:semh", 12},
            {"zero:need_demand:semh", 2},
            {"need_area:semh|-", 12},
            {"zero:need_area:semh|-", 2},
            {"checker:runs", 4}});
    auto commissioner = sign_in("commissioner@example.org");
    const auto demand = get("/admin/insights/demand", commissioner);
    ASSERT_EQ(demand.status, 200) << demand.body;
    EXPECT_TRUE(contains(demand.body, "<dd class=\"govuk-summary-list__value\">27</dd>"));
    EXPECT_TRUE(contains(demand.body, "3 (11%)"));
    EXPECT_TRUE(contains(demand.body, "<svg class=\"lo-chart\""));
    EXPECT_TRUE(
        contains(demand.body, "Social, emotional and mental health: 12 searches, 2 found nothing"));

    // Narrowed to the places outside every area: the need's searches there, found nothing 2.
    const auto outside = get("/admin/insights/demand?area=-", commissioner);
    ASSERT_EQ(outside.status, 200);
    EXPECT_TRUE(contains(outside.body, "are for places outside your areas"));
    EXPECT_TRUE(
        contains(outside.body, "<td class=\"govuk-table__cell\">Outside the areas you cover</td>"));
    EXPECT_EQ(get("/admin/insights/demand?area=Nowhere", commissioner).status, 400);

    const auto csv = get("/admin/insights/annual-review.csv", commissioner);
    ASSERT_EQ(csv.status, 200);
    EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_TRUE(contains(csv.body, "demand,searches,27\r\n")) << csv.body;
    EXPECT_TRUE(contains(csv.body, "demand,found_nothing,fewer than 5\r\n"));
    EXPECT_TRUE(contains(csv.body, "demand,checker_runs,fewer than 5\r\n"));
    EXPECT_FALSE(contains(csv.body, ",3\r\n"));
    const auto json_body = get("/admin/insights/annual-review.json", commissioner).body;
    const auto json = nlohmann::json::parse(json_body);
    EXPECT_EQ(json["demand"]["searches"], 27);
    EXPECT_EQ(json["demand"]["found_nothing"], "fewer than 5");
    EXPECT_EQ(json["demand"]["needs"]["rows"][0]["found_nothing"], "fewer than 5");
    EXPECT_EQ(json["demand"]["needs"]["rows"][0]["share"], "not shown");
    EXPECT_EQ(json["services"], 1);
    const auto review = get("/admin/insights/annual-review", commissioner);
    ASSERT_EQ(review.status, 200);
    EXPECT_TRUE(contains(review.body, "27 searches, of which fewer than 5 found nothing"));
    EXPECT_EQ(get("/admin/insights/annual-review.csv?from=2026-13-01", commissioner).status, 400);
}

TEST_F(AdminInsights, ThePublicNumbersPageIsOffUntilTurnedOnAndSuppressesSmallCounts) {
    service("Calm minds", semh_, 5, 10, 10);
    counts({{"searches", 3}});
    EXPECT_EQ(get("/local-offer-in-numbers").status, 404);
    site_.public_numbers = true;
    const auto page = get("/local-offer-in-numbers");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_TRUE(contains(page.body, "fewer than 5 searches"));
    EXPECT_TRUE(contains(page.body, "1 service is running"));
}

// The server keeps the facts current in the background: a saved service is counted within a
// few refresh rounds, and pages meanwhile answer from the snapshot before it.
TEST_F(AdminInsights, TheBackgroundRefreshCountsASavedServiceWithoutAPageWaiting) {
    service("Calm minds", semh_, 5, 10, 10);
    web::InsightsCache cache;
    const auto facts_count = [&] { return cache.snapshot(*store_)->facts.services.size(); };
    EXPECT_EQ(facts_count(), 1u);  // not started: read when asked
    cache.start(*store_, std::chrono::milliseconds(20));
    service("Second service", semh_, 0, 4, 3);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (facts_count() < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(facts_count(), 2u);
    EXPECT_EQ(cache.snapshot(*store_)->generation, store_->generation());
    cache.stop();
    EXPECT_FALSE(cache.refresh(*store_));  // already current
}

TEST_F(AdminInsights, ACommissionerAccountCanBeAddedAndKeptThroughTheUsersForm) {
    auth::Accounts accounts(*store_);
    const auto user = store_->users().find_by_email("commissioner@example.org");
    ASSERT_TRUE(user);
    EXPECT_EQ(user->role, auth::Role::Commissioner);
    auto admin_id = add_user("admin@example.org", auth::Role::Admin);
    auto admin = sign_in("admin@example.org");
    const auto form = get("/admin/users/new", admin);
    EXPECT_TRUE(contains(form.body, "value=\"commissioner\""));
    (void)admin_id;
}

}  // namespace
}  // namespace lo::test
