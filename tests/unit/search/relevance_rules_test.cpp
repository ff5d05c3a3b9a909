// The rules issue 13 added to search, each on its own small corpus: tags weighted by how
// specific a service's list is, derived summaries, expansions matched as written, the order
// inside "reaches you", place names typed with the topic, and the words the best matches share.
#include <gtest/gtest.h>

#include "app/seed.hpp"
#include "domain/ids.hpp"
#include "fixtures/builders.hpp"
#include "search/engine.hpp"
#include "search/index.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::search {
namespace {

using nlohmann::json;

SearchOptions options_for(const std::string& data) {
    return {data, (testing::source_dir() / "db/seeds/send-synonyms.tsv").string(),
            (testing::source_dir() / "db/seeds/gazetteer").string()};
}

std::vector<std::string> names(const json& r) {
    std::vector<std::string> out;
    for (const auto& item : r["results"]) out.push_back(item["name"]);
    return out;
}

TEST(SearchTags, AServiceThatTickedEveryAudienceDoesNotMatchEverySearch) {
    testing::TempDir dir;
    auto store = storage::sqlite::open_store(dir.str());
    const domain::Taxonomy audience{
        domain::new_uuid(), "target-audience", "Who it is for", "", "", ""};
    store->taxonomies().save_taxonomy(audience);
    const std::vector<std::string> labels = {
        "Dementia",     "Carers",  "Autism",   "Deaf",     "Blind",    "Older people",
        "Young people", "Parents", "Refugees", "Veterans", "Students", "Mental health"};
    std::vector<std::string> all_ids;
    std::string dementia_id;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        domain::TaxonomyTerm t{domain::new_uuid(),      audience.id, "",
                               "a" + std::to_string(i), labels[i],   "",
                               static_cast<int>(i)};
        store->taxonomies().save_term(t);
        all_ids.push_back(t.id);
        if (labels[i] == "Dementia") dementia_id = t.id;
    }
    const auto org = testing::make_organisation({});
    store->organisations().save(org);
    auto everything = testing::make_service(
        {.organisation_id = org.id, .name = "Lunch club", .term_ids = all_ids});
    everything.summary = "A hot lunch on Thursdays.";
    everything.description = "Come and eat with others.";
    store->services().save(everything);
    auto specific = testing::make_service(
        {.organisation_id = org.id, .name = "Thursday cafe", .term_ids = {dementia_id}});
    specific.summary = "";
    specific.description =
        "A friendly cafe. Tea and cake every Thursday afternoon. Bring a "
        "friend.";
    store->services().save(specific);
    SearchService service(*store, options_for(dir.str()));
    service.sync();
    const auto r = service.search(parse_search_params({{"q", "dementia"}}));
    EXPECT_EQ(names(r), std::vector<std::string>{"Thursday cafe"});
    // It has no summary, so its card shows the description's first sentences, marked.
    EXPECT_EQ(r["results"][0]["summary"],
              "A friendly cafe. Tea and cake every Thursday afternoon.");
    EXPECT_EQ(r["results"][0]["summary_derived"], true);
    const auto lunch = service.search(parse_search_params({{"q", "lunch"}}));
    EXPECT_EQ(lunch["results"][0]["summary_derived"], false);
}

IndexDocument doc(const std::string& id, const std::string& text) {
    IndexDocument d;
    d.kind = "service";
    d.id = id;
    d.sort_name = id;
    d.texts = {{text, 1}};
    d.data = "{\"id\":\"" + id + "\"}";
    return d;
}

std::vector<std::string> ids(const IndexResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(json::parse(*h.data)["id"]);
    return out;
}

TEST(SearchExpansions, MatchAsWrittenNeverByTheirStem) {
    testing::TempDir dir;
    SearchIndex index(dir.str(), SearchIndex::Mode::Write);
    index.put(doc("hears", "we hear you and listen"));
    index.put(doc("impairment", "support for hearing impairment"));
    index.put(doc("hearings", "tribunal hearings explained"));
    index.commit(1, 0);
    IndexQuery q;
    q.facet_groups = {"category"};
    // "HI", expanded to "hearing impairment" and "hearing": never "hear" by its stem.
    q.units = {{{"hi"}, {{"hearing", "impairment"}, {"hearing"}}, false}};
    for (const bool fast : {true, false}) {
        index.set_fast_words(fast);
        EXPECT_EQ(ids(index.query(q)), (std::vector<std::string>{"impairment", "hearings"}))
            << "the plural of a one-word expansion counts; its stem does not";
    }
    // A word typed by the family still matches by its stem.
    q.units = {{{"hearing"}, {}, false}};
    EXPECT_EQ(index.query(q).total, 3);
}

TEST(SearchPlacement, InsideReachesYouTheNearerVenueComesFirst) {
    testing::TempDir dir;
    SearchIndex index(dir.str(), SearchIndex::Mode::Write);
    const Point here{51.7520, -1.2577};  // Oxford
    const std::vector<Area> areas{{"Oxfordshire", {51.77, -1.29}, 22}};
    auto far = doc("far", "speech therapy speech therapy speech therapy");  // the best words
    far.venues = {{51.90, -1.15}};  // Bicester, about 11 miles
    far.areas = {"Oxfordshire"};
    far.remote = true;  // home visits: it reaches you
    auto near = doc("near", "speech therapy");
    near.venues = {{51.7545, -1.2560}};  // 0.2 miles
    near.areas = {"Oxfordshire"};
    near.remote = true;
    auto nearest_but_elsewhere = doc("elsewhere", "speech therapy");
    nearest_but_elsewhere.venues = {{51.7530, -1.2580}};  // 0.1 miles, but no area: a venue only
    index.put(far);
    index.put(near);
    index.put(nearest_but_elsewhere);
    index.commit(1, 0);
    IndexQuery q;
    q.units = {{{"speech"}, {}, false}};
    q.facet_groups = {"category"};
    q.point = here;
    q.areas = areas;
    for (const bool fast : {true, false}) {
        index.set_fast_words(fast);
        const auto r = index.query(q);
        EXPECT_EQ(ids(r), (std::vector<std::string>{"near", "far", "elsewhere"}));
        ASSERT_EQ(r.hits.size(), 3u);
        EXPECT_TRUE(r.hits[0].placement->first_tier);
        EXPECT_NEAR(r.hits[0].placement->sort_miles, 0.2, 0.1);
        EXPECT_FALSE(r.hits[2].placement->first_tier);
    }
}

TEST(SearchPlaceWords, ATownTypedWithTheTopicIsThePlace) {
    testing::TempDir dir;
    auto store = storage::sqlite::open_store(dir.str());
    app::load_taxonomies(*store, (testing::source_dir() / "db/seeds/taxonomies.json").string());
    app::load_demo(*store, (testing::source_dir() / "demo").string());
    SearchService service(*store, options_for(dir.str()));
    service.sync();
    const auto r = service.search(parse_search_params({{"q", "speech therapy Bicester"}}));
    EXPECT_EQ(r["interpreted"]["place_from_words"], "Bicester");
    EXPECT_EQ(r["location"]["status"], "found");
    EXPECT_EQ(r["sort"], "distance");
    EXPECT_GT(r["total"].get<int>(), 0);
    // A place named like an everyday word counts only after "in", "near", "around" or "at".
    service.tables().put_places({{"Hope", "Derbyshire", {53.3462, -1.7437}, 2}});
    const auto word = service.search(parse_search_params({{"q", "autism hope"}}));
    EXPECT_FALSE(word["interpreted"].contains("place_from_words"));
    EXPECT_TRUE(word["location"].is_null());
    const auto place = service.search(parse_search_params({{"q", "autism in Hope"}}));
    EXPECT_EQ(place["interpreted"]["place_from_words"], "Hope");
    EXPECT_EQ(place["location"]["label"], "Hope, Derbyshire");
}

// docs/search.md, "Words the best matches share": the services that say what the best matches
// say rise; nothing is added or dropped, and a weight of 0 leaves BM25's order.
TEST(SearchFeedback, ServicesInTheWordsOfTheBestMatchesRiseAndNothingElseChanges) {
    testing::TempDir dir;
    SearchIndex index(dir.str(), SearchIndex::Mode::Write);
    const auto named = [](const std::string& id, const std::string& name, const std::string& body) {
        auto d = doc(id, body);
        d.texts = {{name, 6}, {body, 1}};
        return d;
    };
    // The two that tie on the word itself: the same length, "mobility" once each.
    index.put(doc("gym", "mobility classes gym pool sauna cafe"));
    index.put(doc("scooters", "mobility wheelchair scooter hire repair loan"));
    index.put(named("shop-1", "Mobility shop", "wheelchair and scooter hire and repair"));
    index.put(named("shop-2", "Mobility centre", "scooter hire, wheelchair repair"));
    index.put(named("shop-3", "Mobility aids", "we hire and repair every wheelchair"));
    index.put(doc("swim", "swimming lessons for children"));
    index.put(doc("books", "a reading club at the library"));
    index.commit(1, 0);
    IndexQuery q;
    q.units = {{{"mobility"}, {}, false}};
    for (const bool fast : {true, false}) {
        index.set_fast_words(fast);
        q.feedback = 0;
        const auto plain = index.query(q);
        ASSERT_EQ(plain.total, 5);
        const auto before = ids(plain);
        EXPECT_EQ(std::vector<std::string>(before.begin() + 3, before.end()),
                  (std::vector<std::string>{"gym", "scooters"}))
            << "without feedback the tie goes to the first written";
        q.feedback = 0.2;
        const auto fed = index.query(q);
        EXPECT_EQ(fed.total, plain.total);
        const auto after = ids(fed);
        EXPECT_EQ(std::vector<std::string>(after.begin() + 3, after.end()),
                  (std::vector<std::string>{"scooters", "gym"}))
            << "the service in the shops' words comes first";
        auto a = before, b = after;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        EXPECT_EQ(a, b) << "feedback only reorders";
    }
}

}  // namespace
}  // namespace lo::search
