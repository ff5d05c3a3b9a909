// Derived summaries for services without one.
#include "domain/summary.hpp"

#include <gtest/gtest.h>

namespace lo::domain {
namespace {

TEST(DerivedSummary, TakesTheFirstSentenceOrTwo) {
    EXPECT_EQ(derived_summary("We run a weekly group for parents. It meets on Tuesdays. Bring "
                              "your child along if you like, there is a creche and plenty of "
                              "toys and snacks for everyone who comes along on the day."),
              "We run a weekly group for parents. It meets on Tuesdays.");
}

TEST(DerivedSummary, DropsMarkdownAndEndsHeadingsAsSentences) {
    EXPECT_EQ(derived_summary("## About us\n\n**Free** advice for [families](https://x.org) "
                              "of disabled children.\n\n- one\n- two"),
              "About us. Free advice for families of disabled children.");
}

TEST(DerivedSummary, CutsALongSentenceAtAWord) {
    std::string text;
    for (int i = 0; i < 60; ++i) text += "word ";
    const auto s = derived_summary(text);
    EXPECT_LE(s.size(), kDerivedSummaryMax);
    EXPECT_EQ(s.substr(s.size() - 3), "...");
    EXPECT_EQ(s.substr(s.size() - 7), "word...");
}

TEST(DerivedSummary, EmptyStaysEmpty) {
    EXPECT_EQ(derived_summary(""), "");
    EXPECT_EQ(derived_summary("  \n "), "");
}

}  // namespace
}  // namespace lo::domain
