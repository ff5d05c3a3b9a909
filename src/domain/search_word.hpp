// Search words: a word or phrase families type and the words services use for the same thing
// ("squint" -> "orthoptics", "eye clinic"). Two lists, the SEND words and acronyms and the
// everyday words, searched together (docs/search.md, "Search words"). Editors change them in
// the admin; the rules here are the ones the admin and the seed loader apply.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/validation.hpp"

namespace lo::domain {

enum class WordList { Send, Everyday };

std::string_view to_code(WordList list);  // "send", "everyday"
std::optional<WordList> word_list_from_code(std::string_view code);
std::string_view label(WordList list);  // "SEND words and acronyms", "Everyday words"

struct SearchWord {
    std::int64_t id = 0;
    WordList list = WordList::Everyday;
    std::string term;                     // as families type it: "squint", "won't sleep", "SALT"
    std::vector<std::string> expansions;  // the words services use: "orthoptics", "eye clinic"
    std::string category;    // a label for grouping: "health", "need:semh", "ambiguous"
    std::string updated_at;  // RFC 3339; the store sets it when empty
    std::string updated_by;  // e-mail address of the editor; "" for the seed files
};

inline constexpr std::size_t kMaxSearchTermLength = 100;
inline constexpr std::size_t kMaxExpansions = 30;
inline constexpr std::size_t kMaxCategoryLength = 60;

// Spaces trimmed and runs of spaces made one, curly apostrophes made straight (as search reads
// them), in the term, the category and each expansion; blank and repeated expansions dropped
// (case ignored).
void normalise(SearchWord& word);

// The expansions typed one on each line (a '|' also separates them, as in the seed files).
std::vector<std::string> split_expansions(std::string_view text);

// The word that makes an expansion match nearly every service ("help", "support", "children"),
// when the expansion is that word alone or with little words such as "the" and "for"; "" when
// the expansion is particular enough. Phrases such as "family support" are allowed.
std::string too_common_word(std::string_view expansion);

// Every problem with the entry, on the fields "term", "expansions" and "category", in words
// for the editor. Duplicates are the store's to find (it knows the other entries).
ValidationErrors validate(const SearchWord& word);

}  // namespace lo::domain
