// The SQLite store of record: one database file in the data directory, WAL mode, migrations
// applied at open, one transaction per write.
#pragma once

#include <memory>
#include <string>

#include "storage/store.hpp"

namespace lo::storage::sqlite {

struct Migration {
    int version;
    const char* name;
    const char* sql;
};
// Generated at build time from db/migrations/sqlite/NNNN_*.sql, in version order.
const std::vector<Migration>& migrations();

// The file name of the database inside a data directory.
inline constexpr const char* kDatabaseFile = "localoffer.db";

enum class OpenMode {
    Migrate,       // apply pending migrations (serve, migrate, demo load)
    RequireReady,  // refuse a database that is not fully migrated (check)
};

// Opens (and creates) the store in data_dir. Throws StoreUnavailable with one plain-English line
// when the folder cannot be created or written, the file is not a database, or its schema is
// newer than this program understands.
std::unique_ptr<Store> open_store(const std::string& data_dir, OpenMode mode = OpenMode::Migrate);

// Opens a store on an exact database path (":memory:" is not supported: connections are pooled;
// tests use a temporary folder).
std::unique_ptr<Store> open_store_file(const std::string& db_path,
                                       OpenMode mode = OpenMode::Migrate);

}  // namespace lo::storage::sqlite
