// The data folder's lock: a running server holds it, so commands that replace the database
// (restore) can refuse while one is running instead of pulling the file from under it.
#pragma once

#include <optional>
#include <string>

namespace lo::app {

class DataFolderLock {
public:
    // Takes the lock on data_dir/localoffer.lock, or returns nothing when another process holds
    // it; *holder is then that process's id as it wrote it ("" when unknown).
    static std::optional<DataFolderLock> try_take(const std::string& data_dir, std::string* holder);
    DataFolderLock(DataFolderLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    DataFolderLock& operator=(DataFolderLock&&) = delete;
    DataFolderLock(const DataFolderLock&) = delete;
    ~DataFolderLock();

private:
    explicit DataFolderLock(int fd) : fd_(fd) {}
    int fd_;
};

}  // namespace lo::app
