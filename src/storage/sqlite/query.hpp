// The one way the SQLite repositories run a statement. A Query takes a cached statement from the
// connection, binds its arguments in order (?1, ?2, ...) and resets it when it goes out of scope,
// so a result read only in part never keeps its read snapshot open and the cached statement is
// ready for its next use. The free functions are the shapes the repositories need.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "domain/dates.hpp"
#include "storage/sqlite/connection.hpp"

// A service row (alias s, or none) listed on the UK day bound to parameter P: within its start
// and end dates (domain/service_dates.hpp has the rule; dates are YYYY-MM-DD, so they compare
// as text). Public lists, the sitemap, category counts and the feed's lists use it.
#define LO_WITHIN_DATES(P)                      \
    " AND (start_date = '' OR start_date <= " P \
    ") AND (end_date = '' OR "                  \
    "end_date >= " P ")"

namespace lo::storage::sqlite {

// The day LO_WITHIN_DATES is bound to: today in Europe/London, not UTC, so a service ending on
// 31 March leaves the lists at 00:00 UK time on 1 April, in summer time too.
inline std::string listing_day() {
    return domain::to_string(domain::today_uk());
}

class Query {
public:
    // SQL put together at run time (Connection::prepare_text): only for a bounded set of texts.
    struct Text {
        const std::string& sql;
    };

    template <typename... Args>
    Query(Connection& c, const char* sql, const Args&... args) : statement_(c.prepare(sql)) {
        bind_all(args...);
    }
    template <typename... Args>
    Query(Connection& c, Text sql, const Args&... args) : statement_(c.prepare_text(sql.sql)) {
        bind_all(args...);
    }
    ~Query() { statement_.reset(); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    // For binding what the constructor cannot (a value list built at run time).
    Statement& statement() { return statement_; }
    // Advances to the next row; false when there is none. Columns are read from row().
    bool next() { return statement_.step(); }
    const Statement& row() const { return statement_; }
    void run() { statement_.run(); }
    // The first column of the first row, or 0 when there is no row.
    std::int64_t single_integer() { return statement_.single_integer(); }

private:
    template <typename... Args>
    void bind_all(const Args&... args) {
        int index = 0;
        (statement_.bind(++index, args), ...);
    }

    Statement& statement_;
};

// Runs a statement that returns no rows.
template <typename Sql, typename... Args>
void run(Connection& c, Sql sql, const Args&... args) {
    Query(c, sql, args...).run();
}

// True when the statement returns at least one row.
template <typename Sql, typename... Args>
bool exists(Connection& c, Sql sql, const Args&... args) {
    return Query(c, sql, args...).next();
}

template <typename Sql, typename... Args>
std::int64_t single_integer(Connection& c, Sql sql, const Args&... args) {
    return Query(c, sql, args...).single_integer();
}

// The first row made into a record by read(const Statement&), or nothing.
template <typename Read, typename Sql, typename... Args>
auto optional_row(Connection& c, Sql sql, Read&& read, const Args&... args)
    -> std::optional<std::decay_t<decltype(read(std::declval<const Statement&>()))>> {
    Query q(c, sql, args...);
    if (!q.next()) return std::nullopt;
    return read(q.row());
}

// Every row, each made into a record by read(const Statement&).
template <typename Read, typename Sql, typename... Args>
auto rows(Connection& c, Sql sql, Read&& read, const Args&... args)
    -> std::vector<std::decay_t<decltype(read(std::declval<const Statement&>()))>> {
    std::vector<std::decay_t<decltype(read(std::declval<const Statement&>()))>> out;
    Query q(c, sql, args...);
    while (q.next()) out.push_back(read(q.row()));
    return out;
}

// The first column of every row, as text.
template <typename Sql, typename... Args>
std::vector<std::string> strings(Connection& c, Sql sql, const Args&... args) {
    return rows(
        c, sql, [](const Statement& row) { return row.text(0); }, args...);
}

}  // namespace lo::storage::sqlite
