// The public pages other than the service page: home, browsing by category and need (with
// pagination), organisations, advice, /healthz and the error pages.
#include "web/public/pages.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/ids.hpp"
#include "fixtures.hpp"
#include "http/request.hpp"
#include "web/generation_memo.hpp"

namespace lo::test {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

int count_of(const std::string& haystack, const std::string& needle) {
    int n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos;
         pos = haystack.find(needle, pos + 1))
        ++n;
    return n;
}

// Things every HTML page must have: one <h1>, the council header, skip link, phase banner,
// footer links, and no scripts or inline styles.
void expect_page_frame(const std::string& body) {
    EXPECT_TRUE(body.starts_with("<!DOCTYPE html>")) << body.substr(0, 200);
    EXPECT_TRUE(contains(body, "<html lang=\"en\""));
    EXPECT_EQ(count_of(body, "<h1"), 1) << body;
    EXPECT_TRUE(contains(body, "<a href=\"#main-content\" class=\"govuk-skip-link\">"));
    EXPECT_TRUE(contains(body, "id=\"main-content\""));
    EXPECT_TRUE(contains(body, ">Demo Council</a>"));
    EXPECT_TRUE(contains(body, ">SEND Local Offer</a>"));
    EXPECT_TRUE(contains(body,
                         "This is a new service. Your <a class=\"govuk-link\" "
                         "href=\"/feedback\">feedback</a> will help us improve it."));
    EXPECT_TRUE(contains(body, "href=\"/accessibility\">Accessibility statement</a>"));
    EXPECT_TRUE(contains(body, "href=\"/cookies\">Cookies</a>"));
    EXPECT_TRUE(contains(body, "href=\"/privacy\">Privacy</a>"));
    EXPECT_TRUE(contains(body, "href=\"mailto:localoffer@example.org.uk\">Contact</a>"));
    EXPECT_TRUE(contains(body, "<link rel=\"stylesheet\" href=\"/static/dist/app.0123abcd.css\">"));
    EXPECT_FALSE(contains(body, "style=")) << "inline styles break the Content-Security-Policy";
    EXPECT_FALSE(contains(body, "<script>")) << "no inline script";
    EXPECT_FALSE(contains(body, "<script src")) << "no JavaScript needed";
    EXPECT_FALSE(contains(body, "GOV.UK"));
}

class PagesTest : public PublicSiteTest {};

TEST_F(PagesTest, HomeHasSearchBrowseRecentAndAdvice) {
    add_term("categories", "health", "Health");
    add_term("categories", "education", "Education");
    const auto autism = add_term("send-needs", "autism", "Autism");
    add_service({.name = "Autism outreach", .min_age = 2, .max_age = 11, .term_ids = {autism}});
    store_->advice().save(make_advice({.slug = "ehc-plans", .title = "EHC plans"}));
    store_->advice().save(make_advice({.slug = "sendiass", .title = "SENDIASS"}));
    store_->advice().save(make_advice({.slug = "short-breaks", .title = "Short breaks"}));

    const auto res = get("/");
    ASSERT_EQ(res.status, 200) << res.body;
    expect_page_frame(res.body);
    const std::string expected[] = {
        "<title>SEND Local Offer – Demo Council</title>",
        "<form action=\"/search\" method=\"get\"",
        "<label class=\"govuk-label govuk-label--m\" for=\"q\">Search for a service</label>",
        "<label class=\"govuk-label govuk-label--s\" for=\"location\">Postcode or place "
        "name</label>",
        "name=\"q\"",
        "name=\"location\"",
        "Browse by category",
        "href=\"/categories/health\">Health</a> <span class=\"lo-count\">(No services)</span>",
        "Browse by need",
        "href=\"/needs/autism\">Autism</a> <span class=\"lo-count\">(1 service)</span>",
        "Recently updated services",
        ">Autism outreach</a>",
        "Ages 2 to 11",
        "href=\"/advice/ehc-plans\">EHC plans</a>",
        "href=\"/advice/sendiass\">SENDIASS</a>",
    };
    for (const auto& text : expected) EXPECT_TRUE(contains(res.body, text)) << "missing: " << text;
    EXPECT_FALSE(contains(res.body, "Short breaks")) << "only the key advice pages";
}

// The counts beside categories and needs, and the home page's recent services, are kept until
// the store's generation moves (web/generation_memo.hpp): every write that changes them moves it.
TEST_F(PagesTest, KeptCountsFollowEveryWriteThatChangesThem) {
    web::GenerationMemo memo;
    ctx_.memo = &memo;
    const auto autism = add_term("send-needs", "autism", "Autism");
    const auto count = [&] {
        const auto body = get("/needs").body;
        const auto at = body.find("href=\"/needs/autism\">Autism</a>");
        EXPECT_NE(at, std::string::npos) << body;
        return body.substr(at, 90);
    };
    EXPECT_TRUE(contains(count(), "(No services)")) << count();
    auto s = add_service({.name = "Autism outreach", .term_ids = {autism}});
    EXPECT_TRUE(contains(count(), "(1 service)")) << count();
    EXPECT_FALSE(contains(get("/").body, ">Second</a>"));  // the recent services now kept
    add_service({.name = "Second", .term_ids = {autism}});
    const auto home = get("/").body;
    EXPECT_TRUE(contains(home, "Autism</a> <span class=\"lo-count\">(2 services)"));
    EXPECT_TRUE(contains(home, ">Second</a>")) << "the kept recent services follow too";
    s.status = domain::ServiceStatus::Defunct;
    store_->services().save(s);
    EXPECT_TRUE(contains(count(), "(1 service)")) << "a defunct service is not counted";
    const auto child = add_term("send-needs", "pda", "Pathological demand avoidance", "autism");
    add_service({.name = "Third", .term_ids = {child}});
    EXPECT_TRUE(contains(count(), "(2 services)")) << "a narrower term counts for its parent";
}

TEST_F(PagesTest, HomeWorksOnAnEmptyStore) {
    const auto res = get("/");
    ASSERT_EQ(res.status, 200);
    expect_page_frame(res.body);
    EXPECT_FALSE(contains(res.body, "Recently updated services"));
}

TEST_F(PagesTest, CategoriesIndexListsTopLevelWithChildren) {
    add_term("categories", "health", "Health");
    const auto therapy = add_term("categories", "therapy", "Therapy", "health");
    add_service({.term_ids = {therapy}});
    const auto res = get("/categories");
    ASSERT_EQ(res.status, 200);
    expect_page_frame(res.body);
    EXPECT_TRUE(contains(res.body, "<h1 class=\"govuk-heading-l\">Services by category</h1>"));
    EXPECT_TRUE(contains(res.body, "href=\"/categories/health\">Health</a></h2>"));
    EXPECT_TRUE(contains(res.body, "About Health."));
    EXPECT_TRUE(contains(res.body, "href=\"/categories/therapy\">Therapy</a>"));
    EXPECT_TRUE(contains(res.body, "1 service"));
    EXPECT_TRUE(contains(res.body, "href=\"/categories\" aria-current=\"page\""))
        << "navigation marks the section's own page";
}

TEST_F(PagesTest, CategoryShowsSubCategoriesAndServicesFromBelow) {
    add_term("categories", "health", "Health");
    const auto therapy = add_term("categories", "therapy", "Therapy", "health");
    add_service({.name = "Physiotherapy", .term_ids = {therapy}});
    add_service(
        {.name = "Closed club", .status = domain::ServiceStatus::Defunct, .term_ids = {therapy}});
    const auto res = get("/categories/health");
    ASSERT_EQ(res.status, 200) << res.body;
    expect_page_frame(res.body);
    EXPECT_TRUE(contains(res.body, "<title>Health – SEND Local Offer – Demo Council</title>"));
    EXPECT_TRUE(contains(res.body, "More specific categories"));
    EXPECT_TRUE(contains(res.body, "href=\"/categories/therapy\">Therapy</a>"));
    EXPECT_TRUE(contains(res.body, ">Physiotherapy</a>"));
    EXPECT_FALSE(contains(res.body, "Closed club")) << "closed services are not listed";
    EXPECT_TRUE(contains(res.body, "class=\"govuk-breadcrumbs__link\" href=\"/categories\""));
    EXPECT_TRUE(contains(res.body, "href=\"/categories\" aria-current=\"true\""))
        << "a page inside the section";

    const auto child = get("/categories/therapy");
    ASSERT_EQ(child.status, 200);
    EXPECT_TRUE(contains(
        child.body, "class=\"govuk-breadcrumbs__link\" href=\"/categories/health\">Health</a>"));
}

TEST_F(PagesTest, ListingCardsSayWhoTheServiceIsForAndWhenItWasChecked) {
    const auto therapy = add_term("categories", "therapy", "Therapy");
    const auto autism = add_term("send-needs", "autism", "Autism");
    const auto hearing = add_term("send-needs", "hearing", "Hearing impairment");
    add_service(
        {.name = "Outreach", .last_checked = "2026-05-14", .term_ids = {therapy, autism, hearing}});
    for (const auto* path : {"/categories/therapy", "/needs/autism"}) {
        const auto res = get(path);
        ASSERT_EQ(res.status, 200) << res.body;
        EXPECT_TRUE(contains(res.body, "For: Autism; Hearing impairment</li>")) << path;
        EXPECT_TRUE(contains(res.body, "Last checked: 14 May 2026</li>")) << path;
    }
}

TEST_F(PagesTest, EmptyCategorySaysSo) {
    add_term("categories", "transport", "Transport");
    const auto res = get("/categories/transport");
    ASSERT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body, "There are no services in this category yet."));
    EXPECT_FALSE(contains(res.body, "govuk-pagination"));
}

TEST_F(PagesTest, CategoryPaginationAndItsBounds) {
    const auto health = add_term("categories", "health", "Health");
    for (int i = 0; i < 45; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "Service %02d", i);
        add_service({.name = name, .term_ids = {health}});
    }
    const auto first = get("/categories/health");
    ASSERT_EQ(first.status, 200);
    EXPECT_TRUE(contains(first.body, "45 services"));
    EXPECT_TRUE(contains(first.body, ">Service 00</a>"));
    EXPECT_TRUE(contains(first.body, ">Service 19</a>"));
    EXPECT_FALSE(contains(first.body, ">Service 20</a>"));
    EXPECT_TRUE(contains(first.body, "<nav class=\"govuk-pagination\""));
    EXPECT_TRUE(contains(first.body, "href=\"/categories/health?page=2\" rel=\"next\""));
    EXPECT_FALSE(contains(first.body, "rel=\"prev\""));
    EXPECT_TRUE(contains(first.body, "aria-label=\"Page 1\" aria-current=\"page\""));

    const auto last = get("/categories/health?page=3");
    ASSERT_EQ(last.status, 200);
    EXPECT_TRUE(contains(last.body, "<title>Health (page 3 of 3) – SEND Local Offer"));
    EXPECT_TRUE(contains(last.body, ">Service 44</a>"));
    EXPECT_FALSE(contains(last.body, ">Service 39</a>"));
    EXPECT_TRUE(contains(last.body, "href=\"/categories/health?page=2\" rel=\"prev\""));
    EXPECT_FALSE(contains(last.body, "rel=\"next\""));

    struct Case {
        const char* query;
        int status;
        const char* message;
    };
    const Case cases[] = {
        {"?page=0", 400, "The page number must be a whole number, like 2."},
        {"?page=abc", 400, "The page number must be a whole number, like 2."},
        {"?page=-1", 400, "The page number must be a whole number, like 2."},
        {"?page=1.5", 400, "The page number must be a whole number, like 2."},
        {"?page=", 400, "The page number must be a whole number, like 2."},
        {"?page=4", 404, "There is no page 4. This list has 3 pages."},
        {"?page=99999999999999999999", 404, "This list has 3 pages."},
    };
    for (const auto& c : cases) {
        const auto res = get(std::string("/categories/health") + c.query);
        EXPECT_EQ(res.status, c.status) << c.query;
        EXPECT_TRUE(contains(res.body, c.message)) << c.query << "\n" << res.body;
        EXPECT_EQ(count_of(res.body, "<h1"), 1);
    }
}

TEST_F(PagesTest, UnknownCategoryOrNeedIs404) {
    add_term("categories", "health", "Health");
    for (const char* target : {"/categories/nope", "/categories/Health", "/categories/a--b",
                               "/needs/health", "/needs/x%3Cy"}) {
        const auto res = get(target);
        EXPECT_EQ(res.status, 404) << target;
        EXPECT_TRUE(contains(res.body, "Page not found")) << target;
    }
}

TEST_F(PagesTest, NeedsIndexAndNeedPage) {
    add_term("send-needs", "communication", "Communication and interaction");
    const auto autism = add_term("send-needs", "autism", "Autism", "communication");
    add_service({.name = "Autism outreach", .term_ids = {autism}});
    const auto index = get("/needs");
    ASSERT_EQ(index.status, 200);
    expect_page_frame(index.body);
    EXPECT_TRUE(contains(index.body, "<h1 class=\"govuk-heading-l\">Services by need</h1>"));
    EXPECT_TRUE(contains(index.body, "Your child does not need a diagnosis"));
    EXPECT_TRUE(
        contains(index.body, "href=\"/needs/communication\">Communication and interaction</a>"));

    const auto show = get("/needs/communication");
    ASSERT_EQ(show.status, 200);
    expect_page_frame(show.body);
    EXPECT_TRUE(contains(show.body, "More specific needs"));
    EXPECT_TRUE(contains(show.body, ">Autism outreach</a>"));
    EXPECT_EQ(get("/needs/communication?page=2").status, 404);
}

TEST_F(PagesTest, OrganisationPageListsItsServices) {
    const auto org = make_organisation({.name = "Oxfordshire Parent Carer Forum",
                                        .description = "Run by parents.\nFor parents.",
                                        .url = "https://www.example.org.uk",
                                        .email = "hello@example.org.uk",
                                        .phone = "01865 000000"});
    store_->organisations().save(org);
    add_service({.organisation_id = org.id, .name = "Coffee mornings"});
    add_service({.name = "Someone else's service"});
    const auto res = get("/organisations/" + org.id);
    ASSERT_EQ(res.status, 200) << res.body;
    expect_page_frame(res.body);
    for (const char* text :
         {"<h1 class=\"govuk-heading-l\">Oxfordshire Parent Carer Forum</h1>", "Run by parents.",
          "href=\"https://www.example.org.uk\"", "href=\"mailto:hello@example.org.uk\"",
          "href=\"tel:01865000000\"", ">Coffee mornings</a>", "1 service"})
        EXPECT_TRUE(contains(res.body, text)) << text;
    EXPECT_FALSE(contains(res.body, "Someone else"));
    EXPECT_EQ(get("/organisations/" + domain::new_uuid()).status, 404);
    EXPECT_EQ(get("/organisations/nope").status, 404);
    EXPECT_EQ(get("/organisations/" + org.id + "?page=2").status, 404);
}

TEST_F(PagesTest, AdviceIndexAndPageWithContents) {
    store_->advice().save(make_advice(
        {.slug = "ehc-plans",
         .title = "EHC plans",
         .summary = "What they are and how to ask for one.",
         .body_markdown = "## What an EHC plan is\n\nA legal document.\n\n## How to ask for an "
                          "assessment\n\n<script>alert(1)</script>\n"}));
    const auto index = get("/advice");
    ASSERT_EQ(index.status, 200);
    expect_page_frame(index.body);
    EXPECT_TRUE(contains(index.body, "href=\"/advice/ehc-plans\">EHC plans</a>"));
    EXPECT_TRUE(contains(index.body, "What they are and how to ask for one."));

    const auto page = get("/advice/ehc-plans");
    ASSERT_EQ(page.status, 200);
    expect_page_frame(page.body);
    EXPECT_TRUE(contains(page.body, "<h1 class=\"govuk-heading-l\">EHC plans</h1>"));
    EXPECT_TRUE(contains(page.body, "<title>EHC plans – SEND Local Offer – Demo Council</title>"));
    EXPECT_TRUE(contains(page.body, "Contents"));
    EXPECT_TRUE(contains(page.body, "href=\"#what-an-ehc-plan-is\">What an EHC plan is</a>"));
    EXPECT_TRUE(contains(page.body, "<h2 class=\"govuk-heading-m\" id=\"what-an-ehc-plan-is\">"));
    EXPECT_TRUE(contains(page.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    EXPECT_EQ(get("/advice/nope").status, 404);
    EXPECT_EQ(get("/advice/NOPE").status, 404);
}

TEST_F(PagesTest, HealthzReportsGeneration) {
    const auto res = get("/healthz");
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(res.header("Content-Type").substr(0, 16), "application/json");
    const auto j = nlohmann::json::parse(res.body);
    EXPECT_EQ(j["status"], "ok");
    EXPECT_EQ(j["database"], "ok");
    EXPECT_EQ(j["generation"], store_->generation());
}

// A store whose database has gone away: ping() is false.
class DownStore : public storage::Store {
public:
    explicit DownStore(storage::Store& real) : real_(real) {}
    storage::OrganisationRepository& organisations() override { return real_.organisations(); }
    storage::LocationRepository& locations() override { return real_.locations(); }
    storage::ServiceRepository& services() override { return real_.services(); }
    storage::TaxonomyRepository& taxonomies() override { return real_.taxonomies(); }
    storage::AdviceRepository& advice() override { return real_.advice(); }
    storage::FeedbackRepository& feedback() override { return real_.feedback(); }
    storage::UserRepository& users() override { return real_.users(); }
    std::unique_ptr<storage::SearchTables> open_search_tables() override {
        return real_.open_search_tables();
    }
    storage::SessionRepository& sessions() override { return real_.sessions(); }
    storage::AuditLog& audit() override { return real_.audit(); }
    storage::OutboxRepository& outbox() override { return real_.outbox(); }
    storage::ReviewRepository& reviews() override { return real_.reviews(); }
    storage::FeedbackInboxRepository& feedback_inbox() override { return real_.feedback_inbox(); }
    storage::TwoFactorRepository& two_factor() override { return real_.two_factor(); }
    storage::ChangeRequestRepository& change_requests() override { return real_.change_requests(); }
    storage::ServiceVersionRepository& service_versions() override {
        return real_.service_versions();
    }
    storage::SearchWordRepository& search_words() override { return real_.search_words(); }
    storage::PrivacyRepository& privacy() override { return real_.privacy(); }
    storage::InsightsRepository& insights() override { return real_.insights(); }
    bool transaction(const std::function<void(Store&)>& fn) override {
        return real_.transaction(fn);
    }
    std::int64_t generation() override { throw storage::StoreUnavailable("gone"); }
    bool ping() override { return false; }
    storage::CheckReport check() override { return real_.check(); }
    void backup(const std::string& d) override { real_.backup(d); }
    int schema_version() override { return real_.schema_version(); }

private:
    storage::Store& real_;
};

TEST_F(PagesTest, HealthzIs503WhenTheDatabaseIsDown) {
    DownStore down(*store_);
    web::Context ctx{down, views_, site_, ctx_.static_dir};
    const auto res = web::public_::healthz(ctx, http::make_request("GET", "/healthz"));
    EXPECT_EQ(res.status, 503);
    EXPECT_EQ(nlohmann::json::parse(res.body),
              (nlohmann::json{{"status", "error"}, {"database", "unavailable"}}));
}

TEST_F(PagesTest, ErrorPagesInPlainEnglish) {
    struct Case {
        int status;
        std::string message;
        std::string error_id;
        std::vector<std::string> expected;
    };
    const Case cases[] = {
        {404,
         "We could not find a page at this address.",
         "",
         {"Page not found", "If you typed the web address, check it is correct.",
          "If you pasted the web address, check you copied the entire address.",
          "href=\"/search\">search the Local Offer</a>", "href=\"/\">go to the home page</a>"}},
        {400,
         "The page number must be a whole number, like 2.",
         "",
         {"There is a problem with that request", "like 2."}},
        {405,
         "This address does not accept that kind of request.",
         "",
         {"Sorry, you cannot do that on this page"}},
        {413, "too big", "", {"What you sent is too big", "Make it smaller and try again."}},
        {500,
         "internal text never shown",
         "ABCD1234",
         {"Sorry, there is a problem with the service", "Try again later.",
          "If you contact us about this, quote error reference ABCD1234.",
          "href=\"mailto:localoffer@example.org.uk\""}},
        {503, "", "", {"Sorry, the service is unavailable"}},
        {409,
         "That web address is already used by another page.",
         "",
         {"Sorry, there is a problem", "already used by another page"}},
    };
    for (const auto& c : cases) {
        const auto req = http::make_request("GET", "/somewhere");
        const auto res = web::public_::render_error(ctx_, req, c.status, c.message, c.error_id);
        EXPECT_EQ(res.status, c.status);
        EXPECT_EQ(res.header("Content-Type"), "text/html; charset=utf-8");
        expect_page_frame(res.body);
        for (const auto& text : c.expected)
            EXPECT_TRUE(contains(res.body, text)) << c.status << " missing: " << text;
        EXPECT_FALSE(contains(res.body, "internal text never shown"));
    }
}

TEST_F(PagesTest, RouterUsesTheErrorPages) {
    const auto res = get("/no/such/page");
    EXPECT_EQ(res.status, 404);
    EXPECT_TRUE(contains(res.body, "Page not found"));
    EXPECT_EQ(count_of(res.body, "We could not find a page"), 0) << "no repeat of the same advice";
}

TEST_F(PagesTest, ApiPathsGetJsonErrors) {
    struct Case {
        const char* path;
        int status;
        const char* code;
    };
    const Case cases[] = {
        {"/api/v1/services/x", 404, "not_found"},
        {"/openreferral/services", 400, "bad_request"},
        {"/api", 405, "method_not_allowed"},
        {"/api/v1/services", 500, "internal_error"},
    };
    for (const auto& c : cases) {
        const auto req = http::make_request("GET", c.path);
        const auto res = web::public_::render_error(ctx_, req, c.status, "Plain words.",
                                                    c.status == 500 ? "ABCD1234" : "");
        EXPECT_EQ(res.status, c.status) << c.path;
        EXPECT_EQ(res.header("Content-Type").substr(0, 16), "application/json") << c.path;
        const auto j = nlohmann::json::parse(res.body);
        EXPECT_EQ(j["error"]["code"], c.code) << c.path;
        EXPECT_EQ(j["error"]["message"], "Plain words.") << c.path;
        if (c.status == 500) {
            EXPECT_EQ(j["error"]["error_id"], "ABCD1234");
        }
    }
    const auto html =
        web::public_::render_error(ctx_, http::make_request("GET", "/apiary"), 404, "x", "");
    EXPECT_EQ(html.header("Content-Type"), "text/html; charset=utf-8") << "/apiary is not the API";
}

}  // namespace
}  // namespace lo::test
