// The one transaction guard of the SQLite store: BEGIN IMMEDIATE when made, COMMIT when asked,
// ROLLBACK when it goes out of scope without a commit (an exception on the way out), so no write
// is ever left half-done. IMMEDIATE takes the write lock at the start: two writers queue on the
// busy timeout instead of one failing at its first write.
#pragma once

#include "storage/sqlite/connection.hpp"

namespace lo::storage::sqlite {

class WriteTransaction {
public:
    explicit WriteTransaction(Connection& c) : connection_(c) {
        connection_.exec("BEGIN IMMEDIATE");
    }
    ~WriteTransaction() {
        if (open_) {
            // A failed ROLLBACK leaves the connection inside a transaction; the pool checks
            // for that and closes such a connection rather than lend it out again.
            try {
                connection_.exec("ROLLBACK");
            } catch (...) {
            }
        }
    }
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    // Throws when COMMIT fails; the destructor then rolls back.
    void commit() {
        connection_.exec("COMMIT");
        open_ = false;
    }

private:
    Connection& connection_;
    bool open_ = true;
};

}  // namespace lo::storage::sqlite
