#include "search/vocabulary.hpp"

#include <gtest/gtest.h>

#include "fixtures/builders.hpp"

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

TEST(SearchTokenize, SurvivesInvalidUtf8) {
    const auto t = tokenize(std::string("caf\xc3\xa9 \xff\xfe autism"));
    ASSERT_EQ(t.size(), 2u);
    EXPECT_EQ(t[1].lower, "autism");
}

TEST(SearchVocabulary, ReadsTheSharedFileFormatAsItIs) {
    const auto shared = "/work/shared/data/send-synonyms.tsv";
    if (!std::filesystem::exists(shared)) GTEST_SKIP() << "shared data not present";
    const auto v = Vocabulary::load(shared);
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

}  // namespace
}  // namespace lo::search
