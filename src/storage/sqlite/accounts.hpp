// SQLite implementation of the account repositories and the audit log (storage/accounts.hpp).
// The store hands them a ConnectionSource, so inside Store::transaction() they share its
// connection and outside it they take their own short transaction.
#pragma once

#include <memory>

#include "storage/accounts.hpp"
#include "storage/mail_reviews.hpp"
#include "storage/sqlite/connection_source.hpp"

namespace lo::storage::sqlite {

std::unique_ptr<UserRepository> make_user_repository(ConnectionSource& source);
std::unique_ptr<SessionRepository> make_session_repository(ConnectionSource& source);
std::unique_ptr<AuditLog> make_audit_log(ConnectionSource& source);
// The outbox and the review cycle (storage/sqlite/mail_reviews.cpp).
std::unique_ptr<OutboxRepository> make_outbox_repository(ConnectionSource& source);
std::unique_ptr<ReviewRepository> make_review_repository(ConnectionSource& source);

}  // namespace lo::storage::sqlite
