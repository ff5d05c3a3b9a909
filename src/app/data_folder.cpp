// The data folder's guard rails (app/data_folder.hpp).
#include "app/data_folder.hpp"

#include <filesystem>
#include <fstream>

#include "storage/sqlite/integrity.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::app {
namespace {

namespace fs = std::filesystem;

// Signs that a database lived here: the marker, or a search index built from one.
bool has_held_a_database(const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / kDataFolderMarker, ec) || fs::exists(dir / "search" / "iamglass", ec);
}

}  // namespace

void check_before_serving(const std::string& data_dir, bool init) {
    const fs::path dir(data_dir);
    const auto db = dir / storage::sqlite::kDatabaseFile;
    std::error_code ec;
    if (fs::exists(db, ec)) return;
    if (has_held_a_database(dir))
        throw storage::StoreUnavailable(
            "The database " + db.string() +
            " is missing, but this folder has held one. If the data folder is on a disk that is "
            "not mounted, mount it; otherwise restore the database from a backup. Nothing was "
            "changed.");
    if (!init)
        throw storage::StoreUnavailable(
            "There is no database in " + data_dir +
            ". To start a new, empty Local Offer there, run: localoffer migrate --data " +
            data_dir + " (or serve --init).");
}

void mark_data_folder(const std::string& data_dir) {
    const auto marker = fs::path(data_dir) / kDataFolderMarker;
    std::error_code ec;
    if (fs::exists(marker, ec)) return;
    std::ofstream out(marker);
    out << "This folder holds a localoffer database (localoffer.db). If that file goes missing,\n"
           "localoffer refuses to serve an empty Local Offer in its place. Keep this file.\n";
}

void quick_check_or_refuse(const std::string& db_path) {
    const auto report =
        storage::sqlite::check_read_only(db_path, storage::sqlite::CheckDepth::Quick);
    if (!report.ok)
        throw storage::StoreUnavailable(
            "The database " + db_path + " failed its integrity check (" + report.problems.front() +
            "). Restore it from a backup; localoffer check lists every problem.");
}

DailyIntegrityCheck::DailyIntegrityCheck(storage::DatabaseFileWatch& watch, Log log)
    : watch_(watch), log_(std::move(log)) {
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        // Start-up has just checked; the next check is a day later.
        while (!wake_.wait_for(lock, std::chrono::hours(24), [this] { return stopping_; })) {
            lock.unlock();
            std::string problem;
            try {
                const auto report = storage::sqlite::check_read_only(
                    watch_.path(), storage::sqlite::CheckDepth::Quick);
                if (!report.ok)
                    problem =
                        "daily integrity check failed: run localoffer check, then restore a "
                        "backup";
            } catch (const std::exception& e) {
                problem = "daily integrity check could not run: see the server log";
                log_(std::string("Database: ") + e.what());
            }
            watch_.set_integrity_problem(problem);
            if (!problem.empty()) log_("Database " + watch_.path() + ": " + problem);
            lock.lock();
        }
    });
}

DailyIntegrityCheck::~DailyIntegrityCheck() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace lo::app
