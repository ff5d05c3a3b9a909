#include "search/vocabulary.hpp"

#include <gtest/gtest.h>

#include "fixtures/builders.hpp"
#include "fixtures/shared_data.hpp"

namespace lo::search {
namespace {

std::vector<std::string> terms(const Vocabulary& v, std::string_view q) {
    std::vector<std::string> out;
    for (const auto& m : v.match(tokenize(q))) out.push_back(m.entry->term);
    return out;
}

TEST(SearchTokenize, KeepsApostrophesAndHyphensInsideWordsOnly) {
    const auto t = tokenize("Children\u2019s self-harm (SALT) \"quotes\" 'x' AND-");
    ASSERT_EQ(t.size(), 6u);
    EXPECT_EQ(t[0].lower, "children's");
    EXPECT_EQ(t[1].lower, "self-harm");
    EXPECT_EQ(t[2].text, "SALT");
    EXPECT_EQ(t[3].lower, "quotes");
    EXPECT_EQ(t[5].text, "AND");
}

TEST(SearchTokenize, EmojiAndSymbolsSeparateWordsAndAreNeverWords) {
    const auto t = tokenize("\U0001F600\U0001F600 autism\u2764\uFE0F school \u2192 caf\u00e9");
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(t[0].lower, "autism");
    EXPECT_EQ(t[1].lower, "school");
    EXPECT_EQ(t[2].lower, "caf\u00e9");  // accented letters stay part of the word
}

TEST(SearchTokenize, SurvivesInvalidUtf8) {
    const auto t = tokenize(std::string("caf\xc3\xa9 \xff\xfe autism"));
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[1].lower, "autism");
}

TEST(SearchVocabulary, ReadsTheSharedFileFormatAsItIs) {
    if (auto why = testing::missing_shared_data({"send-synonyms.tsv"})) GTEST_SKIP() << *why;
    const auto v = Vocabulary::load((testing::shared_data_dir() / "send-synonyms.tsv").string());
    EXPECT_EQ(v.size(), 205u);
}

TEST(SearchVocabulary, ShipsItsOwnCopy) {
    const auto v =
        Vocabulary::load((testing::source_dir() / "db/seeds/send-synonyms.tsv").string());
    EXPECT_GT(v.size(), 100u);
    EXPECT_EQ(terms(v, "SALT for my child"), std::vector<std::string>{"SALT"});
    EXPECT_EQ(terms(v, "speech therapy"), std::vector<std::string>{"speech therapy"});
}

TEST(SearchVocabulary, OrdinaryWordAcronymsExpandOnlyInCapitals) {
    const auto v = Vocabulary::parse(
        "ADD\tattention deficit disorder\tneed:semh\nTA\tteaching assistant\trole\n"
        "CP\tcerebral palsy|child protection\tambiguous\nCAMHS\tchildren's mental "
        "health\thealth\n");
    EXPECT_EQ(terms(v, "ADD"), std::vector<std::string>{"ADD"});
    EXPECT_TRUE(terms(v, "add").empty());
    EXPECT_TRUE(terms(v, "Add").empty());
    EXPECT_EQ(terms(v, "TA support"), std::vector<std::string>{"TA"});
    EXPECT_TRUE(terms(v, "ta").empty());
    EXPECT_EQ(terms(v, "CP"), std::vector<std::string>{"CP"});
    EXPECT_TRUE(terms(v, "cp").empty());
    EXPECT_EQ(terms(v, "camhs"), std::vector<std::string>{"CAMHS"});  // not an ordinary word
}

TEST(SearchVocabulary, MalformedLineNamesFileAndLine) {
    try {
        Vocabulary::parse("SALT\tspeech\ttherapy\nonly-one-column\n", "syn.tsv");
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("syn.tsv:2"), std::string::npos);
    }
}

TEST(SearchVocabulary, WordsMatchWithoutApostrophesOrAPluralS) {
    const auto v = Vocabulary::parse(
        "won't sleep\tsleep\thealth\nmeltdown\tbehaviour\tneed:semh\n"
        "Asperger\tautism\tneed:ci\nbus\ttransport\ttransport\n");
    EXPECT_EQ(terms(v, "wont sleep"), std::vector<std::string>{"won't sleep"});
    EXPECT_EQ(terms(v, "Won\u2019t Sleep"), std::vector<std::string>{"won't sleep"});
    EXPECT_EQ(terms(v, "meltdowns at school"), std::vector<std::string>{"meltdown"});
    EXPECT_EQ(terms(v, "aspergers"), std::vector<std::string>{"Asperger"});
    EXPECT_TRUE(terms(v, "bu").empty()) << "short words keep their s: bus is not bu";
}

TEST(SearchVocabulary, ACapitalsTermWinsOverAnOrdinaryOneOfTheSameWord) {
    auto v = Vocabulary::build({{"add", {"addition"}, "everyday", false},
                                {"ADD", {"attention deficit disorder"}, "need:semh", false}});
    ASSERT_EQ(v.size(), 2u) << "different capitals rules: two entries";
    const auto typed_in_capitals = v.match(tokenize("ADD"));
    ASSERT_EQ(typed_in_capitals.size(), 1u);
    EXPECT_EQ(typed_in_capitals[0].entry->term, "ADD");
    EXPECT_EQ(terms(v, "add"), std::vector<std::string>{"add"});
}

TEST(SearchVocabulary, BuildMergesATermInBothListsWithEveryExpansion) {
    const auto v =
        Vocabulary::build({{"respite", {"short breaks", "respite care"}, "social-care", false},
                           {"squint", {"orthoptics"}, "health", false},
                           {"Respite", {"Short breaks", "sitting service"}, "everyday", false},
                           {"!!!", {"nothing"}, "", false}});
    ASSERT_EQ(v.size(), 2u) << "respite once; a term with no words is left out";
    const auto m = v.match(tokenize("respite"));
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].entry->expansions,
              (std::vector<std::string>{"short breaks", "respite care", "sitting service"}));
    EXPECT_EQ(m[0].entry->category, "social-care") << "the first list's category";
}

TEST(SearchVocabulary, SearchableWordsKeepCommonWordsOnlyInsideATerm) {
    const auto v = Vocabulary::parse(
        "not talking\tspeech and language\ttherapy\n"
        "hard of hearing\tdeaf\tneed:sensory\n");
    const auto words = [&](std::string_view q) {
        std::vector<std::string> out;
        for (const auto& t : v.searchable(tokenize(q))) out.push_back(t.lower);
        return out;
    };
    EXPECT_EQ(words("my son is not walking"), (std::vector<std::string>{"son", "walking"}))
        << "no term: \"not\" is dropped like the other common words";
    EXPECT_EQ(words("my son is not talking yet"),
              (std::vector<std::string>{"son", "not", "talking", "yet"}));
    EXPECT_EQ(words("help for a girl who is hard of hearing"),
              (std::vector<std::string>{"girl", "hard", "of", "hearing"}));
}

}  // namespace
}  // namespace lo::search
