// Thin RAII wrappers over the SQLite C API: a connection with a prepared-statement cache, and a
// statement with typed bind and column access. Errors become std::runtime_error with SQLite's text
// (translated into plain English at the store's edge, never shown to the public).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace lo::storage::sqlite {

class SqliteError : public std::runtime_error {
public:
    SqliteError(int code, const std::string& message);
    int code() const { return code_; }  // primary result code (SQLITE_CONSTRAINT, ...)
    int extended_code() const { return extended_code_; }
    void set_extended_code(int c) { extended_code_ = c; }

private:
    int code_;
    int extended_code_ = 0;
};

class Statement {
public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binds by 1-based index. Empty optionals bind NULL.
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const std::optional<int>& value);
    Statement& bind(int index, const std::optional<double>& value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bind_null(int index);

    // Advances; true while a row is available.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    // Runs a one-value query (COUNT(*), a PRAGMA): the first column of the first row, or 0 when
    // there is no row. Leaves the statement reset for reuse.
    std::int64_t single_integer();

    std::string text(int column) const;
    // The same text without a copy: valid until the next step() or reset().
    std::string_view text_view(int column) const;
    std::int64_t integer(int column) const;
    double real(int column) const;
    bool is_null(int column) const;
    std::optional<int> optional_int(int column) const;
    std::optional<double> optional_real(int column) const;

    // Makes the statement ready for reuse from the cache.
    void reset();

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

class Connection {
public:
    // Opens (creating if needed) the database file with WAL, foreign keys and a busy timeout.
    // Throws StoreUnavailable from any write whose commit finds the file deleted or replaced.
    explicit Connection(const std::string& path);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Executes one or more statements with no parameters and no rows.
    void exec(std::string_view sql);
    // A cached prepared statement, reset and with bindings cleared, ready to bind. The cache
    // is keyed by the pointer: pass SQL with static storage (a named constant).
    Statement& prepare(const char* sql);
    // The same for SQL put together at run time, cached by its text. Only for a bounded set of
    // texts (a query built from which optional conditions are present), never user input.
    Statement& prepare_text(const std::string& sql);
    std::int64_t changes() const;
    std::int64_t total_changes() const;
    sqlite3* handle() { return db_; }

private:
    // Refuses every commit once the path no longer names the file opened (see the .cpp):
    // the write fails with StoreUnavailable and nothing is acknowledged.
    void watch_file(const std::string& path);
    bool file_gone() const;

    sqlite3* db_ = nullptr;
    std::string watched_path_;
    std::uint64_t watched_device_ = 0, watched_inode_ = 0;
    std::unordered_map<const char*, std::unique_ptr<Statement>> cache_;
    std::unordered_map<const char*, sqlite3_stmt*> raw_;
    std::unordered_map<std::string, std::unique_ptr<Statement>> text_cache_;
    std::vector<sqlite3_stmt*> text_raw_;
};

}  // namespace lo::storage::sqlite
