// What the words typed in a search are taken to mean (docs/search.md, "Keywords"): misspelt
// words corrected one by one, the vocabulary's phrases recognised (families' everyday words and
// SEND terms, negations included: "won't sleep"), common words left out, generic words kept only
// to help the ranking. Xapian-free, so every rule is tested on its own.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "search/index.hpp"
#include "search/speller.hpp"
#include "search/vocabulary.hpp"

namespace lo::search {

// What a word is checked against. Functions, so tests need no index.
struct WordSources {
    // How many documents hold the lowercase word (as written or by its stem).
    std::function<std::int64_t(const std::string&)> frequency;
    // The closest word the index or the vocabulary knows, or "" when none is close.
    std::function<std::string(const std::string&)> index_suggestion;
    const Speller* speller = nullptr;  // a real dictionary; null: none
};

struct Correction {
    std::string from, to;  // as typed, and what was searched instead
};

// A vocabulary entry recognised in the words, as the demand counts know it: never its text.
struct RecognisedWord {
    std::int64_t id = 0;   // VocabularyEntry::id (search_words.id); 0 when not from the store
    std::string category;  // "need:semh", "health", ...
};

struct QueryWords {
    std::vector<TextUnit> units;
    std::vector<Correction> corrections;
    std::vector<std::string> concepts;       // the vocabulary terms recognised
    std::vector<RecognisedWord> recognised;  // the same entries' ids and categories, in order
    std::vector<std::string> weak;           // words that help the ranking but carry no match
    std::vector<std::string> ignored;        // common words left out
    std::string corrected;                   // the words with the corrections ("" when none)
    bool only_common_words = false;          // there were words, all of them common
};

// Generic words a family types around the topic ("child", "son", "support"): weak units.
bool is_generic_word(std::string_view lower_word);

// Reads text into units. correct: whether unknown misspelt words are corrected. ends_in_word:
// the text ends inside a word (typed without a space after it), so the last word also matches
// as a prefix.
QueryWords read_words(std::string_view text,
                      const Vocabulary& vocabulary,
                      const WordSources& sources,
                      bool correct);

}  // namespace lo::search
