// Backup names, rotation and the backup settings (app/backups.hpp, app/config.cpp).
#include "app/backups.hpp"

#include <gtest/gtest.h>

#include "app/config.hpp"

namespace lo::app {
namespace {

TEST(BackupNames, SortByTimeAndNameTheDay) {
    EXPECT_EQ(backup_file_name(0), "localoffer-1970-01-01-000000.db");
    EXPECT_EQ(backup_file_name(1796601600 + 2 * 3600 + 5), "localoffer-2026-12-07-020005.db");
}

TEST(BackupRotation, KeepsTheNewestOfEachRecentDayAndWeek) {
    // Newest first, as list_backups gives them. 2026-12-07 is a Monday.
    const std::vector<std::string> all = {
        "localoffer-2026-12-07-020000.db", "localoffer-2026-12-06-230000.db",
        "localoffer-2026-12-06-020000.db", "localoffer-2026-12-05-020000.db",
        "localoffer-2026-11-30-020000.db", "localoffer-2026-11-29-020000.db",
        "localoffer-2026-11-20-020000.db", "localoffer-2026-10-01-020000.db"};
    EXPECT_EQ(backups_to_keep(all, 2, 0),
              (std::vector<std::string>{"localoffer-2026-12-07-020000.db",
                                        "localoffer-2026-12-06-230000.db"}));
    // Weeks start on Monday: 12-07 | 12-06, 12-05, 11-30 | 11-29, ... | 11-20.
    EXPECT_EQ(backups_to_keep(all, 1, 3),
              (std::vector<std::string>{"localoffer-2026-12-07-020000.db",
                                        "localoffer-2026-12-06-230000.db",
                                        "localoffer-2026-11-29-020000.db"}));
    EXPECT_EQ(backups_to_keep(all, 1, 0).size(), 1u);
}

TEST(BackupSettings, AreReadAndCheckedInPlainEnglish) {
    Config c;
    apply_setting(c, "backup_dir", "/var/lib/localoffer/backups");
    apply_setting(c, "backup_time", "23:45");
    apply_setting(c, "backup_keep_daily", "14");
    apply_setting(c, "backup_keep_weekly", "8");
    EXPECT_EQ(c.backup_dir, "/var/lib/localoffer/backups");
    EXPECT_EQ(c.backup_hour, 23);
    EXPECT_EQ(c.backup_minute, 45);
    EXPECT_EQ(c.backup_keep_daily, 14);
    EXPECT_EQ(c.backup_keep_weekly, 8);
    for (const auto* bad : {"24:00", "2am", "02:60", "2:00"}) {
        try {
            apply_setting(c, "backup_time", bad);
            ADD_FAILURE() << bad;
        } catch (const ConfigError& e) {
            EXPECT_EQ(std::string(e.what()),
                      "The setting backup_time must be a time like 02:00 (24-hour clock, UTC), "
                      "not \"" +
                          std::string(bad) + "\".");
        }
    }
    EXPECT_THROW(apply_setting(c, "backup_keep_daily", "0"), ConfigError);
}

}  // namespace
}  // namespace lo::app
