// The search index: a Xapian database under DATA/search that is a rebuildable projection of the
// store. This header is Xapian-free; index.cpp (with columns.hpp and word_match.hpp) is
// the only code that includes Xapian.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "search/tables.hpp"

namespace Xapian {
class Database;
class WritableDatabase;
}  // namespace Xapian

namespace lo::search {

// One thing to index: a service or an advice page, already turned into text and filter codes.
struct IndexDocument {
    std::string kind;  // "service" or "advice"
    std::string id;
    std::string sort_name;                           // lowercase name, for A-Z order
    std::vector<std::pair<std::string, int>> texts;  // text and its weight (name 6, body 1...)
    std::vector<std::pair<std::string, std::string>> facets;  // {"category","health"}, {"age","4"}
    std::vector<Point> venues;
    std::vector<std::string> areas;  // service areas, in the record's order
    bool remote = false;             // offers home visits, online or phone
    std::string data;                // JSON the results page shows (name, summary, facts...)
};

// A query word, or a run of words the vocabulary recognised, with its alternatives.
struct TextUnit {
    std::vector<std::string> words;                      // lowercase
    std::vector<std::vector<std::string>> alternatives;  // each a phrase of lowercase words
    bool prefix = false;  // the last word, typed without a space after it: also match as a prefix
    // A generic word ("child", "son") or a place typed with the topic: it adds to the ranking but
    // never carries a match alone (docs/search.md, "Ranked match").
    bool weak = false;
    // A phrase the vocabulary knows ("mental health", "short breaks"): the family's topic, so it
    // counts as much as the query's most telling word however common it is in the directory.
    bool topic = false;
};

// The order of a page of results. Best: nearest first with a place, else best match first
// with words, else A to Z. Relevance: best match first even with a place (it is still used to
// place each result). Name: A to Z.
enum class SortOrder { Best, Relevance, Name };

struct IndexQuery {
    std::string kind = "service";
    std::vector<TextUnit> units;  // empty: every document of the kind
    // Documents whose share of the words' importance is at least this part of the best
    // document's share are kept (docs/search.md, "Ranked match").
    double keep_share = 0.5;
    // How much the words the best matches share reorder the kept documents (docs/search.md,
    // "Words the best matches share"); 0 leaves BM25 and coverage alone.
    double feedback = 0.2;
    std::map<std::string, std::vector<std::string>> filters;  // group -> values, OR within
    std::optional<Point> point;
    std::vector<Area> areas;  // the gazetteer's areas, to place area-wide services
    std::optional<double> radius_miles;
    int offset = 0;
    int limit = 20;
    std::vector<std::string> facet_groups;  // groups to count
    SortOrder order = SortOrder::Best;
};

// Where a service sits relative to the searched point (docs/search.md, "Placing services").
struct Placement {
    // Results are ordered by (first tier first, sort_miles): the first tier is the services
    // that reach the searched place or whose area covers it, nearest venue first (0 without
    // one). The search page lists every other service under "Services outside your area".
    bool first_tier = false;
    double sort_miles = 0;
    std::optional<double> venue_miles;  // to the nearest venue with coordinates
    std::string covering_area;          // the service area the point is in, if any
    bool reaches_you = false;           // covers the point and comes to you / has no venue
};

struct Hit {
    std::shared_ptr<const std::string> data;  // IndexDocument::data
    std::uint32_t docid = 0;  // the document's number in the index revision the result is of
    double relevance = 0;
    std::optional<Placement> placement;
};

struct IndexResult {
    std::uint64_t revision = 0;  // the index revision the result was read from
    std::int64_t total = 0;
    // With words: the best document's share of the words' importance (1 when one document
    // matches every important word; below 0.5, nothing matched the search well).
    double word_share = 1;
    // With a place: how many of total are in the first tier (they reach or cover the place).
    std::int64_t first_tier_total = 0;
    std::vector<Hit> hits;
    std::map<std::string, std::map<std::string, std::int64_t>> facets;  // group -> value -> n
};

struct IndexState {
    bool exists = false;
    std::int64_t generation = -1;  // the store generation the index reflects
    std::int64_t change_seq = 0;   // the last change-feed row applied
    std::int64_t documents = 0;
    std::string format;
};

// A write to the index that failed: the disk is full, the folder became read-only... What was
// not committed is dropped; readers keep the last committed revision and the next write opens
// the index again (docs/reliability.md).
class IndexWriteError : public std::runtime_error {
public:
    IndexWriteError(std::string reason, const std::string& detail)
        : std::runtime_error(detail), reason_(std::move(reason)) {}
    // Short, for /healthz: "disk full", "the data folder is read-only", "could not write it".
    const std::string& reason() const { return reason_; }

private:
    std::string reason_;
};

// Bumped whenever IndexDocument's shape or the term scheme changes: an index in another format
// is rebuilt at start-up.
// Bumped whenever what a document holds changes, so older indexes are rebuilt at start-up.
inline constexpr const char* kIndexFormat = "lo-search-3";

class SearchIndex {
public:
    enum class Mode { Read, Write };
    // Write mode creates the folder and database if needed and takes Xapian's write lock; throws
    // std::runtime_error (plain English) when another process holds it. An existing index that
    // cannot be written (full disk, read-only folder) opens for reading; writes then throw
    // IndexWriteError until the cause is gone. Every write method throws IndexWriteError.
    SearchIndex(std::string dir, Mode mode);
    ~SearchIndex();

    // --- writing (Mode::Write) ---
    void clear();  // removes every document and spelling entry
    void put(const IndexDocument& doc);
    void remove(const std::string& kind, const std::string& id);
    void add_spelling_words(const std::vector<std::string>& words);
    // Makes everything since the last commit visible to readers, with the state it reflects.
    void commit(std::int64_t generation, std::int64_t change_seq);

    // --- reading (either mode; thread-safe) ---
    IndexState state();
    // The revision readers see: it changes with every commit, and only grows. Cheap in write
    // mode (the writer's last commit), one reader's reopen otherwise.
    std::uint64_t revision();
    IndexResult query(const IndexQuery& q);
    // A better-known spelling of a lowercase word, or "" when none is close.
    std::string spelling_suggestion(const std::string& word);
    // How many documents contain the word (unstemmed), and whether it is a known spelling.
    std::int64_t term_frequency(const std::string& word);
    // How many documents hold the lowercase word, as written or by its English stem.
    std::int64_t word_frequency(const std::string& word);
    // Whether the spelling data has the word (from a document or the search words).
    bool has_spelling(const std::string& word);

    const std::string& dir() const { return dir_; }

    // Word matching on cached bitmaps with Xapian ranking only the page (the default), or, when
    // off, one full Xapian match of the words as the reference the fast path is tested against
    // (docs/search.md, "How search is fast"). Both give the same answers.
    void set_fast_words(bool on);
    // With fast words, keeps each distinct word query's full ranking (every matching document
    // and its weight, best first) per index revision, so a repeated query ranks its page without
    // Xapian. On by default; LOCALOFFER_SEARCH_RANKING_CACHE=off (read by SearchService) turns it
    // off so figures can be measured without it.
    void set_ranking_cache(bool on);

private:
    struct Impl;
    void clear_all(Xapian::WritableDatabase& db);
    void put_document(const IndexDocument& d);
    void commit_to(Xapian::WritableDatabase& db, std::int64_t generation, std::int64_t change_seq);
    // Advice pages without words: Xapian's A-Z order of the filter terms' documents.
    IndexResult a_to_z(Xapian::Database& db, const IndexQuery& q, IndexResult& result);
    std::string dir_;
    std::unique_ptr<Impl> impl_;
};

// The placement rule, exposed for tests and for labelling results.
Placement place_service(Point point,
                        const std::vector<Area>& areas,
                        const std::vector<Point>& venues,
                        const std::vector<std::string>& service_areas,
                        bool remote);

}  // namespace lo::search
