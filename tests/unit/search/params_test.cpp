#include "search/params.hpp"

#include <gtest/gtest.h>

namespace lo::search {
namespace {

using Query = std::vector<std::pair<std::string, std::string>>;

std::string bad(const Query& q) {
    try {
        parse_search_params(q);
    } catch (const BadParameter& e) {
        return e.parameter() + ": " + e.what();
    }
    return "accepted";
}

TEST(SearchParams, ReadsEveryParameter) {
    const auto p = parse_search_params({{"q", " salt "},
                                        {"location", "OX26"},
                                        {"radius", "5"},
                                        {"age", "4"},
                                        {"need", "autism,adhd"},
                                        {"need", "hearing"},
                                        {"category", "health"},
                                        {"access", "self"},
                                        {"free", "yes"},
                                        {"mode", "online"},
                                        {"day", "Monday"},
                                        {"page", "2"},
                                        {"per_page", "10"}});
    EXPECT_EQ(p.q, "salt");
    EXPECT_EQ(p.needs, (std::vector<std::string>{"autism", "adhd", "hearing"}));
    EXPECT_EQ(p.days, std::vector<std::string>{"MO"});
    EXPECT_TRUE(p.free_only);
    EXPECT_EQ(*p.age, 4);
    EXPECT_EQ(*p.radius, 5);
    EXPECT_EQ(p.page, 2);
    EXPECT_EQ(p.per_page, 10);
}

TEST(SearchParams, BadValuesNameTheParameter) {
    EXPECT_EQ(bad({{"age", "-3"}}).substr(0, 5), "age: ");
    EXPECT_EQ(
        bad({{"age", "banana"}}),
        "age: Age must be a whole number of years from 0 to 25, like 4. You gave \"banana\".");
    EXPECT_EQ(bad({{"age", "26"}}).substr(0, 4), "age:");
    EXPECT_EQ(bad({{"radius", "99999"}}).substr(0, 7), "radius:");
    EXPECT_EQ(bad({{"radius", "-1"}}).substr(0, 7), "radius:");
    EXPECT_EQ(bad({{"radius", "nan"}}).substr(0, 7), "radius:");
    EXPECT_EQ(bad({{"page", "0"}}).substr(0, 5), "page:");
    EXPECT_EQ(bad({{"page", "999999"}}).substr(0, 5), "page:");
    EXPECT_EQ(bad({{"page", "1.5"}}).substr(0, 5), "page:");
    EXPECT_EQ(bad({{"per_page", "500"}}).substr(0, 9), "per_page:");
    EXPECT_EQ(bad({{"mode", "carrier-pigeon"}}).substr(0, 5), "mode:");
    EXPECT_EQ(bad({{"access", "magic"}}).substr(0, 7), "access:");
    EXPECT_EQ(bad({{"day", "someday"}}).substr(0, 4), "day:");
    EXPECT_EQ(bad({{"free", "maybe"}}).substr(0, 5), "free:");
    EXPECT_EQ(bad({{"page", "9999"}}), "accepted");  // past the end is a page, not an error
}

TEST(SearchParams, LongAndBrokenQueriesAreCutAndCleaned) {
    const auto p = parse_search_params({{"q", std::string(10000, 'a')}});
    EXPECT_EQ(p.q.size(), kMaxQueryLength);
    EXPECT_TRUE(p.q_shortened);
    const auto u = parse_search_params({{"q", std::string("aut\xffism \xe2\x82")}});
    EXPECT_EQ(u.q, "aut ism");
    // A multi-byte character is never split when cutting.
    std::string euros;
    for (int i = 0; i < 300; ++i) euros += "\xe2\x82\xac";
    EXPECT_EQ(parse_search_params({{"q", euros}}).q.size(), kMaxQueryLength * 3);
}

TEST(SearchParams, QueryStringRoundTrips) {
    const auto p =
        parse_search_params({{"q", "speech & language"}, {"age", "4"}, {"need", "autism"}});
    EXPECT_EQ(to_query_string(p, 3), "q=speech+%26+language&age=4&need=autism&page=3");
}

TEST(SearchParams, SortIsBestMatchNearestOrAToZ) {
    EXPECT_EQ(parse_search_params({}).sort, "");
    const auto p = parse_search_params({{"q", "salt"}, {"sort", "Name"}});
    EXPECT_EQ(p.sort, "name");
    EXPECT_EQ(to_query_string(p, 1), "q=salt&sort=name");
    EXPECT_NE(cache_key(p), cache_key(parse_search_params({{"q", "salt"}})))
        << "another order is another answer";
    EXPECT_EQ(bad({{"sort", "price"}}),
              "sort: Sort must be relevance (best match first), distance (nearest first) or name "
              "(A to Z). You gave \"price\".");
}

}  // namespace
}  // namespace lo::search
