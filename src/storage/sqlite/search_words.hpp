// SQLite implementation of the search words repository (storage/search_words.hpp,
// db/migrations/sqlite/0012_search_words.sql).
#pragma once

#include <memory>

#include "storage/search_words.hpp"
#include "storage/sqlite/accounts.hpp"

namespace lo::storage::sqlite {

std::unique_ptr<SearchWordRepository> make_search_word_repository(ConnectionSource& source);

}  // namespace lo::storage::sqlite
