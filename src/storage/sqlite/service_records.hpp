// One whole service in SQLite, read and written with every child record.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"
#include "storage/sqlite/connection.hpp"

namespace lo::storage::sqlite {

// The service with every child record, or nothing.
std::optional<domain::Service> load_service(Connection& c, const std::string& id);
// The services found, in the order of ids; ids not found are left out.
std::vector<domain::Service> load_services(Connection& c, const std::vector<std::string>& ids);

// ["id1","id2"]: the ids as JSON text, for json_each(?N) in a statement.
std::string json_array(const std::vector<std::string>& ids);
// The form a service is stored in: duplicates dropped and sets in a fixed order, so a stored
// service compares equal to the same input saved again.
domain::Service normalised(domain::Service s);
// Inserts or updates the service row (last_modified set to now) and replaces every child record.
// The caller holds the write transaction and has checked the references.
void write_service(Connection& c, const domain::Service& s);

}  // namespace lo::storage::sqlite
