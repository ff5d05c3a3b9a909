// What the server knows about its own upkeep (the automatic backups), written by the background
// job in app/ and read by the admin dashboard and /metrics. Thread-safe: copies in and out.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace lo::web {

struct BackupState {
    bool scheduled = false;            // backup_dir is set, so the server backs up by itself
    std::string dir;                   // where the backups go
    std::string time;                  // HH:MM (UTC) of the daily backup
    std::int64_t last_success_at = 0;  // Unix seconds; 0: none known
    std::string last_success_file;
    std::int64_t last_failure_at = 0;  // the latest failure since the latest success; 0: none
    std::string last_failure;          // one plain-English line
};

class OpsStatus {
public:
    BackupState backup() const {
        std::lock_guard lock(mutex_);
        return backup_;
    }
    void set_backup(const BackupState& state) {
        std::lock_guard lock(mutex_);
        backup_ = state;
    }

private:
    mutable std::mutex mutex_;
    BackupState backup_;
};

}  // namespace lo::web
