// The SQLite store's connections: a pool of open connections to one database file, and a Lease
// that borrows one for the length of a read or a write.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sqlite/connection.hpp"

namespace lo::storage::sqlite {

class Pool {
public:
    explicit Pool(std::string path) : path_(std::move(path)) {}

    // A free connection, or a new one (which opens the file: throws SqliteError).
    std::unique_ptr<Connection> acquire();
    // Keeps up to 16 connections for reuse. One still inside a transaction (its ROLLBACK
    // failed) is closed instead: its state is unknown.
    void release(std::unique_ptr<Connection> connection);
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> free_;
};

class Lease {
public:
    explicit Lease(Pool& pool) : pool_(pool), connection_(pool.acquire()) {}
    ~Lease() { pool_.release(std::move(connection_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *connection_; }

private:
    Pool& pool_;
    std::unique_ptr<Connection> connection_;
};

}  // namespace lo::storage::sqlite
