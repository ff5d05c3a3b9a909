// HSDS tabular package -> domain records. Each table is read by column name (HSDS 1.x and the
// columns real exports add), joined by its foreign keys, and every problem is reported as
// "FILE line N (id X): field: what is wrong". Writing is import.cpp's apply().
#include "interchange/hsds_import.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "domain/ids.hpp"
#include "domain/validation.hpp"
#include "interchange/csv.hpp"

namespace lo::interchange {
namespace {

namespace fs = std::filesystem;
using Table = csv::Table;

std::string trim(const std::string& s) {
    const auto start = s.find_first_not_of(" \t\r\n");
    if (start == std::string::npos) return {};
    const auto end = s.find_last_not_of(" \t\r\n");
    return s.substr(start, end - start + 1);
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string key_of(const char* kind, const std::string& id) {
    return std::string(kind) + ":" + id;
}

// The HSDS tables we read, with the columns a file must have to be read at all.
struct TableSpec {
    const char* resource;  // the datapackage resource name
    const char* file;      // the usual file name, when datapackage.json does not give a path
    std::vector<const char*> required;
};
const std::vector<TableSpec>& specs() {
    static const std::vector<TableSpec> all = {
        {"organization", "organizations.csv", {"id", "name"}},
        {"service", "services.csv", {"id", "organization_id", "name"}},
        {"location", "locations.csv", {"id"}},
        {"service_at_location", "services_at_location.csv", {"service_id", "location_id"}},
        {"physical_address", "physical_addresses.csv", {"location_id"}},
        {"phone", "phones.csv", {"number"}},
        {"contact", "contacts.csv", {"id"}},
        {"regular_schedule", "regular_schedules.csv", {"weekday", "opens_at", "closes_at"}},
        {"holiday_schedule", "holiday_schedules.csv", {"start_date"}},
        {"eligibility", "eligibility.csv", {"eligibility"}},
        {"language", "languages.csv", {"language"}},
        {"accessibility_for_disabilities",
         "accessibility_for_disabilities.csv",
         {"location_id", "accessibility"}},
        {"service_area", "service_areas.csv", {"service_id", "service_area"}},
        {"taxonomy", "taxonomy.csv", {"id", "name"}},
        {"service_taxonomy", "services_taxonomy.csv", {"service_id", "taxonomy_id"}},
    };
    return all;
}

class Reader {
public:
    Reader(const std::string& dir, const HsdsOptions& options, Batch& batch)
        : dir_(dir), options_(options), batch_(batch) {}

    void run() {
        load_tables();
        taxonomy();
        organisations();
        locations();
        services();
        links();
    }

private:
    const Table* table(const char* resource) const {
        const auto it = tables_.find(resource);
        return it == tables_.end() ? nullptr : it->second.get();
    }

    void load_tables() {
        const auto package = fs::path(dir_) / "datapackage.json";
        std::error_code ec;
        if (!fs::is_directory(dir_, ec))
            throw InputError("There is no folder at " + dir_ +
                             ". Give the folder that holds datapackage.json and the CSV files.");
        if (!fs::exists(package, ec))
            throw InputError(
                "There is no datapackage.json in " + dir_ +
                ". An HSDS package is a folder with datapackage.json and its CSV files; for the "
                "spreadsheet set that export csv writes, use import csv. Nothing was imported.");
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(read_input(package.string()));
        } catch (const nlohmann::json::parse_error&) {
            throw InputError("datapackage.json in " + dir_ +
                             " is not valid JSON. Download the package again. Nothing was "
                             "imported.");
        }
        std::map<std::string, std::string> paths;
        if (doc.is_object() && doc.contains("resources") && doc["resources"].is_array())
            for (const auto& r : doc["resources"])
                if (r.is_object() && r.contains("name") && r["name"].is_string() &&
                    r.contains("path") && r["path"].is_string())
                    paths[r["name"].get<std::string>()] = r["path"].get<std::string>();
        if (paths.empty())
            throw InputError("datapackage.json in " + dir_ +
                             " lists no resources (each needs a name and a path). Nothing was "
                             "imported.");
        std::vector<std::string> errors, absent;
        for (const auto& spec : specs()) {
            const auto it = paths.find(spec.resource);
            if (it == paths.end()) continue;
            fs::path file;
            for (const auto& candidate :
                 {fs::path(dir_) / it->second, fs::path(dir_) / "data" / it->second})
                if (fs::is_regular_file(candidate, ec)) {
                    file = candidate;
                    break;
                }
            if (file.empty()) {
                absent.push_back(it->second);
                continue;
            }
            const auto name = file.filename().string();
            std::unique_ptr<Table> t;
            try {
                t = std::make_unique<Table>(name, read_input(file.string()));
            } catch (const csv::ParseError& e) {
                errors.push_back(name + " " + e.what());
                continue;
            }
            std::vector<std::string> missing;
            for (const auto* column : spec.required)
                if (!t->has(column)) missing.push_back(column);
            if (!missing.empty()) {
                std::string list;
                for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
                errors.push_back(name + " line 1: the header has no " + list + " column" +
                                 (missing.size() == 1 ? "" : "s") +
                                 ", which HSDS requires. Check the first row of the file");
                continue;
            }
            for (const auto& [line, count] : t->ragged())
                batch_.problems.push_back(
                    {name + " line " + std::to_string(line),
                     "the row has " + std::to_string(count) + " fields but the header has " +
                         std::to_string(t->header().size()) +
                         ". Put double quotes around any value that holds a comma; if the file "
                         "was cut short, download it again",
                     "line:" + name + ":" + std::to_string(line)});
            tables_[spec.resource] = std::move(t);
        }
        if (!errors.empty()) {
            std::string text;
            for (const auto& e : errors) text += (text.empty() ? "" : "\n  ") + e;
            throw InputError(text + "\nNothing was imported.");
        }
        if (!absent.empty()) {
            std::string list;
            for (const auto& a : absent) list += (list.empty() ? "" : ", ") + a;
            batch_.notes.push_back("datapackage.json lists files that are not in the package (" +
                                   list + "); they were treated as empty");
        }
        if (!table("service"))
            throw InputError("The package in " + dir_ +
                             " has no services file (the \"service\" resource). Nothing was "
                             "imported.");
    }

    // A stable UUID for an HSDS id: kept when it already is one.
    std::string ident(const char* table, const std::string& raw) const {
        const auto id = trim(raw);
        if (id.empty()) return {};
        if (domain::is_uuid(id)) return lower(id);
        return domain::derived_uuid(options_.id_namespace, std::string(table) + "/" + id);
    }

    std::string where(const Table& t, std::size_t row) const {
        const auto id = trim(t.get(row, "id"));
        return t.name() + " line " + std::to_string(t.line(row)) +
               (id.empty() ? "" : " (id " + id + ")");
    }

    void problem(const Table& t,
                 std::size_t row,
                 const std::string& key,
                 const std::string& message) {
        batch_.problems.push_back({where(t, row), message, key});
    }

    // Reports a second row with the same id; true when the row is a duplicate.
    bool duplicate(const Table& t,
                   std::size_t row,
                   const std::string& key,
                   std::map<std::string, std::size_t>& seen) {
        const auto [it, fresh] = seen.emplace(key, t.line(row));
        if (fresh) return false;
        problem(t, row, key,
                "id: " + trim(t.get(row, "id")) + " is used by more than one row (first at line " +
                    std::to_string(it->second) + "). Ids must be unique");
        return true;
    }

    std::optional<double> number(const Table& t,
                                 std::size_t row,
                                 const char* column,
                                 const std::string& key) {
        const auto raw = trim(t.get(row, column));
        if (raw.empty()) return std::nullopt;
        double v = 0;
        const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
        if (ec != std::errc() || end != raw.data() + raw.size()) {
            problem(t, row, key,
                    std::string(column) + ": \"" + raw + "\" is not a number, like 25.7617");
            return std::nullopt;
        }
        return v;
    }

    void taxonomy() {
        const auto* t = table("taxonomy");
        if (!t) return;
        std::map<std::string, std::string> taxonomy_ids;  // vocabulary -> id
        std::map<std::string, std::size_t> seen;
        for (std::size_t r = 0; r < t->size(); ++r) {
            auto vocabulary = trim(t->get(r, "vocabulary"));
            if (vocabulary.empty()) vocabulary = "HSDS taxonomy";
            auto& taxonomy_id = taxonomy_ids[vocabulary];
            if (taxonomy_id.empty()) {
                taxonomy_id =
                    domain::derived_uuid(options_.id_namespace, "vocabulary/" + vocabulary);
                batch_.taxonomies.push_back(
                    {taxonomy_id, domain::slugify(vocabulary), vocabulary,
                     "Imported from an HSDS data package (" + t->name() + ").", "", ""});
                batch_.where[key_of("taxonomy", taxonomy_id)] = where(*t, r);
            }
            domain::TaxonomyTerm term;
            const auto raw = trim(t->get(r, "id"));
            term.id = ident("taxonomy", raw);
            const auto key = key_of("term", term.id.empty() ? where(*t, r) : term.id);
            if (term.id.empty()) {
                problem(*t, r, key, "id: is missing. Every taxonomy term needs an id");
                continue;
            }
            // The same term listed again (Miami lists some under two facets) is not a conflict.
            const auto same = std::find_if(batch_.terms.begin(), batch_.terms.end(),
                                           [&](const auto& x) { return x.id == term.id; });
            if (same != batch_.terms.end() && same->name == hsds_text(t->get(r, "name")) &&
                same->parent_id == ident("taxonomy", t->get(r, "parent_id")))
                continue;
            if (duplicate(*t, r, key, seen)) continue;
            term.taxonomy_id = taxonomy_id;
            term.parent_id = ident("taxonomy", t->get(r, "parent_id"));
            term.name = hsds_text(t->get(r, "name"));
            term.code = domain::slugify(raw);
            if (term.code.empty()) term.code = "term-" + term.id.substr(0, 8);
            batch_.where[key] = where(*t, r);
            batch_.terms.push_back(std::move(term));
        }
    }

    void organisations() {
        const auto* t = table("organization");
        if (!t) return;
        std::map<std::string, std::size_t> seen;
        for (std::size_t r = 0; r < t->size(); ++r) {
            domain::Organisation o;
            o.id = ident("organization", t->get(r, "id"));
            const auto key = key_of("organisation", o.id.empty() ? where(*t, r) : o.id);
            if (o.id.empty()) {
                problem(*t, r, key, "id: is missing. Every organisation needs an id");
                continue;
            }
            if (duplicate(*t, r, key, seen)) continue;
            o.name = hsds_text(t->get(r, "name"));
            o.description = hsds_text(t->get(r, "description"));
            // Web and e-mail addresses stay as they came: repair() mends them and says so.
            o.url = t->get(r, "url");
            o.email = t->get(r, "email");
            batch_.where[key] = where(*t, r);
            organisation_index_[o.id] = batch_.organisations.size();
            batch_.organisations.push_back(std::move(o));
        }
    }

    void locations() {
        const auto* t = table("location");
        if (!t) return;
        std::map<std::string, std::size_t> seen;
        for (std::size_t r = 0; r < t->size(); ++r) {
            domain::Location l;
            l.id = ident("location", t->get(r, "id"));
            const auto key = key_of("location", l.id.empty() ? where(*t, r) : l.id);
            if (l.id.empty()) {
                problem(*t, r, key, "id: is missing. Every location needs an id");
                continue;
            }
            if (duplicate(*t, r, key, seen)) continue;
            l.name = hsds_text(t->get(r, "name"));
            l.description = hsds_text(t->get(r, "description"));
            l.latitude = number(*t, r, "latitude", key);
            l.longitude = number(*t, r, "longitude", key);
            l.country = options_.country;
            batch_.where[key] = where(*t, r);
            location_index_[l.id] = batch_.locations.size();
            batch_.locations.push_back(std::move(l));
        }
        if (const auto* a = table("physical_address")) {
            std::set<std::string> addressed;
            for (std::size_t r = 0; r < a->size(); ++r) {
                const auto id = ident("location", a->get(r, "location_id"));
                const auto it = location_index_.find(id);
                if (it == location_index_.end()) {
                    problem(*a, r, "line:" + where(*a, r),
                            "location_id: no location in the package has the id " +
                                trim(a->get(r, "location_id")));
                    continue;
                }
                if (!addressed.insert(id).second) {
                    batch_.notes.push_back(where(*a, r) +
                                           ": a second address for one location was left out "
                                           "(we keep one address per place)");
                    continue;
                }
                auto& l = batch_.locations[it->second];
                l.address_1 = hsds_text(a->get(r, "address_1"));
                l.address_2 = hsds_text(a->get(r, "address_2"));
                l.city = hsds_text(a->get(r, "city"));
                l.county = trim(a->get(r, "state_province"));
                l.postcode = trim(a->get(r, "postal_code"));
                const auto country = trim(a->get(r, "country"));
                if (!country.empty()) l.country = hsds_country(country);
            }
        }
        if (const auto* a = table("accessibility_for_disabilities")) {
            for (std::size_t r = 0; r < a->size(); ++r) {
                const auto it = location_index_.find(ident("location", a->get(r, "location_id")));
                if (it == location_index_.end()) {
                    problem(*a, r, "line:" + where(*a, r),
                            "location_id: no location in the package has the id " +
                                trim(a->get(r, "location_id")));
                    continue;
                }
                auto text = hsds_text(a->get(r, "accessibility"));
                const auto details = hsds_text(a->get(r, "details"));
                if (!details.empty()) text += (text.empty() ? "" : ": ") + details;
                if (!text.empty()) batch_.locations[it->second].accessibility.push_back(text);
            }
        }
    }

    // The service a row of a service table belongs to, or nullptr (with a problem) when the
    // service_id is missing or names no service.
    domain::Service* service_for(const Table& t, std::size_t row, bool required) {
        const auto raw = trim(t.get(row, "service_id"));
        if (raw.empty()) {
            if (required)
                problem(t, row, "line:" + where(t, row),
                        "service_id: is missing, so the row cannot be linked to a service");
            return nullptr;
        }
        const auto it = service_index_.find(ident("service", raw));
        if (it == service_index_.end()) {
            problem(t, row, "line:" + where(t, row),
                    "service_id: no service in the package has the id " + raw);
            return nullptr;
        }
        return &batch_.services[it->second];
    }

    void services() {
        const auto* t = table("service");
        std::map<std::string, std::size_t> seen;
        for (std::size_t r = 0; r < t->size(); ++r) {
            domain::Service s;
            s.id = ident("service", t->get(r, "id"));
            const auto key = key_of("service", s.id.empty() ? where(*t, r) : s.id);
            if (s.id.empty()) {
                problem(*t, r, key, "id: is missing. Every service needs an id");
                continue;
            }
            if (duplicate(*t, r, key, seen)) continue;
            s.organisation_id = ident("organization", t->get(r, "organization_id"));
            if (s.organisation_id.empty())
                problem(*t, r, key, "organization_id: is missing. Every service needs one");
            s.name = hsds_text(t->get(r, "name"));
            s.description = hsds_text(t->get(r, "description"));
            s.url = t->get(r, "url");
            s.email = t->get(r, "email");
            const auto status = lower(trim(t->get(r, "status")));
            if (status.empty()) {
                ++blank_status_;
            } else if (auto v = domain::service_status_from_code(status)) {
                s.status = *v;
            } else {
                problem(*t, r, key,
                        "status: \"" + status +
                            "\" is not allowed. Use active, inactive, defunct or temporarily "
                            "closed");
            }
            for (const auto& line :
                 domain::nonblank_lines(hsds_text(t->get(r, "application_process"))))
                s.how_to_access.push_back(line);
            s.waiting_time = hsds_text(t->get(r, "wait_time"));
            if (const auto fees = hsds_text(t->get(r, "fees")); !fees.empty()) {
                // Free text: kept as the cost's description. "Free"/"None" keep it free.
                const auto f = lower(fees);
                if (f != "free" && f != "none" && f != "no fee" && f != "no fees" && f != "n/a")
                    s.free = false;
                s.costs.push_back(
                    {domain::derived_uuid(s.id, "hsds-fees"), "Fees", std::nullopt, fees});
            }
            batch_.where[key] = where(*t, r);
            service_index_[s.id] = batch_.services.size();
            batch_.services.push_back(std::move(s));
        }
        if (blank_status_)
            batch_.notes.push_back(t->name() + ": " + std::to_string(blank_status_) +
                                   " services have no status; they were imported as active");
    }

    void links() {
        if (const auto* t = table("service_at_location"))
            for (std::size_t r = 0; r < t->size(); ++r) {
                auto* s = service_for(*t, r, true);
                if (!s) continue;
                const auto id = ident("location", t->get(r, "location_id"));
                if (id.empty() || !location_index_.count(id)) {
                    // A location already in the directory is allowed; validate() checks it.
                    if (id.empty()) {
                        problem(*t, r, key_of("service", s->id), "location_id: is missing");
                        continue;
                    }
                }
                if (std::find(s->location_ids.begin(), s->location_ids.end(), id) ==
                    s->location_ids.end())
                    s->location_ids.push_back(id);
            }
        contacts_and_phones();
        schedules();
        if (const auto* t = table("language"))
            for (std::size_t r = 0; r < t->size(); ++r) {
                const auto name = hsds_text(t->get(r, "language"));
                if (name.empty()) continue;
                auto* s = service_for(*t, r, false);
                if (!s) continue;
                if (std::none_of(s->languages.begin(), s->languages.end(),
                                 [&](const auto& l) { return l.name == name; }))
                    s->languages.push_back({"", name});
            }
        if (const auto* t = table("service_area"))
            for (std::size_t r = 0; r < t->size(); ++r)
                if (auto* s = service_for(*t, r, true))
                    if (auto name = hsds_text(t->get(r, "service_area")); !name.empty())
                        s->service_areas.push_back({"", name});
        if (const auto* t = table("eligibility")) {
            std::size_t unlinked = 0;
            for (std::size_t r = 0; r < t->size(); ++r) {
                const auto text = hsds_text(t->get(r, "eligibility"));
                if (text.empty()) continue;
                if (trim(t->get(r, "service_id")).empty()) {
                    ++unlinked;
                    continue;
                }
                if (auto* s = service_for(*t, r, true))
                    s->eligibility += (s->eligibility.empty() ? "" : "\n\n") + text;
            }
            if (unlinked)
                batch_.notes.push_back(t->name() + ": " + std::to_string(unlinked) +
                                       " rows have no service_id, so they cannot be linked to a "
                                       "service and were left out");
        }
        if (const auto* t = table("service_taxonomy"))
            for (std::size_t r = 0; r < t->size(); ++r)
                if (auto* s = service_for(*t, r, true)) {
                    const auto id = ident("taxonomy", t->get(r, "taxonomy_id"));
                    if (id.empty()) continue;
                    if (std::find(s->term_ids.begin(), s->term_ids.end(), id) == s->term_ids.end())
                        s->term_ids.push_back(id);
                }
    }

    void contacts_and_phones() {
        std::map<std::string, std::pair<std::size_t, std::size_t>> contact_at;  // id -> (s, c)
        if (const auto* t = table("contact")) {
            std::map<std::string, std::size_t> seen;
            for (std::size_t r = 0; r < t->size(); ++r) {
                auto* s = service_for(*t, r, false);
                if (!s) {
                    if (trim(t->get(r, "service_id")).empty() &&
                        !trim(t->get(r, "organization_id")).empty())
                        ++organisation_contacts_;
                    continue;
                }
                domain::Contact c;
                c.id = ident("contact", t->get(r, "id"));
                if (duplicate(*t, r, key_of("contact", c.id), seen)) continue;
                c.name = hsds_text(t->get(r, "name"));
                c.title = hsds_text(t->get(r, "title"));
                if (const auto d = hsds_text(t->get(r, "department")); !d.empty())
                    c.title += (c.title.empty() ? "" : ", ") + d;
                if (const auto e = t->get(r, "email"); !trim(e).empty()) c.emails.push_back(e);
                if (c.name.empty() && c.title.empty() && c.emails.empty()) {
                    ++empty_contacts_;  // a row that says nothing; its phones join the service's
                    continue;
                }
                contact_at[c.id] = {service_index_[s->id], s->contacts.size()};
                s->contacts.push_back(std::move(c));
            }
            if (empty_contacts_)
                batch_.notes.push_back(t->name() + ": " + std::to_string(empty_contacts_) +
                                       " contacts with no name, title or e-mail were left out");
            if (organisation_contacts_)
                batch_.notes.push_back(t->name() + ": " + std::to_string(organisation_contacts_) +
                                       " contacts of organisations (not of a service) were left "
                                       "out");
        }
        const auto* t = table("phone");
        if (!t) return;
        for (std::size_t r = 0; r < t->size(); ++r) {
            auto number = trim(t->get(r, "number"));
            if (number.empty()) continue;
            domain::Phone p;
            p.id = ident("phone", t->get(r, "id"));
            // "305-751-6501 x313": the extension goes into the description.
            std::string extension = trim(t->get(r, "extension"));
            for (const char* marker : {" x", " ext.", " ext", " X"})
                if (const auto at = number.rfind(marker);
                    at != std::string::npos && at + std::strlen(marker) < number.size()) {
                    const auto rest = trim(number.substr(at + std::strlen(marker)));
                    if (!rest.empty() && std::all_of(rest.begin(), rest.end(),
                                                     [](char c) { return c >= '0' && c <= '9'; })) {
                        if (extension.empty()) extension = rest;
                        number = trim(number.substr(0, at));
                        break;
                    }
                }
            p.number = number;
            std::vector<std::string> about;
            if (!extension.empty()) about.push_back("extension " + extension);
            for (const auto* column : {"type", "language", "description", "department"})
                if (const auto x = hsds_text(t->get(r, column)); !x.empty()) about.push_back(x);
            for (const auto& a : about) p.description += (p.description.empty() ? "" : ", ") + a;
            const auto contact_id = ident("contact", t->get(r, "contact_id"));
            if (const auto it = contact_at.find(contact_id);
                !contact_id.empty() && it != contact_at.end()) {
                batch_.services[it->second.first].contacts[it->second.second].phones.push_back(p);
                continue;
            }
            if (trim(t->get(r, "service_id")).empty()) {
                // An organisation's phone: its first number.
                const auto org =
                    organisation_index_.find(ident("organization", t->get(r, "organization_id")));
                if (org != organisation_index_.end() &&
                    batch_.organisations[org->second].phone.empty())
                    batch_.organisations[org->second].phone = number;
                continue;
            }
            auto* s = service_for(*t, r, true);
            if (!s) continue;
            // The service's own numbers: one contact without a name, listed first.
            const auto id = domain::derived_uuid(s->id, "hsds-phones");
            if (s->contacts.empty() || s->contacts.front().id != id)
                s->contacts.insert(s->contacts.begin(), domain::Contact{id, "", "", {}, {}});
            s->contacts.front().phones.push_back(p);
        }
    }

    void schedules() {
        const auto* t = table("regular_schedule");
        if (!t) return;
        static const std::map<std::string, domain::Weekday> names = {
            {"monday", domain::Weekday::Monday},
            {"tuesday", domain::Weekday::Tuesday},
            {"wednesday", domain::Weekday::Wednesday},
            {"thursday", domain::Weekday::Thursday},
            {"friday", domain::Weekday::Friday},
            {"saturday", domain::Weekday::Saturday},
            {"sunday", domain::Weekday::Sunday},
            {"1", domain::Weekday::Monday},
            {"2", domain::Weekday::Tuesday},
            {"3", domain::Weekday::Wednesday},
            {"4", domain::Weekday::Thursday},
            {"5", domain::Weekday::Friday},
            {"6", domain::Weekday::Saturday},
            {"7", domain::Weekday::Sunday},
            {"mo", domain::Weekday::Monday},
            {"tu", domain::Weekday::Tuesday},
            {"we", domain::Weekday::Wednesday},
            {"th", domain::Weekday::Thursday},
            {"fr", domain::Weekday::Friday},
            {"sa", domain::Weekday::Saturday},
            {"su", domain::Weekday::Sunday}};
        for (std::size_t r = 0; r < t->size(); ++r) {
            auto* s = service_for(*t, r, true);
            if (!s) continue;
            const auto key = "line:" + where(*t, r);  // --skip-invalid leaves out only this row
            if (trim(t->get(r, "opens_at")).empty() && trim(t->get(r, "closes_at")).empty()) {
                ++untimed_;  // e.g. "24 hours a day" kept only in original_text
                continue;
            }
            const auto day_text = lower(trim(t->get(r, "weekday")));
            const auto day = names.find(day_text);
            const auto opens = hsds_time(t->get(r, "opens_at"));
            const auto closes = hsds_time(t->get(r, "closes_at"));
            bool ok = true;
            if (day == names.end()) {
                problem(*t, r, key,
                        "weekday: \"" + trim(t->get(r, "weekday")) +
                            "\" is not a day. Use Monday to Sunday, or 1 (Monday) to 7");
                ok = false;
            }
            for (const auto& [column, value] :
                 {std::pair{"opens_at", opens}, {"closes_at", closes}})
                if (value.empty()) {
                    problem(*t, r, key,
                            std::string(column) + ": \"" + trim(t->get(r, column)) +
                                "\" is not a time. Use 9:00am, 17:30 or 17:30:00");
                    ok = false;
                }
            if (!ok) continue;
            // Rows with the same hours become one weekly pattern with several days.
            auto it = std::find_if(s->schedules.begin(), s->schedules.end(), [&](const auto& x) {
                return x.opens_at == opens && x.closes_at == closes;
            });
            if (it == s->schedules.end()) {
                s->schedules.push_back(
                    {domain::derived_uuid(s->id, "hsds-schedule/" + opens + "-" + closes),
                     {},
                     opens,
                     closes,
                     ""});
                it = s->schedules.end() - 1;
            }
            if (std::find(it->days.begin(), it->days.end(), day->second) == it->days.end()) {
                it->days.push_back(day->second);
                std::sort(it->days.begin(), it->days.end());
            }
        }
        if (untimed_)
            batch_.notes.push_back(t->name() + ": " + std::to_string(untimed_) +
                                   " rows have neither an opening nor a closing time; they were "
                                   "left out");
    }

    const std::string& dir_;
    const HsdsOptions& options_;
    Batch& batch_;
    std::map<std::string, std::unique_ptr<Table>> tables_;
    std::map<std::string, std::size_t> organisation_index_, location_index_, service_index_;
    std::size_t blank_status_ = 0, organisation_contacts_ = 0, empty_contacts_ = 0, untimed_ = 0;
};

}  // namespace

std::string hsds_text(const std::string& raw) {
    std::string s;
    s.reserve(raw.size());
    // Code page 437 readings of UTF-8 punctuation (E2 80 xx), with the E2 flattened to "G".
    static const std::vector<std::pair<std::string, std::string>> mojibake = {
        {"GÇÖ", "\u2019"}, {"GÇÿ", "\u2018"}, {"GÇ£", "\u201C"}, {"GÇ¥", "\u201D"},
        {"GÇô", "\u2013"}, {"GÇö", "\u2014"}, {"GÇª", "\u2026"}, {"GÇó", "\u2022"}};
    for (std::size_t i = 0; i < raw.size();) {
        if (raw.compare(i, 2, "\\n") == 0) {
            s.push_back('\n');
            i += 2;
            continue;
        }
        if (raw.compare(i, 3, "###") == 0) {
            const auto end = raw.find("###", i + 3);
            if (end != std::string::npos && end - i <= 16 &&
                std::all_of(raw.begin() + static_cast<long>(i) + 3,
                            raw.begin() + static_cast<long>(end),
                            [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; })) {
                i = end + 3;
                continue;
            }
        }
        bool repaired = false;
        if (raw.compare(i, 3, "GÇ") == 0)  // "GÇ" is 3 bytes: 'G' C3 87
            for (const auto& [bad, good] : mojibake)
                if (raw.compare(i, bad.size(), bad) == 0) {
                    s += good;
                    i += bad.size();
                    repaired = true;
                    break;
                }
        if (repaired) continue;
        if (raw[i] == '\r') {
            if (i + 1 >= raw.size() || raw[i + 1] != '\n') s.push_back('\n');
            ++i;
            continue;
        }
        s.push_back(raw[i++]);
    }
    // Trim each line's end, and the text, and keep at most one blank line between paragraphs.
    std::string out;
    std::size_t start = 0;
    int blank = 0;
    while (start <= s.size()) {
        auto end = s.find('\n', start);
        if (end == std::string::npos) end = s.size();
        auto line = s.substr(start, end - start);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
        start = end + 1;
        if (line.find_first_not_of(" \t") == std::string::npos) {
            ++blank;
            continue;
        }
        if (!out.empty()) out += blank ? "\n\n" : "\n";
        blank = 0;
        out += line;
    }
    return trim(out);
}

std::string hsds_time(const std::string& raw) {
    auto t = lower(trim(raw));
    std::string suffix;
    if (t.ends_with("am") || t.ends_with("pm")) {
        suffix = t.substr(t.size() - 2);
        t = trim(t.substr(0, t.size() - 2));
    }
    int hour = 0, minute = 0, second = 0;
    const auto parse = [](std::string_view s, int& out) {
        if (s.empty() || s.size() > 2) return false;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc() && end == s.data() + s.size();
    };
    const auto colon = t.find(':');
    if (colon == std::string::npos) {
        if (!parse(t, hour)) return {};
    } else {
        const auto second_colon = t.find(':', colon + 1);
        if (!parse(std::string_view(t).substr(0, colon), hour) ||
            !parse(std::string_view(t).substr(colon + 1, second_colon == std::string::npos
                                                             ? std::string::npos
                                                             : second_colon - colon - 1),
                   minute) ||
            (second_colon != std::string::npos &&
             !parse(std::string_view(t).substr(second_colon + 1), second)))
            return {};
    }
    if (!suffix.empty()) {
        if (hour < 1 || hour > 12) return {};
        if (hour == 12) hour = 0;
        if (suffix == "pm") hour += 12;
    }
    if (hour > 23 || minute > 59 || second > 59) return {};
    const auto two = [](int n) { return std::string(1, char('0' + n / 10)) + char('0' + n % 10); };
    return two(hour) + ":" + two(minute);
}

std::string hsds_country(const std::string& raw) {
    if (domain::is_uk_country(raw)) return {};
    std::string c;
    for (char ch : trim(raw))
        c.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
    if (c == "USA" || c == "UNITED STATES" || c == "UNITED STATES OF AMERICA") return "US";
    if (c == "IRELAND" || c == "IRL") return "IE";
    return c;
}

std::string hsds_hint(const ImportReport& report) {
    for (const auto& p : report.problems)
        if (p.find("real UK postcode") != std::string::npos ||
            p.find("for a place in the UK") != std::string::npos)
            return "If these places are outside the UK, give each address's country in the "
                   "country column of physical_addresses.csv, or import with --country and the "
                   "two-letter code (for example --country US).\n";
    return {};
}

void read_hsds(const std::string& dir, const HsdsOptions& options, Batch& batch) {
    Reader(dir, options, batch).run();
}

}  // namespace lo::interchange
