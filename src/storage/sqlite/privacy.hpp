// SQLite implementation of the privacy repository (storage/privacy.hpp,
// db/migrations/sqlite/0016_account_lifecycle.sql).
#pragma once

#include <memory>

#include "storage/privacy.hpp"
#include "storage/sqlite/accounts.hpp"

namespace lo::storage::sqlite {

std::unique_ptr<PrivacyRepository> make_privacy_repository(ConnectionSource& source);

}  // namespace lo::storage::sqlite
