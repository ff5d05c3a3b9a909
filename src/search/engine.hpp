// Search as the rest of the app sees it: keeps the index in step with the store (a background
// indexer thread following the change feed), and answers a search as one JSON document that
// /api/search returns as it is and /search renders (docs/search.md describes both).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/dates.hpp"
#include "search/answer_cache.hpp"
#include "search/demand_counts.hpp"
#include "search/index.hpp"
#include "search/index_health.hpp"
#include "search/params.hpp"
#include "search/query_words.hpp"
#include "search/speller.hpp"
#include "search/tables.hpp"
#include "search/vocabulary.hpp"
#include "search/vocabulary_store.hpp"
#include "storage/store.hpp"

namespace lo::search {

struct SearchOptions {
    std::string data_dir;  // the index lives in data_dir/search
    // The seed files of the search words, loaded into the store when its search words were never
    // written (load_search_word_seeds); search then reads the store's words. "" = none.
    std::string vocabulary_file;     // db/seeds/send-synonyms.tsv
    std::string gazetteer_seed_dir;  // db/seeds/gazetteer ("" = none)
    std::string everyday_file = {};  // db/seeds/everyday-words.tsv
    // Today in Europe/London, which decides which services are listed (domain/service_dates.hpp);
    // empty = the clock. Tests set it to move the day on.
    std::function<domain::Date()> today = {};
};

// One finished search: its JSON text, as /api/search sends it, and what the daily counts need
// to know of it. Shared, never changed once made (the answer cache hands it out).
class SearchAnswer {
public:
    // Different for every answer the process makes, so a page rendered from one answer is
    // never taken for another's (web/rendered_pages.hpp); an address could be reused.
    const std::uint64_t serial = next_serial();
    std::string body;
    bool zero_results = false;  // nothing found, or nothing matched the words well
    bool weak_match = false;    // nothing matched the words well (also a zero_results)
    bool location_not_found = false;
    bool suggestion_offered = false;
    SearchDemand demand;  // what it asked about (codes, ids, areas, age), for the demand counts

    // The answer as a JSON document (/search renders it), parsed from body on first use.
    const nlohmann::json& response() const {
        std::call_once(parsed_once_, [this] { parsed_ = nlohmann::json::parse(body); });
        return parsed_;
    }
    // body compressed by compress (the HTTP layer's gzip), made once on first use, so a
    // cached answer is not compressed again for every client that accepts gzip.
    template <typename F>
    const std::string& compressed(F&& compress) const {
        std::call_once(compressed_once_, [&] { compressed_ = compress(body); });
        return compressed_;
    }
    // The text, a parse and a compressed copy.
    std::size_t bytes() const { return body.size() * 3 + body.size() / 4 + 256; }

private:
    static std::uint64_t next_serial() {
        static std::atomic<std::uint64_t> last{0};
        return ++last;
    }
    mutable std::once_flag parsed_once_;
    mutable nlohmann::json parsed_;
    mutable std::once_flag compressed_once_;
    mutable std::string compressed_;
};

struct SyncReport {
    bool rebuilt = false;
    std::int64_t applied = 0;  // changes applied (or documents written by a rebuild)
    std::int64_t generation = 0;
};

class SearchService {
public:
    // Opens (creating) the index for writing and the search tables, and loads the search words.
    // Throws std::runtime_error in plain English (a seed file that is missing or wrong, an index
    // held by another process).
    SearchService(storage::Store& store, SearchOptions options);
    ~SearchService();  // stops the indexer and writes pending search counts

    // Brings the index up to date: a full rebuild when it is missing, in another format, or
    // ahead of the store (a restored backup); otherwise applies the change feed.
    SyncReport sync();
    SyncReport rebuild();

    // Starts or stops the background indexer (polls store.generation() every interval). Its
    // first sync is start-up's catch-up (a rebuild or a crash's backlog), so the server listens
    // at once; a failed write is retried with back-off (search/index_health.hpp).
    void start(std::chrono::milliseconds interval = std::chrono::milliseconds(200));
    void stop();
    // Whether the index is catching up or failing to write, for /healthz and the search page.
    IndexHealth health() const { return retry_.health(); }

    // Runs a search, or finds its answer in the answer cache when the same search was answered
    // since the index, the gazetteer or the search words last changed. Counts it either way.
    // Throws BadParameter for an unknown category or need code.
    std::shared_ptr<const SearchAnswer> answer(const SearchParams& params);
    nlohmann::json search(const SearchParams& params) { return answer(params)->response(); }

    // The answer cache is on by default; LOCALOFFER_SEARCH_ANSWER_CACHE=off (read at start-up)
    // or this turns it off, so figures can be measured without it. Answers are the same.
    void set_answer_cache(bool on) { answer_cache_on_ = on; }
    AnswerCache<SearchAnswer>::Stats answer_cache_stats() { return answers_.stats(); }

    // Writes the in-memory daily counts to the store's database.
    void flush_counts();
    // Counts one eligibility checker result page (checker:... metrics, demand_counts.cpp) with
    // the search counts, so they are written by the same flush_counts().
    void count_checker(const CheckerRun& run);
    SearchTables& tables() { return tables_; }
    SearchIndex& index() { return index_; }
    // The search words in use (loaded again by the next search after an editor changes them).
    std::shared_ptr<const Vocabulary> vocabulary() const { return vocabulary_.current(); }

private:
    struct Term {
        std::string id, code, name, parent_id, taxonomy;  // "category", "need", "other:CODE"
    };
    void load_terms();
    IndexDocument service_document(const domain::Service& s);
    IndexDocument advice_document(const domain::AdvicePage& p);
    void apply(const Change& change);
    domain::Date listing_today() const;
    bool indexable(const domain::Service& s) const;
    // Once per UK day, puts again every service with a start, end or reopening date, so a date
    // passing moves it in or out of the index (and its card's notice) with no change in the
    // store. True when it ran. Called under sync_mutex_.
    bool apply_date_turnover();
    std::chrono::milliseconds sync_once(std::chrono::milliseconds interval);
    // An answer being made: a JSON tree of the small members, and the large ones ("results",
    // "facets") already written as JSON text: each result is its stored card spliced with
    // where it is and how well it matched.
    struct Built {
        nlohmann::json out;
        std::map<std::string, std::string> texts;  // member name -> its value as JSON text
        SearchDemand demand;
    };
    // A result card's stored JSON, split into its members' texts once per index revision.
    struct Card;
    Built run(const SearchParams& params);
    // interpret.cpp: what the words say, and what the page tells the family.
    std::string place_in_words(std::string& text, std::vector<std::string>& place_words);
    std::shared_ptr<const std::unordered_set<std::string>> place_keys();
    WordSources word_sources();
    void describe_words(const QueryWords& words,
                        const SearchParams& params,
                        nlohmann::json& interpreted,
                        nlohmann::json& out,
                        nlohmann::json& messages);
    nlohmann::json broader_options(const QueryWords& words);
    void page_messages(const SearchParams& params,
                       std::int64_t total,
                       bool has_point,
                       nlohmann::json& messages);
    std::shared_ptr<const Card> card(std::uint64_t revision, const Hit& hit);
    std::string results_text(const IndexResult& result);
    std::string facets_text(const IndexResult& result, const SearchParams& params);
    // demand_counts.cpp: the daily counts.
    void count(const SearchParams& p, const SearchAnswer& answer);
    SearchDemand demand_of(const QueryWords& words,
                           const SearchParams& params,
                           std::optional<int> age,
                           const std::optional<Point>& point,
                           const std::vector<Area>& areas);
    std::string top_level_code(int which, const std::string& code) const;
    void check_codes(const SearchParams& params);

    storage::Store& store_;
    SearchOptions options_;
    std::unique_ptr<SearchTables> owned_tables_;  // opened by the store
    SearchTables& tables_;
    SearchIndex index_;
    LiveVocabulary vocabulary_;
    const Speller& speller_ = Speller::shared();
    std::mutex places_mutex_;
    std::shared_ptr<const std::unordered_set<std::string>> place_keys_;  // folded place names
    std::int64_t place_keys_version_ = -1;                               // gazetteer version
    std::mutex sync_mutex_;
    domain::Date listing_day_{};  // the UK day the index's listed services were worked out for
    std::mutex terms_mutex_;
    std::map<std::string, Term> terms_;                 // by id
    std::map<std::string, std::string> code_to_id_[2];  // 0 category, 1 need
    std::vector<domain::TaxonomyTerm> facet_terms_[2];  // in the taxonomy's order, for facets
    std::mutex counts_mutex_;
    std::map<std::string, std::map<std::string, std::int64_t>> counts_;
    AnswerCache<SearchAnswer> answers_{std::size_t{64} << 20};
    std::mutex cards_mutex_;
    std::uint64_t cards_revision_ = 0;
    std::unordered_map<std::uint32_t, std::shared_ptr<const Card>> cards_;  // by docid
    std::atomic<bool> answer_cache_on_{true};
    double keep_share_ = IndexQuery{}.keep_share;  // LOCALOFFER_SEARCH_KEEP_SHARE, for measuring
    double feedback_ = IndexQuery{}.feedback;      // LOCALOFFER_SEARCH_FEEDBACK, for measuring
    IndexRetry retry_{
        [](const std::string& line) { std::fprintf(stderr, "localoffer: %s\n", line.c_str()); }};
    std::thread thread_;
    std::mutex thread_mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
};

}  // namespace lo::search
