// The rules for a search word (domain/search_word.hpp): what an editor typed is tidied, and each
// problem has its own message.
#include "domain/search_word.hpp"

#include <gtest/gtest.h>

namespace lo::domain {
namespace {

SearchWord entry(std::string term, std::vector<std::string> expansions, std::string category = "") {
    SearchWord w;
    w.term = std::move(term);
    w.expansions = std::move(expansions);
    w.category = std::move(category);
    return w;
}

TEST(SearchWordRules, ListsHaveCodesAndLabels) {
    EXPECT_EQ(to_code(WordList::Send), "send");
    EXPECT_EQ(to_code(WordList::Everyday), "everyday");
    EXPECT_EQ(word_list_from_code("everyday"), WordList::Everyday);
    EXPECT_EQ(word_list_from_code("Everyday"), std::nullopt);
    EXPECT_EQ(label(WordList::Send), "SEND words and acronyms");
    EXPECT_EQ(label(WordList::Everyday), "Everyday words");
}

TEST(SearchWordRules, ExpansionsAreOnePerLineOrSeparatedByBars) {
    EXPECT_EQ(split_expansions(" dental \r\n\n dentist|  oral   health |\n"),
              (std::vector<std::string>{"dental", "dentist", "oral health"}));
    EXPECT_TRUE(split_expansions(" \n | ").empty());
}

TEST(SearchWordRules, NormaliseTidiesSpacesApostrophesAndRepeats) {
    auto w = entry("  won\u2019t   sleep ", {"sleep", " Sleep ", "", "sleep  support"}, " health ");
    normalise(w);
    EXPECT_EQ(w.term, "won't sleep");
    EXPECT_EQ(w.expansions, (std::vector<std::string>{"sleep", "sleep support"}));
    EXPECT_EQ(w.category, "health");
}

TEST(SearchWordRules, AWordEveryServiceUsesIsTooCommonButAPhraseWithItIsNot) {
    EXPECT_EQ(too_common_word("help"), "help");
    EXPECT_EQ(too_common_word("Support"), "support");
    EXPECT_EQ(too_common_word("support for"), "support")
        << "little words do not make it particular";
    EXPECT_EQ(too_common_word("children's"), "children's");
    EXPECT_EQ(too_common_word("the"), "the");
    EXPECT_EQ(too_common_word("family support"), "");
    EXPECT_EQ(too_common_word("dental"), "");
    EXPECT_EQ(too_common_word("short breaks"), "");
}

TEST(SearchWordRules, AGoodEntryHasNoProblems) {
    EXPECT_TRUE(validate(entry("can't sleep", {"sleep", "sleep support"}, "health")).empty());
    EXPECT_TRUE(validate(entry("SALT", {"speech and language therapy"})).empty());
}

TEST(SearchWordRules, EachProblemHasItsMessage) {
    const auto messages = [](const SearchWord& w) {
        std::vector<std::string> out;
        for (const auto& e : validate(w)) out.push_back(e.field + ": " + e.message);
        return out;
    };
    EXPECT_EQ(messages(entry("", {})),
              (std::vector<std::string>{
                  "term: Enter the word or phrase families type, like squint",
                  "expansions: Enter at least one word or phrase that services use, one on each "
                  "line"}));
    EXPECT_EQ(messages(entry(std::string(101, 'a'), {"dental"})),
              std::vector<std::string>{"term: Enter a word or phrase of 100 characters or fewer"});
    EXPECT_EQ(
        messages(entry("!!!", {"dental"})),
        std::vector<std::string>{"term: Enter a word or phrase with letters or numbers in it"});
    EXPECT_EQ(messages(entry("teeth", std::vector<std::string>(31, "dental"))),
              std::vector<std::string>{"expansions: Enter 30 words or phrases or fewer"});
    EXPECT_EQ(messages(entry("teeth", {"dental|dentist"})),
              std::vector<std::string>{"expansions: Put each word or phrase on its own line, in "
                                       "100 characters or fewer"});
    EXPECT_EQ(messages(entry("teeth", {"dental", "help"})),
              std::vector<std::string>{
                  "expansions: \"help\" is in nearly every service, so searching for it finds "
                  "almost everything. Use words particular to this need, like dental or short "
                  "breaks"});
    EXPECT_EQ(messages(entry("teeth", {"dental"}, std::string(61, 'c'))),
              std::vector<std::string>{"category: Enter a category of 60 characters or fewer"});
}

}  // namespace
}  // namespace lo::domain
