// The data folder's lock (app/data_lock.hpp). flock() locks go away with the process, so a
// server killed with kill -9 never leaves a stale lock behind.
#include "app/data_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace lo::app {

std::optional<DataFolderLock> DataFolderLock::try_take(const std::string& data_dir,
                                                       std::string* holder) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    const auto path = (std::filesystem::path(data_dir) / "localoffer.lock").string();
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    // A folder we cannot even create a file in is reported by the store when it opens.
    if (fd < 0) return DataFolderLock(-1);
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (holder) {
            char buf[32] = {};
            const auto n = ::pread(fd, buf, sizeof buf - 1, 0);
            *holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
            while (!holder->empty() && (holder->back() == '\n' || holder->back() == ' '))
                holder->pop_back();
        }
        ::close(fd);
        return std::nullopt;
    }
    const auto pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) == 0 && ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
        // The process id is only a courtesy in messages; the lock itself is what counts.
    }
    return DataFolderLock(fd);
}

DataFolderLock::~DataFolderLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace lo::app
