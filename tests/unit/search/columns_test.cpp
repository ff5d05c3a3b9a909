// The in-memory filter columns (docs/search.md, "How search is fast") are kept up to date by
// each commit from what changed. After changes, the writer's answers must equal those of a
// read-only index that builds its columns from scratch, and the published snapshot must be
// the one of the revision a reader sees.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "app/seed.hpp"
#include "fixtures/builders.hpp"
#include "search/engine.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::search {
namespace {

std::vector<IndexQuery> queries() {
    std::vector<IndexQuery> out;
    const std::vector<std::string> groups{"category", "need", "access", "free", "mode", "day"};
    IndexQuery all;
    all.facet_groups = groups;
    all.limit = 100;
    out.push_back(all);
    IndexQuery words = all;
    words.units = {{{"therapy"}, {}, false}};
    out.push_back(words);
    IndexQuery filtered = all;
    filtered.filters["free"] = {"yes"};
    filtered.filters["age"] = {"4"};
    filtered.filters["category"] = {"health", "education"};
    out.push_back(filtered);
    IndexQuery placed = words;
    placed.point = Point{51.7520, -1.2577};
    placed.areas = {{"Oxfordshire", {51.75, -1.25}, 30}};
    placed.radius_miles = 40;
    placed.filters["access"] = {"self", "gp"};
    out.push_back(placed);
    return out;
}

std::string summary(const IndexResult& r) {
    std::string s = std::to_string(r.total) + "|";
    for (const auto& h : r.hits) s += *h.data + "@" + std::to_string(h.relevance) + "|";
    for (const auto& [g, counts] : r.facets)
        for (const auto& [v, n] : counts) s += g + ":" + v + "=" + std::to_string(n) + ",";
    return s;
}

TEST(SearchColumns, IncrementalUpdatesMatchAFullBuild) {
    testing::TempDir dir;
    auto store = storage::sqlite::open_store(dir.str());
    app::load_taxonomies(*store, (testing::source_dir() / "db/seeds/taxonomies.json").string());
    app::load_demo(*store, (testing::source_dir() / "demo").string());
    SearchService service(
        *store, {dir.str(), (testing::source_dir() / "db/seeds/send-synonyms.tsv").string(),
                 (testing::source_dir() / "db/seeds/gazetteer").string()});
    service.sync();
    const auto compare = [&](const char* when) {
        SearchIndex fresh(service.index().dir(), SearchIndex::Mode::Read);
        for (const auto& q : queries())
            EXPECT_EQ(summary(service.index().query(q)), summary(fresh.query(q))) << when;
    };
    compare("after the first build");

    // Change filters, names and places of a few services, archive one, then sync.
    auto list = store->services().list({}, {5, 0});
    ASSERT_GE(list.size(), 4u);
    list[0].name = "Aardvark Therapy Group";  // moves in A-Z order
    list[0].free = true;
    list[0].min_age = 3;
    list[0].max_age = 5;
    store->services().save(list[0]);
    list[1].term_ids.clear();
    list[1].service_areas.clear();
    store->services().save(list[1]);
    list[2].delivery_modes.clear();
    list[2].schedules.clear();
    store->services().save(list[2]);
    store->services().archive(list[3].id);
    const auto report = service.sync();
    EXPECT_FALSE(report.rebuilt);
    EXPECT_GE(report.applied, 4);
    compare("after incremental changes");

    // Readers in other threads while the writer commits never see a wrong snapshot.
    std::atomic<bool> done{false};
    std::atomic<int> bad{0};
    std::thread reader([&] {
        while (!done) {
            auto r = service.index().query(queries()[0]);
            std::int64_t n = 0;
            for (const auto& [v, c] : r.facets["free"]) n += c;
            if (r.total < n) ++bad;
        }
    });
    for (int i = 0; i < 5; ++i) {
        auto s = store->services().list({}, {1, i}).front();
        s.name = "Renamed " + std::to_string(i);
        store->services().save(s);
        service.sync();
    }
    done = true;
    reader.join();
    EXPECT_EQ(bad.load(), 0);
    compare("after concurrent commits");

    service.rebuild();
    compare("after a rebuild");
}

}  // namespace
}  // namespace lo::search
