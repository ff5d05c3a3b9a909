// Notices the database file being deleted or replaced underneath a running server (a restore
// copied over it, a cleanup script, an unmounted folder). SQLite keeps using the file it has
// open, so without this every write would be acknowledged and then lost with the old file.
// /healthz asks it on every call (docs/reliability.md).
#pragma once

#include <sys/types.h>
#include <mutex>
#include <string>

namespace lo::storage {

class DatabaseFileWatch {
public:
    // Records which file the path names now (device and inode).
    explicit DatabaseFileWatch(std::string path);
    // "" while the path still names that file and its last integrity check passed; otherwise
    // what happened, in plain English and without the path (/healthz is public).
    std::string problem() const;
    // The daily quick check's finding ("" when it passed).
    void set_integrity_problem(std::string problem);
    const std::string& path() const { return path_; }

private:
    std::string path_;
    dev_t device_ = 0;
    ino_t inode_ = 0;
    mutable std::mutex mutex_;
    std::string integrity_problem_;
};

}  // namespace lo::storage
