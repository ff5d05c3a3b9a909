// Read-only integrity checks (storage/sqlite/integrity.hpp). They use the SQLite C API directly
// rather than the pooled Connection, which opens for writing and switches the file to WAL.
#include "storage/sqlite/integrity.hpp"

#include "storage/sqlite/sqlite_store.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

namespace lo::storage::sqlite {
namespace {

namespace fs = std::filesystem;

using Db = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

// A WAL database on read-only media cannot make its -shm file, so SQLite is told the file cannot
// change (immutable); on a writable folder, plain read-only mode still sees a running server's
// latest commits.
Db open_read_only(const std::string& db_path) {
    const auto folder = fs::absolute(db_path).parent_path();
    const bool folder_writable = ::access(folder.c_str(), W_OK) == 0;
    std::string uri = "file:" + fs::absolute(db_path).string() +
                      (folder_writable ? "?mode=ro" : "?mode=ro&immutable=1");
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    Db db(raw, &sqlite3_close);
    if (rc != SQLITE_OK)
        throw StoreUnavailable("Could not open the database " + db_path + " to check it (" +
                               (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)) +
                               "). Check the path, and that this user can read it.");
    sqlite3_busy_timeout(db.get(), 10000);
    return db;
}

// Calls row(statement) for each row of sql; throws StoreUnavailable on an error.
template <typename F>
void each_row(sqlite3* db, const std::string& db_path, const char* sql, F&& row) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> st(raw, &sqlite3_finalize);
    if (rc == SQLITE_OK)
        while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) row(st.get());
    if (rc != SQLITE_DONE)
        throw StoreUnavailable("Could not check the database " + db_path + " (" +
                               sqlite3_errmsg(db) +
                               "). It may be damaged: restore it from a backup.");
}

std::string column_text(sqlite3_stmt* st, int column) {
    const auto* text = sqlite3_column_text(st, column);
    return text ? reinterpret_cast<const char*>(text) : "";
}

}  // namespace

CheckReport check_read_only(const std::string& db_path, CheckDepth depth) {
    auto db = open_read_only(db_path);
    CheckReport report;
    const char* pragma =
        depth == CheckDepth::Quick ? "PRAGMA quick_check" : "PRAGMA integrity_check";
    each_row(db.get(), db_path, pragma, [&](sqlite3_stmt* st) {
        const auto line = column_text(st, 0);
        if (line != "ok") report.problems.push_back("Database integrity: " + line);
    });
    if (depth == CheckDepth::Full)
        each_row(db.get(), db_path, "PRAGMA foreign_key_check", [&](sqlite3_stmt* st) {
            report.problems.push_back("Table " + column_text(st, 0) + " row " + column_text(st, 1) +
                                      " refers to a record in " + column_text(st, 2) +
                                      " that does not exist");
        });
    report.ok = report.problems.empty();
    return report;
}

int schema_version_read_only(const std::string& db_path) {
    auto db = open_read_only(db_path);
    int version = 0;
    each_row(db.get(), db_path, "PRAGMA user_version",
             [&](sqlite3_stmt* st) { version = sqlite3_column_int(st, 0); });
    return version;
}

}  // namespace lo::storage::sqlite
