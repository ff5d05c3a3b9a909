// Search and the dates that run the directory: a date passing is not a change in the store, yet
// a service past its end date leaves the results on the next UK day, and a closure's notice
// goes when its reopening date comes (docs/search.md, "Dates").
#include "search/engine.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "app/seed.hpp"
#include "fixtures/builders.hpp"
#include "fixtures/shared_data.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::search {
namespace {

class SearchDates : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = storage::sqlite::open_store(dir_.str());
        app::load_taxonomies(*store_,
                             (testing::source_dir() / "db/seeds/taxonomies.json").string());
        app::load_demo(*store_, (testing::source_dir() / "demo").string());
        SearchOptions options{dir_.str(),
                              (testing::source_dir() / "db/seeds/send-synonyms.tsv").string(),
                              (testing::source_dir() / "db/seeds/gazetteer").string()};
        options.today = [this] { return today_; };
        search_ = std::make_unique<SearchService>(*store_, options);
    }

    nlohmann::json find(const std::string& q) {
        return search_->search(parse_search_params({{"q", q}}));
    }

    testing::TempDir dir_;
    std::unique_ptr<storage::Store> store_;
    domain::Date today_{2027, 3, 31};
    std::unique_ptr<SearchService> search_;
};

TEST_F(SearchDates, AServicePastItsEndDateIsNotFoundFromTheNextDay) {
    auto s = store_->services().list({}, {1, 0}).front();
    s.name = "Zebracorn Swimming Club";
    s.end_date = "2027-03-31";
    store_->services().save(s);
    search_->sync();
    EXPECT_EQ(find("zebracorn")["total"], 1);  // listed on its last day
    const auto generation = store_->generation();
    today_ = {2027, 4, 1};
    search_->sync();
    EXPECT_EQ(store_->generation(), generation);  // nothing was written
    EXPECT_EQ(find("zebracorn")["total"], 0);
}

TEST_F(SearchDates, AServiceBeforeItsStartDateIsFoundFromThatDay) {
    auto s = store_->services().list({}, {1, 0}).front();
    s.name = "Quokkaberry Play Scheme";
    s.start_date = "2027-04-01";
    store_->services().save(s);
    search_->sync();
    EXPECT_EQ(find("quokkaberry")["total"], 0);
    today_ = {2027, 4, 1};
    search_->sync();
    EXPECT_EQ(find("quokkaberry")["total"], 1);
}

TEST_F(SearchDates, AClosedServiceShowsItsReasonUntilItReopens) {
    auto s = store_->services().list({}, {1, 0}).front();
    s.name = "Wombatine Sensory Room";
    s.status = domain::ServiceStatus::TemporarilyClosed;
    s.closed_reason = "The building is being repaired";
    s.reopening_date = "2027-04-04";
    store_->services().save(s);
    search_->sync();
    auto r = find("wombatine");
    ASSERT_EQ(r["total"], 1);
    const auto card = r["results"].at(0);
    EXPECT_EQ(card["status_label"], "Temporarily closed");
    EXPECT_EQ(card["status_notice"], "Closed until 4 April 2027: The building is being repaired");
    today_ = {2027, 4, 4};
    search_->sync();
    r = find("wombatine");
    ASSERT_EQ(r["total"], 1);
    EXPECT_EQ(r["results"].at(0)["status_label"], "");
    EXPECT_EQ(r["results"].at(0)["status_notice"], "");
}

}  // namespace
}  // namespace lo::search
