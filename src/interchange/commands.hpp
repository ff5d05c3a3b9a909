// The import, export and harvest commands, free of HTTP and of the CLI parser: main.cpp and
// app/commands.cpp open the store and call these; they print what happened and return an exit code.
#pragma once

#include <ostream>
#include <string>

#include "storage/store.hpp"

namespace lo::interchange {

struct ImportArgs {
    std::string format;  // "oruk", "hsds", "csv"
    std::string path;    // file, directory or "-"
    std::string source;  // provenance name; default from the path
    bool dry_run = false;
    bool skip_invalid = false;
    // import hsds: the two-letter country of addresses that give none ("" = the UK).
    std::string country;
};

// 0 imported (or dry run clean), 1 problems (nothing written unless --skip-invalid).
int run_import(storage::Store& store, const ImportArgs& args, std::ostream& out, std::ostream& err);

struct ExportArgs {
    std::string format;  // "oruk", "csv"
    std::string dir;     // empty: ndjson of full services on out (oruk only)
};
int run_export(storage::Store& store, const ExportArgs& args, std::ostream& out, std::ostream& err);

// Writes every service, fully nested, as ndjson (one ORUK service per line), in id order.
void export_oruk_ndjson(storage::Store& store, std::ostream& out);
// Writes taxonomies.ndjson, organizations.ndjson and services.ndjson into dir.
void export_oruk_dir(storage::Store& store, const std::string& dir);

}  // namespace lo::interchange
