// Backups and restores of database files (storage/sqlite/backup.hpp): checked copies, refusals
// in plain English, and a full disk that leaves nothing half-written.
#include "storage/sqlite/backup.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>

#include "fixtures/builders.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::storage::sqlite {
namespace {

namespace fs = std::filesystem;
using lo::testing::make_organisation;
using lo::testing::make_service;
using lo::testing::TempDir;

std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const BackupFailed& e) {
        return e.what();
    }
    return "(no error)";
}

// Saves a service called name (and its organisation) in the store.
void add_service(Store& store, const std::string& name) {
    const auto organisation = make_organisation();
    store.organisations().save(organisation);
    store.services().save(make_service({.organisation_id = organisation.id, .name = name}));
}

// A store in data/ with one service named name; returns the database's path.
std::string store_with(const TempDir& dir, const std::string& name) {
    auto store = open_store((dir.path() / "data").string());
    add_service(*store, name);
    return (dir.path() / "data" / kDatabaseFile).string();
}

TEST(Backup, MakesACheckedSelfContainedCopy) {
    TempDir dir;
    const auto db = store_with(dir, "Backed up");
    const auto file = (dir.path() / "copy.db").string();
    backup_database(db, file);
    EXPECT_FALSE(fs::exists(file + "-wal"));
    EXPECT_FALSE(fs::exists(file + ".partial"));
    auto copy = open_store_file(file, OpenMode::RequireReady);
    EXPECT_EQ(copy->services().list({}, {}).at(0).name, "Backed up");
    EXPECT_EQ(message_of([&] { backup_database(db, file); }),
              file +
                  " already exists. Choose a new file name for the backup, or move the old "
                  "file away first.");
}

TEST(Backup, AFullDiskKeepsOlderBackupsAndLeavesNoPartFile) {
    TempDir dir;
    const auto db = store_with(dir, "Big");
    {
        // A megabyte of padding, so the copy is well over the file size limit set below.
        sqlite3* raw = nullptr;
        sqlite3_open(db.c_str(), &raw);
        sqlite3_exec(raw,
                     "CREATE TABLE padding (b BLOB); INSERT INTO padding VALUES "
                     "(randomblob(1000000))",
                     nullptr, nullptr, nullptr);
        sqlite3_close(raw);
    }
    fs::create_directories(dir.path() / "backups");
    const auto old_backup = (dir.path() / "backups" / "localoffer-2026-01-01-020000.db").string();
    backup_database(db, old_backup);
    const auto old_size = fs::file_size(old_backup);

    // RLIMIT_FSIZE makes writes past 64 KB fail as a full disk would (EFBIG; the signal that
    // would otherwise end the process is ignored).
    const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit before{};
    getrlimit(RLIMIT_FSIZE, &before);
    rlimit small = before;
    small.rlim_cur = 64 * 1024;
    setrlimit(RLIMIT_FSIZE, &small);
    const auto target = (dir.path() / "backups" / "localoffer-2026-01-02-020000.db").string();
    const auto message = message_of([&] { backup_database(db, target); });
    setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, previous_handler);

    EXPECT_TRUE(message.starts_with("The backup to " + target + " failed: ")) << message;
    EXPECT_TRUE(message.ends_with("The disk may be full: free some space in " +
                                  (dir.path() / "backups").string() +
                                  " or choose another folder. Older backups were kept."))
        << message;
    EXPECT_FALSE(fs::exists(target));
    EXPECT_FALSE(fs::exists(target + ".partial"));
    EXPECT_EQ(fs::file_size(old_backup), old_size);
    EXPECT_TRUE(open_store_file(old_backup, OpenMode::RequireReady)->check().ok);
}

TEST(Restore, RefusesFilesThatAreNotLocalofferDatabases) {
    TempDir dir;
    const auto text = (dir.path() / "notes.txt").string();
    std::ofstream(text) << "not a database at all, just some words in a file";
    EXPECT_EQ(restore_problem(text),
              text +
                  " is not a localoffer database (it is not an SQLite file at all). Choose a "
                  "file made by localoffer backup.");
    const auto other = (dir.path() / "other.db").string();
    sqlite3* db = nullptr;
    sqlite3_open(other.c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE things (id INTEGER)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    EXPECT_EQ(restore_problem(other),
              other +
                  " is an SQLite database but not a localoffer one (it has no services, "
                  "organisations and meta tables). Choose a file made by localoffer backup.");
    const auto missing = (dir.path() / "missing.db").string();
    EXPECT_EQ(restore_problem(missing),
              "There is no file " + missing + " to restore from. Check the path.");
}

TEST(Restore, RefusesADatabaseFromANewerVersion) {
    TempDir dir;
    const auto db = store_with(dir, "From the future");
    const auto file = (dir.path() / "newer.db").string();
    backup_database(db, file);
    sqlite3* raw = nullptr;
    sqlite3_open(file.c_str(), &raw);
    sqlite3_exec(raw, "PRAGMA user_version = 9999", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    const int latest = migrations().back().version;
    EXPECT_EQ(restore_problem(file),
              file +
                  " was made by a newer version of localoffer (schema 9999; this version "
                  "knows up to " +
                  std::to_string(latest) +
                  "). Restore it with that version, or choose an older backup.");
    EXPECT_THROW(restore_database((dir.path() / "data").string(), file), BackupFailed);
    // The live database was not touched.
    auto live = open_store_file(db, OpenMode::RequireReady);
    EXPECT_EQ(live->services().list({}, {}).at(0).name, "From the future");
}

TEST(Restore, KeepsTheReplacedDatabaseAsideAndDropsTheSearchIndex) {
    TempDir dir;
    const auto db = store_with(dir, "First");
    const auto file = (dir.path() / "first.db").string();
    backup_database(db, file);
    {
        auto store = open_store_file(db);
        add_service(*store, "Second");
    }
    fs::create_directories(dir.path() / "data" / "search");
    const auto result = restore_database((dir.path() / "data").string(), file);
    EXPECT_EQ(result.schema_version, migrations().back().version);
    EXPECT_FALSE(fs::exists(dir.path() / "data" / "search"));
    auto restored = open_store_file(db, OpenMode::RequireReady);
    EXPECT_EQ(restored->services().count({.only_published = false}), 1);
    auto aside = open_store_file(result.set_aside, OpenMode::RequireReady);
    EXPECT_EQ(aside->services().count({.only_published = false}), 2);
}

// A restore or a cleanup that deletes or replaces the file under a running store: SQLite would
// keep writing to the old file and every write would be lost with it. Each commit is refused.
TEST(DatabaseFileGone, EveryWriteIsRefusedAndNothingIsMadeInItsPlace) {
    TempDir dir;
    const auto data = (dir.path() / "data").string();
    auto store = open_store(data);
    add_service(*store, "Before");
    const auto db = fs::path(data) / kDatabaseFile;
    for (const auto* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
    try {
        add_service(*store, "After");
        FAIL() << "a write to a deleted database was acknowledged";
    } catch (const StoreUnavailable& e) {
        EXPECT_NE(std::string(e.what()).find("restore it from a backup"), std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(fs::exists(db));

    // Replaced by another file (a restore copied over it while serving): refused too.
    auto second = open_store((dir.path() / "other").string());
    add_service(*second, "Other");
    const auto other_db = dir.path() / "other" / kDatabaseFile;
    fs::rename(other_db, dir.path() / "moved.db");
    fs::copy_file(dir.path() / "moved.db", other_db);
    EXPECT_THROW(add_service(*second, "After the copy"), StoreUnavailable);
}

}  // namespace
}  // namespace lo::storage::sqlite
