// The SQLite connection pool.
#include "storage/sqlite/pool.hpp"

#include <sqlite3.h>

namespace lo::storage::sqlite {

std::unique_ptr<Connection> Pool::acquire() {
    {
        std::lock_guard lock(mutex_);
        if (!free_.empty()) {
            auto c = std::move(free_.back());
            free_.pop_back();
            return c;
        }
    }
    return std::make_unique<Connection>(path_);
}

void Pool::release(std::unique_ptr<Connection> connection) {
    if (!connection || sqlite3_get_autocommit(connection->handle()) == 0) return;
    std::lock_guard lock(mutex_);
    if (free_.size() < 16) free_.push_back(std::move(connection));
}

}  // namespace lo::storage::sqlite
