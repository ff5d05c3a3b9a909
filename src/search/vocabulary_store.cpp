// The search words from the store: reloading them when an editor changes them, adding their
// words to the spelling data, and loading the seed files into a new install.
#include "search/vocabulary_store.hpp"

#include <set>
#include <stdexcept>
#include <utility>

#include "search/index.hpp"

namespace lo::search {

Vocabulary build_vocabulary(const std::vector<domain::SearchWord>& words) {
    std::vector<VocabularyEntry> entries;
    entries.reserve(words.size());
    for (const auto& w : words) entries.push_back({w.term, w.expansions, w.category, false, w.id});
    return Vocabulary::build(entries);
}

LiveVocabulary::Loaded LiveVocabulary::loaded() const {
    std::lock_guard lock(mutex_);
    return loaded_;
}

std::int64_t LiveVocabulary::refresh() {
    const auto stored = store_.search_words().version();
    if (const auto now = loaded(); now.version == stored) return now.version;
    std::lock_guard reload(reload_mutex_);
    if (const auto now = loaded(); now.version == stored) return now.version;  // done meanwhile
    // The version was read before the words, so words written since are newer than the label
    // and the next refresh loads them again; the label is never newer than the words.
    Loaded next{std::make_shared<const Vocabulary>(build_vocabulary(store_.search_words().all())),
                stored};
    std::lock_guard lock(mutex_);
    loaded_ = std::move(next);
    return stored;
}

std::int64_t LiveVocabulary::version() const {
    return loaded().version;
}

std::shared_ptr<const Vocabulary> LiveVocabulary::current() const {
    return loaded().vocabulary;
}

VocabularyMatches LiveVocabulary::match(const std::vector<Token>& tokens) const {
    auto vocabulary = current();
    auto matches = vocabulary->match(tokens);
    return {std::move(vocabulary), std::move(matches)};
}

std::vector<Token> LiveVocabulary::searchable(const std::vector<Token>& tokens) const {
    return current()->searchable(tokens);
}

std::vector<std::string> LiveVocabulary::words() const {
    return current()->words();
}

bool LiveVocabulary::add_spelling_to(SearchIndex& index) {
    const auto now = loaded();
    std::lock_guard lock(spelling_mutex_);
    if (now.version == spelled_version_) return false;
    // Only the words it lacks: adding a word again raises its frequency, which would make
    // vocabulary words win corrections more with every restart.
    std::vector<std::string> missing;
    for (auto& w : now.vocabulary->words())
        if (!index.has_spelling(w)) missing.push_back(std::move(w));
    if (!missing.empty()) index.add_spelling_words(missing);
    spelled_version_ = now.version;
    return !missing.empty();
}

namespace {

// A seed file's entries, or those of them this store was never offered (only_unseen).
std::vector<domain::SearchWord> seed_entries(storage::Store& store,
                                             domain::WordList list,
                                             const std::string& file,
                                             bool only_unseen) {
    std::vector<domain::SearchWord> out;
    if (file.empty()) return out;
    const auto vocabulary = Vocabulary::load(file);  // alive while its entries are read
    for (const auto& e : vocabulary.entries()) {
        if (only_unseen && store.search_words().was_seeded(list, e.term)) continue;
        domain::SearchWord w;
        w.list = list;
        w.term = e.term;
        w.expansions = e.expansions;
        w.category = e.category;
        domain::normalise(w);
        out.push_back(std::move(w));
    }
    return out;
}

// Adds the entries (those the list has under the same term, an editor's, are left as they are)
// and marks every one as offered. Returns how many it added.
std::int64_t add_seed_entries(storage::Store& tx,
                              const std::vector<domain::SearchWord>& entries,
                              const std::string& file) {
    const auto twice = [&](const domain::SearchWord& w) {
        return std::runtime_error(file + ": \"" + w.term.substr(0, 100) +
                                  "\" is in the file twice. Keep one line for it (put all its "
                                  "expansions on that line) and start again.");
    };
    std::int64_t added = 0;
    std::set<std::string> seen;
    for (const auto& w : entries) {
        if (!seen.insert(ascii_lower(w.term)).second) throw twice(w);
        tx.search_words().mark_seeded(w.list, w.term);
        if (tx.search_words().find_term(w.list, w.term)) continue;
        try {
            tx.search_words().add(w);
            ++added;
        } catch (const storage::ValidationFailed& failed) {
            throw std::runtime_error(file + ": the entry \"" + w.term.substr(0, 100) +
                                     "\" is refused: " + failed.errors().front().message +
                                     ". Fix the file and start again.");
        } catch (const storage::Conflict&) {
            throw twice(w);  // the same term under another spelling of its case
        }
    }
    return added;
}

}  // namespace

std::int64_t load_search_word_seeds(storage::Store& store,
                                    const std::string& send_file,
                                    const std::string& everyday_file) {
    if (store.search_words().version() != 0) return 0;
    std::int64_t added = 0;
    store.transaction([&](storage::Store& tx) {
        // Checked again inside the write transaction: `migrate` and `serve` started together
        // must not both load the files.
        if (tx.search_words().version() != 0) return;
        for (const auto& [list, file] : {std::pair{domain::WordList::Send, send_file},
                                         std::pair{domain::WordList::Everyday, everyday_file}})
            added += add_seed_entries(tx, seed_entries(tx, list, file, false), file);
    });
    return added;
}

std::int64_t add_new_search_word_seeds(storage::Store& store,
                                       const std::string& send_file,
                                       const std::string& everyday_file) {
    if (store.search_words().version() == 0) return 0;  // never loaded: the whole files go in
    const auto unseen = [&](storage::Store& s) {
        std::vector<std::pair<std::vector<domain::SearchWord>, std::string>> out;
        for (const auto& [list, file] : {std::pair{domain::WordList::Send, send_file},
                                         std::pair{domain::WordList::Everyday, everyday_file}})
            if (auto entries = seed_entries(s, list, file, true); !entries.empty())
                out.emplace_back(std::move(entries), file);
        return out;
    };
    if (unseen(store).empty()) return 0;  // the usual start: no write transaction at all
    std::int64_t added = 0;
    store.transaction([&](storage::Store& tx) {
        for (const auto& [entries, file] : unseen(tx)) added += add_seed_entries(tx, entries, file);
    });
    return added;
}

}  // namespace lo::search
