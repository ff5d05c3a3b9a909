// SQLite implementation of the change request and service version repositories
// (storage/moderation.hpp, db/migrations/sqlite/0005_moderation.sql).
#pragma once

#include <memory>

#include "storage/moderation.hpp"
#include "storage/sqlite/accounts.hpp"

namespace lo::storage::sqlite {

std::unique_ptr<ChangeRequestRepository> make_change_request_repository(ConnectionSource& source);
std::unique_ptr<ServiceVersionRepository> make_service_version_repository(ConnectionSource& source);

}  // namespace lo::storage::sqlite
