// The SQLite store's schema and bookkeeping: migrations applied at open, the schema version, the
// generation number that tells the search index it is behind, and the integrity check and backup.
#pragma once

#include <cstdint>
#include <string>

#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace lo::storage::sqlite {

// Brings the database at path (open on c) up to the newest migration, each in its own
// transaction. Throws StoreUnavailable when its schema is newer than this program, when mode is
// RequireReady and it is behind, or when a migration fails (that migration is rolled back).
void migrate(Connection& c, const std::string& path, OpenMode mode);
// The newest schema version this program knows.
int latest_schema_version();
int schema_version(Connection& c);

std::int64_t read_generation(Connection& c);
// Called at the end of a write transaction that changed something.
void bump_generation(Connection& c);

// Integrity, foreign keys and schema version, one plain-English line per problem.
CheckReport check(Connection& c);
// Copies the database open on c into a new file at destination. Throws std::runtime_error with
// a plain-English line when destination exists, cannot be created or the copy fails.
void backup(Connection& c, const std::string& destination);

}  // namespace lo::storage::sqlite
