// export csv: the directory as the spreadsheet set described in docs/csv.md.
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>

#include "domain/model.hpp"
#include "interchange/csv.hpp"
#include "interchange/csv_io.hpp"

namespace lo::interchange {
namespace {

namespace fs = std::filesystem;

// The shortest text that reads back as the same double: 51.7548, not 51.754800000000003.
std::string number(const std::optional<double>& v) {
    if (!v) return {};
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *v);
    return std::string(buf, end);
}
std::string number(const std::optional<int>& v) {
    return v ? std::to_string(*v) : std::string();
}
std::string yes_no(bool v) {
    return v ? "yes" : "no";
}

template <typename T, typename F>
std::string joined(const std::vector<T>& items, const char* separator, F f) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += f(item);
    }
    return out;
}

class Writer {
public:
    Writer(const fs::path& dir, const CsvFile& file)
        : out_(dir / file.name, std::ios::binary | std::ios::trunc) {
        if (!out_)
            throw InputError("Could not write " + (dir / file.name).string() +
                             ". Check the folder exists and you are allowed to write to it.");
        out_ << "\xEF\xBB\xBF";
        std::vector<std::string> header(file.columns.begin(), file.columns.end());
        header.insert(header.end(), file.optional.begin(), file.optional.end());
        out_ << csv::record(header);
    }
    void row(const std::vector<std::string>& fields) { out_ << csv::record(fields); }

private:
    std::ofstream out_;
};

const CsvFile& file(const char* name) {
    for (const auto& f : csv_files())
        if (std::string_view(f.name) == name) return f;
    throw std::logic_error(std::string("no CSV file ") + name);
}

}  // namespace

void export_csv_dir(storage::Store& store, const std::string& dir_name) {
    const fs::path dir(dir_name);
    std::error_code ec;
    fs::create_directories(dir, ec);
    const auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };

    auto taxonomies = store.taxonomies().taxonomies();
    std::sort(taxonomies.begin(), taxonomies.end(), by_id);
    {
        Writer w(dir, file("taxonomies.csv"));
        for (const auto& t : taxonomies)
            w.row({t.id, t.code, t.name, t.description, t.uri, t.version});
    }
    {
        Writer w(dir, file("taxonomy_terms.csv"));
        std::vector<domain::TaxonomyTerm> terms;
        for (const auto& t : taxonomies)
            for (auto& term : store.taxonomies().terms(t.id)) terms.push_back(std::move(term));
        std::sort(terms.begin(), terms.end(), by_id);
        for (const auto& t : terms)
            w.row({t.id, t.taxonomy_id, t.parent_id, t.code, t.name, t.description,
                   std::to_string(t.position)});
    }
    {
        Writer w(dir, file("organisations.csv"));
        auto organisations = store.organisations().list({.limit = 1000000000, .offset = 0});
        std::sort(organisations.begin(), organisations.end(), by_id);
        for (const auto& o : organisations)
            w.row({o.id, o.name, o.description, o.url, o.email, o.phone, o.source});
    }
    {
        Writer w(dir, file("locations.csv"));
        auto locations = store.locations().list({.limit = 1000000000, .offset = 0});
        std::sort(locations.begin(), locations.end(), by_id);
        for (const auto& l : locations)
            w.row({l.id, l.name, l.description, l.address_1, l.address_2, l.city, l.county,
                   l.postcode, l.country, number(l.latitude), number(l.longitude),
                   yes_no(l.hide_address), joined(l.accessibility, "\n", [](auto& a) { return a; }),
                   l.source});
    }

    storage::ServiceQuery q;
    q.include_defunct = true;
    auto ids = store.services().query_ids(q, {.limit = 1000000000, .offset = 0});
    std::sort(ids.begin(), ids.end());
    Writer services(dir, file("services.csv")), at(dir, file("service_locations.csv")),
        contacts(dir, file("contacts.csv")), phones(dir, file("phones.csv")),
        schedules(dir, file("schedules.csv")), closures(dir, file("closures.csv")),
        costs(dir, file("costs.csv")), languages(dir, file("languages.csv")),
        areas(dir, file("service_areas.csv")), links(dir, file("taxonomy_links.csv"));
    for (const auto& id : ids) {
        const auto found = store.services().find(id);
        if (!found) continue;
        const auto& s = *found;
        const auto code = [](auto v) { return std::string(domain::to_code(v)); };
        services.row({s.id,
                      s.organisation_id,
                      s.name,
                      s.summary,
                      s.description,
                      code(s.status),
                      s.url,
                      s.email,
                      number(s.min_age),
                      number(s.max_age),
                      s.eligibility,
                      joined(s.referral_routes, kCsvListSeparator, code),
                      s.referral_url,
                      joined(s.how_to_access, "\n", [](auto& a) { return a; }),
                      yes_no(s.free),
                      joined(s.delivery_modes, kCsvListSeparator, code),
                      s.waiting_time,
                      s.last_checked,
                      s.review_due,
                      s.last_modified,
                      s.source,
                      s.urgent_help});
        for (const auto& l : s.location_ids) at.row({s.id, l});
        for (const auto& c : s.contacts) {
            contacts.row({c.id, s.id, c.name, c.title,
                          joined(c.emails, kCsvListSeparator, [](auto& e) { return e; })});
            for (const auto& p : c.phones) phones.row({p.id, c.id, s.id, p.number, p.description});
        }
        for (const auto& r : s.schedules)
            schedules.row({r.id, s.id, joined(r.days, kCsvListSeparator, code), r.opens_at,
                           r.closes_at, r.description});
        for (const auto& c : s.closures) closures.row({c.id, s.id, c.date, c.description});
        for (const auto& c : s.costs)
            costs.row({c.id, s.id, c.option, number(c.amount), c.amount_description});
        for (const auto& l : s.languages) languages.row({l.id, s.id, l.name});
        for (const auto& a : s.service_areas) areas.row({a.id, s.id, a.name});
        for (const auto& t : s.term_ids) {
            const auto term = store.taxonomies().find_term(t);
            links.row({s.id, t, term ? term->name : std::string()});
        }
    }
}

}  // namespace lo::interchange
