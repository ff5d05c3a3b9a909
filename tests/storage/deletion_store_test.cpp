// Deleting taxonomy terms and advice pages (docs/admin.md, "Deleting terms and advice pages"):
// a term in use is refused with what uses it; moving its services away writes a version and an
// audit entry for each, all or nothing; a deleted advice page leaves a redirect, and redirects
// never lead to another redirect.
#include "storage/term_moves.hpp"

#include <gtest/gtest.h>

#include "domain/ids.hpp"
#include "fixtures/builders.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::storage {
namespace {

using namespace lo::testing;

class DeletionStore : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = sqlite::open_store(dir_.str());
        organisation_ = make_organisation();
        store_->organisations().save(organisation_);
        taxonomy_ = {domain::new_uuid(), "categories", "Categories", "", "", ""};
        store_->taxonomies().save_taxonomy(taxonomy_);
        health_ = term("health", "Health", "");
        therapy_ = term("therapy", "Therapy", "");
    }

    domain::TaxonomyTerm term(const std::string& code,
                              const std::string& name,
                              const std::string& parent) {
        domain::TaxonomyTerm t{domain::new_uuid(), taxonomy_.id, parent, code, name, "", 0};
        store_->taxonomies().save_term(t);
        return t;
    }

    domain::Service service(const std::string& name, std::vector<std::string> terms) {
        auto s = make_service(
            {.organisation_id = organisation_.id, .name = name, .term_ids = std::move(terms)});
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

    TermMove move_to(const domain::TaxonomyTerm& from, const domain::TaxonomyTerm& to) {
        return {from.id, to.id, {"user-1", "editor@example.org"}, "192.0.2.10", 12};
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
    domain::Organisation organisation_;
    domain::Taxonomy taxonomy_;
    domain::TaxonomyTerm health_, therapy_;
};

TEST_F(DeletionStore, ATermInUseIsRefusedSayingHowManyServicesUseIt) {
    service("Physiotherapy", {health_.id});
    auto closed = service("Old clinic", {health_.id});
    store_->services().archive(closed.id);  // archived services count too: they can come back
    const auto use = store_->taxonomies().term_use(health_.id);
    EXPECT_EQ(use.services, 2);
    EXPECT_EQ(use.child_terms, 0);
    EXPECT_TRUE(use.in_use());
    try {
        store_->taxonomies().remove_term(health_.id);
        FAIL() << "a term two services use was deleted";
    } catch (const Conflict& e) {
        EXPECT_STREQ(e.what(),
                     "This term cannot be deleted yet. 2 services use it: move them to another "
                     "term first.");
    }
    EXPECT_TRUE(store_->taxonomies().find_term(health_.id));
    EXPECT_EQ(store_->taxonomies().service_ids_with_term(health_.id).size(), 2u);
}

TEST_F(DeletionStore, ChildTermsAndOpenChangesAlsoKeepATerm) {
    const auto child = term("physiotherapy", "Physiotherapy", therapy_.id);
    EXPECT_EQ(store_->taxonomies().term_use(therapy_.id).child_terms, 1);
    EXPECT_THROW(store_->taxonomies().remove_term(therapy_.id), Conflict);

    // A provider's draft files their service under the child term: approving it later would
    // fail if the term were gone.
    domain::ChangeRequest draft;
    draft.service_id = domain::new_uuid();
    draft.organisation_id = organisation_.id;
    draft.kind = domain::ChangeKind::Create;
    draft.state = domain::ChangeState::Draft;
    draft.proposed = make_service({.organisation_id = organisation_.id, .term_ids = {child.id}});
    draft.author_id = "user-2";
    draft.author_email = "provider@example.org";
    const auto id = store_->change_requests().add(draft);
    EXPECT_EQ(store_->taxonomies().term_use(child.id).open_changes, 1);
    try {
        store_->taxonomies().remove_term(child.id);
        FAIL() << "a term a draft uses was deleted";
    } catch (const Conflict& e) {
        EXPECT_STREQ(e.what(),
                     "This term cannot be deleted yet. 1 proposed change uses it: approve or "
                     "reject them first.");
    }
    auto rejected = *store_->change_requests().find(id);
    rejected.state = domain::ChangeState::Rejected;
    store_->change_requests().update(rejected);
    EXPECT_TRUE(store_->taxonomies().remove_term(child.id)) << "a rejected change is closed";
    EXPECT_TRUE(store_->taxonomies().remove_term(therapy_.id)) << "no child left";
}

TEST_F(DeletionStore, AnUnusedTermIsDeleted) {
    const auto before = store_->generation();
    EXPECT_FALSE(store_->taxonomies().term_use(therapy_.id).in_use());
    EXPECT_TRUE(store_->taxonomies().remove_term(therapy_.id));
    EXPECT_FALSE(store_->taxonomies().find_term(therapy_.id));
    EXPECT_GT(store_->generation(), before) << "the public pages and the index must see it";
    EXPECT_FALSE(store_->taxonomies().remove_term(therapy_.id)) << "already gone";
    EXPECT_EQ(store_->taxonomies().terms(taxonomy_.id).size(), 1u);
}

TEST_F(DeletionStore, MovingServicesThenDeletingWritesAVersionAndAnAuditEntryForEach) {
    const auto physio = service("Physiotherapy", {health_.id});
    const auto both = service("Wheelchair clinic", {health_.id, therapy_.id});
    const auto other = service("Sensory play", {therapy_.id});
    std::vector<std::string> moved;
    store_->transaction(
        [&](Store& tx) { moved = move_services_and_remove_term(tx, move_to(health_, therapy_)); });
    EXPECT_EQ(moved.size(), 2u);
    EXPECT_FALSE(store_->taxonomies().find_term(health_.id));
    EXPECT_EQ(store_->services().find(physio.id)->term_ids, std::vector{therapy_.id});
    EXPECT_EQ(store_->services().find(both.id)->term_ids, std::vector{therapy_.id})
        << "a service under both terms keeps the one left";
    for (const auto& id : {physio.id, both.id}) {
        const auto versions = store_->service_versions().list(id);
        ASSERT_EQ(versions.size(), 2u) << "the record as it was, then the move";
        EXPECT_EQ(versions[0].source, domain::VersionSource::Admin);
        EXPECT_EQ(versions[0].user_email, "editor@example.org");
        EXPECT_EQ(versions[0].reason, "Moved from Health to Therapy to delete Health");
        EXPECT_EQ(versions[0].snapshot.term_ids, std::vector{therapy_.id});
    }
    EXPECT_TRUE(store_->service_versions().list(other.id).empty()) << "not under the old term";
    const auto audit = store_->audit().recent(10);
    ASSERT_EQ(audit.size(), 3u);
    EXPECT_EQ(audit[0].action, "term_deleted");
    EXPECT_EQ(audit[0].subject, health_.id);
    EXPECT_EQ(audit[0].detail, "Categories: Health");
    for (int i : {1, 2}) {
        EXPECT_EQ(audit[i].action, "service_term_moved");
        EXPECT_EQ(audit[i].detail, "Categories: Health to Categories: Therapy");
        EXPECT_EQ(audit[i].remote_address, "192.0.2.10");
    }
}

TEST_F(DeletionStore, AMoveThatCannotFinishChangesNothing) {
    const auto physio = service("Physiotherapy", {health_.id});
    const auto child = term("hydrotherapy", "Hydrotherapy", health_.id);
    EXPECT_THROW(store_->transaction([&](Store& tx) {
        move_services_and_remove_term(tx, move_to(health_, therapy_));
    }),
                 Conflict);
    EXPECT_THROW(store_->transaction([&](Store& tx) {
        move_services_and_remove_term(tx, move_to(health_, health_));
    }),
                 Conflict)
        << "not onto itself";
    EXPECT_TRUE(store_->taxonomies().find_term(health_.id));
    EXPECT_EQ(store_->services().find(physio.id)->term_ids, std::vector{health_.id});
    EXPECT_TRUE(store_->service_versions().list(physio.id).empty());
    EXPECT_TRUE(store_->audit().recent(5).empty());
}

TEST_F(DeletionStore, ADeletedAdvicePageLeadsToTheChosenPageOrTheList) {
    const auto transport = advice("school-transport", "School transport");
    const auto travel = advice("travel-help", "Travel help");
    const auto old = advice("old-leaflet", "Old leaflet");
    EXPECT_FALSE(store_->advice().redirect_for("school-transport")) << "a live page";
    EXPECT_TRUE(store_->advice().remove(transport.id, travel.id));
    EXPECT_FALSE(store_->advice().find(transport.id));
    EXPECT_EQ(store_->advice().redirect_for("school-transport"), "travel-help");
    EXPECT_EQ(store_->advice().redirects_to(travel.id),
              std::vector<std::string>{"school-transport"});
    EXPECT_TRUE(store_->advice().remove(old.id, ""));
    EXPECT_EQ(store_->advice().redirect_for("old-leaflet"), "") << "the list of advice pages";
    EXPECT_FALSE(store_->advice().redirect_for("never-was"));
    EXPECT_FALSE(store_->advice().remove(old.id, "")) << "already gone";
    EXPECT_THROW(store_->advice().remove(travel.id, travel.id), Conflict);
    EXPECT_THROW(store_->advice().remove(travel.id, old.id), Conflict) << "a deleted target";
    EXPECT_TRUE(store_->advice().find(travel.id));

    // The target's address changes: the redirect follows the page, not its old address.
    auto renamed = *store_->advice().find(travel.id);
    renamed.slug = "help-with-travel";
    store_->advice().save(renamed);
    EXPECT_EQ(store_->advice().redirect_for("school-transport"), "help-with-travel");

    // A new page at the old address takes it back.
    advice("school-transport", "School transport, again");
    EXPECT_FALSE(store_->advice().redirect_for("school-transport"));
}

TEST_F(DeletionStore, RedirectChainsAreCollapsed) {
    const auto a = advice("page-a", "A");
    const auto b = advice("page-b", "B");
    const auto c = advice("page-c", "C");
    ASSERT_TRUE(store_->advice().remove(a.id, b.id));
    ASSERT_TRUE(store_->advice().remove(b.id, c.id));
    EXPECT_EQ(store_->advice().redirect_for("page-a"), "page-c") << "A goes straight to C";
    EXPECT_EQ(store_->advice().redirect_for("page-b"), "page-c");
    EXPECT_EQ(store_->advice().redirects_to(c.id), (std::vector<std::string>{"page-a", "page-b"}));
    ASSERT_TRUE(store_->advice().remove(c.id, ""));
    for (const auto* slug : {"page-a", "page-b", "page-c"})
        EXPECT_EQ(store_->advice().redirect_for(slug), "") << slug;
    EXPECT_TRUE(store_->check().ok) << "no redirect refers to a deleted page";
}

}  // namespace
}  // namespace lo::storage
