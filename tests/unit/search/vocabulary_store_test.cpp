// The search words from the store (search/vocabulary_store.hpp): the shipped seed files, loading
// them into a new install once, and reloading the words when an editor changes them.
#include "search/vocabulary_store.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "fixtures/builders.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::search {
namespace {

std::string seed(const char* name) {
    return (testing::source_dir() / "db/seeds" / name).string();
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

TEST(SearchWordSeeds, TheEverydayWordsParseAndListEachTermOnceAndNoneOfTheSendTerms) {
    const auto everyday = Vocabulary::load(seed("everyday-words.tsv"));
    EXPECT_GE(everyday.size(), 300u);
    std::set<std::string> send;
    const auto send_words = Vocabulary::load(seed("send-synonyms.tsv"));
    for (const auto& e : send_words.entries()) send.insert(lower(e.term));
    std::map<std::string, std::string> seen;
    for (const auto& e : everyday.entries()) {
        EXPECT_TRUE(seen.emplace(lower(e.term), e.term).second) << e.term << " is listed twice";
        EXPECT_FALSE(send.count(lower(e.term))) << e.term << " is already in send-synonyms.tsv";
        EXPECT_FALSE(e.expansions.empty()) << e.term;
        EXPECT_FALSE(e.category.empty()) << e.term;
    }
}

TEST(SearchWordSeeds, EveryShippedEntryFollowsTheRulesEditorsFollow) {
    for (const auto* file : {"send-synonyms.tsv", "everyday-words.tsv"}) {
        const auto words = Vocabulary::load(seed(file));
        for (const auto& e : words.entries()) {
            domain::SearchWord w{
                0, domain::WordList::Everyday, e.term, e.expansions, e.category, "", ""};
            domain::normalise(w);
            for (const auto& problem : domain::validate(w))
                ADD_FAILURE() << file << ": " << e.term << ": " << problem.message;
        }
    }
}

class SearchWordsInTheStore : public ::testing::Test {
protected:
    void SetUp() override { store_ = storage::sqlite::open_store(dir_.str()); }
    storage::SearchWordRepository& words() { return store_->search_words(); }
    domain::SearchWord add(const std::string& term, std::vector<std::string> expansions) {
        domain::SearchWord w;
        w.term = term;
        w.expansions = std::move(expansions);
        w.id = words().add(w);
        return w;
    }

    testing::TempDir dir_;
    std::unique_ptr<storage::Store> store_;
};

TEST_F(SearchWordsInTheStore, TheSeedFilesAreLoadedOnceAndAnEditorsRemovalStays) {
    const auto send = Vocabulary::load(seed("send-synonyms.tsv")).size();
    const auto everyday = Vocabulary::load(seed("everyday-words.tsv")).size();
    const auto added =
        load_search_word_seeds(*store_, seed("send-synonyms.tsv"), seed("everyday-words.tsv"));
    EXPECT_EQ(added, static_cast<std::int64_t>(send + everyday));
    EXPECT_EQ(words().count({domain::WordList::Send, ""}), static_cast<std::int64_t>(send));
    const auto squint = words().find_term(domain::WordList::Everyday, "squint");
    ASSERT_TRUE(squint);
    EXPECT_EQ(squint->updated_by, "") << "from the product's file, not a person";
    EXPECT_TRUE(words().remove(squint->id));
    EXPECT_EQ(
        load_search_word_seeds(*store_, seed("send-synonyms.tsv"), seed("everyday-words.tsv")), 0);
    EXPECT_FALSE(words().find_term(domain::WordList::Everyday, "squint"))
        << "a restart does not bring back what an editor removed";
}

// An upgrade ships longer word lists: a running Local Offer gets the new entries once, and
// keeps every change its editors made to the old ones.
TEST_F(SearchWordsInTheStore, AnUpgradeAddsTheNewSeedEntriesOnceAndKeepsEditorsChanges) {
    const auto file = dir_.path() / "everyday.tsv";
    std::ofstream(file) << "alpha club\tdental\thealth\nbeta club\torthoptics\thealth\n";
    ASSERT_EQ(load_search_word_seeds(*store_, "", file.string()), 2);
    EXPECT_EQ(add_new_search_word_seeds(*store_, "", file.string()), 0) << "nothing new yet";

    auto alpha = *words().find_term(domain::WordList::Everyday, "alpha club");
    alpha.expansions = {"dentist"};
    ASSERT_TRUE(words().update(alpha));
    ASSERT_TRUE(words().remove(words().find_term(domain::WordList::Everyday, "beta club")->id));
    add("Zeta club", {"dental"});

    std::ofstream(file) << "alpha club\tdental\thealth\nbeta club\torthoptics\thealth\n"
                        << "gamma club\temergency dental\thealth\nzeta club\tdentistry\thealth\n";
    EXPECT_EQ(add_new_search_word_seeds(*store_, "", file.string()), 1);
    EXPECT_TRUE(words().find_term(domain::WordList::Everyday, "gamma club"));
    EXPECT_FALSE(words().find_term(domain::WordList::Everyday, "beta club"))
        << "what an editor removed stays removed";
    EXPECT_EQ(words().find_term(domain::WordList::Everyday, "alpha club")->expansions,
              std::vector<std::string>{"dentist"});
    EXPECT_EQ(words().find_term(domain::WordList::Everyday, "zeta club")->expansions,
              std::vector<std::string>{"dental"})
        << "an editor's own entry with the same term wins";

    const auto version = words().version();
    ASSERT_TRUE(words().remove(words().find_term(domain::WordList::Everyday, "gamma club")->id));
    EXPECT_EQ(add_new_search_word_seeds(*store_, "", file.string()), 0);
    EXPECT_FALSE(words().find_term(domain::WordList::Everyday, "gamma club")) << "offered once";
    EXPECT_EQ(words().version(), version + 1) << "the usual start writes nothing";
}

// A store that loaded the lists before the store kept track (migration 0018 marks the entries
// the files had until 6 December 2026): only what is new since is added.
TEST_F(SearchWordsInTheStore, AStoreThatLoadedTheOlderListsGetsOnlyTheNewEntries) {
    add("squint", {"orthoptics"});  // the lists were written: version is no longer 0
    EXPECT_TRUE(words().was_seeded(domain::WordList::Everyday, "Lazy Eye"));
    const auto before = words().count({});
    const auto added =
        add_new_search_word_seeds(*store_, seed("send-synonyms.tsv"), seed("everyday-words.tsv"));
    EXPECT_EQ(words().count({}), before + added);
    EXPECT_GE(added, 250) << "the entries added on 7 December 2026";
    EXPECT_FALSE(words().find_term(domain::WordList::Everyday, "lazy eye"))
        << "an entry of the older lists that this store does not have was removed by an editor";
    EXPECT_TRUE(words().find_term(domain::WordList::Send, "IAPT"));
}

TEST_F(SearchWordsInTheStore, ABrokenSeedFileSaysWhereAndWritesNothing) {
    const auto file = dir_.path() / "words.tsv";
    std::ofstream(file) << "teeth\tdental\thealth\nhelp me\thelp\teveryday\n";
    try {
        load_search_word_seeds(*store_, "", file.string());
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  file.string() +
                      ": the entry \"help me\" is refused: \"help\" is in nearly "
                      "every service, so searching for it finds almost everything. "
                      "Use words particular to this need, like dental or short "
                      "breaks. Fix the file and start again.");
    }
    std::ofstream(file) << "teeth\tdental\thealth\nTeeth\tdentist\thealth\n";
    EXPECT_THROW(load_search_word_seeds(*store_, "", file.string()), std::runtime_error);
    EXPECT_EQ(words().count({}), 0);
    EXPECT_EQ(words().version(), 0);
    EXPECT_THROW(load_search_word_seeds(*store_, (dir_.path() / "missing.tsv").string(), ""),
                 std::runtime_error);
}

TEST_F(SearchWordsInTheStore, TheLiveVocabularyReloadsWhenTheVersionMovesAndKeepsWhatASearchHolds) {
    LiveVocabulary live(*store_);
    EXPECT_EQ(live.refresh(), 0);
    EXPECT_TRUE(live.match(tokenize("squint")).empty());
    const auto squint = add("squint", {"orthoptics"});
    EXPECT_TRUE(live.match(tokenize("squint")).empty()) << "not loaded until refreshed";
    const auto version = live.refresh();
    EXPECT_EQ(version, store_->search_words().version());
    const auto held = live.match(tokenize("squint"));
    ASSERT_EQ(held.size(), 1u);
    store_->search_words().remove(squint.id);
    EXPECT_GT(live.refresh(), version);
    EXPECT_TRUE(live.match(tokenize("squint")).empty());
    EXPECT_EQ(held[0].entry->expansions, std::vector<std::string>{"orthoptics"})
        << "a search that started with the old words still reads them";
}

TEST(BuildVocabulary, EachEntryKeepsItsStoreIdAndMergedEntriesTheFirsts) {
    const auto word = [](std::int64_t id, domain::WordList list, std::string term,
                         std::string category) {
        domain::SearchWord w;
        w.id = id;
        w.list = list;
        w.term = std::move(term);
        w.expansions = {"short breaks"};
        w.category = std::move(category);
        return w;
    };
    const auto v = build_vocabulary({word(12, domain::WordList::Send, "respite", "social-care"),
                                     word(40, domain::WordList::Send, "SEMH", "need:semh"),
                                     word(7, domain::WordList::Everyday, "Respites", "")});
    ASSERT_EQ(v.size(), 2u);
    const auto respite = v.match(tokenize("respite"));
    ASSERT_EQ(respite.size(), 1u);
    EXPECT_EQ(respite[0].entry->id, 12) << "the first of the merged entries";
    EXPECT_EQ(respite[0].entry->category, "social-care");
    EXPECT_EQ(v.match(tokenize("SEMH"))[0].entry->id, 40);
}

}  // namespace
}  // namespace lo::search
