// Monitoring figures from the store (storage/sqlite/ops_figures.hpp).
#include "storage/sqlite/ops_figures.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>

namespace lo::storage::sqlite {
namespace {

constexpr const char kGeneration[] =
    "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'";
constexpr const char kOutboxWaiting[] =
    "SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM outbox WHERE sent_at IS NULL AND "
    "attempts < ?1";
constexpr const char kOutboxGivenUp[] =
    "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts >= ?1";
constexpr const char kRemindersRun[] =
    "SELECT COALESCE(MAX(at), 0) FROM daily_runs WHERE name = 'review_reminders'";
constexpr const char kRemindersSent[] = "SELECT COUNT(*) FROM review_reminders";

// The integers of the first row of a query with at most one parameter.
void first_row(sqlite3* db, const char* sql, int param, std::int64_t* a, std::int64_t* b) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
        const std::string message = sqlite3_errmsg(db);
        sqlite3_finalize(st);
        throw std::runtime_error("Could not read the monitoring figures: " + message);
    }
    if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_int(st, 1, param);
    if (sqlite3_step(st) == SQLITE_ROW) {
        if (a) *a = sqlite3_column_int64(st, 0);
        if (b) *b = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
}

}  // namespace

OpsFigures read_ops_figures(const std::string& db_path, int max_mail_attempts) {
    OpsFigures f;
    std::error_code ec;
    const auto size = std::filesystem::file_size(db_path, ec);
    f.database_bytes = ec ? 0 : static_cast<std::int64_t>(size);
    const auto wal = std::filesystem::file_size(db_path + "-wal", ec);
    f.wal_bytes = ec ? 0 : static_cast<std::int64_t>(wal);
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        const std::string message = db ? sqlite3_errmsg(db) : "cannot open";
        sqlite3_close(db);
        throw std::runtime_error("Could not open " + db_path +
                                 " for the monitoring figures: " + message);
    }
    sqlite3_busy_timeout(db, 2000);
    try {
        first_row(db, kGeneration, 0, &f.generation, nullptr);
        first_row(db, kOutboxWaiting, max_mail_attempts, &f.outbox_waiting,
                  &f.outbox_oldest_created_at);
        first_row(db, kOutboxGivenUp, max_mail_attempts, &f.outbox_given_up, nullptr);
        first_row(db, kRemindersRun, 0, &f.reminders_last_run_at, nullptr);
        first_row(db, kRemindersSent, 0, &f.reminders_sent, nullptr);
    } catch (...) {
        sqlite3_close(db);
        throw;
    }
    sqlite3_close(db);
    return f;
}

}  // namespace lo::storage::sqlite
