// The search words repository's contract (storage/search_words.hpp): listing and filtering,
// one term per list, and the version that moves with every change in the same transaction.
#include "storage/search_words.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "domain/dates.hpp"
#include "fixtures/builders.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store.hpp"

namespace lo::storage {
namespace {

using domain::SearchWord;
using domain::WordList;

SearchWord word(WordList list, std::string term, std::vector<std::string> expansions) {
    SearchWord w;
    w.list = list;
    w.term = std::move(term);
    w.expansions = std::move(expansions);
    w.category = "health";
    w.updated_by = "editor@example.org";
    return w;
}

std::vector<std::string> terms(const std::vector<SearchWord>& words) {
    std::vector<std::string> out;
    for (const auto& w : words) out.push_back(w.term);
    return out;
}

class SearchWordStore : public ::testing::Test {
protected:
    void SetUp() override { store_ = sqlite::open_store(dir_.str()); }
    SearchWordRepository& repo() { return store_->search_words(); }

    lo::testing::TempDir dir_;
    std::unique_ptr<Store> store_;
};

TEST_F(SearchWordStore, AnEntryRoundTripsWithItsExpansionsInOrder) {
    const auto id =
        repo().add(word(WordList::Everyday, "squint", {"orthoptics", "eye clinic", "eye health"}));
    const auto found = repo().find(id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->list, WordList::Everyday);
    EXPECT_EQ(found->term, "squint");
    EXPECT_EQ(found->expansions,
              (std::vector<std::string>{"orthoptics", "eye clinic", "eye health"}));
    EXPECT_EQ(found->category, "health");
    EXPECT_EQ(found->updated_by, "editor@example.org");
    EXPECT_TRUE(domain::is_rfc3339(found->updated_at)) << found->updated_at;
    EXPECT_FALSE(repo().find(id + 1000));
}

TEST_F(SearchWordStore, ListsSendWordsFirstThenByTermAndFiltersByListAndTerm) {
    repo().add(word(WordList::Everyday, "won't sleep", {"sleep"}));
    repo().add(word(WordList::Send, "SALT", {"speech and language therapy"}));
    repo().add(word(WordList::Everyday, "Squint", {"orthoptics"}));
    repo().add(word(WordList::Everyday, "can't sleep", {"sleep"}));
    repo().add(word(WordList::Send, "autism", {"autistic"}));
    EXPECT_EQ(terms(repo().list({}, {50, 0})),
              (std::vector<std::string>{"autism", "SALT", "can't sleep", "Squint", "won't sleep"}));
    EXPECT_EQ(terms(repo().all()), terms(repo().list({}, {50, 0})));
    EXPECT_EQ(terms(repo().list({WordList::Everyday, ""}, {50, 0})),
              (std::vector<std::string>{"can't sleep", "Squint", "won't sleep"}));
    EXPECT_EQ(terms(repo().list({std::nullopt, "SLEEP"}, {50, 0})),
              (std::vector<std::string>{"can't sleep", "won't sleep"}));
    EXPECT_EQ(terms(repo().list({std::nullopt, "%"}, {50, 0})), std::vector<std::string>{})
        << "% is a character, not a wildcard";
    EXPECT_EQ(terms(repo().list({}, {2, 2})), (std::vector<std::string>{"can't sleep", "Squint"}));
    EXPECT_EQ(repo().count({}), 5);
    EXPECT_EQ(repo().count({WordList::Send, ""}), 2);
    EXPECT_EQ(repo().count({std::nullopt, "sleep"}), 2);
}

TEST_F(SearchWordStore, ATermIsOnceInAListButMayBeInBoth) {
    repo().add(word(WordList::Everyday, "respite", {"short breaks"}));
    try {
        repo().add(word(WordList::Everyday, "Respite", {"respite care"}));
        FAIL() << "a second respite in the same list";
    } catch (const Conflict& e) {
        EXPECT_STREQ(e.what(),
                     "\"Respite\" is already in Everyday words. Change that entry instead of "
                     "adding it again.");
    }
    EXPECT_NO_THROW(repo().add(word(WordList::Send, "respite", {"respite care"})));
    EXPECT_EQ(repo().count({}), 2);
    const auto found = repo().find_term(WordList::Everyday, "RESPITE");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->expansions, std::vector<std::string>{"short breaks"});
    EXPECT_FALSE(repo().find_term(WordList::Everyday, "respit"));
}

TEST_F(SearchWordStore, UpdateReplacesTheEntryAndRefusesAnotherEntrysTerm) {
    const auto teeth = repo().add(word(WordList::Everyday, "teeth", {"dental"}));
    repo().add(word(WordList::Everyday, "squint", {"orthoptics"}));
    auto changed = *repo().find(teeth);
    changed.expansions = {"dental", "dentist"};
    changed.list = WordList::Send;
    changed.updated_by = "admin@example.org";
    EXPECT_TRUE(repo().update(changed));
    const auto found = repo().find(teeth);
    EXPECT_EQ(found->expansions, (std::vector<std::string>{"dental", "dentist"}));
    EXPECT_EQ(found->list, WordList::Send);
    EXPECT_EQ(found->updated_by, "admin@example.org");

    changed.list = WordList::Everyday;
    changed.term = "SQUINT";
    EXPECT_THROW(repo().update(changed), Conflict);
    EXPECT_EQ(repo().find(teeth)->term, "teeth") << "nothing written";

    changed.id = teeth + 1000;
    changed.term = "molars";
    EXPECT_FALSE(repo().update(changed)) << "no such entry";
}

TEST_F(SearchWordStore, RemoveSaysWhetherThereWasAnEntry) {
    const auto id = repo().add(word(WordList::Everyday, "teeth", {"dental"}));
    EXPECT_TRUE(repo().remove(id));
    EXPECT_FALSE(repo().find(id));
    EXPECT_FALSE(repo().remove(id));
}

TEST_F(SearchWordStore, ABrokenEntryIsRefusedWithEveryProblem) {
    try {
        repo().add(word(WordList::Everyday, "", {"help"}));
        FAIL();
    } catch (const ValidationFailed& e) {
        ASSERT_EQ(e.errors().size(), 2u);
        EXPECT_EQ(e.errors()[0].field, "term");
        EXPECT_EQ(e.errors()[1].field, "expansions");
    }
    EXPECT_EQ(repo().count({}), 0);
    EXPECT_EQ(repo().version(), 0);
}

TEST_F(SearchWordStore, EveryChangeRaisesTheVersionAndARefusedOneDoesNot) {
    EXPECT_EQ(repo().version(), 0) << "never written";
    const auto id = repo().add(word(WordList::Everyday, "teeth", {"dental"}));
    const auto after_add = repo().version();
    EXPECT_GT(after_add, 0);
    auto w = *repo().find(id);
    w.expansions.push_back("dentist");
    repo().update(w);
    const auto after_update = repo().version();
    EXPECT_GT(after_update, after_add);
    EXPECT_THROW(repo().add(word(WordList::Everyday, "TEETH", {"dental"})), Conflict);
    EXPECT_EQ(repo().version(), after_update);
    repo().remove(id);
    EXPECT_GT(repo().version(), after_update);
}

TEST_F(SearchWordStore, TheVersionMovesInTheChangesTransactionAndRollsBackWithIt) {
    std::int64_t inside = 0;
    EXPECT_THROW(store_->transaction([&](Store& tx) {
        tx.search_words().add(word(WordList::Everyday, "teeth", {"dental"}));
        inside = tx.search_words().version();
        throw std::runtime_error("the audit entry failed");
    }),
                 std::runtime_error);
    EXPECT_GT(inside, 0) << "raised in the same transaction as the change";
    EXPECT_EQ(repo().version(), 0) << "rolled back with it";
    EXPECT_EQ(repo().count({}), 0);

    store_->transaction(
        [&](Store& tx) { tx.search_words().add(word(WordList::Everyday, "teeth", {"dental"})); });
    EXPECT_EQ(repo().version(), inside);
    EXPECT_EQ(repo().count({}), 1);
}

TEST_F(SearchWordStore, ChangesDoNotAdvanceTheGeneration) {
    const auto before = store_->generation();
    const auto id = repo().add(word(WordList::Everyday, "teeth", {"dental"}));
    repo().remove(id);
    EXPECT_EQ(store_->generation(), before) << "no document of the search index changed";
}

TEST_F(SearchWordStore, TheAuditLogListsOneKindOfAction) {
    store_->audit().record({0, {}, "u1", "editor@example.org", "search_word_added", "1", "", ""});
    store_->audit().record({0, {}, "u1", "editor@example.org", "term_created", "2", "", ""});
    store_->audit().record({0, {}, "u1", "editor@example.org", "search_word_removed", "1", "", ""});
    const auto found = store_->audit().recent_actions("search_word_", 10);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].action, "search_word_removed") << "newest first";
    EXPECT_EQ(found[1].action, "search_word_added");
    EXPECT_EQ(store_->audit().recent_actions("search_word_", 1).size(), 1u);
    EXPECT_TRUE(store_->audit().recent_actions("search%", 10).empty()) << "% is a character";
}

}  // namespace
}  // namespace lo::storage
