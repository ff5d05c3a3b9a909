// Deleting taxonomy terms and advice pages in the admin (docs/admin.md, "Deleting terms and
// advice pages"): a term in use is refused with how many services use it and a link to them;
// its services can be moved, each with a version and an audit entry, and the term deleted; an
// unused term is deleted after "Are you sure"; a deleted advice page's address answers 301 to
// the page the editor chose, chains collapsed; providers and forged posts are refused.
#include <gtest/gtest.h>

#include "admin_fixture.hpp"
#include "app/seed.hpp"
#include "domain/ids.hpp"

namespace lo::test {
namespace {

class AdminDeletion : public AdminTest {
protected:
    AdminDeletion() {
        app::load_taxonomies(*store_, std::string(LO_SOURCE_DIR) + "/db/seeds/taxonomies.json");
        categories_ = *store_->taxonomies().find_taxonomy_by_code("categories");
        health_ = *store_->taxonomies().find_term_by_code("categories", "health");
        salt_ =
            *store_->taxonomies().find_term_by_code("categories", "speech-and-language-therapy");
        physio_ = *store_->taxonomies().find_term_by_code("categories", "physiotherapy");
        oxford_ = add_organisation("Oxford Children's Health");
        add_user("editor@example.org", auth::Role::Editor);
        add_user("provider@example.org", auth::Role::Provider, {oxford_});
    }

    domain::Service filed_under(const std::string& name, const domain::TaxonomyTerm& term) {
        auto s = add_service(name, oxford_);
        s.term_ids = {term.id};
        store_->services().save(s);
        return *store_->services().find(s.id);
    }
    domain::AdvicePage advice(const std::string& slug, const std::string& title) {
        domain::AdvicePage p;
        p.id = domain::new_uuid();
        p.slug = slug;
        p.title = title;
        p.body_markdown = "Text.";
        store_->advice().save(p);
        return p;
    }
    std::string term_page(const domain::TaxonomyTerm& t) const {
        return "/admin/taxonomies/" + categories_.id + "/terms/" + t.id;
    }
    static std::string advice_page(const domain::AdvicePage& p) { return "/admin/advice/" + p.id; }

    std::string oxford_;
    domain::Taxonomy categories_;
    domain::TaxonomyTerm health_, salt_, physio_;
};

TEST_F(AdminDeletion, ATermInUseIsRefusedWithHowManyServicesUseItAndALinkToThem) {
    filed_under("Talk time", salt_);
    filed_under("Chatterbox group", salt_);
    auto editor = sign_in("editor@example.org");
    const auto edit = get(term_page(salt_) + "/edit", editor);
    EXPECT_TRUE(contains(edit.body, "href=\"" + term_page(salt_) +
                                        "/delete\" role=\"button\" draggable=\"false\">Delete "
                                        "this term</a>"));
    const auto page = get(term_page(salt_) + "/delete", editor);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "You cannot delete Speech and language therapy yet"));
    EXPECT_TRUE(contains(page.body,
                         "2 services use this term. <a class=\"govuk-link\" "
                         "href=\"/admin/services?category=" +
                             salt_.id + "\">See the 2 services</a>."));
    EXPECT_TRUE(contains(page.body, "Move these services to another term first."));
    EXPECT_TRUE(contains(page.body, "Move 2 services and delete Speech and language therapy"));
    const auto list = get("/admin/services?category=" + salt_.id, editor);
    EXPECT_TRUE(contains(list.body, "Talk time"));
    EXPECT_TRUE(contains(list.body, "Chatterbox group"));

    const auto refused = submit(term_page(salt_) + "/delete", term_page(salt_) + "/delete",
                                {{"move_to", ""}}, editor);
    EXPECT_EQ(refused.status, 422);
    EXPECT_TRUE(contains(refused.body,
                         "Choose the term to move the 2 services to, or go back and leave Speech "
                         "and language therapy as it is"));
    EXPECT_TRUE(store_->taxonomies().find_term(salt_.id));
    EXPECT_TRUE(store_->audit().recent(5).empty() ||
                store_->audit().recent(1).at(0).action != "term_deleted");
}

TEST_F(AdminDeletion, MovingTheServicesThenDeletingWritesVersionsAndAudit) {
    const auto talk = filed_under("Talk time", salt_);
    const auto chatter = filed_under("Chatterbox group", salt_);
    auto editor = sign_in("editor@example.org");
    const auto res = submit(term_page(salt_) + "/delete", term_page(salt_) + "/delete",
                            {{"move_to", physio_.id}}, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_EQ(res.header("Location"), "/admin/taxonomies/" + categories_.id +
                                          "?deleted=Speech%20and%20language%20therapy&moved="
                                          "Physiotherapy");
    EXPECT_TRUE(contains(get(std::string(res.header("Location")), editor).body,
                         "Speech and language therapy has been deleted. Its services were moved "
                         "to Physiotherapy."));
    EXPECT_FALSE(store_->taxonomies().find_term(salt_.id));
    for (const auto& s : {talk, chatter}) {
        EXPECT_EQ(store_->services().find(s.id)->term_ids, std::vector{physio_.id});
        const auto versions = store_->service_versions().list(s.id);
        ASSERT_EQ(versions.size(), 2u);
        EXPECT_EQ(versions[0].user_email, "editor@example.org");
    }
    const auto audit = store_->audit().recent(3);
    EXPECT_EQ(audit[0].action, "term_deleted");
    EXPECT_EQ(audit[1].action, "service_term_moved");
    EXPECT_EQ(audit[2].action, "service_term_moved");
}

TEST_F(AdminDeletion, AnUnusedTermIsDeletedAfterAreYouSureAndLeavesTheFeedAndSitemap) {
    EXPECT_TRUE(contains(get("/openreferral/taxonomy_terms?per_page=200").body, salt_.id));
    EXPECT_TRUE(contains(get("/sitemap.xml").body, "/categories/speech-and-language-therapy<"));
    auto editor = sign_in("editor@example.org");
    const auto page = get(term_page(salt_) + "/delete", editor);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(
        contains(page.body, "Are you sure you want to delete Speech and language therapy?"));
    EXPECT_TRUE(contains(page.body, "Delete Speech and language therapy</button>"));
    const auto res = submit(term_page(salt_) + "/delete", term_page(salt_) + "/delete", {}, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_FALSE(store_->taxonomies().find_term(salt_.id));
    const auto entry = store_->audit().recent(1).at(0);
    EXPECT_EQ(entry.action, "term_deleted");
    EXPECT_EQ(entry.detail, "Categories: Speech and language therapy");
    EXPECT_FALSE(contains(get("/openreferral/taxonomy_terms?per_page=200").body, salt_.id));
    EXPECT_EQ(get("/openreferral/taxonomy_terms/" + salt_.id).status, 404);
    EXPECT_FALSE(contains(get("/sitemap.xml").body, "/categories/speech-and-language-therapy<"));
    EXPECT_EQ(get(term_page(salt_) + "/delete", editor).status, 404);
}

TEST_F(AdminDeletion, ATermWithTermsBelowItIsRefusedWithoutAMove) {
    auto editor = sign_in("editor@example.org");
    const auto page = get(term_page(health_) + "/delete", editor);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "You cannot delete Health yet"));
    EXPECT_TRUE(contains(page.body,
                         "placed below it. Move them under another term, or delete "
                         "them, first."));
    EXPECT_FALSE(contains(page.body, "name=\"move_to\""));
    const auto res =
        submit(term_page(health_) + "/delete", term_page(health_) + "/delete", {}, editor);
    EXPECT_EQ(res.status, 422);
    EXPECT_TRUE(contains(res.body, "placed below it: move or delete them first."));
    EXPECT_TRUE(store_->taxonomies().find_term(health_.id));
}

TEST_F(AdminDeletion, ADeletedAdvicePageAnswers301WithTheChosenPage) {
    const auto transport = advice("school-transport", "School transport");
    const auto travel = advice("travel-help", "Travel help");
    EXPECT_TRUE(contains(get("/sitemap.xml").body, "/advice/school-transport<"));
    auto editor = sign_in("editor@example.org");
    EXPECT_TRUE(contains(get(advice_page(transport) + "/edit", editor).body,
                         "href=\"" + advice_page(transport) + "/delete\""));
    const auto page = get(advice_page(transport) + "/delete", editor);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(contains(page.body, "Are you sure you want to delete \"School transport\"?"));
    EXPECT_TRUE(contains(page.body,
                         "<option value=\"\" selected>The list of advice pages "
                         "(/advice)</option><option value=\"" +
                             travel.id + "\">Travel help (/advice/travel-help)</option>"));
    const auto res = submit(advice_page(transport) + "/delete", advice_page(transport) + "/delete",
                            {{"redirect_to", travel.id}}, editor);
    ASSERT_EQ(res.status, 303) << res.body;
    EXPECT_TRUE(contains(get(std::string(res.header("Location")), editor).body,
                         "&quot;School transport&quot; has been deleted. Its address "
                         "/advice/school-transport now leads to /advice/travel-help."));
    EXPECT_FALSE(store_->advice().find(transport.id));
    const auto moved = get("/advice/school-transport");
    EXPECT_EQ(moved.status, 301);
    EXPECT_EQ(moved.header("Location"), "/advice/travel-help");
    EXPECT_EQ(get("/advice/never-was").status, 404);
    const auto entry = store_->audit().recent(1).at(0);
    EXPECT_EQ(entry.action, "advice_deleted");
    EXPECT_EQ(entry.detail,
              "School transport; /advice/school-transport now leads to /advice/travel-help");
    const auto sitemap = get("/sitemap.xml").body;
    EXPECT_FALSE(contains(sitemap, "/advice/school-transport<"));
    EXPECT_TRUE(contains(sitemap, "/advice/travel-help<"));
    EXPECT_FALSE(contains(get("/admin/advice", editor).body, "School transport"));
}

TEST_F(AdminDeletion, RedirectChainsCollapseAndTheListIsTheDefault) {
    const auto a = advice("page-a", "Page A");
    const auto b = advice("page-b", "Page B");
    const auto c = advice("page-c", "Page C");
    auto editor = sign_in("editor@example.org");
    ASSERT_EQ(submit(advice_page(a) + "/delete", advice_page(a) + "/delete",
                     {{"redirect_to", b.id}}, editor)
                  .status,
              303);
    EXPECT_TRUE(contains(get(advice_page(b) + "/delete", editor).body,
                         "1 older address leads to this page now. They will lead to the page "
                         "you choose too:"));
    ASSERT_EQ(submit(advice_page(b) + "/delete", advice_page(b) + "/delete",
                     {{"redirect_to", c.id}}, editor)
                  .status,
              303);
    EXPECT_EQ(get("/advice/page-a").header("Location"), "/advice/page-c") << "one step, not two";
    EXPECT_EQ(get("/advice/page-b").header("Location"), "/advice/page-c");
    ASSERT_EQ(submit(advice_page(c) + "/delete", advice_page(c) + "/delete", {}, editor).status,
              303);
    for (const auto* old : {"/advice/page-a", "/advice/page-b", "/advice/page-c"}) {
        const auto res = get(old);
        EXPECT_EQ(res.status, 301) << old;
        EXPECT_EQ(res.header("Location"), "/advice") << old;
    }
}

TEST_F(AdminDeletion, ProvidersAreRefusedAndEveryDeletionNeedsTheFormsToken) {
    filed_under("Talk time", salt_);
    const auto page = advice("school-transport", "School transport");
    auto provider = sign_in("provider@example.org");
    const auto csrf = csrf_token_in(get("/admin", provider).body);
    ASSERT_FALSE(csrf.empty());
    for (const auto& path : {term_page(physio_) + "/delete", advice_page(page) + "/delete"}) {
        EXPECT_EQ(get(path, provider).status, 403) << path;
        EXPECT_EQ(post(path, {{"csrf_token", csrf}}, provider).status, 403) << path;
    }
    EXPECT_EQ(post(term_page(salt_) + "/delete", {{"csrf_token", csrf}, {"move_to", physio_.id}},
                   provider)
                  .status,
              403);
    auto editor = sign_in("editor@example.org");
    EXPECT_EQ(post(term_page(physio_) + "/delete", {}, editor).status, 403) << "no token";
    EXPECT_EQ(
        post(advice_page(page) + "/delete", {{"csrf_token", std::string(64, 'a')}}, editor).status,
        403)
        << "a wrong token";
    EXPECT_TRUE(store_->taxonomies().find_term(physio_.id));
    EXPECT_TRUE(store_->taxonomies().find_term(salt_.id));
    EXPECT_TRUE(store_->advice().find(page.id));
}

}  // namespace
}  // namespace lo::test
