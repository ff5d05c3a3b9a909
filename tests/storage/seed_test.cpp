// The taxonomy and demo loaders: complete, idempotent, and all-or-nothing on bad input.
#include "app/seed.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "fixtures/builders.hpp"

namespace lo::app {
namespace {

using namespace lo::testing;
namespace fs = std::filesystem;

const std::string kTaxonomies = (source_dir() / "db/seeds/taxonomies.json").string();
const std::string kDemo = (source_dir() / "demo").string();

TEST(TaxonomySeed, LoadsBothTaxonomiesOnceWithStableIds) {
    TempDir dir;
    auto store = storage::sqlite::open_store(dir.str());
    const auto report = load_taxonomies(*store, kTaxonomies);
    EXPECT_EQ(report.taxonomies, 2);
    EXPECT_GT(report.terms, 50);
    const auto slt =
        store->taxonomies().find_term_by_code("categories", "speech-and-language-therapy");
    ASSERT_TRUE(slt);
    EXPECT_EQ(store->taxonomies().find_term(slt->parent_id)->code, "health");
    EXPECT_TRUE(store->taxonomies().find_term_by_code("send-needs", "autism"));
    const auto generation = store->generation();
    load_taxonomies(*store, kTaxonomies);
    EXPECT_EQ(store->generation(), generation);

    TempDir other;
    auto second = storage::sqlite::open_store(other.str());
    load_taxonomies(*second, kTaxonomies);
    EXPECT_EQ(
        second->taxonomies().find_term_by_code("categories", "speech-and-language-therapy")->id,
        slt->id);
}

TEST(DemoLocalOffer, LoadsAtLeastFortyRealServicesAndTheAdvicePages) {
    TempDir dir;
    auto store = storage::sqlite::open_store(dir.str());
    load_taxonomies(*store, kTaxonomies);
    const auto report = load_demo(*store, kDemo);
    EXPECT_GE(report.services, 40);
    EXPECT_GE(report.organisations, 10);
    EXPECT_GE(report.advice_pages, 9);
    for (const auto* slug :
         {"ehc-plans", "personal-health-budgets", "designated-medical-clinical-officer",
          "medical-needs-and-missing-school", "hospital-passports-and-reasonable-adjustments",
          "health-early-notification", "who-commissions-health-services",
          "complaints-mediation-and-tribunal", "sendiass"})
        EXPECT_TRUE(store->advice().find_by_slug(slug)) << slug;
    EXPECT_EQ(store->services().count({}), report.services);
    EXPECT_TRUE(store->check().ok);
}

TEST(DemoLocalOffer, LoadingTwiceChangesNothing) {
    TempDir dir;
    auto store = storage::sqlite::open_store(dir.str());
    load_taxonomies(*store, kTaxonomies);
    load_demo(*store, kDemo);
    const auto generation = store->generation();
    const auto first = store->services().list({}, {.limit = 500});
    load_demo(*store, kDemo);
    EXPECT_EQ(store->generation(), generation);
    EXPECT_EQ(store->services().list({}, {.limit = 500}), first);
}

TEST(DemoLocalOffer, ABrokenFileIsReportedInFullAndNothingIsWritten) {
    TempDir dir, demo;
    auto store = storage::sqlite::open_store(dir.str());
    load_taxonomies(*store, kTaxonomies);
    std::ifstream in(fs::path(kDemo) / "localoffer.json");
    auto doc = nlohmann::json::parse(in);
    doc["services"][0]["max_age"] = 40;
    doc["services"][1]["organisation_id"] = "0b0e4b6a-0000-4000-8000-000000000000";
    doc["services"][2]["categories"] = {"not-a-category"};
    doc["services"][3]["min_age"] = "three";
    std::ofstream(demo.path() / "localoffer.json") << doc.dump();
    try {
        load_demo(*store, demo.str());
        FAIL() << "expected LoadFailed";
    } catch (const LoadFailed& e) {
        const auto& p = e.problems();
        ASSERT_EQ(p.size(), 4u) << e.what();
        EXPECT_EQ(p[0], "services[0].max_age: Maximum age must be between 0 and 25 years");
        EXPECT_EQ(p[1], "services[2].categories: \"not-a-category\" is not a category code");
        EXPECT_EQ(p[2], "services[3].min_age: must be a whole number");
        EXPECT_EQ(p[3],
                  "services[1].organisation_id: no organisation has the id "
                  "0b0e4b6a-0000-4000-8000-000000000000");
    }
    EXPECT_EQ(store->services().count({.only_published = false}), 0);
    EXPECT_EQ(store->organisations().count(), 0);
}

TEST(DemoLocalOffer, MalformedJsonSaysWhereAndWhat) {
    TempDir dir, demo;
    auto store = storage::sqlite::open_store(dir.str());
    std::ofstream(demo.path() / "localoffer.json") << "{\"services\": [";
    try {
        load_demo(*store, demo.str());
        FAIL();
    } catch (const LoadFailed& e) {
        EXPECT_NE(std::string(e.what()).find("localoffer.json is not valid JSON"),
                  std::string::npos);
    }
}

}  // namespace
}  // namespace lo::app
