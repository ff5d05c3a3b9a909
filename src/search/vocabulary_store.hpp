// The search words as search uses them (docs/search.md, "Search words"): loaded from the store's
// two lists (the SEND words and the everyday words, editable in the admin), and loaded again
// as soon as the store's version moves, without a restart. Also the loader of the seed files.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "search/vocabulary.hpp"
#include "storage/store.hpp"

namespace lo::search {

class SearchIndex;

// Matches that keep alive the vocabulary their entries belong to, so a search that is running
// while an editor's change is loaded still reads the words it started with.
class VocabularyMatches {
public:
    VocabularyMatches(std::shared_ptr<const Vocabulary> from, std::vector<VocabularyMatch> matches)
        : from_(std::move(from)), matches_(std::move(matches)) {}
    auto begin() const { return matches_.begin(); }
    auto end() const { return matches_.end(); }
    std::size_t size() const { return matches_.size(); }
    bool empty() const { return matches_.empty(); }
    const VocabularyMatch& operator[](std::size_t i) const { return matches_[i]; }

private:
    std::shared_ptr<const Vocabulary> from_;
    std::vector<VocabularyMatch> matches_;
};

// The store's search words, both lists merged (Vocabulary::build). Thread-safe: a reload
// builds a new Vocabulary and swaps it in; readers hold the one they took.
class LiveVocabulary {
public:
    explicit LiveVocabulary(storage::Store& store) : store_(store) {}

    // Loads the words again when the store's version differs from the one in use: one read of
    // the version when it does not. Returns the version of the words now in use, which is never
    // older than the version this call read.
    std::int64_t refresh();

    std::int64_t version() const;
    std::shared_ptr<const Vocabulary> current() const;
    VocabularyMatches match(const std::vector<Token>& tokens) const;
    std::vector<Token> searchable(const std::vector<Token>& tokens) const;
    std::vector<std::string> words() const;

    // Adds to the index's spelling data the words of the vocabulary in use that it lacks, once per
    // version, so a word an editor added is not "corrected" into another. True when it added any:
    // the caller commits the index.
    bool add_spelling_to(SearchIndex& index);

private:
    struct Loaded {
        std::shared_ptr<const Vocabulary> vocabulary = std::make_shared<const Vocabulary>();
        std::int64_t version = -1;  // -1: nothing loaded yet
    };
    Loaded loaded() const;

    storage::Store& store_;
    mutable std::mutex mutex_;  // guards loaded_
    Loaded loaded_;
    std::mutex reload_mutex_;    // one reload at a time
    std::mutex spelling_mutex_;  // guards spelled_version_
    std::int64_t spelled_version_ = -1;
};

// The store's entries as the vocabulary reads them.
Vocabulary build_vocabulary(const std::vector<domain::SearchWord>& words);

// Loads db/seeds/send-synonyms.tsv (the SEND list) and db/seeds/everyday-words.tsv (the
// everyday list) into the store's search words when they have never been written (version 0),
// in one transaction; an empty path is skipped. Returns how many entries it added, 0 when the
// words were already there (an editor's removals are not undone by a restart). Throws
// std::runtime_error naming the file and the term when a file cannot be read, an entry breaks
// the rules (domain::validate) or a term is in a file twice; nothing is written then.
std::int64_t load_search_word_seeds(storage::Store& store,
                                    const std::string& send_file,
                                    const std::string& everyday_file);

// After an upgrade: adds, once, the seed files' entries this store was never offered (new in
// this version), unless the list already has the term; an entry an editor removed or renamed
// is never brought back, and nothing an editor changed is touched. Returns how many it added;
// 0 without writing anything when there is nothing new. Throws as load_search_word_seeds.
std::int64_t add_new_search_word_seeds(storage::Store& store,
                                       const std::string& send_file,
                                       const std::string& everyday_file);

}  // namespace lo::search
