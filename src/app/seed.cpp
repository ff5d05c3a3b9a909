// Taxonomy and demo loaders: parse everything, validate everything, then write in one transaction.
#include "app/seed.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "domain/ids.hpp"
#include "domain/validation.hpp"

namespace lo::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw LoadFailed("Could not read " + path.string() + ". Check the file exists.", {});
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

json parse_json(const fs::path& path) {
    try {
        return json::parse(read_file(path));
    } catch (const json::parse_error& e) {
        throw LoadFailed(
            path.string() + " is not valid JSON (" + e.what() + "). Fix the file and try again.",
            {});
    }
}

// Reads fields leniently but records every type mismatch as a problem with its path.
class Reader {
public:
    Reader(std::vector<std::string>& problems, std::string where)
        : problems_(problems), where_(std::move(where)) {}

    std::string str(const json& j, const char* key) {
        if (!j.contains(key) || j[key].is_null()) return {};
        if (!j[key].is_string()) {
            problem(key, "must be text");
            return {};
        }
        return j[key].get<std::string>();
    }
    std::optional<int> integer(const json& j, const char* key) {
        if (!j.contains(key) || j[key].is_null()) return std::nullopt;
        if (!j[key].is_number_integer()) {
            problem(key, "must be a whole number");
            return std::nullopt;
        }
        return j[key].get<int>();
    }
    std::optional<double> number(const json& j, const char* key) {
        if (!j.contains(key) || j[key].is_null()) return std::nullopt;
        if (!j[key].is_number()) {
            problem(key, "must be a number");
            return std::nullopt;
        }
        return j[key].get<double>();
    }
    bool boolean(const json& j, const char* key, bool fallback) {
        if (!j.contains(key) || j[key].is_null()) return fallback;
        if (!j[key].is_boolean()) {
            problem(key, "must be true or false");
            return fallback;
        }
        return j[key].get<bool>();
    }
    const json& array(const json& j, const char* key) {
        static const json empty = json::array();
        if (!j.contains(key) || j[key].is_null()) return empty;
        if (!j[key].is_array()) {
            problem(key, "must be a list");
            return empty;
        }
        return j[key];
    }
    std::vector<std::string> strings(const json& j, const char* key) {
        std::vector<std::string> out;
        for (const auto& item : array(j, key)) {
            if (item.is_string())
                out.push_back(item.get<std::string>());
            else
                problem(key, "must be a list of text values");
        }
        return out;
    }
    void problem(const std::string& field, const std::string& message) {
        problems_.push_back(where_ + "." + field + ": " + message);
    }
    void errors(const domain::ValidationErrors& errors) {
        for (const auto& e : errors) problem(e.field, e.message);
    }

private:
    std::vector<std::string>& problems_;
    std::string where_;
};

// Splits "---\nkey: value\n---\nbody" front matter.
std::map<std::string, std::string> front_matter(const std::string& text, std::string& body) {
    std::map<std::string, std::string> out;
    body = text;
    if (!text.starts_with("---\n")) return out;
    const auto end = text.find("\n---\n", 4);
    if (end == std::string::npos) return out;
    std::istringstream lines(text.substr(4, end - 4));
    for (std::string line; std::getline(lines, line);) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        auto value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        out[line.substr(0, colon)] = value;
    }
    body = text.substr(end + 5);
    return out;
}

void add_terms(const json& terms,
               const domain::Taxonomy& taxonomy,
               const std::string& parent_id,
               std::vector<domain::TaxonomyTerm>& out,
               std::vector<std::string>& problems) {
    int position = 0;
    for (const auto& t : terms) {
        Reader r(problems, "taxonomy " + taxonomy.code + " term " + std::to_string(out.size()));
        domain::TaxonomyTerm term;
        term.code = r.str(t, "code");
        term.id = domain::derived_uuid(taxonomy.id, "term/" + term.code);
        term.taxonomy_id = taxonomy.id;
        term.parent_id = parent_id;
        term.name = r.str(t, "name");
        term.description = r.str(t, "description");
        term.position = position++;
        r.errors(domain::validate(term));
        out.push_back(term);
        add_terms(r.array(t, "children"), taxonomy, term.id, out, problems);
    }
}

}  // namespace

LoadFailed::LoadFailed(std::string what, std::vector<std::string> problems)
    : std::runtime_error(std::move(what)), problems_(std::move(problems)) {}

LoadReport load_taxonomies(storage::Store& store, const std::string& file) {
    const json doc = parse_json(file);
    std::vector<std::string> problems;
    std::vector<domain::Taxonomy> taxonomies;
    std::vector<domain::TaxonomyTerm> terms;
    Reader top(problems, fs::path(file).filename().string());
    for (const auto& t : top.array(doc, "taxonomies")) {
        Reader r(problems, "taxonomy " + std::to_string(taxonomies.size()));
        domain::Taxonomy taxonomy{r.str(t, "id"),          r.str(t, "code"), r.str(t, "name"),
                                  r.str(t, "description"), r.str(t, "uri"),  r.str(t, "version")};
        r.errors(domain::validate(taxonomy));
        taxonomies.push_back(taxonomy);
        add_terms(r.array(t, "terms"), taxonomy, "", terms, problems);
    }
    if (!problems.empty())
        throw LoadFailed(
            file + " has " + std::to_string(problems.size()) + " problem(s); nothing was loaded.",
            problems);
    store.transaction([&](storage::Store& tx) {
        for (const auto& t : taxonomies) tx.taxonomies().save_taxonomy(t);
        for (const auto& t : terms) tx.taxonomies().save_term(t);
    });
    LoadReport report;
    report.taxonomies = static_cast<int>(taxonomies.size());
    report.terms = static_cast<int>(terms.size());
    return report;
}

LoadReport load_demo(storage::Store& store, const std::string& demo_dir, int review_months) {
    const fs::path dir(demo_dir);
    const json doc = parse_json(dir / "localoffer.json");
    std::vector<std::string> problems;

    std::vector<domain::Organisation> organisations;
    for (const auto& j : Reader(problems, "organisations").array(doc, "organisations")) {
        Reader r(problems, "organisations[" + std::to_string(organisations.size()) + "]");
        domain::Organisation o;
        o.id = r.str(j, "id");
        o.name = r.str(j, "name");
        o.description = r.str(j, "description");
        o.url = r.str(j, "url");
        o.email = r.str(j, "email");
        o.phone = r.str(j, "phone");
        o.source = "demo";
        r.errors(domain::validate(o));
        organisations.push_back(o);
    }

    std::vector<domain::Location> locations;
    for (const auto& j : Reader(problems, "locations").array(doc, "locations")) {
        Reader r(problems, "locations[" + std::to_string(locations.size()) + "]");
        domain::Location l;
        l.id = r.str(j, "id");
        l.name = r.str(j, "name");
        l.description = r.str(j, "description");
        l.address_1 = r.str(j, "address_1");
        l.address_2 = r.str(j, "address_2");
        l.city = r.str(j, "city");
        l.county = r.str(j, "county");
        l.postcode = r.str(j, "postcode");
        l.latitude = r.number(j, "latitude");
        l.longitude = r.number(j, "longitude");
        l.hide_address = r.boolean(j, "hide_address", false);
        l.accessibility = r.strings(j, "accessibility");
        l.source = "demo";
        domain::complete(l);
        r.errors(domain::validate(l));
        locations.push_back(l);
    }

    // Categories and needs are given by code; resolve them against the loaded taxonomies.
    std::map<std::string, std::string> category_ids, need_ids;
    for (const auto& [code, ids] :
         {std::pair{std::string(domain::kCategoriesTaxonomy), &category_ids},
          std::pair{std::string(domain::kNeedsTaxonomy), &need_ids}}) {
        const auto taxonomy = store.taxonomies().find_taxonomy_by_code(code);
        if (!taxonomy) {
            problems.push_back("The " + code + " taxonomy is not loaded. Run: localoffer migrate");
            continue;
        }
        for (const auto& term : store.taxonomies().terms(taxonomy->id)) (*ids)[term.code] = term.id;
    }

    std::vector<domain::Service> services;
    for (const auto& j : Reader(problems, "services").array(doc, "services")) {
        Reader r(problems, "services[" + std::to_string(services.size()) + "]");
        domain::Service s;
        s.id = r.str(j, "id");
        s.organisation_id = r.str(j, "organisation_id");
        s.name = r.str(j, "name");
        s.summary = r.str(j, "summary");
        s.description = r.str(j, "description");
        if (const auto status = r.str(j, "status"); !status.empty()) {
            if (auto v = domain::service_status_from_code(status))
                s.status = *v;
            else
                r.problem("status", "must be one of active, inactive, defunct, temporarily closed");
        }
        s.url = r.str(j, "url");
        s.email = r.str(j, "email");
        s.min_age = r.integer(j, "min_age");
        s.max_age = r.integer(j, "max_age");
        s.eligibility = r.str(j, "eligibility");
        s.urgent_help = r.str(j, "urgent_help");
        for (const auto& code : r.strings(j, "referral_routes")) {
            if (auto v = domain::referral_route_from_code(code))
                s.referral_routes.push_back(*v);
            else
                r.problem("referral_routes", "\"" + code + "\" is not a referral route");
        }
        s.referral_url = r.str(j, "referral_url");
        s.how_to_access = r.strings(j, "how_to_access");
        s.free = r.boolean(j, "free", true);
        for (const auto& c : r.array(j, "costs"))
            s.costs.push_back(
                {"", r.str(c, "option"), r.number(c, "amount"), r.str(c, "amount_description")});
        for (const auto& name : r.strings(j, "languages")) s.languages.push_back({"", name});
        for (const auto& code : r.strings(j, "delivery_modes")) {
            if (auto v = domain::delivery_mode_from_code(code))
                s.delivery_modes.push_back(*v);
            else
                r.problem("delivery_modes", "\"" + code + "\" is not a delivery mode");
        }
        s.waiting_time = r.str(j, "waiting_time");
        s.last_checked = r.str(j, "last_checked");
        s.review_due = r.str(j, "review_due");
        s.location_ids = r.strings(j, "location_ids");
        for (const auto& c : r.array(j, "contacts")) {
            domain::Contact contact{
                "", r.str(c, "name"), r.str(c, "title"), {}, r.strings(c, "emails")};
            for (const auto& p : r.array(c, "phones"))
                contact.phones.push_back({"", r.str(p, "number"), r.str(p, "description")});
            s.contacts.push_back(contact);
        }
        for (const auto& c : r.array(j, "schedules")) {
            domain::RegularSchedule schedule{
                "", {}, r.str(c, "opens_at"), r.str(c, "closes_at"), r.str(c, "description")};
            for (const auto& code : r.strings(c, "days")) {
                if (auto d = domain::weekday_from_code(code))
                    schedule.days.push_back(*d);
                else
                    r.problem("schedules.days", "\"" + code + "\" is not a day (use MO to SU)");
            }
            s.schedules.push_back(schedule);
        }
        for (const auto& c : r.array(j, "closures"))
            s.closures.push_back({"", r.str(c, "date"), r.str(c, "description")});
        for (const auto& name : r.strings(j, "service_areas"))
            s.service_areas.push_back({"", name});
        for (const auto& code : r.strings(j, "categories")) {
            if (auto it = category_ids.find(code); it != category_ids.end())
                s.term_ids.push_back(it->second);
            else
                r.problem("categories", "\"" + code + "\" is not a category code");
        }
        for (const auto& code : r.strings(j, "needs")) {
            if (auto it = need_ids.find(code); it != need_ids.end())
                s.term_ids.push_back(it->second);
            else
                r.problem("needs", "\"" + code + "\" is not a SEND need code");
        }
        s.source = "demo";
        domain::complete(s, review_months);
        r.errors(domain::validate(s));
        services.push_back(std::move(s));
    }

    // References inside the file.
    std::map<std::string, int> seen;
    auto unique = [&](const std::string& kind, const std::string& id) {
        if (++seen[id] == 2) problems.push_back(kind + " id " + id + " is used more than once");
    };
    std::set<std::string> organisation_ids, location_ids;
    for (const auto& o : organisations) unique("organisation", o.id), organisation_ids.insert(o.id);
    for (const auto& l : locations) unique("location", l.id), location_ids.insert(l.id);
    for (std::size_t i = 0; i < services.size(); ++i) {
        const auto& s = services[i];
        unique("service", s.id);
        const auto where = "services[" + std::to_string(i) + "]";
        if (!organisation_ids.count(s.organisation_id))
            problems.push_back(where + ".organisation_id: no organisation has the id " +
                               s.organisation_id);
        for (const auto& id : s.location_ids)
            if (!location_ids.count(id))
                problems.push_back(where + ".location_ids: no location has the id " + id);
    }

    std::vector<domain::AdvicePage> pages;
    const fs::path advice_dir = dir / "advice";
    if (fs::is_directory(advice_dir)) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(advice_dir))
            if (entry.path().extension() == ".md") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            Reader r(problems, "advice/" + file.filename().string());
            domain::AdvicePage page;
            const auto meta = front_matter(read_file(file), page.body_markdown);
            page.slug = file.stem().string();
            page.id = domain::derived_uuid("advice", page.slug);
            page.title = meta.count("title") ? meta.at("title") : "";
            page.summary = meta.count("summary") ? meta.at("summary") : "";
            try {
                page.position = meta.count("order") ? std::stoi(meta.at("order")) : 100;
            } catch (const std::exception&) {
                r.problem("order", "must be a whole number");
            }
            page.source = "demo";
            r.errors(domain::validate(page));
            pages.push_back(page);
        }
    }

    if (!problems.empty())
        throw LoadFailed("The demo Local Offer in " + demo_dir + " has " +
                             std::to_string(problems.size()) + " problem(s); nothing was loaded.",
                         problems);

    LoadReport report;
    report.changed = store.transaction([&](storage::Store& tx) {
        for (const auto& o : organisations) tx.organisations().save(o);
        for (const auto& l : locations) tx.locations().save(l);
        for (const auto& s : services) tx.services().save(s);
        for (const auto& p : pages) tx.advice().save(p);
    });
    report.organisations = static_cast<int>(organisations.size());
    report.locations = static_cast<int>(locations.size());
    report.services = static_cast<int>(services.size());
    report.advice_pages = static_cast<int>(pages.size());
    return report;
}

}  // namespace lo::app
