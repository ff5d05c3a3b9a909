// The command line's backup, restore and upgrade commands (README "Backups", docs/upgrade.md).
#pragma once

#include <string>

#include "app/backups.hpp"
#include "app/config.hpp"

namespace lo::app {

// backup [FILE | --to FILE]: a checked copy of the database in FILE, or (no FILE) a new dated
// backup in backup_dir, rotated like the server's own.
int backup(const Config& config, const std::string& destination);
// restore FILE: refuses while a server runs on the data folder or when FILE is not a localoffer
// database this version can open; keeps the replaced database aside.
int restore(const Config& config, const std::string& file);
// migrate --dry-run: what `localoffer migrate` would change, changing nothing.
int migrate_dry_run(const Config& config);

// Before migrations are applied to an existing database, a copy of it at its old schema, so an
// upgrade can be rolled back (docs/upgrade.md). Does nothing when the schema is current. Throws
// storage::StoreUnavailable (nothing changed) when the copy cannot be made.
void backup_before_upgrade(const Config& config);

// The automatic backups' settings from the configuration.
BackupSettings backup_settings(const Config& config);

// Where a pre-upgrade backup goes: backup_dir, or DATA/backups when that is not set.
std::string upgrade_backup_dir(const Config& config);

}  // namespace lo::app
