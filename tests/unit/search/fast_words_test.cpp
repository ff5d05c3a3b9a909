// Word matching on cached bitmaps (docs/search.md, "How search is fast") must give exactly the
// answers of one full Xapian match per unit and of the words: the same ids in the same order,
// the same relevance, totals and facet counts, over a generated corpus with shared prefixes,
// phrases, weak words, filters and places.
#include <gtest/gtest.h>

#include <random>

#include "fixtures/builders.hpp"
#include "search/index.hpp"

namespace lo::search {
namespace {

const std::vector<std::string> kWords = {
    "speech", "language", "therapy",    "therapist", "autism", "autistic", "sensory",
    "play",   "group",    "physio",     "support",   "family", "short",    "breaks",
    "mental", "health",   "wheelchair", "dyslexia",  "school", "the",      "and"};

// Writes n generated services (and a few advice pages) and returns the areas used.
std::vector<Area> write_corpus(SearchIndex& index, int n) {
    std::mt19937 rng(20261123);
    const auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
    const std::vector<Area> areas = {{"Oxfordshire", {51.75, -1.25}, 20},
                                     {"Waltham Forest", {51.59, -0.01}, 4}};
    for (int i = 0; i < n; ++i) {
        IndexDocument d;
        d.kind = "service";
        d.id = "s" + std::to_string(i);
        std::string name, body;
        for (int w = 0; w < 2 + pick(3); ++w) name += kWords[pick(8)] + " ";
        for (int w = 0; w < 8 + pick(20); ++w) body += kWords[pick(kWords.size())] + " ";
        // More than 40 terms share the prefix "therap", so its expansion is Xapian's own choice.
        body += "therap" + std::to_string(pick(60)) + "x ";
        if (pick(3) == 0) body += "speech and language therapy ";
        d.sort_name = name;
        d.texts = {{name, 6}, {body, 1}};
        d.facets.push_back({"category", pick(2) ? "health" : "education"});
        d.facets.push_back({"need", pick(2) ? "autism" : "adhd"});
        if (pick(2)) d.facets.push_back({"access", "self"});
        if (pick(2)) d.facets.push_back({"access", "gp"});
        if (pick(3) == 0) d.facets.push_back({"free", "yes"});
        d.facets.push_back({"mode", pick(4) == 0 ? "online" : "in-person"});
        for (int a = pick(10); a < 10 + pick(15); ++a)
            d.facets.push_back({"age", std::to_string(a)});
        if (pick(4)) d.venues.push_back({51.5 + pick(40) / 100.0, -1.5 + pick(150) / 100.0});
        if (pick(3) == 0) d.areas.push_back(areas[static_cast<std::size_t>(pick(2))].name);
        d.remote = pick(4) == 0;
        d.data = "{\"id\":\"" + d.id + "\"}";
        index.put(d);
    }
    for (int i = 0; i < 6; ++i) {
        IndexDocument d;
        d.kind = "advice";
        d.id = "a" + std::to_string(i);
        d.sort_name = "advice " + std::to_string(i);
        d.texts = {{"speech therapy advice", 6}, {"autism support for the family", 1}};
        d.data = "{\"id\":\"" + d.id + "\"}";
        index.put(d);
    }
    return areas;
}

std::string summary(const IndexResult& r) {
    std::string s = std::to_string(r.total) + "|";
    for (const auto& h : r.hits) {
        s += *h.data + "@" + std::to_string(h.relevance);
        if (h.placement)
            s += "~" + std::to_string(h.placement->first_tier) +
                 std::to_string(h.placement->sort_miles);
        s += "|";
    }
    for (const auto& [g, counts] : r.facets)
        for (const auto& [v, n] : counts) s += g + ":" + v + "=" + std::to_string(n) + ",";
    return s;
}

std::vector<IndexQuery> queries(const std::vector<Area>& areas) {
    const std::vector<std::string> groups{"category", "need", "access", "free", "mode", "day"};
    std::vector<std::vector<TextUnit>> texts = {
        {{{"autism"}, {}, false}},
        {{{"autism"}, {}, true}},  // prefix: autism, autistic
        {{{"therap"}, {}, true}},  // prefix with > 40 terms
        {{{"speech"}, {}, false}, {{"therapy"}, {}, false}},
        {{{"speech", "therapy"}, {{"speech", "and", "language", "therapy"}, {"slt"}}, false}},
        {{{"physio"}, {{"physiotherapy"}}, false}, {{"sensory"}, {}, true}},
        {{{"the"}, {}, false}},
        {{{"nothingmatches"}, {}, false}, {{"play"}, {}, false}},
    };
    std::vector<IndexQuery> out;
    for (const auto& units : texts)
        for (int variant = 0; variant < 8; ++variant) {
            IndexQuery q;
            q.units = units;
            q.facet_groups = groups;
            if (variant == 3) q.units.front().weak = true;   // a generic word: never alone
            if (variant == 2) q.units.front().topic = true;  // a vocabulary phrase
            if (variant == 7) q.keep_share = 0.9;
            if (variant == 1 || variant == 5) {
                q.filters["access"] = {"self", "gp"};
                q.filters["age"] = {"12"};
            }
            if (variant == 2) q.filters["free"] = {"yes"};
            if (variant >= 4) {
                q.point = Point{51.7520, -1.2577};
                q.areas = areas;
            }
            if (variant == 5) q.radius_miles = 15;
            if (variant == 6) q.offset = 20;
            if (variant == 7) q.offset = 37, q.limit = 50;
            out.push_back(q);
            if (variant == 0) {  // the same words over advice pages, without facets
                q.kind = "advice";
                q.facet_groups.clear();
                out.push_back(q);
            }
        }
    return out;
}

TEST(SearchFastWords, GivesTheAnswersOfAFullXapianMatch) {
    testing::TempDir dir;
    SearchIndex index(dir.str(), SearchIndex::Mode::Write);
    const auto areas = write_corpus(index, 700);
    index.commit(1, 0);
    int with_results = 0;
    for (int round = 0; round < 2; ++round)  // the second round reads the cached bitmaps
        for (const auto& q : queries(areas)) {
            index.set_fast_words(false);
            const auto reference = summary(index.query(q));
            index.set_fast_words(true);
            for (const bool cached_ranking : {false, true}) {
                index.set_ranking_cache(cached_ranking);
                const auto fast = index.query(q);
                EXPECT_EQ(summary(fast), reference)
                    << q.units.front().words.front() << " ranking cache " << cached_ranking;
                if (fast.total > 0 && !fast.hits.empty()) ++with_results;
            }
        }
    EXPECT_GT(with_results, 100);  // the comparison is over real answers, not empty ones

    // After a change, the bitmaps of the old revision are not used.
    IndexDocument d;
    d.kind = "service";
    d.id = "new";
    d.sort_name = "zebra autism club";
    d.texts = {{"zebra autism club", 6}};
    d.facets = {{"category", "health"}};
    d.data = "{\"id\":\"new\"}";
    IndexQuery zebra;
    zebra.units = {{{"zebra"}, {}, false}};
    zebra.facet_groups = {"category"};
    index.set_fast_words(true);
    index.set_ranking_cache(true);
    EXPECT_EQ(index.query(zebra).total, 0);
    index.put(d);
    index.commit(2, 0);
    const auto after = index.query(zebra);
    ASSERT_EQ(after.total, 1);
    EXPECT_EQ(*after.hits.at(0).data, "{\"id\":\"new\"}");
    for (const auto& q : queries(areas)) {
        index.set_fast_words(true);
        index.set_ranking_cache(true);
        const auto fast = index.query(q);
        index.set_fast_words(false);
        EXPECT_EQ(summary(fast), summary(index.query(q)));
    }
}

}  // namespace
}  // namespace lo::search
