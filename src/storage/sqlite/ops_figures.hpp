// Figures about the store for monitoring (/metrics): read on a short-lived read-only connection,
// so a scrape never waits for, or takes, the pool's connections.
#pragma once

#include <cstdint>
#include <string>

namespace lo::storage::sqlite {

struct OpsFigures {
    std::int64_t generation = 0;
    std::int64_t database_bytes = 0;            // the database file
    std::int64_t wal_bytes = 0;                 // its write-ahead log, not yet checkpointed
    std::int64_t outbox_waiting = 0;            // unsent and still to be tried
    std::int64_t outbox_oldest_created_at = 0;  // Unix seconds of the oldest of those; 0: none
    std::int64_t outbox_given_up = 0;  // unsent after the last attempt: an administrator's job
    std::int64_t reminders_last_run_at = 0;  // Unix seconds of the last daily reminder run; 0: none
    std::int64_t reminders_sent = 0;         // reminders and escalations recorded, ever
};

// Throws std::runtime_error when the database cannot be read.
OpsFigures read_ops_figures(const std::string& db_path, int max_mail_attempts);

}  // namespace lo::storage::sqlite
