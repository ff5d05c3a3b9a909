// The spreadsheet-friendly CSV set: `export csv DIR` writes it (csv_export.cpp) and `import csv
// DIR` reads it back without loss (csv_import.cpp). One file per kind of record, UTF-8 with a byte
// order mark (so Excel reads the accents), RFC 4180, a header row. Columns: docs/csv.md.
#pragma once

#include <string>
#include <vector>

#include "interchange/import.hpp"
#include "storage/store.hpp"

namespace lo::interchange {

struct CsvFile {
    const char* name;                  // "services.csv"
    std::vector<const char*> columns;  // in the order export writes them
    // Columns added after the set was first published: export writes them after the others; an
    // import reads them when present and keeps the stored values when a file has none.
    std::vector<const char*> optional = {};
};

// Every file of the set, in the order they are read (what others refer to comes first).
const std::vector<CsvFile>& csv_files();

// Lists inside one cell: codes and e-mails are separated by "; ", steps and accessibility
// features by line breaks.
inline constexpr const char* kCsvListSeparator = "; ";

// Writes the whole directory: every taxonomy and term, organisation, place and service (archived
// ones too), each kind sorted by id, child rows in each service's order.
void export_csv_dir(storage::Store& store, const std::string& dir);

// Reads a directory written by export_csv_dir (or edited in a spreadsheet). Every file of the set
// must be there with exactly its columns (in any order). Throws InputError when the set cannot be
// read at all; problems with rows go into batch.problems.
void read_csv_dir(const std::string& dir, Batch& batch);

}  // namespace lo::interchange
