// One whole service in SQLite: its row and every child record (routes, steps, delivery modes,
// languages, costs, places, contacts with their phones and e-mails, schedules, closures, areas
// and taxonomy terms), read and written as a unit. The repository (services.cpp) decides when.
#include "storage/sqlite/service_records.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "storage/sqlite/query.hpp"

namespace lo::storage::sqlite {
namespace {

using domain::Service;

constexpr const char kUpsertService[] =
    "INSERT INTO services (id, organisation_id, name, summary, description, status, url, email, "
    "min_age, max_age, eligibility, referral_url, free, waiting_time, last_modified, "
    "last_checked, review_due, source, urgent_help, start_date, end_date, closed_reason, "
    "reopening_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
    "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23) ON CONFLICT (id) DO UPDATE SET "
    "organisation_id = ?2, "
    "name = ?3, summary = ?4, description = ?5, status = ?6, url = ?7, email = ?8, min_age = ?9, "
    "max_age = ?10, eligibility = ?11, referral_url = ?12, free = ?13, waiting_time = ?14, "
    "last_modified = ?15, last_checked = ?16, review_due = ?17, source = ?18, urgent_help = ?19, "
    "start_date = ?20, end_date = ?21, closed_reason = ?22, reopening_date = ?23";
// Child tables of a service, replaced as a whole on save.
constexpr const char* kDeleteServiceChildren[] = {
    "DELETE FROM service_referral_routes WHERE service_id = ?1",
    "DELETE FROM service_access_steps WHERE service_id = ?1",
    "DELETE FROM service_delivery_modes WHERE service_id = ?1",
    "DELETE FROM service_languages WHERE service_id = ?1",
    "DELETE FROM cost_options WHERE service_id = ?1",
    "DELETE FROM service_at_locations WHERE service_id = ?1",
    "DELETE FROM contacts WHERE service_id = ?1",
    "DELETE FROM schedules WHERE service_id = ?1",
    "DELETE FROM closures WHERE service_id = ?1",
    "DELETE FROM service_areas WHERE service_id = ?1",
    "DELETE FROM service_taxonomy_terms WHERE service_id = ?1",
};
constexpr const char kInsertRoute[] =
    "INSERT INTO service_referral_routes (service_id, route, position) VALUES (?1, ?2, ?3)";
constexpr const char kInsertStep[] =
    "INSERT INTO service_access_steps (service_id, position, step) VALUES (?1, ?2, ?3)";
constexpr const char kInsertMode[] =
    "INSERT INTO service_delivery_modes (service_id, mode, position) VALUES (?1, ?2, ?3)";
constexpr const char kInsertLanguage[] =
    "INSERT INTO service_languages (id, service_id, position, name) VALUES (?1, ?2, ?3, ?4)";
constexpr const char kInsertCost[] =
    "INSERT INTO cost_options (id, service_id, position, option, amount, amount_description) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char kInsertServiceAtLocation[] =
    "INSERT INTO service_at_locations (id, service_id, location_id, position) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr const char kInsertContact[] =
    "INSERT INTO contacts (id, service_id, position, name, title) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char kInsertPhone[] =
    "INSERT INTO contact_phones (id, contact_id, position, number, description) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char kInsertEmail[] =
    "INSERT INTO contact_emails (contact_id, position, email) VALUES (?1, ?2, ?3)";
constexpr const char kInsertSchedule[] =
    "INSERT INTO schedules (id, service_id, position, byday, opens_at, closes_at, description) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char kInsertClosure[] =
    "INSERT INTO closures (id, service_id, date, description) VALUES (?1, ?2, ?3, ?4)";
constexpr const char kInsertArea[] =
    "INSERT INTO service_areas (id, service_id, position, name) VALUES (?1, ?2, ?3, ?4)";
constexpr const char kInsertServiceTerm[] =
    "INSERT OR IGNORE INTO service_taxonomy_terms (service_id, term_id) VALUES (?1, ?2)";

std::string split_join(const std::vector<domain::Weekday>& days) {
    std::string out;
    for (auto d : days) {
        if (!out.empty()) out += ',';
        out += domain::to_code(d);
    }
    return out;
}

std::vector<domain::Weekday> split_days(const std::string& byday) {
    std::vector<domain::Weekday> out;
    std::size_t start = 0;
    while (start <= byday.size()) {
        auto end = byday.find(',', start);
        if (end == std::string::npos) end = byday.size();
        if (auto d = domain::weekday_from_code(byday.substr(start, end - start))) out.push_back(*d);
        start = end + 1;
    }
    return out;
}

Service read_service_row(const Statement& st) {
    Service s;
    s.id = st.text(0);
    s.organisation_id = st.text(1);
    s.name = st.text(2);
    s.summary = st.text(3);
    s.description = st.text(4);
    s.status = domain::service_status_from_code(st.text(5)).value_or(domain::ServiceStatus::Active);
    s.url = st.text(6);
    s.email = st.text(7);
    s.min_age = st.optional_int(8);
    s.max_age = st.optional_int(9);
    s.eligibility = st.text(10);
    s.referral_url = st.text(11);
    s.free = st.integer(12) != 0;
    s.waiting_time = st.text(13);
    s.last_modified = st.text(14);
    s.last_checked = st.text(15);
    s.review_due = st.text(16);
    s.source = st.text(17);
    s.urgent_help = st.text(18);
    s.start_date = st.text(19);
    s.end_date = st.text(20);
    s.closed_reason = st.text(21);
    s.reopening_date = st.text(22);
    return s;
}

// One service by id: simple reads of each child table by its service_id index. A page of
// services is read with the *Of queries below instead (load_services).
constexpr const char kSelectService[] =
    "SELECT id, organisation_id, name, summary, description, status, url, email, min_age, "
    "max_age, eligibility, referral_url, free, waiting_time, last_modified, last_checked, "
    "review_due, source, urgent_help, start_date, end_date, closed_reason, reopening_date "
    "FROM services WHERE id = ?1";
constexpr const char kSelectRoutes[] =
    "SELECT route FROM service_referral_routes WHERE service_id = ?1 ORDER BY position";
constexpr const char kSelectSteps[] =
    "SELECT step FROM service_access_steps WHERE service_id = ?1 ORDER BY position";
constexpr const char kSelectModes[] =
    "SELECT mode FROM service_delivery_modes WHERE service_id = ?1 ORDER BY position";
constexpr const char kSelectLanguages[] =
    "SELECT id, name FROM service_languages WHERE service_id = ?1 ORDER BY position";
constexpr const char kSelectCosts[] =
    "SELECT id, option, amount, amount_description FROM cost_options WHERE service_id = ?1 "
    "ORDER BY position";
constexpr const char kSelectServiceLocations[] =
    "SELECT location_id FROM service_at_locations WHERE service_id = ?1 ORDER BY position";
constexpr const char kSelectContacts[] =
    "SELECT id, name, title FROM contacts WHERE service_id = ?1 ORDER BY position";
constexpr const char kSelectPhones[] =
    "SELECT id, number, description FROM contact_phones WHERE contact_id = ?1 ORDER BY position";
constexpr const char kSelectEmails[] =
    "SELECT email FROM contact_emails WHERE contact_id = ?1 ORDER BY position";
constexpr const char kSelectSchedules[] =
    "SELECT id, byday, opens_at, closes_at, description FROM schedules WHERE service_id = ?1 "
    "ORDER BY position";
constexpr const char kSelectClosures[] =
    "SELECT id, date, description FROM closures WHERE service_id = ?1 ORDER BY date";
constexpr const char kSelectAreas[] =
    "SELECT id, name FROM service_areas WHERE service_id = ?1 ORDER BY position";
constexpr const char kSelectServiceTerms[] =
    "SELECT st.term_id FROM service_taxonomy_terms st JOIN taxonomy_terms t ON t.id = st.term_id "
    "WHERE st.service_id = ?1 ORDER BY st.term_id";

void load_one_service_children(Connection& c, Service& s) {
    const auto& id = s.id;
    for (const auto& code : strings(c, kSelectRoutes, id))
        if (auto r = domain::referral_route_from_code(code)) s.referral_routes.push_back(*r);
    s.how_to_access = strings(c, kSelectSteps, id);
    for (const auto& code : strings(c, kSelectModes, id))
        if (auto m = domain::delivery_mode_from_code(code)) s.delivery_modes.push_back(*m);
    s.languages = rows(
        c, kSelectLanguages,
        [](const Statement& q) {
            return domain::Language{q.text(0), q.text(1)};
        },
        id);
    s.costs = rows(
        c, kSelectCosts,
        [](const Statement& q) {
            return domain::CostOption{q.text(0), q.text(1), q.optional_real(2), q.text(3)};
        },
        id);
    s.location_ids = strings(c, kSelectServiceLocations, id);
    s.contacts = rows(
        c, kSelectContacts,
        [](const Statement& q) {
            return domain::Contact{q.text(0), q.text(1), q.text(2), {}, {}};
        },
        id);
    for (auto& contact : s.contacts) {
        contact.phones = rows(
            c, kSelectPhones,
            [](const Statement& q) {
                return domain::Phone{q.text(0), q.text(1), q.text(2)};
            },
            contact.id);
        contact.emails = strings(c, kSelectEmails, contact.id);
    }
    s.schedules = rows(
        c, kSelectSchedules,
        [](const Statement& q) {
            return domain::RegularSchedule{q.text(0), split_days(q.text(1)), q.text(2), q.text(3),
                                           q.text(4)};
        },
        id);
    s.closures = rows(
        c, kSelectClosures,
        [](const Statement& q) {
            return domain::Closure{q.text(0), q.text(1), q.text(2)};
        },
        id);
    s.service_areas = rows(
        c, kSelectAreas,
        [](const Statement& q) {
            return domain::ServiceArea{q.text(0), q.text(1)};
        },
        id);
    s.term_ids = strings(c, kSelectServiceTerms, id);
}

// Every child read below takes the services' ids as one JSON array (?1) and returns rows
// grouped by service in each list's own order, so a page of services costs the same fixed
// number of queries whatever its size: the Open Referral lists and the category pages read 20
// or 200 services at once, and one query per child table per service made them about a
// dozen queries a service (issue 20).
#define LO_OF_IDS " IN (SELECT value FROM json_each(?1))"
constexpr const char kServicesOf[] =
    "SELECT id, organisation_id, name, summary, description, status, url, email, min_age, "
    "max_age, eligibility, referral_url, free, waiting_time, last_modified, last_checked, "
    "review_due, source, urgent_help, start_date, end_date, closed_reason, reopening_date "
    "FROM services WHERE id" LO_OF_IDS;
constexpr const char kRoutesOf[] =
    "SELECT service_id, route FROM service_referral_routes WHERE service_id" LO_OF_IDS
    " ORDER BY service_id, position";
constexpr const char kStepsOf[] =
    "SELECT service_id, step FROM service_access_steps WHERE service_id" LO_OF_IDS
    " ORDER BY service_id, position";
constexpr const char kModesOf[] =
    "SELECT service_id, mode FROM service_delivery_modes WHERE service_id" LO_OF_IDS
    " ORDER BY service_id, position";
constexpr const char kLanguagesOf[] =
    "SELECT service_id, id, name FROM service_languages WHERE service_id" LO_OF_IDS
    " ORDER BY service_id, position";
constexpr const char kCostsOf[] =
    "SELECT service_id, id, option, amount, amount_description FROM cost_options "
    "WHERE service_id" LO_OF_IDS " ORDER BY service_id, position";
constexpr const char kLocationsOf[] =
    "SELECT service_id, location_id FROM service_at_locations WHERE service_id" LO_OF_IDS
    " ORDER BY service_id, position";
constexpr const char kContactsOf[] =
    "SELECT service_id, id, name, title FROM contacts WHERE service_id" LO_OF_IDS
    " ORDER BY service_id, position";
constexpr const char kPhonesOf[] =
    "SELECT c.service_id, p.contact_id, p.id, p.number, p.description FROM contact_phones p "
    "JOIN contacts c ON c.id = p.contact_id WHERE c.service_id" LO_OF_IDS
    " ORDER BY p.contact_id, p.position";
constexpr const char kEmailsOf[] =
    "SELECT c.service_id, e.contact_id, e.email FROM contact_emails e "
    "JOIN contacts c ON c.id = e.contact_id WHERE c.service_id" LO_OF_IDS
    " ORDER BY e.contact_id, e.position";
constexpr const char kSchedulesOf[] =
    "SELECT service_id, id, byday, opens_at, closes_at, description FROM schedules "
    "WHERE service_id" LO_OF_IDS " ORDER BY service_id, position";
constexpr const char kClosuresOf[] =
    "SELECT service_id, id, date, description FROM closures WHERE service_id" LO_OF_IDS
    " ORDER BY service_id, date";
constexpr const char kAreasOf[] =
    "SELECT service_id, id, name FROM service_areas WHERE service_id" LO_OF_IDS
    " ORDER BY service_id, position";
constexpr const char kTermsOf[] =
    "SELECT st.service_id, st.term_id FROM service_taxonomy_terms st "
    "JOIN taxonomy_terms t ON t.id = st.term_id WHERE st.service_id" LO_OF_IDS
    " ORDER BY st.service_id, st.term_id";
#undef LO_OF_IDS

using ById = std::unordered_map<std::string_view, Service*>;

// Runs a child read and hands each row to apply with its service (column 0 is its id).
template <typename Apply>
void each_child(
    Connection& c, const char* sql, const std::string& ids, const ById& by_id, Apply&& apply) {
    Query q(c, sql, ids);
    while (q.next())
        if (const auto it = by_id.find(q.row().text_view(0)); it != by_id.end())
            apply(*it->second, q.row());
}

void load_contacts(Connection& c, const std::string& ids, const ById& by_id) {
    std::unordered_map<std::string, domain::Contact*> contacts;
    each_child(c, kContactsOf, ids, by_id, [](Service& s, const Statement& q) {
        s.contacts.push_back({q.text(1), q.text(2), q.text(3), {}, {}});
    });
    // The contacts' addresses stay put from here on: each is found by id for its phones.
    for (const auto& [id, s] : by_id)
        for (auto& contact : s->contacts) contacts.emplace(contact.id, &contact);
    const auto contact_of = [&](const Statement& q) {
        const auto it = contacts.find(q.text(1));
        return it == contacts.end() ? nullptr : it->second;
    };
    each_child(c, kPhonesOf, ids, by_id, [&](Service&, const Statement& q) {
        if (auto* contact = contact_of(q))
            contact->phones.push_back({q.text(2), q.text(3), q.text(4)});
    });
    each_child(c, kEmailsOf, ids, by_id, [&](Service&, const Statement& q) {
        if (auto* contact = contact_of(q)) contact->emails.push_back(q.text(2));
    });
}

void load_children(Connection& c, const std::string& ids, const ById& by_id) {
    each_child(c, kRoutesOf, ids, by_id, [](Service& s, const Statement& q) {
        if (auto r = domain::referral_route_from_code(q.text(1))) s.referral_routes.push_back(*r);
    });
    each_child(c, kStepsOf, ids, by_id,
               [](Service& s, const Statement& q) { s.how_to_access.push_back(q.text(1)); });
    each_child(c, kModesOf, ids, by_id, [](Service& s, const Statement& q) {
        if (auto m = domain::delivery_mode_from_code(q.text(1))) s.delivery_modes.push_back(*m);
    });
    each_child(c, kLanguagesOf, ids, by_id, [](Service& s, const Statement& q) {
        s.languages.push_back({q.text(1), q.text(2)});
    });
    each_child(c, kCostsOf, ids, by_id, [](Service& s, const Statement& q) {
        s.costs.push_back({q.text(1), q.text(2), q.optional_real(3), q.text(4)});
    });
    each_child(c, kLocationsOf, ids, by_id,
               [](Service& s, const Statement& q) { s.location_ids.push_back(q.text(1)); });
    load_contacts(c, ids, by_id);
    each_child(c, kSchedulesOf, ids, by_id, [](Service& s, const Statement& q) {
        s.schedules.push_back({q.text(1), split_days(q.text(2)), q.text(3), q.text(4), q.text(5)});
    });
    each_child(c, kClosuresOf, ids, by_id, [](Service& s, const Statement& q) {
        s.closures.push_back({q.text(1), q.text(2), q.text(3)});
    });
    each_child(c, kAreasOf, ids, by_id, [](Service& s, const Statement& q) {
        s.service_areas.push_back({q.text(1), q.text(2)});
    });
    each_child(c, kTermsOf, ids, by_id,
               [](Service& s, const Statement& q) { s.term_ids.push_back(q.text(1)); });
}

// The lists of codes are written once each, in their first order.
void insert_codes(Connection& c,
                  const char* sql,
                  const std::string& id,
                  const std::vector<std::string>& codes) {
    std::set<std::string> seen;
    int position = 0;
    for (const auto& code : codes)
        if (seen.insert(code).second) run(c, sql, id, code, position++);
}

template <typename T>
std::vector<std::string> codes(const std::vector<T>& values) {
    std::vector<std::string> out;
    for (auto v : values) out.emplace_back(domain::to_code(v));
    return out;
}

void insert_contacts(Connection& c, const Service& s) {
    for (std::size_t i = 0; i < s.contacts.size(); ++i) {
        const auto& contact = s.contacts[i];
        run(c, kInsertContact, contact.id, s.id, static_cast<int>(i), contact.name, contact.title);
        for (std::size_t j = 0; j < contact.phones.size(); ++j)
            run(c, kInsertPhone, contact.phones[j].id, contact.id, static_cast<int>(j),
                contact.phones[j].number, contact.phones[j].description);
        for (std::size_t j = 0; j < contact.emails.size(); ++j)
            run(c, kInsertEmail, contact.id, static_cast<int>(j), contact.emails[j]);
    }
}

void insert_children(Connection& c, const Service& s) {
    insert_codes(c, kInsertRoute, s.id, codes(s.referral_routes));
    for (std::size_t i = 0; i < s.how_to_access.size(); ++i)
        run(c, kInsertStep, s.id, static_cast<int>(i), s.how_to_access[i]);
    insert_codes(c, kInsertMode, s.id, codes(s.delivery_modes));
    for (std::size_t i = 0; i < s.languages.size(); ++i)
        run(c, kInsertLanguage, s.languages[i].id, s.id, static_cast<int>(i), s.languages[i].name);
    for (std::size_t i = 0; i < s.costs.size(); ++i)
        run(c, kInsertCost, s.costs[i].id, s.id, static_cast<int>(i), s.costs[i].option,
            s.costs[i].amount, s.costs[i].amount_description);
    std::set<std::string> seen_locations;
    int position = 0;
    for (const auto& location_id : s.location_ids)
        if (seen_locations.insert(location_id).second)
            run(c, kInsertServiceAtLocation, domain::derived_uuid(s.id, "at/" + location_id), s.id,
                location_id, position++);
    insert_contacts(c, s);
    for (std::size_t i = 0; i < s.schedules.size(); ++i)
        run(c, kInsertSchedule, s.schedules[i].id, s.id, static_cast<int>(i),
            split_join(s.schedules[i].days), s.schedules[i].opens_at, s.schedules[i].closes_at,
            s.schedules[i].description);
    for (const auto& closure : s.closures)
        run(c, kInsertClosure, closure.id, s.id, closure.date, closure.description);
    for (std::size_t i = 0; i < s.service_areas.size(); ++i)
        run(c, kInsertArea, s.service_areas[i].id, s.id, static_cast<int>(i),
            s.service_areas[i].name);
    for (const auto& term_id : s.term_ids) run(c, kInsertServiceTerm, s.id, term_id);
}

}  // namespace

std::string json_array(const std::vector<std::string>& ids) {
    std::string out = "[";
    for (const auto& id : ids) {
        if (out.size() > 1) out += ',';
        out += '"';
        for (const char ch : id) {
            const auto u = static_cast<unsigned char>(ch);
            if (ch == '"' || ch == '\\') {
                out += '\\';
                out += ch;
            } else if (u < 0x20) {
                static constexpr char kHex[] = "0123456789abcdef";
                out += "\\u00";
                out += kHex[u >> 4];
                out += kHex[u & 15];
            } else {
                out += ch;
            }
        }
        out += '"';
    }
    return out + "]";
}

std::optional<Service> load_service(Connection& c, const std::string& id) {
    auto s = optional_row(c, kSelectService, read_service_row, id);
    if (s) load_one_service_children(c, *s);
    return s;
}

std::vector<Service> load_services(Connection& c, const std::vector<std::string>& ids) {
    if (ids.empty()) return {};
    // One service: its own simple reads are cheaper than the page's (each of those builds a
    // temporary index of the ids in SQLite).
    if (ids.size() == 1) {
        auto one = load_service(c, ids.front());
        return one ? std::vector<Service>{std::move(*one)} : std::vector<Service>{};
    }
    const auto list = json_array(ids);
    // Read into a map first: the rows come in the database's order, the answer in the ids'.
    std::unordered_map<std::string, Service> found;
    {
        Query q(c, kServicesOf, list);
        while (q.next()) {
            auto s = read_service_row(q.row());
            auto id = s.id;
            found.emplace(std::move(id), std::move(s));
        }
    }
    ById by_id;
    for (auto& [id, s] : found) by_id.emplace(s.id, &s);
    load_children(c, list, by_id);
    std::vector<Service> out;
    out.reserve(ids.size());
    for (const auto& id : ids)
        if (const auto it = found.find(id); it != found.end()) out.push_back(it->second);
    return out;
}

Service normalised(Service s) {
    const auto dedupe = [](auto& v) {
        std::vector<std::decay_t<decltype(v[0])>> out;
        for (const auto& x : v)
            if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
        v = std::move(out);
    };
    dedupe(s.referral_routes);
    dedupe(s.delivery_modes);
    dedupe(s.location_ids);
    dedupe(s.term_ids);
    std::sort(s.term_ids.begin(), s.term_ids.end());
    std::stable_sort(s.closures.begin(), s.closures.end(),
                     [](const auto& a, const auto& b) { return a.date < b.date; });
    s.last_modified.clear();
    return s;
}

void write_service(Connection& c, const Service& s) {
    run(c, kUpsertService, s.id, s.organisation_id, s.name, s.summary, s.description,
        domain::to_code(s.status), s.url, s.email, s.min_age, s.max_age, s.eligibility,
        s.referral_url, s.free, s.waiting_time, domain::now_rfc3339(), s.last_checked, s.review_due,
        s.source, s.urgent_help, s.start_date, s.end_date, s.closed_reason, s.reopening_date);
    for (const char* sql : kDeleteServiceChildren) run(c, sql, s.id);
    insert_children(c, s);
}

}  // namespace lo::storage::sqlite
