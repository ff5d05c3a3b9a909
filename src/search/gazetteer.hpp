// The gazetteer: turns what a family types in "location" (a full postcode, an outward code or a
// place name) into a point, and imports postcode, outcode and place-name files.
#pragma once

#include <string>
#include <vector>

#include "search/tables.hpp"

namespace lo::search {

// Great-circle distance in miles.
double miles_between(Point a, Point b);

struct ResolvedLocation {
    enum class Status { None, Found, Ambiguous, NotFound };
    Status status = Status::None;
    std::string query;  // as typed, trimmed
    std::string label;  // "OX26 6BL", "OX26", "Bicester, Oxfordshire"
    std::string kind;   // "postcode", "outcode", "place"
    Point point;
    std::vector<Place> choices;  // every place of that name when ambiguous (the first is used)
    std::string message;         // plain English, for NotFound and Ambiguous
};

// Resolves a location. "Oxford, Oxfordshire" picks the place in that county. A place name with
// several matches resolves to the best (city, then town) with status Ambiguous and the choices.
ResolvedLocation resolve_location(SearchTables& tables, const std::string& text);

struct ImportReport {
    std::string format;  // "postcode units", "outcodes", "place names"
    std::int64_t rows = 0;
    std::int64_t skipped = 0;  // rows without usable coordinates (terminated, non-geographic)
};

// Imports a CSV with a header: postcode units (columns postcode or pcds/pcd + latitude/lat +
// longitude/long/lng, as in the shared Code-Point and freemaptools files and ONSPD), outcodes
// (outcode + latitude + longitude) or place names (place_name/name + county + lat + lng
// [+ type]). Throws std::runtime_error, naming the file, when it cannot be read or no known
// layout fits the header.
ImportReport import_gazetteer_file(SearchTables& tables, const std::string& path);

// Loads the shipped demo-area gazetteer (db/seeds/gazetteer/*.csv) when the tables are empty.
// Returns true when it loaded something.
bool load_gazetteer_seed(SearchTables& tables, const std::string& seed_dir);

}  // namespace lo::search
