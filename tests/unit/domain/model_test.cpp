// Small pieces of the domain model that pages share.
#include "domain/model.hpp"

#include <gtest/gtest.h>

namespace lo::domain {
namespace {

TEST(WhoForText, NamesUpToThreeNeedsInOrderThenHowManyMore) {
    EXPECT_EQ(who_for_text({}), "");
    EXPECT_EQ(who_for_text({"Autism"}), "For: Autism");
    EXPECT_EQ(who_for_text({"Hearing impairment", "Autism"}), "For: Autism; Hearing impairment");
    EXPECT_EQ(who_for_text({"Visual impairment", "Autism", "Dyslexia", "Hearing impairment",
                            "Speech, language and communication needs"}),
              "For: Autism; Dyslexia; Hearing impairment; 2 more");
}

}  // namespace
}  // namespace lo::domain
