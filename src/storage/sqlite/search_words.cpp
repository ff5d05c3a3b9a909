// The search words in SQLite (db/migrations/sqlite/0012_search_words.sql). The version is raised
// by the table's triggers, so it moves in the same transaction as every change.
#include "storage/sqlite/search_words.hpp"

#include <sqlite3.h>

#include "domain/dates.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/store.hpp"

namespace lo::storage::sqlite {
namespace {

#define LO_SEARCH_WORD_COLUMNS \
    "SELECT id, list, term, expansions, category, updated_at, updated_by FROM search_words "

// ?1 list ('' both), ?2 text the term contains ('' any). instr() on lower() rather than LIKE,
// so '%' and '_' typed in the filter are just characters.
#define LO_SEARCH_WORD_WHERE \
    "WHERE (?1 = '' OR list = ?1) AND (?2 = '' OR instr(lower(term), lower(?2)) > 0) "

// SEND words first ('send' > 'everyday' alphabetically, hence DESC), then by term.
#define LO_SEARCH_WORD_ORDER "ORDER BY list DESC, lower(term), id "

constexpr const char kListWords[] =
    LO_SEARCH_WORD_COLUMNS LO_SEARCH_WORD_WHERE LO_SEARCH_WORD_ORDER "LIMIT ?3 OFFSET ?4";
constexpr const char kCountWords[] = "SELECT COUNT(*) FROM search_words " LO_SEARCH_WORD_WHERE;
constexpr const char kAllWords[] = LO_SEARCH_WORD_COLUMNS LO_SEARCH_WORD_ORDER;
constexpr const char kFindWord[] = LO_SEARCH_WORD_COLUMNS "WHERE id = ?1";
constexpr const char kFindTerm[] =
    LO_SEARCH_WORD_COLUMNS "WHERE list = ?1 AND lower(term) = lower(?2)";
constexpr const char kInsertWord[] =
    "INSERT INTO search_words (list, term, expansions, category, updated_at, updated_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char kUpdateWord[] =
    "UPDATE search_words SET list = ?1, term = ?2, expansions = ?3, category = ?4, "
    "updated_at = ?5, updated_by = ?6 WHERE id = ?7";
constexpr const char kDeleteWord[] = "DELETE FROM search_words WHERE id = ?1";
constexpr const char kVersion[] = "SELECT version FROM search_words_version WHERE id = 1";
constexpr const char kWasSeeded[] =
    "SELECT 1 FROM search_words_seeded WHERE list = ?1 AND term = lower(?2)";
constexpr const char kMarkSeeded[] =
    "INSERT OR IGNORE INTO search_words_seeded (list, term) VALUES (?1, lower(?2))";

std::string joined(const std::vector<std::string>& expansions) {
    std::string out;
    for (const auto& e : expansions) out += (out.empty() ? "" : "|") + e;
    return out;
}

// The word's fields as ?1 to ?6 (list, term, expansions, category, updated_at, updated_by), the
// same for an insert and an update.
Statement& bind_fields(Statement& st, const domain::SearchWord& word) {
    return st.bind(1, domain::to_code(word.list))
        .bind(2, word.term)
        .bind(3, joined(word.expansions))
        .bind(4, word.category)
        .bind(5, word.updated_at.empty() ? domain::now_rfc3339() : word.updated_at)
        .bind(6, word.updated_by);
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto bar = text.find('|', start);
        auto piece = text.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
        if (!piece.empty()) out.push_back(std::move(piece));
        if (bar == std::string::npos) break;
        start = bar + 1;
    }
    return out;
}

domain::SearchWord read_word(Statement& st) {
    domain::SearchWord w;
    w.id = st.integer(0);
    w.list = domain::word_list_from_code(st.text(1)).value_or(domain::WordList::Everyday);
    w.term = st.text(2);
    w.expansions = split(st.text(3));
    w.category = st.text(4);
    w.updated_at = st.text(5);
    w.updated_by = st.text(6);
    return w;
}

Conflict duplicate(const domain::SearchWord& w) {
    return Conflict("\"" + w.term.substr(0, 100) + "\" is already in " +
                    std::string(domain::label(w.list)) +
                    ". Change that entry instead of adding it again.");
}

class SearchWords final : public SearchWordRepository {
public:
    explicit SearchWords(ConnectionSource& s) : source_(s) {}

    std::vector<domain::SearchWord> list(const SearchWordFilter& filter, Page page) override {
        std::vector<domain::SearchWord> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kListWords);
            bind_filter(st, filter).bind(3, page.limit).bind(4, page.offset);
            while (st.step()) out.push_back(read_word(st));
        });
        return out;
    }

    std::int64_t count(const SearchWordFilter& filter) override {
        std::int64_t n = 0;
        source_.with_read([&](Connection& c) {
            n = bind_filter(c.prepare(kCountWords), filter).single_integer();
        });
        return n;
    }

    std::vector<domain::SearchWord> all() override {
        std::vector<domain::SearchWord> out;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kAllWords);
            while (st.step()) out.push_back(read_word(st));
        });
        return out;
    }

    std::optional<domain::SearchWord> find(std::int64_t id) override {
        std::optional<domain::SearchWord> out;
        source_.with_read([&](Connection& c) { out = find_in(c, id); });
        return out;
    }

    std::optional<domain::SearchWord> find_term(domain::WordList list,
                                                const std::string& term) override {
        std::optional<domain::SearchWord> out;
        source_.with_read([&](Connection& c) { out = find_term_in(c, list, term); });
        return out;
    }

    std::int64_t add(const domain::SearchWord& word) override {
        check(word);
        std::int64_t id = 0;
        write(word, [&](Connection& c) {
            if (find_term_in(c, word.list, word.term)) throw duplicate(word);
            bind_fields(c.prepare(kInsertWord), word).run();
            id = sqlite3_last_insert_rowid(c.handle());
        });
        return id;
    }

    bool update(const domain::SearchWord& word) override {
        check(word);
        bool found = false;
        write(word, [&](Connection& c) {
            if (!find_in(c, word.id)) return;
            if (const auto other = find_term_in(c, word.list, word.term);
                other && other->id != word.id)
                throw duplicate(word);
            bind_fields(c.prepare(kUpdateWord), word).bind(7, word.id).run();
            found = true;
        });
        return found;
    }

    bool remove(std::int64_t id) override {
        bool removed = false;
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kDeleteWord).bind(1, id).run();
            removed = c.changes() > 0;
        });
        return removed;
    }

    std::int64_t version() override {
        std::int64_t v = 0;
        source_.with_read([&](Connection& c) { v = c.prepare(kVersion).single_integer(); });
        return v;
    }

    bool was_seeded(domain::WordList list, const std::string& term) override {
        bool seen = false;
        source_.with_read([&](Connection& c) {
            auto& st = c.prepare(kWasSeeded);
            seen = st.bind(1, domain::to_code(list)).bind(2, term).step();
            st.reset();
        });
        return seen;
    }

    void mark_seeded(domain::WordList list, const std::string& term) override {
        source_.with_quiet_write([&](Connection& c) {
            c.prepare(kMarkSeeded).bind(1, domain::to_code(list)).bind(2, term).run();
        });
    }

private:
    static Statement& bind_filter(Statement& st, const SearchWordFilter& filter) {
        return st.bind(1, filter.list ? domain::to_code(*filter.list) : std::string_view())
            .bind(2, filter.term);
    }

    static std::optional<domain::SearchWord> find_in(Connection& c, std::int64_t id) {
        auto& st = c.prepare(kFindWord);
        st.bind(1, id);
        std::optional<domain::SearchWord> out;
        if (st.step()) out = read_word(st);
        st.reset();
        return out;
    }

    static std::optional<domain::SearchWord> find_term_in(Connection& c,
                                                          domain::WordList list,
                                                          const std::string& term) {
        auto& st = c.prepare(kFindTerm);
        st.bind(1, domain::to_code(list)).bind(2, term);
        std::optional<domain::SearchWord> out;
        if (st.step()) out = read_word(st);
        st.reset();
        return out;
    }

    static void check(const domain::SearchWord& word) {
        if (auto errors = domain::validate(word); !errors.empty())
            throw ValidationFailed(std::move(errors));
    }

    // A write whose duplicate check and statement share one transaction. The unique index is
    // the last word when two editors add the same term at once.
    template <typename F>
    void write(const domain::SearchWord& word, F&& f) {
        try {
            source_.with_quiet_write([&](Connection& c) { f(c); });
        } catch (const SqliteError& e) {
            if (e.code() == SQLITE_CONSTRAINT) throw duplicate(word);
            throw;
        }
    }

    ConnectionSource& source_;
};

}  // namespace

std::unique_ptr<SearchWordRepository> make_search_word_repository(ConnectionSource& source) {
    return std::make_unique<SearchWords>(source);
}

}  // namespace lo::storage::sqlite
