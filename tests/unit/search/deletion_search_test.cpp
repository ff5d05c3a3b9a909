// Deleting from the store reaches the search index (docs/admin.md, "Deleting terms and advice
// pages"): a deleted advice page leaves the results, and a deleted term leaves the filters and
// facets, through the change feed alone (no rebuild asked for by hand).
#include "search/engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/seed.hpp"
#include "domain/ids.hpp"
#include "fixtures/builders.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/term_moves.hpp"

namespace lo::search {
namespace {

using nlohmann::json;

class SearchAfterDeletion : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = storage::sqlite::open_store(dir_.str());
        app::load_taxonomies(*store_,
                             (testing::source_dir() / "db/seeds/taxonomies.json").string());
        app::load_demo(*store_, (testing::source_dir() / "demo").string());
        service_ = std::make_unique<SearchService>(
            *store_, SearchOptions{dir_.str(),
                                   (testing::source_dir() / "db/seeds/send-synonyms.tsv").string(),
                                   (testing::source_dir() / "db/seeds/gazetteer").string()});
        service_->sync();
    }

    json search(const std::vector<std::pair<std::string, std::string>>& q) {
        return service_->search(parse_search_params(q));
    }
    // The addresses of the advice pages a search finds. (Copied out: a range-for over a member
    // of the temporary answer would read it after it is gone.)
    std::vector<std::string> advice_hrefs(const std::string& q) {
        const auto answer = search({{"q", q}});
        std::vector<std::string> out;
        for (const auto& item : answer["advice"]) out.push_back(item["href"].get<std::string>());
        return out;
    }
    static bool contains(const std::vector<std::string>& list, const std::string& value) {
        return std::find(list.begin(), list.end(), value) != list.end();
    }
    // The facet's count, or -1 when the facet lists no such option.
    static int facet_count(const json& r, const std::string& group, const std::string& value) {
        for (const auto& o : r["facets"][group]) {
            if (o["value"] == value) return o["count"];
            if (o.contains("children"))
                for (const auto& c : o["children"])
                    if (c["value"] == value) return c["count"];
        }
        return -1;
    }
    domain::TaxonomyTerm add_term(const std::string& code, const std::string& name) {
        const auto health = store_->taxonomies().find_term_by_code("categories", "health");
        domain::TaxonomyTerm t{
            domain::new_uuid(), health->taxonomy_id, health->id, code, name, "", 99};
        store_->taxonomies().save_term(t);
        return t;
    }

    testing::TempDir dir_;
    std::unique_ptr<storage::Store> store_;
    std::unique_ptr<SearchService> service_;
};

TEST_F(SearchAfterDeletion, ADeletedAdvicePageLeavesTheResults) {
    const auto before = advice_hrefs("tribunal");
    ASSERT_FALSE(before.empty());
    const auto href = before.front();
    const auto page = store_->advice().find_by_slug(href.substr(8));  // after "/advice/"
    ASSERT_TRUE(page) << href;
    ASSERT_TRUE(contains(advice_hrefs(page->title), href)) << "found by its title";
    ASSERT_TRUE(store_->advice().remove(page->id, ""));
    service_->sync();
    EXPECT_FALSE(contains(advice_hrefs("tribunal"), href));
    EXPECT_FALSE(contains(advice_hrefs(page->title), href)) << "not by its own title either";
}

TEST_F(SearchAfterDeletion, ADeletedTermLeavesTheFacetsAndItsServicesFollowTheMove) {
    const auto unused = add_term("zebracorn-therapy", "Zebracorn therapy");
    const auto music = add_term("music-therapy", "Music therapy");
    // Added now, so that nothing but the deletions below can ask for a rebuild.
    const auto art = add_term("art-therapy", "Art therapy");
    auto s = store_->services().list({}, {1, 0}).front();
    s.term_ids.push_back(music.id);
    store_->services().save(s);
    service_->sync();
    auto all = search({});
    EXPECT_EQ(facet_count(all, "category", "zebracorn-therapy"), 0) << "listed, with no services";
    EXPECT_EQ(facet_count(all, "category", "music-therapy"), 1);
    const int health = facet_count(all, "category", "health");

    ASSERT_TRUE(store_->taxonomies().remove_term(unused.id));
    store_->transaction([&](storage::Store& tx) {
        storage::move_services_and_remove_term(
            tx, {music.id, art.id, {"user-1", "editor@example.org"}, "192.0.2.10", 12});
    });
    EXPECT_TRUE(service_->sync().rebuilt) << "a deleted term reloads the terms";
    all = search({});
    EXPECT_EQ(facet_count(all, "category", "zebracorn-therapy"), -1);
    EXPECT_EQ(facet_count(all, "category", "music-therapy"), -1);
    EXPECT_EQ(facet_count(all, "category", "art-therapy"), 1);
    EXPECT_EQ(facet_count(all, "category", "health"), health) << "still counted under its parent";
    EXPECT_EQ(search({{"category", "art-therapy"}})["total"], 1);
}

}  // namespace
}  // namespace lo::search
