// The dates that run the directory in the store: they are kept, and the public lists (category
// lists, the sitemap, counts beside categories, the checker, the Open Referral lists) leave out
// a service outside its dates on today's UK date, with no change to the record.
#include <gtest/gtest.h>

#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "domain/validation.hpp"
#include "fixtures/builders.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store.hpp"

namespace lo::storage {
namespace {

using namespace lo::testing;

std::string day(int offset) {
    return domain::to_string(domain::add_days(domain::today_uk(), offset));
}

class ServiceDatesStore : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = sqlite::open_store(dir_.str());
        organisation_ = make_organisation();
        store_->organisations().save(organisation_);
        taxonomy_ = {domain::new_uuid(), "categories", "Categories", "", "", ""};
        store_->taxonomies().save_taxonomy(taxonomy_);
        term_ = {domain::new_uuid(), taxonomy_.id, "", "play", "Play", "", 0};
        store_->taxonomies().save_term(term_);
    }

    domain::Service saved(const std::string& name,
                          const std::string& start,
                          const std::string& end) {
        ServiceSpec spec;
        spec.organisation_id = organisation_.id;
        spec.name = name;
        spec.term_ids = {term_.id};
        auto s = make_service(spec);
        s.start_date = start;
        s.end_date = end;
        store_->services().save(s);
        return s;
    }

    TempDir dir_;
    std::unique_ptr<Store> store_;
    domain::Organisation organisation_;
    domain::Taxonomy taxonomy_;
    domain::TaxonomyTerm term_;
};

TEST_F(ServiceDatesStore, KeepsTheDatesAndTheClosure) {
    ServiceSpec spec;
    spec.organisation_id = organisation_.id;
    auto s = make_service(spec);
    s.start_date = "2027-09-01";
    s.end_date = "2028-03-31";
    s.status = domain::ServiceStatus::TemporarilyClosed;
    s.closed_reason = "The building is being repaired";
    s.reopening_date = "2027-10-04";
    store_->services().save(s);
    const auto found = store_->services().find(s.id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->start_date, "2027-09-01");
    EXPECT_EQ(found->end_date, "2028-03-31");
    EXPECT_EQ(found->closed_reason, "The building is being repaired");
    EXPECT_EQ(found->reopening_date, "2027-10-04");
    EXPECT_EQ(store_->services().find_many({s.id}).at(0).reopening_date, "2027-10-04");
}

TEST_F(ServiceDatesStore, AnEndBeforeTheStartIsRefused) {
    ServiceSpec spec;
    spec.organisation_id = organisation_.id;
    auto s = make_service(spec);
    s.start_date = "2027-09-01";
    s.end_date = "2027-08-31";
    EXPECT_THROW(store_->services().save(s), ValidationFailed);
}

TEST_F(ServiceDatesStore, PublicListsLeaveOutServicesOutsideTheirDates) {
    const auto running = saved("Apple club", "", "");
    const auto ends_today = saved("Banana club", day(-30), day(0));
    saved("Cherry club", "", day(-1));  // ended yesterday
    saved("Date club", day(1), "");     // starts tomorrow
    const auto starts_today = saved("Elder club", day(0), "");

    std::vector<std::string> listed;
    for (const auto& s : store_->services().list({}, {50, 0})) listed.push_back(s.id);
    const std::vector<std::string> expected{running.id, ends_today.id, starts_today.id};
    EXPECT_EQ(listed, expected);
    EXPECT_EQ(store_->services().count({}), 3);
    EXPECT_EQ(store_->services().count({.only_published = false}), 5);
    EXPECT_EQ(store_->services().count({.term_id = term_.id}), 3);

    std::vector<std::string> sitemap;
    for (const auto& st : store_->services().listed_stamps({50, 0})) sitemap.push_back(st.id);
    EXPECT_EQ(sitemap, expected);
    EXPECT_EQ(store_->services().listed_ids_with_terms({term_.id}), expected);
    EXPECT_EQ(store_->services().recently_updated(10).size(), 3u);

    const auto counts = store_->taxonomies().service_counts(taxonomy_.id);
    ASSERT_EQ(counts.size(), 1u);
    EXPECT_EQ(counts.at(0).second, 3);

    EXPECT_EQ(store_->services().query_count({}), 3);
    EXPECT_EQ(store_->services().query_ids({}, {50, 0}), expected);
}

}  // namespace
}  // namespace lo::storage
