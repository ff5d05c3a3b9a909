// Backups and restores of the SQLite store of record (docs/upgrade.md, README "Backups").
// These work on database files rather than on an open Store, so the command line can check a
// file before anything opens (and migrates) it, and the server can back up without a write lock.
#pragma once

#include <stdexcept>
#include <string>

namespace lo::storage::sqlite {

// One plain-English line saying what went wrong and what to do; nothing stored was changed.
class BackupFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Copies the database at db_path to destination with SQLite's online backup API (consistent
// while a server writes), runs an integrity check on the copy, and only then gives the copy its
// name: a failed or interrupted backup never leaves a file that looks like a backup. Throws
// BackupFailed when destination exists, cannot be written, or the disk fills up.
void backup_database(const std::string& db_path, const std::string& destination);

// The schema version (PRAGMA user_version) of a database file, opened read-only; -1 when there
// is no such file.
int file_schema_version(const std::string& db_path);

// What is wrong with restoring from file ("" when nothing is): it must be a readable SQLite
// database with localoffer's tables, pass an integrity check, and not come from a newer version.
std::string restore_problem(const std::string& file);

struct RestoreResult {
    int schema_version = 0;
    std::string set_aside;  // where the replaced database now is ("" when there was none)
};

// Replaces data_dir/localoffer.db with a checked copy of file. The replaced database (and its
// write-ahead log) is renamed aside, never deleted; the search index is removed so the next
// server start rebuilds it from the restored data. The caller makes sure no server is running.
RestoreResult restore_database(const std::string& data_dir, const std::string& file);

}  // namespace lo::storage::sqlite
