// SQLite connection and statement wrappers.
#include "storage/sqlite/connection.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include "storage/store.hpp"

namespace lo::storage::sqlite {
namespace {

constexpr const char* kFileGoneMessage =
    "the database file was deleted or replaced while the server runs, so nothing more can be "
    "saved in it: restore it from a backup (or remount the data folder), then restart the server";

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
    // The commit guard refused: not a constraint a caller could mistake for a duplicate.
    if (db && sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_COMMITHOOK)
        throw StoreUnavailable(kFileGoneMessage);
    SqliteError error(rc & 0xff,
                      std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    error.set_extended_code(db ? sqlite3_extended_errcode(db) : rc);
    throw error;
}

}  // namespace

SqliteError::SqliteError(int code, const std::string& message)
    : std::runtime_error(message), code_(code) {}

Statement& Statement::bind(int index, std::string_view value) {
    // An empty view may have a null data pointer, which SQLite would bind as NULL, not ''.
    const char* data = value.data() ? value.data() : "";
    const int rc =
        sqlite3_bind_text(stmt_, index, data, static_cast<int>(value.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    const int rc = sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<int>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<double>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    // Reset first so the statement is reusable, then report the step's error.
    sqlite3_reset(stmt_);
    fail(db_, rc, "step");
}

void Statement::run() {
    while (step()) {
    }
}

std::int64_t Statement::single_integer() {
    const std::int64_t value = step() ? integer(0) : 0;
    reset();
    return value;
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string_view Statement::text_view(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
}
double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}
bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
std::optional<int> Statement::optional_int(int column) const {
    if (is_null(column)) return std::nullopt;
    return static_cast<int>(integer(column));
}
std::optional<double> Statement::optional_real(int column) const {
    if (is_null(column)) return std::nullopt;
    return real(column);
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

Connection::Connection(const std::string& path) {
    const int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw SqliteError(rc & 0xff, "open: " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 10000);
    try {
        // journal_mode is the first statement to read the file, so a file that is not a
        // database fails here, inside the constructor, with SQLite's own words.
        exec("PRAGMA journal_mode = WAL");
        // FULL: a committed write survives power loss, not only a process crash.
        exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
        // Up to 64 MB of page cache (taken only as used), so a large import's transaction is not
        // spilled to the WAL and read back page by page (bench/README.md, "Import").
        exec("PRAGMA cache_size = -65536");
    } catch (...) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw;
    }
    watch_file(path);  // after journal_mode: the file exists on disk by now
}

// SQLite keeps writing to the file it opened even after the path stops naming it (deleted,
// replaced by a restore, an unmounted folder), so every write would be acknowledged and then lost
// with the old file. The commit hook turns such a commit into a rollback, whatever wrote it: a
// request, the indexer or a background job. One stat() per commit.
void Connection::watch_file(const std::string& path) {
    struct stat st {};
    if (path.empty() || path == ":memory:" || ::stat(path.c_str(), &st) != 0) return;
    watched_path_ = path;
    watched_device_ = static_cast<std::uint64_t>(st.st_dev);
    watched_inode_ = static_cast<std::uint64_t>(st.st_ino);
    sqlite3_commit_hook(
        db_, [](void* self) -> int { return static_cast<Connection*>(self)->file_gone() ? 1 : 0; },
        this);
}

bool Connection::file_gone() const {
    struct stat st {};
    if (::stat(watched_path_.c_str(), &st) != 0) return true;
    return static_cast<std::uint64_t>(st.st_dev) != watched_device_ ||
           static_cast<std::uint64_t>(st.st_ino) != watched_inode_;
}

Connection::~Connection() {
    for (auto& [sql, stmt] : raw_) sqlite3_finalize(stmt);
    for (auto* stmt : text_raw_) sqlite3_finalize(stmt);
    if (db_) sqlite3_close(db_);
}

void Connection::exec(std::string_view sql) {
    char* error = nullptr;
    const std::string copy(sql);
    const int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        if (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_COMMITHOOK)
            throw StoreUnavailable(kFileGoneMessage);
        SqliteError e(rc & 0xff, "exec: " + message);
        e.set_extended_code(sqlite3_extended_errcode(db_));
        throw e;
    }
}

Statement& Connection::prepare(const char* sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) {
        it->second->reset();
        return *it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "prepare");
    raw_[sql] = stmt;
    auto& slot = cache_[sql];
    slot = std::make_unique<Statement>(db_, stmt);
    return *slot;
}

Statement& Connection::prepare_text(const std::string& sql) {
    if (auto it = text_cache_.find(sql); it != text_cache_.end()) {
        it->second->reset();
        return *it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "prepare");
    text_raw_.push_back(stmt);
    auto& slot = text_cache_[sql];
    slot = std::make_unique<Statement>(db_, stmt);
    return *slot;
}

std::int64_t Connection::changes() const {
    return sqlite3_changes64(db_);
}
std::int64_t Connection::total_changes() const {
    return sqlite3_total_changes64(db_);
}

}  // namespace lo::storage::sqlite
