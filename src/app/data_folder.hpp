// Keeps a missing database from becoming an empty Local Offer: `serve` creates a database only
// in an empty folder and only when asked (--init), and refuses a folder that has held one (its
// marker file or search index says so) but no longer does: an unmounted disk, a deleted file.
// Also the quick integrity check at start-up and once a day (docs/reliability.md).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "storage/database_file.hpp"

namespace lo::app {

// The marker `migrate` and every command that opens the store leave in the data folder.
inline constexpr const char* kDataFolderMarker = ".localoffer-data";

// Throws storage::StoreUnavailable (one line saying what to do) when DATA/localoffer.db is
// missing and serve must not create it: the folder has held one, or init was not asked for.
void check_before_serving(const std::string& data_dir, bool init);

// Records that the folder holds a database. Best effort: a read-only folder keeps no marker.
void mark_data_folder(const std::string& data_dir);

// Start-up: throws storage::StoreUnavailable naming the first problem a quick check finds.
void quick_check_or_refuse(const std::string& db_path);

// Runs the quick check once a day while the server runs and reports a failure to /healthz
// through the watch (and the log).
class DailyIntegrityCheck {
public:
    using Log = std::function<void(std::string_view)>;
    DailyIntegrityCheck(storage::DatabaseFileWatch& watch, Log log);
    ~DailyIntegrityCheck();  // stops the thread

private:
    storage::DatabaseFileWatch& watch_;
    Log log_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace lo::app
