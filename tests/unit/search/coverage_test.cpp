// Ranked word matching: importance, shares, the kept documents and weak units.
#include "search/coverage.hpp"

#include <gtest/gtest.h>

namespace lo::search {
namespace {

Bits bits_of(std::initializer_list<int> set, std::size_t n = 128) {
    Bits b((n + 63) / 64, 0);
    for (const int i : set) b[static_cast<std::size_t>(i) >> 6] |= std::uint64_t{1} << (i & 63);
    return b;
}

Bits all_of(std::size_t n) {
    Bits b((n + 63) / 64, 0);
    for (std::size_t i = 0; i < n; ++i) b[i >> 6] |= std::uint64_t{1} << (i & 63);
    return b;
}

bool kept(const Coverage& c, int bit) {
    return (c.kept()[static_cast<std::size_t>(bit) >> 6] >> (bit & 63)) & 1;
}

TEST(SearchCoverage, DocumentsMatchingMoreImportantWordsRankHigher) {
    const auto kind = all_of(100);
    const auto rare = bits_of({1, 2});          // "hydrotherapy": 2 of 100
    const auto common = bits_of({2, 3, 4, 5});  // "swimming": 4 of 100
    Coverage c({&rare, &common}, {false, false}, {}, kind, 0.5);
    EXPECT_DOUBLE_EQ(c.best(), 1.0);  // document 2 matches both
    EXPECT_DOUBLE_EQ(c.factor(2), 1.0);
    EXPECT_GT(c.factor(1), c.factor(3));  // the rare word alone beats the common one alone
    EXPECT_TRUE(kept(c, 1));              // the rarer word carries more than half
    EXPECT_FALSE(kept(c, 3));             // the commoner word alone does not
    EXPECT_FALSE(kept(c, 50));
}

TEST(SearchCoverage, AWordInMoreThanAQuarterOfDocumentsNeverCarriesAMatch) {
    const auto kind = all_of(100);
    std::initializer_list<int> many = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
                                       24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37};
    const auto child = bits_of(many);  // 28 of 100: common
    const auto swimming = bits_of({10, 60});
    Coverage c({&child, &swimming}, {false, false}, {}, kind, 0.5);
    EXPECT_FALSE(c.counts(0));
    EXPECT_TRUE(c.counts(1));
    EXPECT_TRUE(kept(c, 10));
    EXPECT_TRUE(kept(c, 60));
    EXPECT_FALSE(kept(c, 11));  // "child" alone
}

TEST(SearchCoverage, WeakUnitsCountOnlyWhenThereIsNothingElse) {
    const auto kind = all_of(100);
    const auto son = bits_of({1, 2});
    const auto therapy = bits_of({2, 3});
    Coverage with_topic({&son, &therapy}, {true, false}, {}, kind, 0.5);
    EXPECT_FALSE(kept(with_topic, 1));
    EXPECT_TRUE(kept(with_topic, 3));
    Coverage alone({&son}, {true}, {}, kind, 0.5);
    EXPECT_TRUE(kept(alone, 1));
    EXPECT_DOUBLE_EQ(alone.best(), 1.0);
}

TEST(SearchCoverage, AWordNothingMatchesLowersTheBestShare) {
    const auto kind = all_of(100);
    const auto nothing = bits_of({});
    const auto swimming = bits_of({4, 5});
    Coverage c({&nothing, &swimming}, {false, false}, {}, kind, 0.5);
    EXPECT_LT(c.best(), 0.5);  // nothing matched the search well
    EXPECT_TRUE(kept(c, 4));   // but what matched part of it is still there
    EXPECT_DOUBLE_EQ(c.factor(4), 1.0);
}

TEST(SearchCoverage, AVocabularyTopicCountsAsMuchAsTheRarestWordHoweverCommon) {
    const auto kind = all_of(100);
    Bits mental_health = bits_of({});
    for (int i = 0; i < 40; ++i) mental_health[0] |= std::uint64_t{1} << i;  // 40 of 100
    const auto teenagers = bits_of({39, 70});
    Coverage plain({&mental_health, &teenagers}, {false, false}, {}, kind, 0.5);
    EXPECT_FALSE(kept(plain, 5));  // "mental health" is common here: alone it carries nothing
    Coverage as_topic({&mental_health, &teenagers}, {false, false}, {true, false}, kind, 0.5);
    EXPECT_TRUE(as_topic.counts(0));
    EXPECT_TRUE(kept(as_topic, 5));   // the family's topic alone
    EXPECT_TRUE(kept(as_topic, 70));  // the rare word alone
    EXPECT_DOUBLE_EQ(as_topic.factor(39), 1.0);
    EXPECT_DOUBLE_EQ(as_topic.factor(5), 0.5);
}

TEST(SearchCoverage, OneCountingUnitGivesEveryKeptDocumentTheSameFactor) {
    const auto kind = all_of(100);
    const auto autism = bits_of({1, 2, 3});
    const auto son = bits_of({2});
    EXPECT_TRUE(Coverage({&autism, &son}, {false, true}, {}, kind, 0.5).uniform());
    const auto groups = bits_of({3, 4});
    EXPECT_FALSE(Coverage({&autism, &groups}, {false, false}, {}, kind, 0.5).uniform());
}

TEST(SearchCoverage, OnlyDocumentsOfTheKindAreKept) {
    const auto kind = bits_of({1, 2, 3});
    const auto word = bits_of({2, 3, 90});
    Coverage c({&word}, {false}, {}, kind, 0.5);
    EXPECT_TRUE(kept(c, 2));
    EXPECT_FALSE(kept(c, 90));
}

}  // namespace
}  // namespace lo::search
