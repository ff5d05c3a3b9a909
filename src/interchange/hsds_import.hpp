// HSDS tabular data packages (Open Referral's CSV files described by datapackage.json, such as
// Open211 Miami) -> a Batch that import.cpp validates and writes like any other import.
#pragma once

#include <string>

#include "interchange/import.hpp"

namespace lo::interchange {

struct HsdsOptions {
    // Ids that are not UUIDs become derived_uuid(id_namespace, "<table>/<id>"), so a re-import
    // under the same namespace gives the same ids. run_import uses the provenance source name.
    std::string id_namespace;
    // The ISO 3166 two-letter country of addresses whose country column is blank ("" = the UK).
    std::string country;
};

// What to add after the problems when places outside the UK failed the UK rules: how to say
// where they are. Empty when no problem is about UK postcodes or coordinates.
std::string hsds_hint(const ImportReport& report);

// Reads dir/datapackage.json and the CSV files it lists (found next to it or in dir/data/).
// Problems with records go into batch.problems with file, line, field and what is wrong;
// throws InputError when the package cannot be read at all (no datapackage.json, broken CSV,
// a file without the columns HSDS requires).
void read_hsds(const std::string& dir, const HsdsOptions& options, Batch& batch);

// Text from real HSDS exports made readable: literal "\n" becomes a line break, markers such as
// "###MON###" are dropped, UTF-8 that was decoded as code page 437 ("GÇÖ") is repaired, and
// surrounding space is trimmed.
std::string hsds_text(const std::string& raw);
// "9:00am" -> "09:00", "17:30" -> "17:30", "12:00pm" -> "12:00"; "" when it is not a time.
std::string hsds_time(const std::string& raw);
// "US " -> "US", "United Kingdom" -> "" (the UK), "usa" -> "US"; other text uppercased.
std::string hsds_country(const std::string& raw);

}  // namespace lo::interchange
