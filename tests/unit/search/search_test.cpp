// Search over the real demo Local Offer, with a real Xapian index in a temporary folder: every
// example in issue 3's "Done when".
#include "search/engine.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "app/seed.hpp"
#include "domain/ids.hpp"
#include "fixtures/builders.hpp"
#include "fixtures/shared_data.hpp"
#include "search/gazetteer.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::search {
namespace {

using nlohmann::json;
using Query = std::vector<std::pair<std::string, std::string>>;

class DemoSearch : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new testing::TempDir();
        store_ = storage::sqlite::open_store(dir_->str()).release();
        app::load_taxonomies(*store_,
                             (testing::source_dir() / "db/seeds/taxonomies.json").string());
        app::load_demo(*store_, (testing::source_dir() / "demo").string());
        service_ = new SearchService(*store_, options(dir_->str()));
        service_->sync();
    }
    static void TearDownTestSuite() {
        delete service_;
        delete store_;
        delete dir_;
    }
    static SearchOptions options(const std::string& data) {
        return {data, (testing::source_dir() / "db/seeds/send-synonyms.tsv").string(),
                (testing::source_dir() / "db/seeds/gazetteer").string()};
    }
    static json search(const Query& q) { return service_->search(parse_search_params(q)); }
    static std::vector<std::string> names(const json& r) {
        std::vector<std::string> out;
        for (const auto& item : r["results"]) out.push_back(item["name"]);
        return out;
    }
    static bool first_page_has(const json& r, std::string_view part) {
        for (const auto& n : names(r))
            if (n.find(part) != std::string::npos) return true;
        return false;
    }
    static inline testing::TempDir* dir_ = nullptr;
    static inline storage::Store* store_ = nullptr;
    static inline SearchService* service_ = nullptr;
};

TEST_F(DemoSearch, AcronymsFindTheirServices) {
    EXPECT_TRUE(first_page_has(search({{"q", "SALT"}}), "Speech and Language Therapy"));
    EXPECT_TRUE(first_page_has(search({{"q", "SLT"}}), "Speech and Language Therapy"));
    EXPECT_TRUE(first_page_has(search({{"q", "salt"}}), "Speech and Language Therapy"));
    EXPECT_TRUE(first_page_has(search({{"q", "camhs"}}), "Mental Health"));
    EXPECT_TRUE(first_page_has(search({{"q", "physio"}}), "Physiotherapy"));
    EXPECT_TRUE(first_page_has(search({{"q", "OT"}}), "Occupational Therapy"));
    EXPECT_GT(search({{"q", "ASD"}})["total"].get<int>(), 0);
    EXPECT_EQ(search({{"q", "ASD"}})["total"], search({{"q", "ASC"}})["total"]);
    EXPECT_GT(search({{"q", "PMLD"}})["total"].get<int>(), 0);
    EXPECT_GT(search({{"q", "SEMH"}})["total"].get<int>(), 0);
    EXPECT_TRUE(first_page_has(search({{"q", "EHCP"}}), "EHC"));
}

TEST_F(DemoSearch, OrdinaryWordAcronymsExpandOnlyInCapitals) {
    const auto upper = search({{"q", "ADD"}});
    const auto lower = search({{"q", "add"}});
    EXPECT_GT(upper["total"].get<int>(), lower["total"].get<int>());
    EXPECT_GT(search({{"q", "OT"}})["total"].get<int>(), search({{"q", "ot"}})["total"].get<int>());
}

TEST_F(DemoSearch, StemmingAndNamesWeighMore) {
    EXPECT_GT(search({{"q", "therapies"}})["total"].get<int>(), 0);
    EXPECT_GT(search({{"q", "nurses"}})["total"].get<int>(), 0);
    const auto w = search({{"q", "wheelchair"}});
    ASSERT_GE(w["results"].size(), 2u);
    EXPECT_NE(w["results"][0]["name"].get<std::string>().find("Wheelchair"), std::string::npos);
    EXPECT_NE(w["results"][1]["name"].get<std::string>().find("Wheelchair"), std::string::npos);
}

TEST_F(DemoSearch, CommonWordsStillWork) {
    EXPECT_GT(search({{"q", "what is there for"}})["total"].get<int>(), 0);
    EXPECT_GT(search({{"q", "help for my child"}})["total"].get<int>(), 0);
}

TEST_F(DemoSearch, LastWordMatchesAsAPrefix) {
    EXPECT_GT(search({{"q", "dyslex"}})["total"].get<int>(), 0);
    EXPECT_GT(search({{"q", "physiother"}})["total"].get<int>(), 0);
}

TEST_F(DemoSearch, MisspellingsGetASuggestionAndItsResults) {
    for (const std::string typo : {"fysio", "autisim", "dislexia", "phsyiotherapy"}) {
        const auto r = search({{"q", typo}});
        SCOPED_TRACE(typo);
        ASSERT_TRUE(r["suggestion"].is_string()) << r.dump();
        EXPECT_TRUE(r["showing_suggestion"].get<bool>());
        EXPECT_GT(r["total"].get<int>(), 0);
        EXPECT_EQ(r["query"]["q"], typo);
        EXPECT_EQ(r["messages"][0],
                  "Showing results for \"" + r["suggestion"].get<std::string>() + "\".");
        ASSERT_EQ(r["interpreted"]["corrections"].size(), 1u);
        EXPECT_EQ(r["interpreted"]["corrections"][0]["from"], typo);
        // Asked to search as typed, nothing is corrected and the correction is offered.
        const auto typed = search({{"q", typo}, {"spelling", "as-typed"}});
        EXPECT_FALSE(typed["showing_suggestion"].get<bool>());
        EXPECT_EQ(typed["suggestion"], r["suggestion"]);
        EXPECT_TRUE(typed["interpreted"]["corrections"].empty());
    }
    EXPECT_EQ(search({{"q", "phsyiotherapy"}})["suggestion"], "physiotherapy");
    EXPECT_EQ(search({{"q", "autisim"}})["suggestion"], "autism");
    EXPECT_TRUE(search({{"q", "autism"}})["suggestion"].is_null());
}

int facet_count(const json& r, const std::string& group, const std::string& value) {
    for (const auto& o : r["facets"][group]) {
        if (o["value"] == value) return o["count"];
        if (o.contains("children"))
            for (const auto& c : o["children"])
                if (c["value"] == value) return c["count"];
    }
    return -1;
}

TEST_F(DemoSearch, FacetCountsAreOrWithinAndAcrossGroups) {
    const auto all = search({});
    const int online = facet_count(all, "mode", "online");
    const int phone = facet_count(all, "mode", "phone");
    ASSERT_GT(online, 0);
    const auto either = search({{"mode", "online,phone"}});
    // OR within a group: more than either alone, and the group's own counts do not shrink.
    EXPECT_GT(either["total"].get<int>(), online - 1);
    EXPECT_GE(either["total"].get<int>(), std::max(online, phone));
    EXPECT_EQ(facet_count(either, "mode", "online"), online);
    EXPECT_EQ(facet_count(either, "mode", "in_person"), facet_count(all, "mode", "in_person"));
    // AND across groups: the category counts reflect the mode filter.
    const auto health_all = facet_count(all, "category", "health");
    const auto health_online = facet_count(either, "category", "health");
    EXPECT_LT(health_online, health_all);
    const auto both = search({{"mode", "online,phone"}, {"category", "health"}});
    EXPECT_EQ(both["total"].get<int>(), health_online);
    // Sub-categories count into their parent.
    EXPECT_GE(facet_count(all, "category", "health"),
              facet_count(all, "category", "physiotherapy"));
    EXPECT_EQ(search({{"category", "physiotherapy"}})["total"].get<int>(),
              facet_count(all, "category", "physiotherapy"));
}

TEST_F(DemoSearch, AgeKeepsServicesWhoseRangeIncludesIt) {
    const auto three = search({{"age", "3"}});
    const auto twenty = search({{"age", "20"}});
    EXPECT_FALSE(
        first_page_has(search({{"q", "school nurses"}, {"age", "3"}}), "School Health Nurses"));
    EXPECT_TRUE(
        first_page_has(search({{"q", "school nurses"}, {"age", "7"}}), "School Health Nurses"));
    EXPECT_LT(twenty["total"].get<int>(), three["total"].get<int>());
    const auto salt = search({{"q", "SALT for my 4 year old"}});
    EXPECT_EQ(salt["interpreted"]["age"], 4);
    EXPECT_TRUE(first_page_has(salt, "Speech and Language Therapy"));
}

TEST_F(DemoSearch, OtherFilters) {
    EXPECT_GT(search({{"access", "self"}})["total"].get<int>(), 0);
    EXPECT_LT(search({{"free", "yes"}})["total"].get<int>(), search({})["total"].get<int>());
    const auto monday = search({{"day", "monday"}});
    EXPECT_GT(monday["total"].get<int>(), 0);
    EXPECT_EQ(search({{"day", "sunday"}})["total"], 0);
}

TEST_F(DemoSearch, FullPostcodeSortsByDistance) {
    const auto r = search({{"location", "ox3 9du"}, {"q", "hospital"}});
    EXPECT_EQ(r["location"]["status"], "found");
    EXPECT_EQ(r["location"]["label"], "OX3 9DU");
    EXPECT_EQ(r["sort"], "distance");
    // The services in the area first, then the others, each nearest first (no venue: 0).
    double last = -1;
    bool in_area = true;
    for (const auto& item : r["results"]) {
        if (in_area && !item["in_area"].get<bool>()) last = -1;
        EXPECT_TRUE(in_area || !item["in_area"].get<bool>()) << "outside the area comes last";
        in_area = item["in_area"].get<bool>();
        const double miles =
            item["distance_miles"].is_null() ? 0 : item["distance_miles"].get<double>();
        if (!in_area && item["distance_miles"].is_null()) continue;
        EXPECT_GE(miles, last);
        last = miles;
    }
    EXPECT_GE(last, 0);
    int on_page = 0;
    for (const auto& item : r["results"]) on_page += item["in_area"].get<bool>();
    EXPECT_GE(r["in_area_total"].get<int>(), on_page);
    EXPECT_LE(r["in_area_total"].get<int>(), r["total"].get<int>());
}

TEST_F(DemoSearch, OutcodeInTheSearchBoxIsAPlace) {
    const auto r = search({{"q", "autism assessment OX26"}});
    EXPECT_EQ(r["interpreted"]["location"], "OX26");
    EXPECT_EQ(r["location"]["status"], "found");
    ASSERT_GT(r["results"].size(), 0u);
    EXPECT_TRUE(first_page_has(r, "Neurodevelopmental"));
    for (const auto& item : r["results"]) {
        if (item["name"].get<std::string>().find("Neurodevelopmental") != std::string::npos) {
            EXPECT_EQ(item["place_label"], "Covers all of Oxfordshire");
        }
    }
}

TEST_F(DemoSearch, PlaceNamesAndAreaWideServices) {
    const auto w = search({{"location", "Walthamstow"}, {"q", "physio"}});
    EXPECT_EQ(w["location"]["status"], "found");
    ASSERT_GT(w["results"].size(), 0u);
    EXPECT_NE(w["results"][0]["name"].get<std::string>().find("Waltham Forest"), std::string::npos);
    EXPECT_EQ(w["results"][0]["place_label"], "Covers all of Waltham Forest");
    // Oxfordshire's physiotherapy is still shown, after, and labelled as elsewhere.
    const auto& last = w["results"].back();
    EXPECT_NE(last["name"].get<std::string>().find("Oxfordshire"), std::string::npos);
    EXPECT_NE(last["place_label"].get<std::string>().find("not where you searched"),
              std::string::npos);
    const auto b = search({{"location", "Bicester"}});
    EXPECT_EQ(b["location"]["label"], "Bicester, Oxfordshire");
    // Online or phone only services that cover the place are shown and labelled.
    bool labelled_online = false;
    const auto around_bicester = search({{"location", "Bicester"}, {"per_page", "50"}});
    for (const auto& item : around_bicester["results"])
        labelled_online |= item["place_label"] == "Online or by phone";
    EXPECT_TRUE(labelled_online);
}

TEST_F(DemoSearch, RadiusKeepsNearbyVenuesAndServicesThatReachYou) {
    const auto near = search({{"location", "E17 4JF"}, {"radius", "5"}, {"per_page", "50"}});
    const auto everywhere = search({{"location", "E17 4JF"}, {"per_page", "50"}});
    EXPECT_LT(near["total"].get<int>(), everywhere["total"].get<int>());
    for (const auto& item : near["results"]) {
        SCOPED_TRACE(item["name"].get<std::string>());
        const bool reaches = item["reaches_you"].get<bool>();
        EXPECT_TRUE(reaches || item["distance_miles"].get<double>() <= 5)
            << "a service whose area covers the place but that you travel to is dropped too";
        EXPECT_EQ(item["name"].get<std::string>().find("(Oxfordshire)"), std::string::npos);
    }
}

TEST_F(DemoSearch, AmbiguousAndUnknownPlaces) {
    for (const std::string name : {"Kensington", "Oxford"}) {
        const auto r = search({{"location", name}});
        EXPECT_EQ(r["location"]["status"], "ambiguous");
        EXPECT_EQ(r["location"]["choices"].size(), 2u);
        EXPECT_GT(r["total"].get<int>(), 0);
    }
    EXPECT_EQ(search({{"location", "Oxford"}})["location"]["label"], "Oxford, Oxfordshire");
    EXPECT_EQ(search({{"location", "Oxford, Staffordshire"}})["location"]["status"], "found");
    const auto unknown = search({{"location", "OX99 9ZZ"}});
    EXPECT_EQ(unknown["location"]["status"], "not_found");
    EXPECT_EQ(unknown["location"]["message"],
              "We could not find OX99 9ZZ. Check the postcode, or try a town name.");
    EXPECT_EQ(search({{"location", "Atlantis"}})["location"]["status"], "not_found");
}

TEST_F(DemoSearch, AdviceIsASeparateGroup) {
    const auto r = search({{"q", "tribunal"}});
    ASSERT_GT(r["advice"].size(), 0u);
    EXPECT_EQ(r["advice"][0]["kind"], "advice");
    for (const auto& item : r["results"]) EXPECT_EQ(item["kind"], "service");
    EXPECT_GT(search({{"q", "short breaks"}})["advice"].size(), 0u);
}

TEST_F(DemoSearch, ResultCardsSayWhoItIsForHowToGetItAndWhenItWasChecked) {
    const auto r = search({{"q", "Children's Physiotherapy (Oxfordshire)"}});
    ASSERT_GT(r["results"].size(), 0u);
    const auto& facts = r["results"][0]["facts"];
    std::string all;
    for (const auto& f : facts) all += f.get<std::string>() + "|";
    EXPECT_NE(all.find("Ages "), std::string::npos) << all;
    EXPECT_NE(all.find("referral"), std::string::npos) << all;
    EXPECT_NE(all.find("|For: "), std::string::npos) << all;
    EXPECT_NE(all.find("|Last checked: "), std::string::npos) << all;
    EXPECT_TRUE(all.find("Free|") != std::string::npos ||
                all.find("There is a cost|") != std::string::npos)
        << all;
}

TEST_F(DemoSearch, PaginationBounds) {
    const auto p1 = search({{"per_page", "5"}});
    const auto p2 = search({{"per_page", "5"}, {"page", "2"}});
    EXPECT_EQ(p1["results"].size(), 5u);
    EXPECT_EQ(p2["results"].size(), 5u);
    EXPECT_NE(p1["results"][0]["id"], p2["results"][0]["id"]);
    EXPECT_EQ(p1["total_pages"].get<int>(), (p1["total"].get<int>() + 4) / 5);
    const auto past = search({{"page", "9999"}});
    EXPECT_EQ(past["results"].size(), 0u);
    EXPECT_NE(past["messages"][0].get<std::string>().find("There is no page 9999"),
              std::string::npos);
}

TEST_F(DemoSearch, BadInputNeverFails) {
    for (const std::string q :
         {"\"autism", "(speech AND", "NOT OR AND", "title:foo", "salt*", "-autism +camhs",
          "speech ~ therapy ^2", "' OR 1=1 --", "))))((((", "\xff\xfe", "   ", "a"}) {
        SCOPED_TRACE(q);
        EXPECT_NO_THROW(search({{"q", q}}));
    }
    const auto long_query = search({{"q", std::string(10000, 'x') + " autism"}});
    EXPECT_EQ(long_query["messages"].back(),
              "Your search was very long, so we used the first 200 characters.");
    EXPECT_THROW(search({{"category", "not-a-category"}}), BadParameter);
    EXPECT_THROW(search({{"need", "nope"}}), BadParameter);
}

TEST_F(DemoSearch, SearchCountsAreDailyAndAnonymous) {
    search({{"q", "zzzzqqq"}, {"age", "4"}});
    service_->flush_counts();
    char day[16];
    const auto now = std::time(nullptr);
    std::strftime(day, sizeof day, "%Y-%m-%d", std::gmtime(&now));
    const auto counts = service_->tables().daily_counts(day);
    EXPECT_GT(counts.at("searches"), 0);
    EXPECT_GT(counts.at("zero_results"), 0);
    EXPECT_GT(counts.at("filter:age"), 0);
    for (const auto& [metric, n] : counts) EXPECT_EQ(metric.find("zzzzqqq"), std::string::npos);
}

TEST(SearchFreshness, ARestartAfterARebuildFindsTheIndexCurrent) {
    testing::TempDir dir;
    auto store = storage::sqlite::open_store(dir.str());
    app::load_taxonomies(*store, (testing::source_dir() / "db/seeds/taxonomies.json").string());
    app::load_demo(*store, (testing::source_dir() / "demo").string());
    const SearchOptions options{dir.str(),
                                (testing::source_dir() / "db/seeds/send-synonyms.tsv").string(),
                                (testing::source_dir() / "db/seeds/gazetteer").string()};
    {
        SearchService first(*store, options);
        EXPECT_TRUE(first.rebuild().rebuilt);
    }
    // The rebuild forgot every change it had applied; the restart must not mistake the empty
    // change table for an index ahead of the store and rebuild everything again.
    SearchService again(*store, options);
    EXPECT_FALSE(again.sync().rebuilt);
}

TEST(SearchFreshness, ChangesAreSearchableAndABehindIndexCatchesUp) {
    testing::TempDir dir;
    auto store = storage::sqlite::open_store(dir.str());
    app::load_taxonomies(*store, (testing::source_dir() / "db/seeds/taxonomies.json").string());
    app::load_demo(*store, (testing::source_dir() / "demo").string());
    const SearchOptions options{dir.str(),
                                (testing::source_dir() / "db/seeds/send-synonyms.tsv").string(),
                                (testing::source_dir() / "db/seeds/gazetteer").string()};
    const auto find = [](SearchService& s, const std::string& q) {
        return s.search(parse_search_params({{"q", q}}))["total"].get<int>();
    };
    std::string zebracorn_id;
    {
        SearchService service(*store, options);
        EXPECT_TRUE(service.sync().rebuilt);
        service.start(std::chrono::milliseconds(50));
        auto s = store->services().list({}, {1, 0}).front();
        s.name = "Zebracorn Swimming Club";
        zebracorn_id = s.id;
        store->services().save(s);
        // Generous under load: how fast is a benchmark's question; this checks that it happens.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (find(service, "zebracorn") == 0 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        EXPECT_EQ(find(service, "zebracorn"), 1);
        service.stop();
    }
    // Written while no server ran: the next start sees the index is behind and catches up.
    store->services().archive(zebracorn_id);
    auto other = store->services().list({}, {1, 1}).front();
    other.name = "Quokkaberry Play Scheme";
    store->services().save(other);
    SearchService again(*store, options);
    const auto report = again.sync();
    EXPECT_FALSE(report.rebuilt);
    EXPECT_GE(report.applied, 2);
    EXPECT_EQ(find(again, "zebracorn"), 0);
    EXPECT_EQ(find(again, "quokkaberry"), 1);
    EXPECT_EQ(again.index().state().generation, store->generation());
    EXPECT_EQ(again.rebuild().rebuilt, true);
}

TEST(SearchFreshness, ATermAddedInTheAdminCanBeSearchedForAtOnce) {
    testing::TempDir dir;
    auto store = storage::sqlite::open_store(dir.str());
    app::load_taxonomies(*store, (testing::source_dir() / "db/seeds/taxonomies.json").string());
    app::load_demo(*store, (testing::source_dir() / "demo").string());
    const SearchOptions options{dir.str(),
                                (testing::source_dir() / "db/seeds/send-synonyms.tsv").string(),
                                (testing::source_dir() / "db/seeds/gazetteer").string()};
    SearchService service(*store, options);
    service.sync();
    const auto health = store->taxonomies().find_term_by_code("categories", "health");
    domain::TaxonomyTerm music{domain::new_uuid(),
                               health->taxonomy_id,
                               health->id,
                               "music-therapy",
                               "Music therapy",
                               "",
                               99};
    store->taxonomies().save_term(music);
    auto s = store->services().list({}, {1, 0}).front();
    s.term_ids.push_back(music.id);
    store->services().save(s);
    EXPECT_TRUE(service.sync().rebuilt) << "a new term reloads the terms";
    const auto result = service.search(parse_search_params({{"category", "music-therapy"}}));
    EXPECT_EQ(result["total"].get<int>(), 1);
}

TEST(Gazetteer, ImportsTheSharedFileFormats) {
    testing::TempDir dir;
    auto store = storage::sqlite::open_store(dir.str());
    const auto owned = store->open_search_tables();
    SearchTables& tables = *owned;
    if (auto why = testing::missing_shared_data(
            {"uk-postcode-outcodes/postcode-outcodes.csv", "uk-towns/uk-towns.csv"}))
        GTEST_SKIP() << *why;
    const std::string shared = testing::shared_data_dir().string() + "/";
    const auto outcodes =
        import_gazetteer_file(tables, shared + "uk-postcode-outcodes/postcode-outcodes.csv");
    EXPECT_EQ(outcodes.format, "outcodes");
    EXPECT_EQ(outcodes.rows, 2973);
    const auto towns = import_gazetteer_file(tables, shared + "uk-towns/uk-towns.csv");
    EXPECT_EQ(towns.format, "place names");
    EXPECT_GT(towns.rows, 40000);
    const auto ox = resolve_location(tables, "Oxford");
    EXPECT_EQ(ox.status, ResolvedLocation::Status::Ambiguous);
    EXPECT_EQ(ox.label, "Oxford, Oxfordshire");
    EXPECT_EQ(resolve_location(tables, "Walthamstow").label, "Walthamstow, Waltham Forest, London");
    EXPECT_EQ(resolve_location(tables, "E17").status, ResolvedLocation::Status::Found);
}

TEST(Gazetteer, ImportsOnsPostcodeDirectoryColumns) {
    testing::TempDir dir;
    auto store = storage::sqlite::open_store(dir.str());
    const auto owned = store->open_search_tables();
    SearchTables& tables = *owned;
    const auto file = dir.path() / "onspd.csv";
    std::ofstream(file) << "pcd,pcd2,pcds,dointr,doterm,lat,long\n"
                           "OX266BL,OX26 6BL,OX26 6BL,199001,,51.9,-1.15\n"
                           "OX1 1ZZ,OX1  1ZZ,OX1 1ZZ,199001,201001,51.7,-1.2\n"
                           "ZZ991ZZ,ZZ99 1ZZ,ZZ99 1ZZ,199001,,99.999999,0.000000\n";
    const auto r = import_gazetteer_file(tables, file.string());
    EXPECT_EQ(r.format, "postcode units");
    EXPECT_EQ(r.rows, 1);
    EXPECT_EQ(r.skipped, 2);  // terminated, and no grid reference
    EXPECT_TRUE(tables.find_postcode("OX26 6BL"));
}

TEST(Placement, RuleForVenuesAreasAndRemoteServices) {
    const std::vector<Area> areas{{"Oxfordshire", {51.77, -1.29}, 22}};
    const Point bicester{51.90, -1.15};
    const auto area_only = place_service(bicester, areas, {}, {"Oxfordshire"}, false);
    EXPECT_TRUE(area_only.reaches_you);
    EXPECT_EQ(area_only.sort_miles, 0);
    const auto venue_only =
        place_service(bicester, areas, {{51.75, -1.26}}, {"Oxfordshire"}, false);
    EXPECT_FALSE(venue_only.reaches_you);
    EXPECT_TRUE(venue_only.first_tier) << "its area covers the place, so it is local";
    EXPECT_NEAR(venue_only.sort_miles, 11.0, 1.5);
    EXPECT_EQ(venue_only.covering_area, "Oxfordshire");
    const auto home_visits =
        place_service(bicester, areas, {{51.75, -1.26}}, {"Oxfordshire"}, true);
    EXPECT_TRUE(home_visits.reaches_you);
    const auto elsewhere = place_service({51.59, -0.02}, areas, {}, {"Oxfordshire"}, true);
    EXPECT_FALSE(elsewhere.reaches_you);
    EXPECT_FALSE(elsewhere.first_tier);
    EXPECT_GT(elsewhere.sort_miles, 20);
}

}  // namespace
}  // namespace lo::search
