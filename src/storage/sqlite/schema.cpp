// Migrations, the schema version, the generation number, the integrity check and the backup of
// the SQLite store (storage/sqlite/schema.hpp).
#include "storage/sqlite/schema.hpp"

#include <sqlite3.h>

#include <filesystem>

#include "storage/sqlite/query.hpp"
#include "storage/sqlite/transaction.hpp"

namespace lo::storage::sqlite {
namespace {

namespace fs = std::filesystem;

constexpr const char kBumpGeneration[] =
    "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'";
constexpr const char kSelectGeneration[] =
    "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'";
constexpr const char kSchemaVersion[] = "PRAGMA user_version";
constexpr const char kIntegrityCheck[] = "PRAGMA integrity_check";
constexpr const char kForeignKeyCheck[] = "PRAGMA foreign_key_check";

}  // namespace

int latest_schema_version() {
    return migrations().empty() ? 0 : migrations().back().version;
}

int schema_version(Connection& c) {
    return static_cast<int>(single_integer(c, kSchemaVersion));
}

std::int64_t read_generation(Connection& c) {
    return single_integer(c, kSelectGeneration);
}

void bump_generation(Connection& c) {
    run(c, kBumpGeneration);
}

void migrate(Connection& c, const std::string& path, OpenMode mode) {
    const int version = schema_version(c);
    const int latest = latest_schema_version();
    if (version > latest)
        throw StoreUnavailable("The database " + path +
                               " was made by a newer version of localoffer "
                               "(schema " +
                               std::to_string(version) + "; this version knows up to " +
                               std::to_string(latest) +
                               "). Run the newer version, or restore a "
                               "backup made with this one.");
    if (version == latest) return;
    if (mode == OpenMode::RequireReady)
        throw StoreUnavailable("The database " + path + " is at schema " + std::to_string(version) +
                               " but this program needs " + std::to_string(latest) +
                               ". Run: localoffer migrate --data <folder>");
    for (const auto& m : migrations()) {
        if (m.version <= version) continue;
        // A migration that makes a table again (SQLite cannot change a constraint in place)
        // asks for foreign keys off, so dropping the old table does not cascade; SQLite's own
        // procedure then checks every key before the commit. The pragma is a no-op inside a
        // transaction, so it is set around it.
        const bool keys_off = std::string_view(m.sql).find("-- localoffer: foreign keys off") !=
                              std::string_view::npos;
        if (keys_off) c.exec("PRAGMA foreign_keys = OFF");
        try {
            WriteTransaction transaction(c);
            c.exec(m.sql);
            if (keys_off && Query(c, kForeignKeyCheck).next())
                throw std::runtime_error("a foreign key no longer matches");
            c.exec("PRAGMA user_version = " + std::to_string(m.version));
            transaction.commit();
            if (keys_off) c.exec("PRAGMA foreign_keys = ON");
        } catch (const std::exception& e) {
            if (keys_off) c.exec("PRAGMA foreign_keys = ON");
            throw StoreUnavailable("Could not upgrade the database " + path + " to schema " +
                                   std::to_string(m.version) + " (" + m.name + "): " + e.what() +
                                   ". Nothing was changed; restore a backup or report this.");
        }
    }
}

CheckReport check(Connection& c) {
    CheckReport report;
    {
        Query integrity(c, kIntegrityCheck);
        while (integrity.next()) {
            const auto line = integrity.row().text(0);
            if (line != "ok") report.problems.push_back("Database integrity: " + line);
        }
    }
    {
        Query fk(c, kForeignKeyCheck);
        while (fk.next()) {
            const auto& row = fk.row();
            report.problems.push_back("Table " + row.text(0) + " row " + row.text(1) +
                                      " refers to a record in " + row.text(2) +
                                      " that does not exist");
        }
    }
    const int version = schema_version(c);
    const int latest = latest_schema_version();
    if (version != latest)
        report.problems.push_back("The database schema is at version " + std::to_string(version) +
                                  " but this program expects " + std::to_string(latest) +
                                  ". Run: localoffer migrate");
    report.ok = report.problems.empty();
    return report;
}

void backup(Connection& c, const std::string& destination) {
    if (fs::exists(destination))
        throw std::runtime_error(destination +
                                 " already exists. Choose a new file name for the backup, or "
                                 "move the old file away first.");
    sqlite3* dest = nullptr;
    if (sqlite3_open_v2(destination.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
        const std::string message = dest ? sqlite3_errmsg(dest) : "cannot open";
        sqlite3_close(dest);
        throw std::runtime_error("Could not create the backup file " + destination + ": " +
                                 message + ". Check the folder exists and you can write to it.");
    }
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", c.handle(), "main");
    const int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(dest);
    if (b) sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        const std::string message = sqlite3_errmsg(dest);
        sqlite3_close(dest);
        std::error_code ignored;
        fs::remove(destination, ignored);
        throw std::runtime_error("The backup to " + destination + " failed: " + message);
    }
    // A backup is a single self-contained file: no -wal beside it.
    sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
    sqlite3_close(dest);
}

}  // namespace lo::storage::sqlite
