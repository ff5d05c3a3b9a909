// Reading a search's words: corrections with a real dictionary, the vocabulary before common
// words, generic words, prefixes.
#include "search/query_words.hpp"

#include <gtest/gtest.h>

#include <set>

namespace lo::search {
namespace {

// An index that holds these words, and suggests from them by a one-letter difference.
WordSources sources_for(const std::set<std::string>& index_words, const Speller* speller) {
    WordSources s;
    s.frequency = [index_words](const std::string& w) -> std::int64_t {
        return index_words.count(w) ? 10 : 0;
    };
    s.index_suggestion = [index_words](const std::string& w) -> std::string {
        for (const auto& known : index_words) {
            if (known.size() + 1 == w.size() || known.size() == w.size() + 1 ||
                known.size() == w.size()) {
                std::size_t i = 0;
                while (i < known.size() && i < w.size() && known[i] == w[i]) ++i;
                std::size_t a = known.size(), b = w.size();
                while (a > i && b > i && known[a - 1] == w[b - 1]) --a, --b;
                if (a - i <= 1 && b - i <= 1) return known;
            }
        }
        return {};
    };
    s.speller = speller;
    return s;
}

const Speller& dictionary() {
    static const Speller speller;
    return speller;
}

std::vector<std::string> unit_words(const QueryWords& q) {
    std::vector<std::string> out;
    for (const auto& u : q.units) {
        std::string w;
        for (const auto& x : u.words) w += (w.empty() ? "" : " ") + x;
        out.push_back(w + (u.weak ? "(weak)" : ""));
    }
    return out;
}

const Vocabulary kVocabulary = Vocabulary::parse(
    "won't sleep\tsleep|sleep problems\teveryday\n"
    "meltdown\tbehaviour|emotional wellbeing\teveryday\n"
    "occupational therapy\tOT|occupational therapist\ttherapy\n"
    "OT\toccupational therapy\ttherapy\n");

TEST(SearchQueryWords, CorrectsEachMisspeltWordAndSaysSo) {
    if (!dictionary().available()) GTEST_SKIP() << "hunspell-en-gb is not installed";
    const auto q = read_words("ocupational therapy for my son", kVocabulary,
                              sources_for({"occupational", "therapy"}, &dictionary()), true);
    ASSERT_EQ(q.corrections.size(), 1u);
    EXPECT_EQ(q.corrections[0].from, "ocupational");
    EXPECT_EQ(q.corrections[0].to, "occupational");
    EXPECT_EQ(q.corrected, "occupational therapy for my son");
    // The corrected words are a vocabulary phrase; "son" helps only the ranking.
    EXPECT_EQ(unit_words(q), (std::vector<std::string>{"occupational therapy", "son(weak)"}));
    EXPECT_EQ(q.concepts, std::vector<std::string>{"occupational therapy"});
}

TEST(SearchQueryWords, NeverCorrectsARealEnglishWordTheIndexDoesNotHold) {
    if (!dictionary().available()) GTEST_SKIP() << "hunspell-en-gb is not installed";
    // The index holds "squit", one letter from "squint"; "squint" is a real word, so it stays.
    const auto q = read_words("squint clinic", kVocabulary,
                              sources_for({"squit", "clinic"}, &dictionary()), true);
    EXPECT_TRUE(q.corrections.empty());
    EXPECT_EQ(unit_words(q), (std::vector<std::string>{"squint", "clinic"}));
}

TEST(SearchQueryWords, ATypoAFewServicesShareIsStillCorrected) {
    if (!dictionary().available()) GTEST_SKIP() << "hunspell-en-gb is not installed";
    auto sources = sources_for({"hearing", "aid"}, &dictionary());
    sources.frequency = [](const std::string& w) -> std::int64_t {
        return w == "hearring" ? 1 : w == "hearing" ? 40 : w == "aid" ? 30 : 0;
    };
    sources.index_suggestion = [](const std::string& w) -> std::string {
        return w == "hearring" ? "hearing" : "";
    };
    const auto q = read_words("hearring aid", kVocabulary, sources, true);
    ASSERT_EQ(q.corrections.size(), 1u);
    EXPECT_EQ(q.corrections[0].to, "hearing");
    // A word as common as its neighbour is no typo.
    sources.frequency = [](const std::string& w) -> std::int64_t {
        return w == "hearring" ? 3 : 40;
    };
    EXPECT_TRUE(read_words("hearring aid", kVocabulary, sources, true).corrections.empty());
}

TEST(SearchQueryWords, NeverCorrectsAnAcronymTypedInCapitalsOrAWordWithDigits) {
    const auto q = read_words("PDA 1to1", kVocabulary, sources_for({"pad", "1to2"}, nullptr), true);
    EXPECT_TRUE(q.corrections.empty());
}

TEST(SearchQueryWords, SpellingAsTypedCorrectsNothing) {
    const auto q =
        read_words("ocupational", kVocabulary, sources_for({"occupational"}, nullptr), false);
    EXPECT_TRUE(q.corrections.empty());
    EXPECT_EQ(unit_words(q), std::vector<std::string>{"ocupational"});
}

TEST(SearchQueryWords, NegationsAreReadBeforeCommonWordsAreDropped) {
    const auto q =
        read_words("my son won't sleep at night", kVocabulary, sources_for({}, nullptr), true);
    EXPECT_EQ(q.concepts, std::vector<std::string>{"won't sleep"});
    EXPECT_EQ(unit_words(q), (std::vector<std::string>{"son(weak)", "won't sleep", "night"}));
    ASSERT_EQ(q.units[1].alternatives.size(), 2u);
}

TEST(SearchQueryWords, PluralsFindTheVocabularysSingularEntries) {
    const auto q = read_words("meltdowns", kVocabulary, sources_for({}, nullptr), true);
    EXPECT_EQ(q.concepts, std::vector<std::string>{"meltdown"});
}

TEST(SearchQueryWords, OnlyCommonWordsLeaveNoUnits) {
    const auto q = read_words("what is there for us", kVocabulary, sources_for({}, nullptr), true);
    EXPECT_TRUE(q.units.empty());
    EXPECT_TRUE(q.only_common_words);
    EXPECT_EQ(q.ignored.size(), 5u);
}

TEST(SearchQueryWords, TheLastWordTypedIsAlsoAPrefix) {
    const auto typing =
        read_words("dyslex", kVocabulary, sources_for({"dyslexia"}, nullptr), false);
    ASSERT_EQ(typing.units.size(), 1u);
    EXPECT_TRUE(typing.units[0].prefix);
    const auto finished = read_words("dyslex ", kVocabulary, sources_for({}, nullptr), false);
    EXPECT_FALSE(finished.units[0].prefix);
}

TEST(SearchQueryWords, CapitalsOnlyAcronymsStillExpandInCapitals) {
    const auto q = read_words("OT for my daughter", kVocabulary, sources_for({}, nullptr), true);
    EXPECT_EQ(q.concepts, std::vector<std::string>{"OT"});
    EXPECT_EQ(unit_words(q), (std::vector<std::string>{"ot", "daughter(weak)"}));
}

}  // namespace
}  // namespace lo::search
