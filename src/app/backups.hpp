// Automatic backups (README "Backups"): once a day at backup_time (UTC) the server copies the
// database into backup_dir, checks the copy, and keeps the newest backup of each of the last
// backup_keep_daily days and of each of the last backup_keep_weekly weeks. A failure keeps the
// older backups, goes to the log and is shown on the admin dashboard; the next try is an hour on.
#pragma once

#include <condition_variable>
#include <ctime>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "web/ops_status.hpp"

namespace lo::app {

struct BackupSettings {
    std::string dir;  // empty: no automatic backups
    int hour = 2;     // backup_time, UTC
    int minute = 0;
    int keep_daily = 7;
    int keep_weekly = 4;
};

// "localoffer-2026-12-07-021500.db": sorts by time, and names the day it belongs to.
std::string backup_file_name(std::time_t when);

// The backups in dir that this program named (newest first); other files are never touched.
std::vector<std::string> list_backups(const std::string& dir);

// Which of the backups (file names, newest first) rotation keeps.
std::vector<std::string> backups_to_keep(const std::vector<std::string>& newest_first,
                                         int keep_daily,
                                         int keep_weekly);

struct BackupMade {
    std::string file;
    std::uintmax_t bytes = 0;
    int removed = 0;  // older backups rotated out
};

// Backs up the database at db_path into settings.dir under a new name, checks it, then rotates.
// Throws storage::sqlite::BackupFailed (older backups untouched) with one plain line.
BackupMade make_backup(const std::string& db_path, const BackupSettings& settings, std::time_t now);

// The server's daily backup thread.
class BackupSchedule {
public:
    using Log = std::function<void(std::string_view)>;
    BackupSchedule(std::string db_path, BackupSettings settings, web::OpsStatus& status, Log log);
    ~BackupSchedule();
    void start();
    void stop();

private:
    void run();
    void tick(std::time_t now);

    std::string db_path_;
    BackupSettings settings_;
    web::OpsStatus& status_;
    Log log_;
    std::time_t retry_after_ = 0;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace lo::app
