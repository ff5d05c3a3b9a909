// Import/export commands: read the whole input, report every problem, write once.
#include "interchange/commands.hpp"

#include <filesystem>
#include <fstream>

#include "domain/validation.hpp"
#include "interchange/csv_io.hpp"
#include "interchange/hsds_import.hpp"
#include "interchange/import.hpp"
#include "interchange/oruk_writer.hpp"
#include "interchange/repair.hpp"

namespace lo::interchange {
namespace {

namespace fs = std::filesystem;

std::string counts(const ImportReport& r) {
    return std::to_string(r.services) + " services, " + std::to_string(r.organisations) +
           " organisations, " + std::to_string(r.locations) + " locations, " +
           std::to_string(r.taxonomies) + " taxonomies, " + std::to_string(r.terms) +
           " taxonomy terms";
}

std::vector<std::string> all_service_ids(storage::Store& store) {
    storage::ServiceQuery q;
    q.include_defunct = true;
    auto ids = store.services().query_ids(q, {.limit = 1000000000, .offset = 0});
    std::sort(ids.begin(), ids.end());
    return ids;
}

}  // namespace

int run_import(storage::Store& store,
               const ImportArgs& args,
               std::ostream& out,
               std::ostream& err) {
    Batch batch;
    auto input_path = fs::path(args.path).lexically_normal();
    if (input_path.filename().empty()) input_path = input_path.parent_path();  // "DIR/"
    const auto name =
        args.path == "-" ? std::string("standard input") : input_path.filename().string();
    const auto source = args.source.empty() ? "import:" + args.format + ":" + name : args.source;
    try {
        if (args.format == "oruk") {
            if (args.path != "-" && fs::is_directory(args.path))
                read_oruk_dir(args.path, batch);
            else
                read_oruk(read_input(args.path), name, batch);
        } else if (args.format == "hsds" || args.format == "csv") {
            if (args.format == "hsds") {
                const auto country = hsds_country(args.country);
                if (!args.country.empty() && !domain::is_uk_country(args.country) &&
                    (country.size() != 2 || !std::isupper(static_cast<unsigned char>(country[0])) ||
                     !std::isupper(static_cast<unsigned char>(country[1])))) {
                    err << "localoffer: --country \"" << args.country
                        << "\" is not a two-letter country code. Use one like US or IE (GB for "
                           "the UK)."
                        << std::endl;
                    return 1;
                }
                read_hsds(args.path, {source, country}, batch);
            } else {
                read_csv_dir(args.path, batch);
            }
        } else {
            err << "localoffer: import " << args.format
                << " is not a format we know. Use import oruk, import hsds or import csv."
                << std::endl;
            return 1;
        }
    } catch (const InputError& e) {
        err << "localoffer: " << e.what() << std::endl;
        return 1;
    }
    ImportOptions options;
    options.source = source;
    options.dry_run = args.dry_run;
    options.skip_invalid = args.skip_invalid;
    ImportReport report;
    try {
        report = apply(store, batch, options);
    } catch (const std::exception& e) {
        err << "localoffer: the import of " << name
            << " failed while writing, so nothing was written: " << e.what() << std::endl;
        return 1;
    }
    for (const auto& note : report.notes) out << "  note: " << note << "\n";
    for (const auto& warning : report.warnings) out << "  warning: " << warning << "\n";
    const auto n = report.problems.size();
    if (n && !args.skip_invalid) {
        err << "localoffer: " << name << " has " << n << (n == 1 ? " problem" : " problems")
            << ", so nothing was written:\n";
        for (const auto& p : report.problems) err << "  " << p << "\n";
        if (args.format == "hsds") err << hsds_hint(report);
        err << "Fix " << (n == 1 ? "it" : "them")
            << " and import again, or add --skip-invalid to import the valid records and leave "
               "these out."
            << std::endl;
        return 1;
    }
    if (n) {
        err << "localoffer: " << name << " has " << n << (n == 1 ? " problem" : " problems")
            << "; the records with them " << (args.dry_run ? "would be" : "were") << " left out:\n";
        for (const auto& p : report.problems) err << "  " << p << "\n";
    }
    if (args.dry_run)
        out << "Dry run: " << name << " would import " << counts(report) << ". Nothing was written."
            << std::endl;
    else if (!report.changed)
        out << "Already up to date: " << name << " holds " << counts(report)
            << ", and nothing changed." << std::endl;
    else
        out << "Imported " << name << ": " << counts(report) << "." << std::endl;
    if (const auto summary = change_summary(report, args.dry_run); !summary.empty())
        out << summary << std::endl;
    return 0;
}

void export_oruk_ndjson(storage::Store& store, std::ostream& out) {
    OrukWriter writer(store);
    for (const auto& id : all_service_ids(store))
        if (const auto s = store.services().find(id))
            out << writer.service(*s, Detail::Full).dump() << '\n';
}

void export_oruk_dir(storage::Store& store, const std::string& dir) {
    fs::create_directories(dir);
    OrukWriter writer(store);
    {
        std::ofstream f(fs::path(dir) / "taxonomies.ndjson", std::ios::binary);
        auto taxonomies = store.taxonomies().taxonomies();
        std::sort(taxonomies.begin(), taxonomies.end(),
                  [](const auto& a, const auto& b) { return a.id < b.id; });
        for (const auto& t : taxonomies) f << writer.taxonomy(t, true).dump() << '\n';
    }
    {
        std::ofstream f(fs::path(dir) / "organizations.ndjson", std::ios::binary);
        auto organisations = store.organisations().list({.limit = 1000000000, .offset = 0});
        std::sort(organisations.begin(), organisations.end(),
                  [](const auto& a, const auto& b) { return a.id < b.id; });
        for (const auto& o : organisations) f << writer.organization(o).dump() << '\n';
    }
    std::ofstream f(fs::path(dir) / "services.ndjson", std::ios::binary);
    export_oruk_ndjson(store, f);
}

int run_export(storage::Store& store,
               const ExportArgs& args,
               std::ostream& out,
               std::ostream& err) {
    if (args.format == "oruk") {
        if (args.dir.empty()) {
            export_oruk_ndjson(store, out);
            return 0;
        }
        export_oruk_dir(store, args.dir);
        err << "Exported the directory as Open Referral UK 3.0 ndjson files to " << args.dir << "."
            << std::endl;
        return 0;
    }
    if (args.format == "csv") {
        export_csv_dir(store, args.dir);
        err << "Exported the directory as CSV files to " << args.dir << " (columns: docs/csv.md)."
            << std::endl;
        return 0;
    }
    err << "localoffer: export " << args.format
        << " is not a format we know. Use export oruk or export csv." << std::endl;
    return 1;
}

}  // namespace lo::interchange
