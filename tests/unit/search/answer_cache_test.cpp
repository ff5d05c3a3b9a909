// The answer cache (docs/search.md, "The answer cache"): a repeated search is answered from it,
// and a change to the index, the gazetteer or the search words is seen by the very next search.
#include "search/answer_cache.hpp"

#include <gtest/gtest.h>

#include <ctime>

#include "app/seed.hpp"
#include "fixtures/builders.hpp"
#include "search/engine.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::search {
namespace {

struct Sized {
    std::size_t n;
    std::size_t bytes() const { return n; }
};

TEST(AnswerCacheLru, KeepsTheMostRecentlyUsedWithinItsBudget) {
    // Each entry costs its bytes, twice its key and 128 of bookkeeping: 100 + 2 + 128 = 230.
    AnswerCache<Sized> cache(700);
    const AnswerState s{1, 0};
    for (const char* k : {"a", "b", "c"}) cache.put(s, k, std::make_shared<Sized>(Sized{100}));
    ASSERT_NE(cache.find(s, "a"), nullptr);  // a is now the most recently used
    cache.put(s, "d", std::make_shared<Sized>(Sized{100}));
    EXPECT_EQ(cache.find(s, "b"), nullptr) << "b was the least recently used";
    EXPECT_NE(cache.find(s, "a"), nullptr);
    EXPECT_NE(cache.find(s, "c"), nullptr);
    EXPECT_NE(cache.find(s, "d"), nullptr);
    EXPECT_LE(cache.stats().bytes, 700u);
    cache.put(s, "huge", std::make_shared<Sized>(Sized{10000}));
    EXPECT_EQ(cache.find(s, "huge"), nullptr) << "larger than the whole budget: not kept";
    EXPECT_EQ(cache.stats().entries, 3u);
}

TEST(AnswerCacheLru, ANewerStateEmptiesItAndAnOlderOneIsNeitherServedNorKept) {
    AnswerCache<Sized> cache(1 << 20);
    cache.put({1, 0}, "q", std::make_shared<Sized>(Sized{10}));
    ASSERT_NE(cache.find({1, 0}, "q"), nullptr);
    EXPECT_EQ(cache.find({2, 0}, "q"), nullptr) << "the index changed";
    EXPECT_EQ(cache.stats().entries, 0u);
    cache.put({1, 0}, "old", std::make_shared<Sized>(Sized{10}));
    EXPECT_EQ(cache.find({2, 0}, "old"), nullptr) << "worked out before the change: not kept";
    EXPECT_EQ(cache.find({1, 0}, "q"), nullptr);
    cache.put({2, 0}, "q", std::make_shared<Sized>(Sized{10}));
    EXPECT_EQ(cache.find({2, 1}, "q"), nullptr) << "the gazetteer changed";
}

class AnswerCacheService : public ::testing::Test {
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
    std::shared_ptr<const SearchAnswer> ask(
        const std::vector<std::pair<std::string, std::string>>& q) {
        return service_->answer(parse_search_params(q));
    }
    testing::TempDir dir_;
    std::unique_ptr<storage::Store> store_;
    std::unique_ptr<SearchService> service_;
};

TEST_F(AnswerCacheService, ARepeatedSearchIsAnsweredFromTheCacheAndStillCounted) {
    const auto first = ask({{"q", "speech therapy"}, {"location", "OX26 6BL"}});
    const auto again = ask({{"q", "speech therapy"}, {"location", "OX26 6BL"}});
    EXPECT_EQ(first, again) << "the same answer, not worked out again";
    EXPECT_EQ(first->body, first->response().dump());
    EXPECT_NE(ask({{"q", "speech therapy"}, {"location", "OX26 6BL"}, {"page", "2"}}), first);
    EXPECT_NE(ask({{"q", "speech therapy"}}), first);
    const auto stats = service_->answer_cache_stats();
    EXPECT_EQ(stats.hits, 1u);
    EXPECT_EQ(stats.entries, 3u);

    service_->flush_counts();
    char day[16];
    const auto now = std::time(nullptr);
    std::strftime(day, sizeof day, "%Y-%m-%d", std::gmtime(&now));
    EXPECT_EQ(service_->tables().daily_counts(day).at("searches"), 4) << "hits are counted too";
}

TEST_F(AnswerCacheService, AChangedServiceIsFoundByTheNextSearch) {
    EXPECT_EQ(ask({{"q", "zebracorn"}})->response()["total"], 0);
    auto s = store_->services().list({}, {1, 0}).front();
    s.name = "Zebracorn Swimming Club";
    store_->services().save(s);
    EXPECT_EQ(ask({{"q", "zebracorn"}})->response()["total"], 0) << "not yet indexed";
    service_->sync();
    EXPECT_EQ(ask({{"q", "zebracorn"}})->response()["total"], 1);
}

TEST_F(AnswerCacheService, AGazetteerImportIsUsedByTheNextSearch) {
    const auto before = ask({{"location", "OX99 9ZZ"}});
    EXPECT_EQ(before->response()["location"]["status"], "not_found");
    EXPECT_TRUE(before->location_not_found);
    service_->tables().put_postcodes({{"OX99 9ZZ", {51.75, -1.25}}});
    const auto after = ask({{"location", "OX99 9ZZ"}});
    EXPECT_EQ(after->response()["location"]["status"], "found");
    EXPECT_FALSE(after->location_not_found);
}

// Whether any result's name contains the text (case ignored).
bool finds(const SearchAnswer& answer, const std::string& name_part) {
    const auto lower = [](std::string s) {
        for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    };
    for (const auto& r : answer.response()["results"])
        if (lower(r["name"].get<std::string>()).find(lower(name_part)) != std::string::npos)
            return true;
    return false;
}

TEST_F(AnswerCacheService, AnEditorsChangeToTheSearchWordsIsUsedByTheNextSearch) {
    const auto before = ask({{"q", "zebracorn"}});
    EXPECT_EQ(before->response()["total"], 0);
    EXPECT_EQ(ask({{"q", "zebracorn"}}), before) << "answered from the cache";

    domain::SearchWord w;
    w.term = "zebracorn";
    w.expansions = {"speech and language therapy"};
    w.id = store_->search_words().add(w);
    const auto added = ask({{"q", "zebracorn"}});  // no restart, no sync
    EXPECT_NE(added, before) << "the cached answer is not served after the edit";
    EXPECT_GT(added->response()["total"], 0);
    EXPECT_TRUE(finds(*added, "speech and language"));

    w.expansions = {"orthoptics"};
    store_->search_words().update(w);
    const auto changed = ask({{"q", "zebracorn"}});
    EXPECT_FALSE(finds(*changed, "speech and language"));
    EXPECT_GT(changed->response()["total"], 0);

    store_->search_words().remove(w.id);
    EXPECT_EQ(ask({{"q", "zebracorn"}})->response()["total"], 0);
}

TEST_F(AnswerCacheService, ANegationInASearchWordIsSearchedAsAWhole) {
    // A made-up word, so nothing matches it or is a spelling of it: without the search word,
    // "not" is dropped like other common words and nothing is found.
    ASSERT_EQ(ask({{"q", "not zebracorning"}})->response()["total"], 0);
    domain::SearchWord w;
    w.term = "not zebracorning";
    w.expansions = {"speech and language therapy"};
    store_->search_words().add(w);
    const auto answer = ask({{"q", "not zebracorning"}});
    EXPECT_TRUE(finds(*answer, "speech and language")) << answer->body.substr(0, 500);
}

TEST_F(AnswerCacheService, AWordAnEditorAddsGoesIntoTheSpellingData) {
    EXPECT_FALSE(service_->index().has_spelling("zebracorn"));
    domain::SearchWord w;
    w.term = "zebracorn";
    w.expansions = {"orthoptics"};
    store_->search_words().add(w);
    service_->sync();  // what the indexer does every 200 ms
    EXPECT_TRUE(service_->index().has_spelling("zebracorn"));
}

TEST_F(AnswerCacheService, AnswersAreTheSameWithTheCacheOff) {
    const std::vector<std::pair<std::string, std::string>> q{{"q", "autism"}, {"age", "6"}};
    const auto on = ask(q);
    service_->set_answer_cache(false);
    const auto off1 = ask(q), off2 = ask(q);
    EXPECT_NE(off1, off2) << "worked out each time";
    EXPECT_EQ(off1->body, on->body);
    EXPECT_EQ(off2->body, on->body);
}

}  // namespace
}  // namespace lo::search
