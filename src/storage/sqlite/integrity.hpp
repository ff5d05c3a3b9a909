// Integrity checks that never write: `check` on read-only media (a mounted backup, a snapshot),
// and the server's quick check at start-up and once a day (docs/reliability.md).
#pragma once

#include <string>

#include "storage/store.hpp"

namespace lo::storage::sqlite {

enum class CheckDepth {
    Quick,  // PRAGMA quick_check: pages and structure, without comparing indexes to tables
    Full,   // PRAGMA integrity_check and the foreign keys (what `check` runs)
};

// Opens db_path read-only (immutable when its folder cannot be written, as on read-only media)
// and checks it. Throws StoreUnavailable with one plain-English line when it cannot be opened.
CheckReport check_read_only(const std::string& db_path, CheckDepth depth);

// The schema version of db_path, read without writing.
int schema_version_read_only(const std::string& db_path);

// The schema version this program's migrations make (defined with the migrations, schema.cpp).
int latest_schema_version();

}  // namespace lo::storage::sqlite
