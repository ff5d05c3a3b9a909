// Opens the search module's tables in a SQLite database file (storage/search_tables.hpp).
#pragma once

#include <memory>
#include <string>

#include "storage/search_tables.hpp"

namespace lo::storage::sqlite {

std::unique_ptr<SearchTables> open_search_tables(const std::string& database_path);

}  // namespace lo::storage::sqlite
