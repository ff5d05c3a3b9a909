// SQLite implementation of the feedback inbox and two-factor repositories
// (storage/feedback_inbox.hpp, db/migrations/sqlite/0007_feedback_inbox_two_factor.sql).
#pragma once

#include <memory>

#include "storage/feedback_inbox.hpp"
#include "storage/sqlite/accounts.hpp"

namespace lo::storage::sqlite {

std::unique_ptr<FeedbackInboxRepository> make_feedback_inbox(ConnectionSource& source);
std::unique_ptr<TwoFactorRepository> make_two_factor_repository(ConnectionSource& source);

}  // namespace lo::storage::sqlite
