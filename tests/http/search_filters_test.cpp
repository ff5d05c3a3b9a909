// The search page's filters, sort choices and result headings (web/public/search_filters.cpp),
// and the search template's filter tags, with labels an editor wrote.
#include "web/public/search_filters.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fixtures.hpp"

namespace lo::test {
namespace {

using nlohmann::json;

json facets() {
    return json::parse(R"({
      "category": [{"value": "health", "label": "Health", "count": 3, "selected": true,
                    "children": [{"value": "speech", "label": "Speech <therapy>", "count": 0,
                                  "selected": false}]},
                   {"value": "leisure", "label": "Leisure", "count": 0, "selected": false}],
      "need": [{"value": "autism", "label": "Autism", "count": 0, "selected": true}],
      "access": [], "mode": [],
      "day": [{"value": "MO", "label": "Monday", "count": 2, "selected": true}]
    })");
}

std::string href(const search::SearchParams& p) {
    return "/search?" + search::to_query_string(p, 1);
}

TEST(SearchFilters, EachTagRemovesOnlyItsOwnFilter) {
    search::SearchParams p;
    p.q = "speech";
    p.location = "OX4";
    p.radius = 5;
    p.age = 4;
    p.categories = {"health", "no-such-code"};
    p.needs = {"autism"};
    p.free_only = true;
    p.days = {"MO"};
    const auto tags = web::public_::filter_tags(p, facets(), href);
    ASSERT_EQ(tags.size(), 7u) << tags.dump();
    EXPECT_EQ(tags[0], json({{"label", "Within 5 miles"},
                             {"href",
                              "/search?q=speech&location=OX4&age=4&category=health&"
                              "category=no-such-code&need=autism&free=yes&day=MO"}}));
    EXPECT_EQ(tags[1]["label"], "Age 4");
    EXPECT_EQ(tags[2]["label"], "Health");
    EXPECT_EQ(tags[2]["href"],
              "/search?q=speech&location=OX4&radius=5&age=4&category=no-such-code&need=autism&"
              "free=yes&day=MO");
    EXPECT_EQ(tags[3]["label"], "no-such-code") << "a value the facets do not list shows as it is";
    EXPECT_EQ(tags[4]["label"], "Autism");
    EXPECT_EQ(tags[5]["label"], "Free");
    EXPECT_EQ(tags[6]["label"], "Open on Monday");
}

TEST(SearchFilters, DistanceIsNoFilterWithoutAPlace) {
    search::SearchParams p;
    p.radius = 3;
    EXPECT_TRUE(web::public_::filter_tags(p, facets(), href).empty());
}

TEST(SearchFilters, OptionsThatFindNothingAreLeftOutUnlessChosen) {
    auto f = facets();
    web::public_::prune_options(f["category"]);
    web::public_::prune_options(f["need"]);
    ASSERT_EQ(f["category"].size(), 1u) << "Leisure (0) is left out";
    EXPECT_EQ(f["category"][0]["value"], "health");
    EXPECT_TRUE(f["category"][0]["children"].empty()) << "Speech (0) is left out";
    EXPECT_FALSE(f["category"][0]["has_children"].get<bool>());
    ASSERT_EQ(f["need"].size(), 1u) << "Autism (0) stays: it is ticked, so it can be unticked";
}

TEST(SearchFilters, SortChoicesFitTheSearch) {
    EXPECT_EQ(web::public_::sort_options("distance", true, true),
              json::parse(R"([{"value": "relevance", "label": "Best match", "selected": false},
                              {"value": "distance", "label": "Nearest first", "selected": true},
                              {"value": "name", "label": "A to Z", "selected": false}])"));
    EXPECT_EQ(web::public_::sort_options("relevance", false, true).size(), 2u)
        << "no place: no distance";
    EXPECT_TRUE(web::public_::sort_options("name", false, false).empty())
        << "one choice: no control";
}

json answer(const char* sort, json location, json in_area_total) {
    return {{"total", 5},
            {"sort", sort},
            {"location", std::move(location)},
            {"in_area_total", std::move(in_area_total)},
            {"results",
             {{{"name", "A"}, {"in_area", true}},
              {{"name", "B"}, {"in_area", true}},
              {{"name", "C"}, {"in_area", false}}}}};
}

TEST(SearchFilters, ServicesOutsideTheAreaAreNotCountedAsNearIt) {
    auto model = answer("distance", {{"label", "OX4"}, {"status", "found"}}, 2);
    web::public_::split_by_area(model, "/search?q=a");
    EXPECT_EQ(model["results_heading"], "2 services near OX4");
    EXPECT_TRUE(model["split_by_area"].get<bool>());
    EXPECT_EQ(model["local_results"].size(), 2u);
    ASSERT_EQ(model["outside_results"].size(), 1u);
    EXPECT_EQ(model["outside_results"][0]["name"], "C");
    EXPECT_EQ(model["outside_count_text"], "3 services");

    model = answer("distance", {{"label", "OX4"}, {"status", "found"}}, 0);
    web::public_::split_by_area(model, "/search?q=a");
    EXPECT_EQ(model["results_heading"], "No services found near OX4");

    model = answer("name", {{"label", "OX4"}, {"status", "found"}}, 2);
    web::public_::split_by_area(model, "/search?q=a");
    EXPECT_EQ(model["results_heading"], "5 services, 2 of them near OX4");
    EXPECT_FALSE(model["split_by_area"].get<bool>()) << "A to Z mixes them, so no split";
}

TEST(SearchFilters, APlaceNotFoundIsNotClaimedAsNear) {
    auto model = answer("relevance", {{"label", ""}, {"status", "not_found"}}, nullptr);
    web::public_::split_by_area(model, "/search?q=a");
    EXPECT_EQ(model["results_heading"], "5 services");
    EXPECT_FALSE(model["split_by_area"].get<bool>());
}

TEST(SearchPageTemplate, FilterTagLabelsAreEscaped) {
    const views::Views views(templates_dir());
    const json model = {
        {"searched", true},
        {"filters_summary", "Filter results (1 selected)"},
        {"has_filter_tags", true},
        {"filter_tags", {{{"label", "<script>alert(1)</script>"}, {"href", "/search?q=\"x"}}}},
        {"results_heading", "0 services"},
    };
    const auto html = views.render("public/search/index", model);
    EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos) << html;
    EXPECT_NE(
        html.find("&lt;script&gt;alert(1)&lt;/script&gt; <span class=\"govuk-visually-hidden\">"
                  "Remove this filter</span>"),
        std::string::npos)
        << html;
    EXPECT_NE(html.find("href=\"/search?q=&quot;x\""), std::string::npos);
}

}  // namespace
}  // namespace lo::test
