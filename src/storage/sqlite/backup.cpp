// Backups and restores of the SQLite store of record (storage/sqlite/backup.hpp).
#include "storage/sqlite/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <vector>

#include "storage/sqlite/sqlite_store.hpp"

namespace lo::storage::sqlite {
namespace {

namespace fs = std::filesystem;

// A raw handle closed on every path out, including exceptions.
class Handle {
public:
    Handle(const std::string& path, int flags) {
        rc_ = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
        if (db_) sqlite3_busy_timeout(db_, 10000);
    }
    ~Handle() { sqlite3_close(db_); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    bool ok() const { return rc_ == SQLITE_OK; }
    sqlite3* get() { return db_; }
    std::string error() const { return db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc_); }

private:
    sqlite3* db_ = nullptr;
    int rc_ = SQLITE_OK;
};

// Every row of a one-column query as text ("" for NULL); rows are few (PRAGMA answers).
std::vector<std::string> column(sqlite3* db, const char* sql, std::string& error) {
    std::vector<std::string> rows;
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(st, 0);
        rows.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
        if (rows.size() >= 20) break;
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) error = sqlite3_errmsg(db);
    sqlite3_finalize(st);
    return rows;
}

// "" when the integrity check passes, else its first problems.
std::string integrity_problem(sqlite3* db) {
    std::string error;
    const auto rows = column(db, "PRAGMA integrity_check", error);
    if (!error.empty()) return error;
    if (rows.size() == 1 && rows[0] == "ok") return {};
    std::string out;
    for (std::size_t i = 0; i < rows.size() && i < 3; ++i) out += (i ? "; " : "") + rows[i];
    return out.empty() ? "no answer" : out;
}

// Makes the file's contents durable before it is renamed into place (a power cut after the
// rename must not leave a named backup with missing pages).
void sync_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

// What to say about an SQLite failure writing the copy: a full disk is the likely one.
std::string write_advice(int code, const fs::path& folder) {
    if (code == SQLITE_FULL || code == SQLITE_IOERR)
        return " The disk may be full: free some space in " + folder.string() +
               " or choose another folder. Older backups were kept.";
    if (code == SQLITE_CANTOPEN || code == SQLITE_READONLY || code == SQLITE_PERM)
        return " Check the folder " + folder.string() +
               " exists and this user can write to it. Older backups were kept.";
    return " Older backups were kept.";
}

// Copies src (an open database) into the new file at partial, then checks the copy.
void copy_and_check(sqlite3* src, const fs::path& partial, const std::string& destination) {
    const auto folder = partial.parent_path().empty() ? fs::path(".") : partial.parent_path();
    Handle dest(partial.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!dest.ok())
        throw BackupFailed("Could not create the backup file " + destination + ": " + dest.error() +
                           "." + write_advice(SQLITE_CANTOPEN, folder));
    sqlite3_backup* b = sqlite3_backup_init(dest.get(), "main", src, "main");
    int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(dest.get());
    // A writer holding the lock for a moment only delays the copy; retry a few times.
    for (int tries = 0; b && (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && tries < 50; ++tries) {
        sqlite3_sleep(100);
        rc = sqlite3_backup_step(b, -1);
    }
    if (b) sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        const int code = sqlite3_errcode(dest.get()) & 0xff;
        throw BackupFailed("The backup to " + destination + " failed: " + dest.error() + "." +
                           write_advice(code ? code : rc & 0xff, folder));
    }
    // A backup is one self-contained file: no write-ahead log beside it.
    if (sqlite3_exec(dest.get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr) !=
        SQLITE_OK)
        throw BackupFailed("The backup to " + destination + " failed: " + dest.error() + "." +
                           write_advice(sqlite3_errcode(dest.get()) & 0xff, folder));
    if (const auto problem = integrity_problem(dest.get()); !problem.empty())
        throw BackupFailed("The backup to " + destination + " did not pass its integrity check (" +
                           problem +
                           "), so it was deleted. Run: localoffer check. Older backups were kept.");
}

std::string stamp_now() {
    const auto now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

}  // namespace

void backup_database(const std::string& db_path, const std::string& destination) {
    std::error_code ec;
    if (fs::exists(destination, ec))
        throw BackupFailed(destination +
                           " already exists. Choose a new file name for the backup, or move the "
                           "old file away first.");
    if (!fs::exists(db_path, ec))
        throw BackupFailed("There is no database at " + db_path + " to back up. Check --data.");
    const fs::path partial = destination + ".partial";
    fs::remove(partial, ec);
    try {
        Handle src(db_path, SQLITE_OPEN_READWRITE);
        if (!src.ok())
            throw BackupFailed("Could not open the database " + db_path +
                               " to back it up: " + src.error() + ". Run: localoffer check");
        copy_and_check(src.get(), partial, destination);
        sync_file(partial);
        fs::rename(partial, destination);
        sync_file(fs::path(destination).parent_path().empty()
                      ? fs::path(".")
                      : fs::path(destination).parent_path());
    } catch (...) {
        // The copy's rollback journal goes too: nothing of a failed backup is left behind.
        fs::remove(partial, ec);
        fs::remove(partial.string() + "-journal", ec);
        throw;
    }
}

int file_schema_version(const std::string& db_path) {
    std::error_code ec;
    if (!fs::exists(db_path, ec)) return -1;
    Handle db(db_path, SQLITE_OPEN_READONLY);
    if (!db.ok()) return -1;
    std::string error;
    const auto rows = column(db.get(), "PRAGMA user_version", error);
    return rows.empty() || !error.empty() ? -1 : std::stoi(rows[0]);
}

std::string restore_problem(const std::string& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        return "There is no file " + file + " to restore from. Check the path.";
    char header[16] = {};
    std::ifstream in(file, std::ios::binary);
    in.read(header, sizeof header);
    if (!in || std::memcmp(header, "SQLite format 3", 16) != 0)
        return file +
               " is not a localoffer database (it is not an SQLite file at all). Choose a file "
               "made by localoffer backup.";
    Handle db(file, SQLITE_OPEN_READONLY);
    std::string error;
    const auto tables = column(db.get(),
                               "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name "
                               "IN ('meta', 'services', 'organisations')",
                               error);
    if (!db.ok() || !error.empty())
        return file + " could not be read as a database (" + (error.empty() ? db.error() : error) +
               "). Choose another backup.";
    if (tables.empty() || tables[0] != "3")
        return file +
               " is an SQLite database but not a localoffer one (it has no services, "
               "organisations and meta tables). Choose a file made by localoffer backup.";
    const int version = std::stoi(column(db.get(), "PRAGMA user_version", error).at(0));
    const int latest = migrations().empty() ? 0 : migrations().back().version;
    if (version > latest)
        return file + " was made by a newer version of localoffer (schema " +
               std::to_string(version) + "; this version knows up to " + std::to_string(latest) +
               "). Restore it with that version, or choose an older backup.";
    if (const auto problem = integrity_problem(db.get()); !problem.empty())
        return file + " is damaged (integrity check: " + problem + "). Choose another backup.";
    return {};
}

RestoreResult restore_database(const std::string& data_dir, const std::string& file) {
    if (const auto problem = restore_problem(file); !problem.empty()) throw BackupFailed(problem);
    const fs::path dir(data_dir);
    const fs::path live = dir / kDatabaseFile;
    const fs::path incoming = dir / (std::string(kDatabaseFile) + ".restoring");
    std::error_code ec;
    fs::create_directories(dir, ec);
    fs::remove(incoming, ec);
    // Copy first: if the disk fills up here, the live database has not been touched.
    backup_database(file, incoming.string());
    RestoreResult result;
    result.schema_version = file_schema_version(incoming.string());
    if (fs::exists(live, ec)) {
        const fs::path aside =
            dir / (std::string(kDatabaseFile) + ".before-restore-" + stamp_now());
        // The write-ahead log goes with its database (SQLite finds it by the name + "-wal"), so
        // the set-aside copy keeps every committed write. The shared-memory index is rebuilt.
        fs::rename(live, aside);
        if (fs::exists(live.string() + "-wal", ec))
            fs::rename(live.string() + "-wal", aside.string() + "-wal");
        fs::remove(live.string() + "-shm", ec);
        result.set_aside = aside.string();
    }
    fs::rename(incoming, live);
    // The index is a projection of the store: removing it makes the next start rebuild it from
    // the restored data rather than trust an index that describes the replaced one.
    fs::remove_all(dir / "search", ec);
    return result;
}

}  // namespace lo::storage::sqlite
