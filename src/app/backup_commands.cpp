// backup, restore and migrate --dry-run (app/backup_commands.hpp).
#include "app/backup_commands.hpp"

#include <filesystem>
#include <iostream>

#include "app/backups.hpp"
#include "app/data_lock.hpp"
#include "storage/sqlite/backup.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/store.hpp"

namespace lo::app {
namespace {

namespace fs = std::filesystem;

void print_error(const std::string& line) {
    std::cerr << "localoffer: " << line << std::endl;
}

std::string database_path(const Config& config) {
    return (fs::path(config.data_dir) / storage::sqlite::kDatabaseFile).string();
}

int latest_schema() {
    const auto& all = storage::sqlite::migrations();
    return all.empty() ? 0 : all.back().version;
}

// The first sentence of a migration's leading comment: what it is for, in its author's words.
std::string migration_summary(const char* sql) {
    std::string text;
    std::string_view rest(sql);
    while (rest.starts_with("--")) {
        const auto end = rest.find('\n');
        auto line = rest.substr(2, end == std::string_view::npos ? rest.size() - 2 : end - 2);
        while (line.starts_with(' ')) line.remove_prefix(1);
        text += (text.empty() ? "" : " ") + std::string(line);
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    const auto stop = text.find(". ");
    if (stop != std::string::npos) text.erase(stop + 1);
    if (text.size() > 160) text = text.substr(0, 157) + "...";
    return text;
}

std::string pre_upgrade_name(int from, int to) {
    const auto dated = backup_file_name(std::time(nullptr));  // localoffer-YYYY-MM-DD-HHMMSS.db
    return "pre-upgrade-schema-" + std::to_string(from) + "-to-" + std::to_string(to) + "-" +
           dated.substr(11);
}

}  // namespace

BackupSettings backup_settings(const Config& config) {
    return {config.backup_dir, config.backup_hour, config.backup_minute, config.backup_keep_daily,
            config.backup_keep_weekly};
}

std::string upgrade_backup_dir(const Config& config) {
    return config.backup_dir.empty() ? (fs::path(config.data_dir) / "backups").string()
                                     : config.backup_dir;
}

int backup(const Config& config, const std::string& destination) {
    try {
        const auto db = database_path(config);
        if (!destination.empty()) {
            storage::sqlite::backup_database(db, destination);
            std::cout << "Backed up " << db << " to " << destination << " (integrity checked)."
                      << std::endl;
            return 0;
        }
        if (config.backup_dir.empty()) {
            print_error(
                "Say where the backup goes: localoffer backup --to FILE, or set "
                "backup_dir in the settings file.");
            return 1;
        }
        if (!fs::exists(db)) {
            print_error("There is no database at " + db + " to back up. Check --data.");
            return 1;
        }
        const auto made = make_backup(db, backup_settings(config), std::time(nullptr));
        std::cout << "Backed up " << db << " to " << made.file << " (integrity checked); removed "
                  << made.removed << " older backup(s) by the backup_keep_daily and "
                  << "backup_keep_weekly settings." << std::endl;
        return 0;
    } catch (const std::exception& e) {
        print_error(e.what());
        return 1;
    }
}

int restore(const Config& config, const std::string& file) {
    try {
        std::string holder;
        const auto lock = DataFolderLock::try_take(config.data_dir, &holder);
        if (!lock) {
            print_error("A localoffer server is running on the data folder " + config.data_dir +
                        (holder.empty() ? std::string() : " (process " + holder + ")") +
                        ". Stop it first (for example: systemctl stop localoffer), then run the "
                        "restore again. Nothing was changed.");
            return 1;
        }
        if (const auto problem = storage::sqlite::restore_problem(file); !problem.empty()) {
            print_error(problem + " Nothing was changed.");
            return 1;
        }
        const auto result = storage::sqlite::restore_database(config.data_dir, file);
        std::cout << "Restored " << database_path(config) << " from " << file << " (schema "
                  << result.schema_version << ").";
        if (!result.set_aside.empty())
            std::cout << " The database it replaced is kept as " << result.set_aside << ".";
        std::cout << " The search index is rebuilt when the server next starts";
        if (result.schema_version < latest_schema())
            std::cout << ", and the database is upgraded to schema " << latest_schema()
                      << " (after a pre-upgrade backup)";
        std::cout << ". Start the server again." << std::endl;
        return 0;
    } catch (const std::exception& e) {
        print_error(e.what() + std::string(" The database in ") + config.data_dir +
                    " was not replaced.");
        return 1;
    }
}

int migrate_dry_run(const Config& config) {
    const auto db = database_path(config);
    const int version = storage::sqlite::file_schema_version(db);
    const int latest = latest_schema();
    if (version < 0) {
        std::cout << "There is no database at " << db << " yet: localoffer migrate would create "
                  << "one at schema " << latest << ". Nothing was changed." << std::endl;
        return 0;
    }
    if (version > latest) {
        print_error("The database " + db + " was made by a newer version of localoffer (schema " +
                    std::to_string(version) + "; this version knows up to " +
                    std::to_string(latest) + "). Run the newer version. Nothing was changed.");
        return 1;
    }
    if (version == latest) {
        std::cout << "The database " << db << " is at schema " << version
                  << ", the latest this version knows: localoffer migrate has nothing to do."
                  << std::endl;
        return 0;
    }
    std::cout << "The database " << db << " is at schema " << version
              << "; this version of localoffer needs schema " << latest
              << ". localoffer migrate (and serve) would:\n"
              << "  1. back it up to " << upgrade_backup_dir(config) << "/"
              << pre_upgrade_name(version, latest) << "\n";
    int step = 2;
    for (const auto& m : storage::sqlite::migrations()) {
        if (m.version <= version) continue;
        std::cout << "  " << step++ << ". apply " << m.name << ": " << migration_summary(m.sql)
                  << "\n";
    }
    std::cout << "Nothing was changed." << std::endl;
    return 0;
}

void backup_before_upgrade(const Config& config) {
    const auto db = database_path(config);
    const int version = storage::sqlite::file_schema_version(db);
    const int latest = latest_schema();
    // A new database (or one from a newer version, which the store refuses) needs no copy.
    if (version <= 0 || version >= latest) return;
    const auto dir = upgrade_backup_dir(config);
    std::error_code ec;
    fs::create_directories(dir, ec);
    const auto file = (fs::path(dir) / pre_upgrade_name(version, latest)).string();
    try {
        storage::sqlite::backup_database(db, file);
    } catch (const storage::sqlite::BackupFailed& e) {
        throw storage::StoreUnavailable(
            "The database was not upgraded, because the backup before upgrading failed: " +
            std::string(e.what()) + " Nothing was changed.");
    }
    std::cout << "Backed up the database at schema " << version << " to " << file
              << " before upgrading it to schema " << latest
              << " (to roll back, see docs/upgrade.md)." << std::endl;
}

}  // namespace lo::app
