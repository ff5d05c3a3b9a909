// The moderation and history repositories and publish(): change requests keep whole proposed
// records outside the services table, versions are append-only, and publishing writes the live
// record and its version together or not at all.
#include "storage/moderation.hpp"

#include <gtest/gtest.h>

#include "domain/ids.hpp"
#include "fixtures/builders.hpp"
#include "storage/publishing.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::storage {
namespace {

using namespace lo::testing;

class ModerationStore : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = sqlite::open_store(dir_.str());
        organisation_ = make_organisation();
        store_->organisations().save(organisation_);
        service_ = make_service({.organisation_id = organisation_.id});
        store_->services().save(service_);
        service_ = *store_->services().find(service_.id);
    }

    domain::ChangeRequest request(domain::ChangeState state, const std::string& name) {
        domain::ChangeRequest r;
        r.service_id = service_.id;
        r.organisation_id = organisation_.id;
        r.state = state;
        r.proposed = service_;
        r.proposed.name = name;
        r.base = service_;
        r.author_id = "user-1";
        r.author_email = "provider@example.org";
        r.note = "Why";
        return r;
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
    domain::Organisation organisation_;
    domain::Service service_;
};

TEST_F(ModerationStore, ChangeRequestsRoundTripAndFilter) {
    auto& requests = store_->change_requests();
    const auto first = requests.add(request(domain::ChangeState::Pending, "Proposed name"));
    const auto second = requests.add(request(domain::ChangeState::Draft, "Draft name"));
    EXPECT_NE(first, second);
    auto found = requests.find(first);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->proposed.name, "Proposed name");
    EXPECT_EQ(found->base, service_);
    EXPECT_EQ(found->note, "Why");
    EXPECT_FALSE(found->created_at.empty());
    EXPECT_EQ(store_->services().find(service_.id)->name, service_.name)
        << "a request never touches the live record";

    EXPECT_EQ(requests.list({.states = {domain::ChangeState::Pending}}).size(), 1u);
    EXPECT_EQ(requests.list({.organisation_ids = {"other-org"}}).size(), 0u);
    EXPECT_EQ(requests.list({.organisation_ids = {"other-org", organisation_.id}}).size(), 2u);
    EXPECT_EQ(requests.service_ids_in({domain::ChangeState::Draft}),
              std::vector<std::string>{service_.id});

    found->state = domain::ChangeState::Rejected;
    found->reason = "Keep the old name";
    found->decided_by = "editor@example.org";
    EXPECT_TRUE(requests.update(*found));
    EXPECT_EQ(requests.find(first)->reason, "Keep the old name");
    EXPECT_EQ(requests.find(first)->state, domain::ChangeState::Rejected);
    EXPECT_FALSE(requests.find(999999));
}

TEST_F(ModerationStore, PublishAddsTheInitialVersionThenEachChange) {
    auto changed = service_;
    changed.name = "New name";
    std::optional<domain::ServiceVersion> v;
    store_->transaction([&](Store& tx) {
        v = publish(tx, changed, {"u1", "editor@example.org"}, domain::VersionSource::Admin, "Why");
    });
    ASSERT_TRUE(v);
    EXPECT_EQ(v->number, 2);
    EXPECT_EQ(v->changed_fields, std::vector<std::string>{"name"});
    const auto versions = store_->service_versions().list(service_.id);
    ASSERT_EQ(versions.size(), 2u);
    EXPECT_EQ(versions[1].source, domain::VersionSource::Initial);
    EXPECT_EQ(versions[1].snapshot, service_);
    EXPECT_EQ(versions[0].snapshot, *store_->services().find(service_.id));
    EXPECT_EQ(store_->service_versions().latest_number(service_.id), 2);

    store_->transaction([&](Store& tx) {
        v = publish(tx, changed, {"u1", "editor@example.org"}, domain::VersionSource::Admin, "");
    });
    EXPECT_FALSE(v) << "publishing the same record again adds no version";
    EXPECT_EQ(store_->service_versions().latest_number(service_.id), 2);
}

TEST_F(ModerationStore, AFailedPublishWritesNothing) {
    auto broken = service_;
    broken.name = "Renamed";
    broken.term_ids = {domain::new_uuid()};  // a term that does not exist
    EXPECT_THROW(store_->transaction([&](Store& tx) {
        publish(tx, broken, {"u1", "e@example.org"}, domain::VersionSource::Admin, "");
    }),
                 Conflict);
    EXPECT_EQ(store_->services().find(service_.id)->name, service_.name);
    EXPECT_TRUE(store_->service_versions().list(service_.id).empty())
        << "not even the initial version";
}

TEST_F(ModerationStore, VersionsAreAppendOnly) {
    domain::ServiceVersion v;
    v.service_id = service_.id;
    v.number = 1;
    v.snapshot = service_;
    store_->service_versions().append(v);
    EXPECT_THROW(store_->service_versions().append(v), Conflict);
    EXPECT_EQ(store_->service_versions().find(service_.id, 1)->snapshot, service_);
    EXPECT_FALSE(store_->service_versions().find(service_.id, 2));
}

}  // namespace
}  // namespace lo::storage
