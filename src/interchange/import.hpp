// Importing other directories' data: Open Referral UK 3.0 JSON (single objects, list pages,
// ndjson), thin ORUK v1 list feeds (e.g. Bristol's), and what `export oruk` writes. The whole
// input is read and checked before anything is written; then it is written in one transaction,
// upserting by id, so a re-import changes nothing. Used by the CLI and by the harvester.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/store.hpp"

namespace lo::interchange {

// One problem with one record: where it is and what is wrong, in plain English.
struct Problem {
    std::string where;    // "services.json: record 12 (id 3f25...)" or "feed.ndjson:7"
    std::string message;  // "name: Enter the service name"
    std::string record;   // the record's key ("service:<id>") so --skip-invalid can drop it
    std::string text() const { return where + ": " + message; }
};

// A value mended or left out so that its record could be kept: printed as a warning, counted by
// field in the import's summary, and never a reason to leave a record out.
struct Change {
    std::string where;    // as in Problem
    std::string message;  // "email: \"a@b.org.\" ends with a dot after the domain; it was ..."
    std::string record;   // the record's key, so a change on a record left out is not counted
    std::string tally;    // "service.email (trailing dot removed)": what the summary counts
    bool dropped = false;
    std::string text() const { return where + ": " + message; }
};

// Everything read from an input, ready to validate and write.
struct Batch {
    std::vector<domain::Taxonomy> taxonomies;
    std::vector<domain::TaxonomyTerm> terms;  // parents before children
    std::vector<domain::Organisation> organisations;
    std::vector<domain::Location> locations;
    std::vector<domain::Service> services;
    std::map<std::string, std::string> service_last_modified;  // id -> RFC 3339 from the source
    // Whether the input carries urgent help (import csv's urgent_help column). When it does not
    // (Open Referral has no such field), services keep what an editor wrote.
    bool has_urgent_help = false;
    std::map<std::string, std::string> where;  // record key -> where it was read, for messages
    std::vector<Problem> problems;
    std::vector<Change> changes;     // repairs and drops, made by validate()
    std::vector<std::string> notes;  // things mapped loosely, reported but not errors
    // Ids already read, so the readers spot repeats without scanning the lists (100k services).
    std::unordered_set<std::string> seen_services, seen_organisations, seen_locations, seen_terms;
};

struct ImportOptions {
    std::string source;         // provenance written on every record: "import:oruk:services.json"
    bool dry_run = false;       // check and report, write nothing
    bool skip_invalid = false;  // write the valid records, report the rest
};

struct ImportReport {
    int services = 0, organisations = 0, locations = 0, taxonomies = 0, terms = 0;
    int skipped = 0;                    // records left out because of problems (skip_invalid)
    bool written = false;               // false for a dry run, or when problems stopped the import
    bool changed = false;               // the store changed (false when the data was already there)
    std::vector<std::string> problems;  // every problem, in input order
    std::vector<std::string> notes;
    // Repairs and drops on the records written (or that would be), in input order, and their
    // counts by tally, most first.
    std::vector<std::string> warnings;
    std::vector<std::pair<std::string, int>> repaired, dropped;
};

// The input could not be read at all (missing file, not JSON, truncated). One message.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads ORUK JSON text (an object, an array, a list page, or ndjson). name is used in messages.
// Throws InputError when the text is not JSON at all.
void read_oruk(const std::string& text, const std::string& name, Batch& batch);
// Reads a directory written by `export oruk --dir` (taxonomies.ndjson, organizations.ndjson,
// services.ndjson) or any *.json / *.ndjson files in it, in name order.
void read_oruk_dir(const std::string& dir, Batch& batch);
// Reads one parsed record (the harvester's pages). kind is "services", "organizations",
// "locations", "taxonomies" or "taxonomy_terms"; anything else works it out from the fields.
void read_oruk_record(const nlohmann::json& record,
                      const std::string& where,
                      const std::string& kind,
                      Batch& batch);
// Reads a file ("-" for standard input) into a string. Throws InputError.
std::string read_input(const std::string& path);

// Repairs what can be repaired safely and leaves out bad optional values (adding changes), then
// checks the batch against the domain rules, its own references and the store, adding problems.
void validate(storage::Store& store, Batch& batch);
// Validates, then writes (unless dry run or problems without skip_invalid). Never half-writes.
ImportReport apply(storage::Store& store, Batch& batch, const ImportOptions& options);

}  // namespace lo::interchange
