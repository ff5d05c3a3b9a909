// The search module's names for its tables in the store (storage/search_tables.hpp): the change
// feed, the gazetteer and the daily search counts. The store opens them
// (Store::open_search_tables); search never opens the database itself.
#pragma once

#include "domain/place_names.hpp"
#include "storage/search_tables.hpp"

namespace lo::search {

using Change = storage::SearchChange;
using Point = storage::GeoPoint;
using Place = storage::GazetteerPlace;
using Area = storage::GazetteerArea;
using domain::place_key;
using storage::GazetteerCounts;
using storage::SearchTables;

}  // namespace lo::search
