// import csv: the spreadsheet set (docs/csv.md) -> a Batch that import.cpp validates and writes.
// Every file is read and checked first; rows are reported as "FILE line N (id X): field: what".
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <set>

#include "domain/dates.hpp"
#include "interchange/csv.hpp"
#include "interchange/csv_io.hpp"

namespace lo::interchange {

const std::vector<CsvFile>& csv_files() {
    static const std::vector<CsvFile> files = {
        {"taxonomies.csv", {"id", "code", "name", "description", "uri", "version"}},
        {"taxonomy_terms.csv",
         {"id", "taxonomy_id", "parent_id", "code", "name", "description", "position"}},
        {"organisations.csv", {"id", "name", "description", "url", "email", "phone", "source"}},
        {"locations.csv",
         {"id", "name", "description", "address_1", "address_2", "city", "county", "postcode",
          "country", "latitude", "longitude", "hide_address", "accessibility", "source"}},
        {"services.csv",
         {"id",           "organisation_id", "name",        "summary",
          "description",  "status",          "url",         "email",
          "min_age",      "max_age",         "eligibility", "referral_routes",
          "referral_url", "how_to_access",   "free",        "delivery_modes",
          "waiting_time", "last_checked",    "review_due",  "last_modified",
          "source"},
         {"urgent_help"}},
        {"service_locations.csv", {"service_id", "location_id"}},
        {"contacts.csv", {"id", "service_id", "name", "title", "emails"}},
        {"phones.csv", {"id", "contact_id", "service_id", "number", "description"}},
        {"schedules.csv", {"id", "service_id", "days", "opens_at", "closes_at", "description"}},
        {"closures.csv", {"id", "service_id", "date", "description"}},
        {"costs.csv", {"id", "service_id", "option", "amount", "amount_description"}},
        {"languages.csv", {"id", "service_id", "name"}},
        {"service_areas.csv", {"id", "service_id", "name"}},
        {"taxonomy_links.csv", {"service_id", "term_id", "term_name"}},
    };
    return files;
}

namespace {

namespace fs = std::filesystem;
using csv::Table;

std::string key_of(const char* kind, const std::string& id) {
    return std::string(kind) + ":" + id;
}

std::vector<std::string> split(const std::string& cell, char separator) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= cell.size()) {
        auto end = cell.find(separator, start);
        if (end == std::string::npos) end = cell.size();
        auto part = cell.substr(start, end - start);
        const auto a = part.find_first_not_of(" \r\n\t");
        const auto b = part.find_last_not_of(" \r\n\t");
        if (a != std::string::npos) out.push_back(part.substr(a, b - a + 1));
        start = end + 1;
    }
    return out;
}

class Reader {
public:
    Reader(const std::string& dir, Batch& batch) : dir_(dir), batch_(batch) {}

    void run() {
        load();
        taxonomies();
        organisations();
        locations();
        services();
        children();
    }

private:
    void load() {
        std::error_code ec;
        if (!fs::is_directory(dir_, ec))
            throw InputError("There is no folder at " + dir_ +
                             ". Give the folder that export csv wrote.");
        std::vector<std::string> errors;
        for (const auto& spec : csv_files()) {
            const auto path = fs::path(dir_) / spec.name;
            if (!fs::is_regular_file(path, ec)) {
                errors.push_back(std::string(spec.name) +
                                 ": the file is missing. Keep all 14 files of the set together; a "
                                 "file with only its header row means there are none");
                continue;
            }
            std::unique_ptr<Table> t;
            try {
                t = std::make_unique<Table>(spec.name, read_input(path.string()));
            } catch (const csv::ParseError& e) {
                errors.push_back(std::string(spec.name) + " " + e.what());
                continue;
            }
            std::vector<std::string> missing, unknown;
            for (const auto* c : spec.columns)
                if (!t->has(c)) missing.push_back(c);
            const auto named = [&](const std::string& h) {
                const auto is_h = [&](const char* c) { return h == c; };
                return std::any_of(spec.columns.begin(), spec.columns.end(), is_h) ||
                       std::any_of(spec.optional.begin(), spec.optional.end(), is_h);
            };
            for (const auto& h : t->header())
                if (!named(h))
                    unknown.push_back(h.empty() ? "(a column with no name)" : "\"" + h + "\"");
            if (!missing.empty() || !unknown.empty()) {
                std::string text = std::string(spec.name) + " line 1: ";
                const auto list = [](const std::vector<std::string>& v) {
                    std::string out;
                    for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
                    return out;
                };
                if (!missing.empty())
                    text += "the column" + std::string(missing.size() == 1 ? " " : "s ") +
                            list(missing) + (missing.size() == 1 ? " is" : " are") + " missing";
                if (!unknown.empty())
                    text += std::string(missing.empty() ? "" : "; ") + "the column" +
                            (unknown.size() == 1 ? " " : "s ") + list(unknown) +
                            (unknown.size() == 1 ? " is" : " are") + " not part of the set";
                std::string all;
                for (const auto* c : spec.columns) all += (all.empty() ? "" : ",") + std::string(c);
                errors.push_back(text + ". The header row must be: " + all);
                continue;
            }
            for (const auto& [line, count] : t->ragged())
                batch_.problems.push_back(
                    {std::string(spec.name) + " line " + std::to_string(line),
                     "the row has " + std::to_string(count) + " fields but the header has " +
                         std::to_string(t->header().size()) +
                         ". Put double quotes around any value that holds a comma; if the file "
                         "was cut short, export it again",
                     "line:" + std::string(spec.name) + ":" + std::to_string(line)});
            tables_[spec.name] = std::move(t);
        }
        if (!errors.empty()) {
            std::string text;
            for (const auto& e : errors) text += (text.empty() ? "" : "\n  ") + e;
            throw InputError(text + "\nNothing was imported.");
        }
    }

    const Table& table(const char* name) const { return *tables_.at(name); }

    // Rows of ragged lines are not read: their fields are in the wrong columns.
    bool ragged(const Table& t, std::size_t row) const {
        return std::any_of(t.ragged().begin(), t.ragged().end(),
                           [&](const auto& r) { return r.first == t.line(row); });
    }

    std::string where(const Table& t, std::size_t row, const char* id_column = "id") const {
        const auto& id = t.get(row, id_column);
        return t.name() + " line " + std::to_string(t.line(row)) +
               (id.empty() ? "" : " (id " + id + ")");
    }

    void problem(const Table& t,
                 std::size_t row,
                 const std::string& key,
                 const std::string& m,
                 const char* id_column = "id") {
        batch_.problems.push_back({where(t, row, id_column), m, key});
    }

    // Registers a record's id; false (with a problem) when it is missing or used twice.
    bool fresh_id(const Table& t, std::size_t row, const std::string& kind_key) {
        const auto& id = t.get(row, "id");
        if (id.empty()) {
            problem(t, row, "line:" + where(t, row), "id: is missing. Every row needs its id");
            return false;
        }
        const auto [it, fresh] = first_line_.emplace(t.name() + "/" + id, t.line(row));
        if (!fresh) {
            problem(t, row, kind_key,
                    "id: " + id + " is used by more than one row (first at line " +
                        std::to_string(it->second) + "). Ids must be unique");
            return false;
        }
        return true;
    }

    std::optional<double> number(const Table& t,
                                 std::size_t row,
                                 const char* column,
                                 const std::string& key) {
        const auto& raw = t.get(row, column);
        if (raw.empty()) return std::nullopt;
        double v = 0;
        const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
        if (ec != std::errc() || end != raw.data() + raw.size()) {
            problem(t, row, key, std::string(column) + ": \"" + raw + "\" is not a number");
            return std::nullopt;
        }
        return v;
    }

    std::optional<int> whole(const Table& t,
                             std::size_t row,
                             const char* column,
                             const std::string& key) {
        const auto& raw = t.get(row, column);
        if (raw.empty()) return std::nullopt;
        int v = 0;
        const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
        if (ec != std::errc() || end != raw.data() + raw.size()) {
            problem(t, row, key,
                    std::string(column) + ": \"" + raw + "\" is not a whole number, like 5");
            return std::nullopt;
        }
        return v;
    }

    bool yes_no(const Table& t,
                std::size_t row,
                const char* column,
                const std::string& key,
                bool fallback) {
        const auto& raw = t.get(row, column);
        if (raw == "yes") return true;
        if (raw == "no") return false;
        problem(t, row, key, std::string(column) + ": \"" + raw + "\" must be yes or no");
        return fallback;
    }

    void taxonomies() {
        const auto& t = table("taxonomies.csv");
        for (std::size_t r = 0; r < t.size(); ++r) {
            if (ragged(t, r)) continue;
            const auto key = key_of("taxonomy", t.get(r, "id"));
            if (!fresh_id(t, r, key)) continue;
            batch_.taxonomies.push_back({t.get(r, "id"), t.get(r, "code"), t.get(r, "name"),
                                         t.get(r, "description"), t.get(r, "uri"),
                                         t.get(r, "version")});
            batch_.where[key] = where(t, r);
        }
        const auto& terms = table("taxonomy_terms.csv");
        for (std::size_t r = 0; r < terms.size(); ++r) {
            if (ragged(terms, r)) continue;
            const auto key = key_of("term", terms.get(r, "id"));
            if (!fresh_id(terms, r, key)) continue;
            domain::TaxonomyTerm term;
            term.id = terms.get(r, "id");
            term.taxonomy_id = terms.get(r, "taxonomy_id");
            term.parent_id = terms.get(r, "parent_id");
            term.code = terms.get(r, "code");
            term.name = terms.get(r, "name");
            term.description = terms.get(r, "description");
            term.position = whole(terms, r, "position", key).value_or(0);
            batch_.terms.push_back(std::move(term));
            batch_.where[key] = where(terms, r);
        }
    }

    void organisations() {
        const auto& t = table("organisations.csv");
        for (std::size_t r = 0; r < t.size(); ++r) {
            if (ragged(t, r)) continue;
            const auto key = key_of("organisation", t.get(r, "id"));
            if (!fresh_id(t, r, key)) continue;
            batch_.organisations.push_back(
                {t.get(r, "id"), t.get(r, "name"), t.get(r, "description"), t.get(r, "url"),
                 t.get(r, "email"), t.get(r, "phone"), t.get(r, "source"), ""});
            batch_.where[key] = where(t, r);
        }
    }

    void locations() {
        const auto& t = table("locations.csv");
        for (std::size_t r = 0; r < t.size(); ++r) {
            if (ragged(t, r)) continue;
            const auto key = key_of("location", t.get(r, "id"));
            if (!fresh_id(t, r, key)) continue;
            domain::Location l;
            l.id = t.get(r, "id");
            l.name = t.get(r, "name");
            l.description = t.get(r, "description");
            l.address_1 = t.get(r, "address_1");
            l.address_2 = t.get(r, "address_2");
            l.city = t.get(r, "city");
            l.county = t.get(r, "county");
            l.postcode = t.get(r, "postcode");
            l.country = t.get(r, "country");
            l.latitude = number(t, r, "latitude", key);
            l.longitude = number(t, r, "longitude", key);
            l.hide_address = yes_no(t, r, "hide_address", key, false);
            l.accessibility = split(t.get(r, "accessibility"), '\n');
            l.source = t.get(r, "source");
            batch_.locations.push_back(std::move(l));
            batch_.where[key] = where(t, r);
        }
    }

    template <typename E, typename F>
    std::vector<E> codes(const Table& t,
                         std::size_t row,
                         const char* column,
                         const std::string& key,
                         F from_code,
                         const char* allowed) {
        std::vector<E> out;
        for (const auto& c : split(t.get(row, column), ';')) {
            if (auto v = from_code(c))
                out.push_back(*v);
            else
                problem(t, row, key,
                        std::string(column) + ": \"" + c + "\" is not allowed. Use " + allowed +
                            ", separated by semicolons");
        }
        return out;
    }

    void services() {
        const auto& t = table("services.csv");
        batch_.has_urgent_help = t.has("urgent_help");  // an older set's file keeps what is stored
        for (std::size_t r = 0; r < t.size(); ++r) {
            if (ragged(t, r)) continue;
            const auto key = key_of("service", t.get(r, "id"));
            if (!fresh_id(t, r, key)) continue;
            domain::Service s;
            s.id = t.get(r, "id");
            s.organisation_id = t.get(r, "organisation_id");
            s.name = t.get(r, "name");
            s.summary = t.get(r, "summary");
            s.description = t.get(r, "description");
            if (auto v = domain::service_status_from_code(t.get(r, "status")))
                s.status = *v;
            else
                problem(t, r, key,
                        "status: \"" + t.get(r, "status") +
                            "\" is not allowed. Use active, inactive, defunct or "
                            "temporarily closed");
            s.url = t.get(r, "url");
            s.email = t.get(r, "email");
            s.min_age = whole(t, r, "min_age", key);
            s.max_age = whole(t, r, "max_age", key);
            s.eligibility = t.get(r, "eligibility");
            s.referral_routes = codes<domain::ReferralRoute>(
                t, r, "referral_routes", key,
                [](const std::string& c) { return domain::referral_route_from_code(c); },
                "self, gp, health_professional, school, social_worker or ehc_plan");
            s.referral_url = t.get(r, "referral_url");
            s.how_to_access = split(t.get(r, "how_to_access"), '\n');
            s.free = yes_no(t, r, "free", key, true);
            s.delivery_modes = codes<domain::DeliveryMode>(
                t, r, "delivery_modes", key,
                [](const std::string& c) { return domain::delivery_mode_from_code(c); },
                "in_person, online, phone or home_visit");
            s.waiting_time = t.get(r, "waiting_time");
            s.last_checked = t.get(r, "last_checked");
            s.review_due = t.get(r, "review_due");
            if (const auto& lm = t.get(r, "last_modified"); !lm.empty()) {
                if (domain::is_rfc3339(lm))
                    batch_.service_last_modified[s.id] = lm;
                else
                    problem(t, r, key,
                            "last_modified: \"" + lm +
                                "\" is not an RFC 3339 date-time, like 2025-01-31T09:30:00Z");
            }
            s.source = t.get(r, "source");
            s.urgent_help = t.get(r, "urgent_help");
            service_index_[s.id] = batch_.services.size();
            batch_.services.push_back(std::move(s));
            batch_.where[key] = where(t, r);
        }
    }

    // The service a child row names; nullptr, with a problem, when services.csv has no such id.
    domain::Service* owner(const Table& t, std::size_t row, const char* id_column = "id") {
        const auto& id = t.get(row, "service_id");
        const auto it = service_index_.find(id);
        if (it != service_index_.end()) return &batch_.services[it->second];
        problem(t, row, "line:" + where(t, row, id_column),
                id.empty()
                    ? "service_id: is missing. Give the id of a service in services.csv"
                    : "service_id: no service in services.csv has the id " + id + ". Rows in " +
                          t.name() + " must belong to a service in services.csv",
                id_column);
        return nullptr;
    }

    void children() {
        {
            const auto& t = table("service_locations.csv");
            for (std::size_t r = 0; r < t.size(); ++r)
                if (!ragged(t, r))
                    if (auto* s = owner(t, r, "service_id"))
                        s->location_ids.push_back(t.get(r, "location_id"));
        }
        std::map<std::string, std::pair<std::string, std::size_t>>
            contact_at;  // id -> (service, i)
        {
            const auto& t = table("contacts.csv");
            for (std::size_t r = 0; r < t.size(); ++r) {
                if (ragged(t, r)) continue;
                auto* s = owner(t, r);
                if (!s || !fresh_id(t, r, key_of("service", s->id))) continue;
                contact_at[t.get(r, "id")] = {s->id, s->contacts.size()};
                s->contacts.push_back({t.get(r, "id"),
                                       t.get(r, "name"),
                                       t.get(r, "title"),
                                       {},
                                       split(t.get(r, "emails"), ';')});
            }
        }
        {
            const auto& t = table("phones.csv");
            for (std::size_t r = 0; r < t.size(); ++r) {
                if (ragged(t, r)) continue;
                auto* s = owner(t, r);
                if (!s || !fresh_id(t, r, key_of("service", s->id))) continue;
                const auto it = contact_at.find(t.get(r, "contact_id"));
                if (it == contact_at.end() || it->second.first != s->id) {
                    problem(t, r, key_of("service", s->id),
                            "contact_id: no contact of service " + s->id +
                                " in contacts.csv has the id " + t.get(r, "contact_id"));
                    continue;
                }
                s->contacts[it->second.second].phones.push_back(
                    {t.get(r, "id"), t.get(r, "number"), t.get(r, "description")});
            }
        }
        {
            const auto& t = table("schedules.csv");
            for (std::size_t r = 0; r < t.size(); ++r) {
                if (ragged(t, r)) continue;
                auto* s = owner(t, r);
                if (!s || !fresh_id(t, r, key_of("service", s->id))) continue;
                domain::RegularSchedule schedule;
                schedule.id = t.get(r, "id");
                schedule.days = codes<domain::Weekday>(
                    t, r, "days", key_of("service", s->id),
                    [](const std::string& c) { return domain::weekday_from_code(c); },
                    "MO, TU, WE, TH, FR, SA or SU");
                schedule.opens_at = t.get(r, "opens_at");
                schedule.closes_at = t.get(r, "closes_at");
                schedule.description = t.get(r, "description");
                s->schedules.push_back(std::move(schedule));
            }
        }
        {
            const auto& t = table("closures.csv");
            for (std::size_t r = 0; r < t.size(); ++r) {
                if (ragged(t, r)) continue;
                auto* s = owner(t, r);
                if (!s || !fresh_id(t, r, key_of("service", s->id))) continue;
                s->closures.push_back({t.get(r, "id"), t.get(r, "date"), t.get(r, "description")});
            }
        }
        {
            const auto& t = table("costs.csv");
            for (std::size_t r = 0; r < t.size(); ++r) {
                if (ragged(t, r)) continue;
                auto* s = owner(t, r);
                if (!s || !fresh_id(t, r, key_of("service", s->id))) continue;
                s->costs.push_back({t.get(r, "id"), t.get(r, "option"),
                                    number(t, r, "amount", key_of("service", s->id)),
                                    t.get(r, "amount_description")});
            }
        }
        for (const char* name : {"languages.csv", "service_areas.csv"}) {
            const auto& t = table(name);
            for (std::size_t r = 0; r < t.size(); ++r) {
                if (ragged(t, r)) continue;
                auto* s = owner(t, r);
                if (!s || !fresh_id(t, r, key_of("service", s->id))) continue;
                if (std::string_view(name) == "languages.csv")
                    s->languages.push_back({t.get(r, "id"), t.get(r, "name")});
                else
                    s->service_areas.push_back({t.get(r, "id"), t.get(r, "name")});
            }
        }
        {
            const auto& t = table("taxonomy_links.csv");
            for (std::size_t r = 0; r < t.size(); ++r)
                if (!ragged(t, r))
                    if (auto* s = owner(t, r, "service_id"))
                        s->term_ids.push_back(t.get(r, "term_id"));
        }
    }

    const std::string& dir_;
    Batch& batch_;
    std::map<std::string, std::unique_ptr<Table>> tables_;
    std::map<std::string, std::size_t> first_line_;  // "file/id" -> line
    std::map<std::string, std::size_t> service_index_;
};

}  // namespace

void read_csv_dir(const std::string& dir, Batch& batch) {
    Reader(dir, batch).run();
}

}  // namespace lo::interchange
