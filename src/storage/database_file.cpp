// The database file's identity, watched for /healthz (storage/database_file.hpp).
#include "storage/database_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace lo::storage {

DatabaseFileWatch::DatabaseFileWatch(std::string path) : path_(std::move(path)) {
    struct stat st {};
    if (::stat(path_.c_str(), &st) == 0) {
        device_ = st.st_dev;
        inode_ = st.st_ino;
    }
}

std::string DatabaseFileWatch::problem() const {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0) {
        if (errno == ENOENT)
            return "database file deleted while the server runs: restore it from a backup, then "
                   "restart the server";
        return std::string("database file cannot be read (") + std::strerror(errno) +
               "): check the data folder is mounted, then restart the server";
    }
    if (st.st_dev != device_ || st.st_ino != inode_)
        return "database file replaced while the server runs: restart the server to use the new "
               "file";
    std::lock_guard lock(mutex_);
    return integrity_problem_;
}

void DatabaseFileWatch::set_integrity_problem(std::string problem) {
    std::lock_guard lock(mutex_);
    integrity_problem_ = std::move(problem);
}

}  // namespace lo::storage
