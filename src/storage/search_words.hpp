// Repository interface for the search words (domain/search_word.hpp, docs/search.md "Search
// words"). Like the accounts, its writes do not advance the store's generation: no document of
// the search index changes. The search service follows version() instead.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/search_word.hpp"

namespace lo::storage {

struct Page;

struct SearchWordFilter {
    std::optional<domain::WordList> list;  // unset: both lists
    std::string term;                      // terms containing this, case ignored ("" any)
};

class SearchWordRepository {
public:
    virtual ~SearchWordRepository() = default;
    // The SEND words first, then the everyday words, each by term (case ignored).
    virtual std::vector<domain::SearchWord> list(const SearchWordFilter& filter, Page page) = 0;
    virtual std::int64_t count(const SearchWordFilter& filter) = 0;
    // Every entry of both lists, in list()'s order (what search is built from).
    virtual std::vector<domain::SearchWord> all() = 0;
    virtual std::optional<domain::SearchWord> find(std::int64_t id) = 0;
    // The entry of the list with this term, case ignored.
    virtual std::optional<domain::SearchWord> find_term(domain::WordList list,
                                                        const std::string& term) = 0;
    // Stores a new entry (its id is ignored) and returns its id. Throws ValidationFailed on
    // broken rules and Conflict when the list already has the term.
    virtual std::int64_t add(const domain::SearchWord& word) = 0;
    // Replaces the entry with word.id; false when there is none. Throws as add().
    virtual bool update(const domain::SearchWord& word) = 0;
    // False when there is no such entry.
    virtual bool remove(std::int64_t id) = 0;
    // Raised in the same transaction as every add, update and remove; 0 while the lists have
    // never been written (the seed files are loaded then).
    virtual std::int64_t version() = 0;
    // Whether a seed file's entry with this term (case ignored) was ever offered to this store:
    // an upgrade adds a seed file's new entries once and never brings back one an editor
    // removed or renamed (docs/search.md).
    virtual bool was_seeded(domain::WordList list, const std::string& term) = 0;
    virtual void mark_seeded(domain::WordList list, const std::string& term) = 0;
};

}  // namespace lo::storage
