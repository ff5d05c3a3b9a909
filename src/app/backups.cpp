// Automatic backups and their rotation (app/backups.hpp).
#include "app/backups.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "storage/sqlite/backup.hpp"

namespace lo::app {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "localoffer-";
constexpr std::string_view kSuffix = ".db";

// "2026-12-07" from a name this program made; "" for any other file.
std::string day_of(const std::string& name) {
    // localoffer-YYYY-MM-DD-HHMMSS.db
    if (name.size() != kPrefix.size() + 17 + kSuffix.size() || !name.starts_with(kPrefix) ||
        !name.ends_with(kSuffix))
        return {};
    const auto stamp = name.substr(kPrefix.size(), 17);
    for (std::size_t i = 0; i < stamp.size(); ++i) {
        const bool dash = i == 4 || i == 7 || i == 10;
        if (dash ? stamp[i] != '-' : !std::isdigit(static_cast<unsigned char>(stamp[i]))) return {};
    }
    return stamp.substr(0, 10);
}

// Days since 1970-01-01 of a YYYY-MM-DD (proleptic Gregorian; Howard Hinnant's algorithm).
long days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

// The Monday-based week a day is in, as a number that orders weeks.
long week_of(const std::string& day) {
    const long days = days_from_civil(std::stoi(day.substr(0, 4)),
                                      static_cast<unsigned>(std::stoi(day.substr(5, 2))),
                                      static_cast<unsigned>(std::stoi(day.substr(8, 2))));
    return (days + 3) / 7;  // 1970-01-01 was a Thursday: +3 makes weeks start on Monday
}

std::tm utc(std::time_t when) {
    std::tm tm{};
    gmtime_r(&when, &tm);
    return tm;
}

// When a backup named by backup_file_name was made, in Unix seconds (UTC).
std::time_t time_of(const std::string& name) {
    const auto s = name.substr(kPrefix.size(), 17);
    const long days =
        days_from_civil(std::stoi(s.substr(0, 4)), static_cast<unsigned>(std::stoi(s.substr(5, 2))),
                        static_cast<unsigned>(std::stoi(s.substr(8, 2))));
    return static_cast<std::time_t>(days * 86400 + std::stoi(s.substr(11, 2)) * 3600 +
                                    std::stoi(s.substr(13, 2)) * 60 + std::stoi(s.substr(15, 2)));
}

}  // namespace

std::string backup_file_name(std::time_t when) {
    const auto tm = utc(when);
    char buf[40];
    std::strftime(buf, sizeof buf, "localoffer-%Y-%m-%d-%H%M%S.db", &tm);
    return buf;
}

std::vector<std::string> list_backups(const std::string& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (!day_of(name).empty() && it->is_regular_file(ec)) names.push_back(name);
    }
    std::sort(names.rbegin(), names.rend());
    return names;
}

std::vector<std::string> backups_to_keep(const std::vector<std::string>& newest_first,
                                         int keep_daily,
                                         int keep_weekly) {
    std::set<std::string> days;
    std::set<long> weeks;
    std::vector<std::string> keep;
    for (const auto& name : newest_first) {
        const auto day = day_of(name);
        const auto week = week_of(day);
        bool kept = false;
        // The newest backup of a day (or week) is met first; later ones of it are older.
        if (!days.contains(day) && static_cast<int>(days.size()) < keep_daily) {
            days.insert(day);
            kept = true;
        }
        if (!weeks.contains(week) && static_cast<int>(weeks.size()) < keep_weekly) {
            weeks.insert(week);
            kept = true;
        }
        if (kept) keep.push_back(name);
    }
    return keep;
}

BackupMade make_backup(const std::string& db_path,
                       const BackupSettings& settings,
                       std::time_t now) {
    std::error_code ec;
    fs::create_directories(settings.dir, ec);
    if (!fs::is_directory(settings.dir, ec))
        throw storage::sqlite::BackupFailed(
            "Could not create the backup folder " + settings.dir +
            " (backup_dir). Create it, or choose a folder this user can write to. Older "
            "backups were kept.");
    BackupMade made;
    made.file = (fs::path(settings.dir) / backup_file_name(now)).string();
    storage::sqlite::backup_database(db_path, made.file);
    made.bytes = fs::file_size(made.file, ec);
    // Rotate only after the new backup is safely in place.
    const auto all = list_backups(settings.dir);
    const auto keep = backups_to_keep(all, settings.keep_daily, settings.keep_weekly);
    for (const auto& name : all) {
        if (std::find(keep.begin(), keep.end(), name) != keep.end()) continue;
        if (fs::remove(fs::path(settings.dir) / name, ec)) ++made.removed;
    }
    return made;
}

BackupSchedule::BackupSchedule(std::string db_path,
                               BackupSettings settings,
                               web::OpsStatus& status,
                               Log log)
    : db_path_(std::move(db_path)),
      settings_(std::move(settings)),
      status_(status),
      log_(std::move(log)) {
    auto state = status_.backup();
    state.scheduled = !settings_.dir.empty();
    state.dir = settings_.dir;
    char at[8];
    std::snprintf(at, sizeof at, "%02d:%02d", settings_.hour, settings_.minute);
    state.time = at;
    // A restarted server still knows when the last backup was made: from the newest file.
    if (const auto names = list_backups(settings_.dir); !names.empty()) {
        state.last_success_at = time_of(names.front());
        state.last_success_file = (fs::path(settings_.dir) / names.front()).string();
    }
    status_.set_backup(state);
}

BackupSchedule::~BackupSchedule() {
    stop();
}

void BackupSchedule::start() {
    if (settings_.dir.empty()) return;
    thread_ = std::thread([this] { run(); });
}

void BackupSchedule::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void BackupSchedule::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        tick(std::time(nullptr));
        lock.lock();
        wake_.wait_for(lock, std::chrono::seconds(60), [this] { return stopping_; });
    }
}

void BackupSchedule::tick(std::time_t now) {
    const auto tm = utc(now);
    if (tm.tm_hour * 60 + tm.tm_min < settings_.hour * 60 + settings_.minute) return;
    if (now < retry_after_) return;
    const auto today = backup_file_name(now).substr(0, kPrefix.size() + 10);
    for (const auto& name : list_backups(settings_.dir))
        if (name.starts_with(today)) return;  // today's is made (by us, or by localoffer backup)
    auto state = status_.backup();
    try {
        const auto made = make_backup(db_path_, settings_, now);
        state.last_success_at = now;
        state.last_success_file = made.file;
        state.last_failure_at = 0;
        state.last_failure.clear();
        status_.set_backup(state);
        log_("Backup: wrote " + made.file + " (" + std::to_string(made.bytes / 1024) +
             " KB, integrity checked); removed " + std::to_string(made.removed) +
             " older backup(s) by the backup_keep_daily and backup_keep_weekly settings.");
    } catch (const std::exception& e) {
        retry_after_ = now + 3600;
        state.last_failure_at = now;
        state.last_failure = e.what();
        status_.set_backup(state);
        log_(std::string("Backup failed, will try again in an hour: ") + e.what());
    }
}

}  // namespace lo::app
