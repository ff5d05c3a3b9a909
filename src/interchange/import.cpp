// Open Referral UK JSON -> domain records, whole-input validation, and the one-transaction write.
#include "interchange/import.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string_view>

#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "domain/validation.hpp"
#include "interchange/html_text.hpp"
#include "interchange/repair.hpp"

namespace lo::interchange {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

enum class Kind { Unknown, Service, Organisation, Location, Taxonomy, Term };

std::string clean(std::string s) {
    // Trim ASCII whitespace and no-break spaces (U+00A0), which real feeds paste around e-mails.
    const auto is_space_at = [&](std::size_t i, bool from_end) -> std::size_t {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
        if (!from_end && c == 0xC2 && i + 1 < s.size() &&
            static_cast<unsigned char>(s[i + 1]) == 0xA0)
            return 2;
        if (from_end && c == 0xA0 && i > 0 && static_cast<unsigned char>(s[i - 1]) == 0xC2)
            return 2;
        return 0;
    };
    std::size_t start = 0;
    while (start < s.size())
        if (const auto n = is_space_at(start, false))
            start += n;
        else
            break;
    std::size_t end = s.size();
    while (end > start)
        if (const auto n = is_space_at(end - 1, true))
            end -= n;
        else
            break;
    return s.substr(start, end - start);
}

std::string type_name(const json& j) {
    switch (j.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "true/false";
        case json::value_t::string:
            return "text";
        case json::value_t::array:
            return "a list";
        case json::value_t::object:
            return "an object";
        default:
            return "a number";
    }
}

// Reads one record's fields, recording type mismatches as problems against it.
class Fields {
public:
    Fields(Batch& batch, std::string where, std::string key, std::string prefix = {})
        : batch_(batch),
          where_(std::move(where)),
          key_(std::move(key)),
          prefix_(std::move(prefix)) {}

    std::string str(const json& j, const char* name) {
        if (!j.is_object() || !j.contains(name) || j[name].is_null()) return {};
        if (!j[name].is_string()) {
            problem(name, "must be text, not " + type_name(j[name]));
            return {};
        }
        return j[name].get<std::string>();
    }
    std::optional<double> number(const json& j, const char* name) {
        if (!j.is_object() || !j.contains(name) || j[name].is_null()) return std::nullopt;
        if (!j[name].is_number()) {
            problem(name, "must be a number, not " + type_name(j[name]));
            return std::nullopt;
        }
        return j[name].get<double>();
    }
    std::optional<bool> boolean(const json& j, const char* name) {
        if (!j.is_object() || !j.contains(name) || j[name].is_null()) return std::nullopt;
        if (!j[name].is_boolean()) {
            problem(name, "must be true or false, not " + type_name(j[name]));
            return std::nullopt;
        }
        return j[name].get<bool>();
    }
    const json& array(const json& j, const char* name) {
        static const json empty = json::array();
        if (!j.is_object() || !j.contains(name) || j[name].is_null()) return empty;
        if (!j[name].is_array()) {
            problem(name, "must be a list, not " + type_name(j[name]));
            return empty;
        }
        return j[name];
    }
    std::vector<std::string> strings(const json& j, const char* name) {
        std::vector<std::string> out;
        for (const auto& v : array(j, name)) {
            if (v.is_string())
                out.push_back(v.get<std::string>());
            else
                problem(name, "must be a list of text values");
        }
        return out;
    }
    void problem(const std::string& field, const std::string& message) {
        batch_.problems.push_back({where_, prefix_ + field + ": " + message, key_});
    }
    void errors(const domain::ValidationErrors& errors) {
        for (const auto& e : errors) problem(e.field, e.message);
    }
    Fields nested(const std::string& prefix) const {
        return Fields(batch_, where_, key_, prefix_ + prefix);
    }
    const std::string& where() const { return where_; }

private:
    Batch& batch_;
    std::string where_;
    std::string key_;
    std::string prefix_;
};

std::string key_of(const char* kind, const std::string& id) {
    return std::string(kind) + ":" + id;
}

Kind kind_of(const json& j) {
    const auto has = [&](const char* k) { return j.contains(k); };
    if (has("status") || has("organization_id") || has("service_at_locations") ||
        has("pc_metadata") || (has("organization") && j["organization"].is_object()))
        return Kind::Service;
    if (has("taxonomy_terms")) return Kind::Taxonomy;
    if (has("taxonomy_id") || has("parent_id") || has("term_uri")) return Kind::Term;
    if (has("location_type")) return Kind::Location;
    if (has("website") || has("services") || has("organization_identifiers") || has("logo"))
        return Kind::Organisation;
    return Kind::Service;
}

std::string date_part(const std::string& s) {
    const auto d = clean(s);
    return d.size() >= 10 && domain::parse_date(d.substr(0, 10)) ? d.substr(0, 10) : d;
}

void add_organisation(Batch& batch, domain::Organisation o, const std::string& where) {
    const auto key = key_of("organisation", o.id);
    // The same organisation, embedded in another service: the first copy is kept.
    if (!batch.seen_organisations.insert(o.id).second) return;
    batch.where[key] = where;
    batch.organisations.push_back(std::move(o));
}

domain::Organisation read_organisation(const json& j, Fields f, bool v1) {
    domain::Organisation o;
    o.id = clean(f.str(j, "id"));
    o.name = clean(f.str(j, "name"));
    o.description = f.str(j, "description");
    if (v1 || looks_like_html(o.description)) o.description = html_to_text(o.description);
    // Web and e-mail addresses stay as they came: repair() mends them and says what it did.
    o.url = f.str(j, "website");
    if (clean(o.url).empty()) o.url = f.str(j, "url");
    o.email = f.str(j, "email");
    for (const auto& p : f.array(j, "phones"))
        if (o.phone.empty()) o.phone = clean(f.str(p, "number"));
    return o;
}

domain::Location read_location(const json& j, Fields f) {
    domain::Location l;
    l.id = clean(f.str(j, "id"));
    l.name = clean(f.str(j, "name"));
    l.description = f.str(j, "description");
    l.latitude = f.number(j, "latitude");
    l.longitude = f.number(j, "longitude");
    const auto& addresses = f.array(j, "addresses");
    if (!addresses.empty()) {
        const auto& a = addresses[0];
        l.address_1 = clean(f.str(a, "address_1"));
        l.address_2 = clean(f.str(a, "address_2"));
        l.city = clean(f.str(a, "city"));
        l.county = clean(f.str(a, "state_province"));
        l.postcode = clean(f.str(a, "postal_code"));
    }
    for (const auto& a : f.array(j, "accessibility")) {
        auto text = clean(f.str(a, "description"));
        if (text.empty()) text = clean(f.str(a, "accessibility"));
        if (!text.empty()) l.accessibility.push_back(text);
    }
    if (const auto hidden = f.boolean(j, "hide_address")) l.hide_address = *hidden;
    return l;
}

domain::TaxonomyTerm read_term(const json& j, Fields f, const std::string& taxonomy_id = {}) {
    domain::TaxonomyTerm t;
    t.id = clean(f.str(j, "id"));
    t.taxonomy_id = taxonomy_id.empty() ? clean(f.str(j, "taxonomy_id")) : taxonomy_id;
    t.parent_id = clean(f.str(j, "parent_id"));
    t.name = clean(f.str(j, "name"));
    t.description = f.str(j, "description");
    t.code = clean(f.str(j, "code"));
    if (t.code.empty()) t.code = clean(f.str(j, "term"));
    if (!domain::is_valid_slug(t.code)) t.code = domain::slugify(t.code.empty() ? t.name : t.code);
    if (j.is_object() && j.contains("position") && j["position"].is_number_integer())
        t.position = j["position"].get<int>();
    return t;
}

void add_term(Batch& batch,
              domain::TaxonomyTerm t,
              const std::string& where,
              const std::string& taxonomy_name = {}) {
    if (!batch.seen_terms.insert(t.id).second) return;
    batch.where[key_of("term", t.id)] = where;
    if (!taxonomy_name.empty()) batch.where["taxonomy-name:" + t.taxonomy_id] = taxonomy_name;
    batch.terms.push_back(std::move(t));
}

void read_taxonomy(const json& j, Batch& batch, const std::string& where) {
    domain::Taxonomy t;
    Fields f(batch, where, "");
    t.id = clean(f.str(j, "id"));
    Fields g(batch, where + " (taxonomy " + t.id + ")", key_of("taxonomy", t.id));
    t.name = clean(g.str(j, "name"));
    t.description = g.str(j, "description");
    t.uri = g.str(j, "uri");
    t.version = clean(g.str(j, "version"));
    t.code = clean(g.str(j, "code"));
    if (!domain::is_valid_slug(t.code)) t.code = domain::slugify(t.code.empty() ? t.name : t.code);
    int i = 0;
    for (const auto& term : g.array(j, "taxonomy_terms")) {
        const auto term_where = where + " taxonomy_terms[" + std::to_string(i++) + "]";
        auto parsed = read_term(
            term, Fields(batch, term_where, key_of("term", clean(term.value("id", "")))), t.id);
        add_term(batch, std::move(parsed), term_where);
    }
    batch.where[key_of("taxonomy", t.id)] = where;
    for (const auto& existing : batch.taxonomies)
        if (existing.id == t.id) return;
    batch.taxonomies.push_back(std::move(t));
}

// Labels of a v1 list field ("Parents>Grandparents") become terms of a taxonomy of that name.
std::string v1_term(Batch& batch,
                    const std::string& taxonomy_code,
                    const std::string& taxonomy_name,
                    const std::string& label,
                    const std::string& where) {
    const auto taxonomy_id = domain::derived_uuid("oruk-v1", "taxonomy/" + taxonomy_code);
    if (std::none_of(batch.taxonomies.begin(), batch.taxonomies.end(),
                     [&](const auto& t) { return t.id == taxonomy_id; })) {
        batch.taxonomies.push_back(
            {taxonomy_id, taxonomy_code, taxonomy_name,
             "Labels from Open Referral UK v1 feeds (" + taxonomy_code + ").", "", ""});
        batch.where[key_of("taxonomy", taxonomy_id)] = where;
    }
    std::string parent_id, path;
    std::size_t start = 0;
    while (start <= label.size()) {
        auto end = label.find('>', start);
        if (end == std::string::npos) end = label.size();
        const auto part = clean(label.substr(start, end - start));
        start = end + 1;
        if (part.empty()) continue;
        path += (path.empty() ? "" : ">") + domain::slugify(part);
        domain::TaxonomyTerm t;
        t.id = domain::derived_uuid(taxonomy_id, "term/" + path);
        t.taxonomy_id = taxonomy_id;
        t.parent_id = parent_id;
        t.name = part;
        t.code = domain::slugify(path);
        if (t.code.empty()) t.code = "term-" + t.id.substr(0, 8);
        add_term(batch, t, where);
        parent_id = t.id;
    }
    return parent_id;
}

void read_service(const json& j, Batch& batch, const std::string& where) {
    const bool v1 = j.contains("pc_metadata") || j.contains("pc_targetAudience") ||
                    j.contains("deliverable_type") || j.contains("attending_access");
    domain::Service s;
    Fields top(batch, where, "");
    s.id = clean(top.str(j, "id"));
    const auto here = where + (s.id.empty() ? "" : " (id " + s.id + ")");
    const auto key = key_of("service", s.id.empty() ? here : s.id);
    Fields f(batch, here, key);
    if (s.id.empty()) f.problem("id", "is missing. Every ORUK record needs a UUID id");
    if (!s.id.empty() && batch.seen_services.count(s.id)) {
        auto first = batch.where[key];
        if (first.starts_with(where.substr(0, where.find(':') + 2)))
            first.erase(0, where.find(':') + 2);
        if (const auto paren = first.find(" (id "); paren != std::string::npos) first.erase(paren);
        f.problem("id", "is used by more than one service in this input (first at " + first +
                            "). Ids must be unique");
        return;
    }
    s.name = clean(f.str(j, "name"));
    s.description = f.str(j, "description");
    if (v1 || looks_like_html(s.description)) s.description = html_to_text(s.description);
    s.summary = clean(f.str(j, "summary"));
    s.url = f.str(j, "url");
    s.email = f.str(j, "email");
    const auto status = clean(f.str(j, "status"));
    if (status.empty()) {
        if (!j.contains("status"))
            f.problem("status", "is missing. Use active, inactive, defunct or temporarily closed");
    } else if (auto v = domain::service_status_from_code(status)) {
        s.status = *v;
    } else {
        f.problem("status",
                  "\"" + status +
                      "\" is not allowed. Use active, inactive, defunct or temporarily closed");
    }
    const auto age = [&](const char* name) -> std::optional<int> {
        const auto v = f.number(j, name);
        if (!v) return std::nullopt;
        if (*v != static_cast<int>(*v)) {
            f.problem(name, "must be a whole number of years");
            return std::nullopt;
        }
        return static_cast<int>(*v);
    };
    s.min_age = age("minimum_age");
    s.max_age = age("maximum_age");
    if (s.max_age && *s.max_age > domain::kMaxAge &&
        (!s.min_age || *s.min_age <= domain::kMaxAge)) {
        batch.notes.push_back(
            here + ": maximum_age " + std::to_string(*s.max_age) +
            " is above 25, so the service is listed as having no upper age limit");
        s.max_age.reset();
    }
    s.last_checked = date_part(f.str(j, "assured_date"));
    s.eligibility = f.str(j, "eligibility_description");
    for (const auto& code : f.strings(j, "referral_routes")) {
        if (auto r = domain::referral_route_from_code(code))
            s.referral_routes.push_back(*r);
        else
            f.problem("referral_routes",
                      "\"" + code +
                          "\" is not a referral route (use self, gp, health_professional, school, "
                          "social_worker or ehc_plan)");
    }
    s.referral_url = f.str(j, "referral_url");
    s.how_to_access = f.strings(j, "how_to_access");
    if (s.how_to_access.empty()) {
        std::istringstream steps(f.str(j, "application_process"));
        for (std::string line; std::getline(steps, line);)
            if (!clean(line).empty()) s.how_to_access.push_back(clean(line));
    }
    for (const auto& code : f.strings(j, "delivery_modes")) {
        if (auto m = domain::delivery_mode_from_code(code))
            s.delivery_modes.push_back(*m);
        else
            f.problem("delivery_modes",
                      "\"" + code +
                          "\" is not a delivery mode (use in_person, online, phone or home_visit)");
    }
    s.waiting_time = clean(f.str(j, "wait_time"));
    // Our own extras (oruk_writer.cpp), checked with the rest of the record by domain::check.
    s.start_date = clean(f.str(j, "start_date"));
    s.end_date = clean(f.str(j, "end_date"));
    s.closed_reason = clean(f.str(j, "closed_reason"));
    s.reopening_date = clean(f.str(j, "reopening_date"));
    s.review_due = date_part(f.str(j, "review_due"));
    if (const auto lm = clean(f.str(j, "last_modified")); !lm.empty()) {
        if (domain::is_rfc3339(lm))
            batch.service_last_modified[s.id] = lm;
        else
            f.problem("last_modified",
                      "\"" + lm + "\" is not an RFC 3339 date-time, like 2025-01-31T09:30:00Z");
    }

    // The organisation: organization_id, or the nested organization object (v1 feeds).
    s.organisation_id = clean(f.str(j, "organization_id"));
    if (j.contains("organization") && j["organization"].is_object()) {
        auto o = read_organisation(j["organization"], f.nested("organization."), v1);
        if (s.organisation_id.empty()) s.organisation_id = o.id;
        if (!o.id.empty()) add_organisation(batch, std::move(o), here);
    }
    if (s.organisation_id.empty())
        f.problem("organization_id",
                  "is missing. Give the service's organisation as organization_id (a UUID) or an "
                  "organization object");

    int i = 0;
    for (const auto& sal : f.array(j, "service_at_locations")) {
        auto nf = f.nested("service_at_locations[" + std::to_string(i++) + "].");
        auto location_id = clean(nf.str(sal, "location_id"));
        if (sal.contains("location") && sal["location"].is_object()) {
            auto l = read_location(sal["location"], nf.nested("location."));
            if (location_id.empty()) location_id = l.id;
            if (!l.id.empty() && batch.seen_locations.insert(l.id).second) {
                batch.where[key_of("location", l.id)] = here;
                batch.locations.push_back(std::move(l));
            }
        }
        if (location_id.empty())
            nf.problem("location_id", "is missing");
        else
            s.location_ids.push_back(location_id);
    }
    for (const auto& c : f.array(j, "contacts")) {
        domain::Contact contact;
        contact.id = clean(f.str(c, "id"));
        contact.name = clean(f.str(c, "name"));
        contact.title = clean(f.str(c, "title"));
        contact.emails = f.strings(c, "emails");
        if (contact.emails.empty())
            if (auto e = f.str(c, "email"); !clean(e).empty()) contact.emails.push_back(e);
        for (const auto& p : f.array(c, "phones"))
            contact.phones.push_back(
                {clean(f.str(p, "id")), clean(f.str(p, "number")), f.str(p, "description")});
        s.contacts.push_back(std::move(contact));
    }
    i = 0;
    for (const auto& r : f.array(j, "schedules")) {
        auto nf = f.nested("schedules[" + std::to_string(i++) + "].");
        domain::RegularSchedule schedule;
        schedule.id = clean(nf.str(r, "id"));
        const auto freq = clean(nf.str(r, "freq"));
        const auto byday = clean(nf.str(r, "byday"));
        bool understood = freq.empty() || freq == "WEEKLY";
        std::size_t start = 0;
        while (understood && start < byday.size()) {
            auto end = byday.find(',', start);
            if (end == std::string::npos) end = byday.size();
            if (auto d = domain::weekday_from_code(clean(byday.substr(start, end - start))))
                schedule.days.push_back(*d);
            else
                understood = false;
            start = end + 1;
        }
        const auto time = [](std::string t) { return t.size() >= 5 ? t.substr(0, 5) : t; };
        schedule.opens_at = time(clean(nf.str(r, "opens_at")));
        schedule.closes_at = time(clean(nf.str(r, "closes_at")));
        schedule.description = nf.str(r, "description");
        if (!understood) {
            batch.notes.push_back(here + ": schedules[" + std::to_string(i - 1) + "] (" + freq +
                                  " " + byday +
                                  ") is not a weekly pattern; it was kept as a description");
            schedule.days.clear();
            if (schedule.description.empty()) schedule.description = freq + " " + byday;
        }
        s.schedules.push_back(std::move(schedule));
    }
    for (const auto& c : f.array(j, "cost_options"))
        s.costs.push_back({clean(f.str(c, "id")), f.str(c, "option"), f.number(c, "amount"),
                           f.str(c, "amount_description")});
    for (const auto& l : f.array(j, "languages")) {
        auto name = clean(f.str(l, "name"));
        if (name.empty()) name = clean(f.str(l, "code"));
        if (!name.empty()) s.languages.push_back({clean(f.str(l, "id")), name});
    }
    for (const auto& a : f.array(j, "service_areas")) {
        auto name = clean(f.str(a, "name"));
        if (name.empty()) name = clean(f.str(a, "service_area"));
        if (!name.empty()) s.service_areas.push_back({clean(f.str(a, "id")), name});
    }
    for (const auto& c : f.array(j, "closures"))
        s.closures.push_back(
            {clean(f.str(c, "id")), clean(f.str(c, "date")), f.str(c, "description")});
    if (const auto free = f.boolean(j, "free"))
        s.free = *free;
    else if (std::any_of(s.costs.begin(), s.costs.end(),
                         [](const auto& c) { return c.amount && *c.amount > 0; }))
        s.free = false;
    i = 0;
    for (const auto& a : f.array(j, "attributes")) {
        auto nf = f.nested("attributes[" + std::to_string(i++) + "].");
        auto term_id = clean(nf.str(a, "taxonomy_term_id"));
        if (a.contains("taxonomy_term") && a["taxonomy_term"].is_object()) {
            const auto& tj = a["taxonomy_term"];
            auto t = read_term(tj, nf.nested("taxonomy_term."));
            if (term_id.empty()) term_id = t.id;
            if (!t.id.empty()) add_term(batch, std::move(t), here, clean(tj.value("taxonomy", "")));
        }
        if (!term_id.empty()) s.term_ids.push_back(term_id);
    }
    // ORUK v1 list fields.
    for (const auto& a : f.array(j, "pc_targetAudience")) {
        const auto label = clean(f.str(a, "audienceType"));
        if (!label.empty())
            s.term_ids.push_back(v1_term(batch, "target-audience", "Target audience", label, here));
    }
    if (const auto d = clean(f.str(j, "deliverable_type")); !d.empty())
        s.term_ids.push_back(v1_term(batch, "deliverable-type", "Type of support", d, here));
    if (const auto a = clean(f.str(j, "attending_type")); !a.empty()) {
        if (a == "Venue")
            s.delivery_modes.push_back(domain::DeliveryMode::InPerson);
        else if (a == "Phone")
            s.delivery_modes.push_back(domain::DeliveryMode::Phone);
        else if (a == "Online")
            s.delivery_modes.push_back(domain::DeliveryMode::Online);
        else if (a == "Home visit")
            s.delivery_modes.push_back(domain::DeliveryMode::HomeVisit);
        else
            s.term_ids.push_back(v1_term(batch, "attending-type", "How people attend", a, here));
    }
    if (const auto a = clean(f.str(j, "attending_access")); !a.empty()) {
        if (a == "Self referral" || a == "Drop-in")
            s.referral_routes.push_back(domain::ReferralRoute::Self);
        else if (a == "Professional referral")
            s.referral_routes.push_back(domain::ReferralRoute::HealthProfessional);
        else
            s.term_ids.push_back(v1_term(batch, "attending-access", "How to get access", a, here));
    }
    if (v1 && j.contains("pc_metadata") && j["pc_metadata"].is_object() &&
        !batch.service_last_modified.count(s.id)) {
        const auto modified = date_part(f.str(j["pc_metadata"], "date_modified"));
        if (domain::parse_date(modified))
            batch.service_last_modified[s.id] = modified + "T00:00:00Z";
    }
    batch.where[key] = here;
    if (!s.id.empty()) batch.seen_services.insert(s.id);
    batch.services.push_back(std::move(s));
}

void read_record(const json& j, Batch& batch, const std::string& where, Kind kind) {
    if (!j.is_object()) {
        batch.problems.push_back({where, "must be a JSON object, not " + type_name(j), ""});
        return;
    }
    switch (kind == Kind::Unknown ? kind_of(j) : kind) {
        case Kind::Taxonomy:
            read_taxonomy(j, batch, where);
            break;
        case Kind::Term: {
            const auto id = clean(j.value("id", ""));
            auto t = read_term(j, Fields(batch, where + " (id " + id + ")", key_of("term", id)));
            add_term(batch, std::move(t), where + " (id " + id + ")",
                     clean(j.value("taxonomy", "")));
            break;
        }
        case Kind::Organisation: {
            const auto id = clean(j.value("id", ""));
            Fields f(batch, where + " (id " + id + ")", key_of("organisation", id));
            auto o = read_organisation(j, f, false);
            add_organisation(batch, std::move(o), where + " (id " + id + ")");
            break;
        }
        case Kind::Location: {
            const auto id = clean(j.value("id", ""));
            auto l =
                read_location(j, Fields(batch, where + " (id " + id + ")", key_of("location", id)));
            batch.where[key_of("location", id)] = where + " (id " + id + ")";
            batch.seen_locations.insert(l.id);
            batch.locations.push_back(std::move(l));
            break;
        }
        default:
            read_service(j, batch, where);
            break;
    }
}

std::pair<std::size_t, std::size_t> line_column(const std::string& text, std::size_t byte) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n')
            ++line, column = 1;
        else
            ++column;
    }
    return {line, column};
}

std::string parse_failure(const std::string& name,
                          const std::string& text,
                          std::size_t byte,
                          std::size_t line_offset = 0) {
    // nlohmann reports the byte after the problem; past the end means the input stopped early.
    auto [line, column] = line_column(text, byte == 0 ? 0 : byte - 1);
    line += line_offset;
    const bool truncated = byte >= text.size();
    if (truncated)
        return name + ": the JSON ends unexpectedly at line " + std::to_string(line) + ", column " +
               std::to_string(column) + ". The file looks truncated: download or export it again.";
    return name + ": the JSON is malformed at line " + std::to_string(line) + ", column " +
           std::to_string(column) + ". Check for a missing comma, quote or bracket there.";
}

Kind kind_for_file(const std::string& stem) {
    if (stem == "taxonomies") return Kind::Taxonomy;
    if (stem == "taxonomy_terms") return Kind::Term;
    if (stem == "organizations") return Kind::Organisation;
    if (stem == "locations") return Kind::Location;
    if (stem == "services") return Kind::Service;
    return Kind::Unknown;
}

void read_oruk_as(const std::string& text, const std::string& name, Batch& batch, Kind kind) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        // Perhaps ndjson: one JSON object per line.
        const auto first_end = text.find('\n');
        bool ndjson = false;
        if (first_end != std::string::npos) {
            try {
                ndjson = json::parse(text.substr(0, first_end)).is_object();
            } catch (const json::parse_error&) {
            }
        }
        if (!ndjson) {
            // Inputs that are not JSON text at all get a message about what they are instead.
            if (clean(text).empty())
                throw InputError(name +
                                 " is empty: there is nothing to import. Check you gave "
                                 "the right file.");
            if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0x1f &&
                static_cast<unsigned char>(text[1]) == 0x8b)
                throw InputError(name + " is gzip-compressed. Decompress it first (gunzip " + name +
                                 "), then import the file inside. Nothing was imported.");
            if (std::string_view(e.what()).find("UTF-8") != std::string_view::npos) {
                const auto [line, column] = line_column(text, e.byte == 0 ? 0 : e.byte - 1);
                throw InputError(name + ": the text is not UTF-8 at line " + std::to_string(line) +
                                 ", column " + std::to_string(column) +
                                 ". Save the file as UTF-8 and import it again. Nothing was "
                                 "imported.");
            }
            throw InputError(parse_failure(name, text, e.byte) + " Nothing was imported.");
        }
        std::size_t line_number = 0, start = 0;
        while (start < text.size()) {
            auto end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            const auto line = text.substr(start, end - start);
            start = end + 1;
            ++line_number;
            if (clean(line).empty()) continue;
            const auto where = name + ":" + std::to_string(line_number);
            try {
                read_record(json::parse(line), batch, where, kind);
            } catch (const json::parse_error& le) {
                const bool truncated = le.byte >= line.size();
                batch.problems.push_back(
                    {where,
                     truncated
                         ? "the line ends in the middle of a record. The file looks truncated: "
                           "export it again"
                         : "this line is not valid JSON (at column " + std::to_string(le.byte) +
                               "). Each line must hold one complete JSON object",
                     "line:" + where});
            }
        }
        return;
    }
    if (doc.is_object() && doc.contains("contents") && doc["contents"].is_array()) {
        int i = 0;
        for (const auto& item : doc["contents"])
            read_record(item, batch, name + ": contents[" + std::to_string(i++) + "]", kind);
    } else if (doc.is_array()) {
        int i = 0;
        for (const auto& item : doc)
            read_record(item, batch, name + ": record " + std::to_string(++i), kind);
    } else if (doc.is_object()) {
        read_record(doc, batch, name, kind);
    } else {
        throw InputError(name + ": holds " + type_name(doc) +
                         ", not ORUK records. Give a JSON object, a list of objects, a list page "
                         "or ndjson. Nothing was imported.");
    }
}

// Problems (or changes) in input order: by file, then record or line number, then as found.
template <typename T>
void sort_problems(std::vector<T>& problems) {
    const auto position = [](const std::string& where) {
        std::size_t at = where.find(": record ");
        std::size_t start = at != std::string::npos ? at + 9 : std::string::npos;
        if (const auto line = where.find(" line ");
            start == std::string::npos && line != std::string::npos) {  // CSV files
            long n = 0;
            for (auto i = line + 6;
                 i < where.size() && std::isdigit(static_cast<unsigned char>(where[i])); ++i)
                n = n * 10 + (where[i] - '0');
            return std::pair(where.substr(0, line), n);
        }
        if (start == std::string::npos) {
            const auto colon = where.find(':');
            if (colon != std::string::npos && colon + 1 < where.size() &&
                std::isdigit(static_cast<unsigned char>(where[colon + 1])))
                start = colon + 1;
        }
        if (start == std::string::npos) {
            at = where.find("contents[");
            if (at != std::string::npos) start = at + 9;
        }
        long n = 0;
        for (std::size_t i = start; i != std::string::npos && i < where.size() &&
                                    std::isdigit(static_cast<unsigned char>(where[i]));
             ++i)
            n = n * 10 + (where[i] - '0');
        const auto file_end = where.find(':');
        return std::pair(where.substr(0, file_end), n);
    };
    std::stable_sort(problems.begin(), problems.end(),
                     [&](const T& a, const T& b) { return position(a.where) < position(b.where); });
}

// Terms parents-first, so each parent is saved before its children.
void order_terms(std::vector<domain::TaxonomyTerm>& terms) {
    std::vector<domain::TaxonomyTerm> out;
    std::set<std::string> placed, ids;
    for (const auto& t : terms) ids.insert(t.id);
    while (out.size() < terms.size()) {
        bool progress = false;
        for (const auto& t : terms) {
            if (placed.count(t.id)) continue;
            if (t.parent_id.empty() || !ids.count(t.parent_id) || placed.count(t.parent_id)) {
                out.push_back(t);
                placed.insert(t.id);
                progress = true;
            }
        }
        if (!progress) {  // a cycle: keep the rest in input order; validation reports it
            for (const auto& t : terms)
                if (!placed.count(t.id)) out.push_back(t), placed.insert(t.id);
        }
    }
    terms = std::move(out);
}

// The warnings and counts for the changes on records that are (or would be) written.
void report_changes(const Batch& batch,
                    const std::set<std::string>& left_out,
                    ImportReport& report) {
    std::map<std::string, int> repaired, dropped;
    for (const auto& c : batch.changes) {
        if (left_out.count(c.record)) continue;
        report.warnings.push_back(c.text());
        ++(c.dropped ? dropped : repaired)[c.tally];
    }
    const auto most_first = [](const std::map<std::string, int>& counts) {
        std::vector<std::pair<std::string, int>> out(counts.begin(), counts.end());
        std::stable_sort(out.begin(), out.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
        return out;
    };
    report.repaired = most_first(repaired);
    report.dropped = most_first(dropped);
}

// Urgent help is written by the council's editors; a feed that does not carry it must not wipe
// it when the same services arrive again.
void keep_urgent_help(storage::Store& tx, std::vector<domain::Service>& services) {
    std::vector<std::string> ids;
    ids.reserve(services.size());
    for (const auto& s : services) ids.push_back(s.id);
    const auto kept = tx.services().urgent_help_of(ids);
    for (auto& s : services)
        if (const auto it = kept.find(s.id); it != kept.end()) s.urgent_help = it->second;
}

}  // namespace

std::string read_input(const std::string& path) {
    if (path == "-") {
        return std::string(std::istreambuf_iterator<char>(std::cin),
                           std::istreambuf_iterator<char>());
    }
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw InputError("There is no file at " + path + ". Check the path and try again.");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("Could not read " + path + ". Check you are allowed to read it.");
    // Read straight into one string of the file's size: a 50 MB file costs 50 MB, not three copies.
    std::string text;
    char buffer[1 << 16];
    if (const auto size = fs::file_size(path, ec); !ec) text.reserve(size);
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
    return text;
}

void read_oruk(const std::string& text, const std::string& name, Batch& batch) {
    read_oruk_as(text, name, batch, Kind::Unknown);
}

void read_oruk_record(const json& record,
                      const std::string& where,
                      const std::string& kind,
                      Batch& batch) {
    read_record(record, batch, where, kind_for_file(kind));
}

void read_oruk_dir(const std::string& dir, Batch& batch) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".json" || e.path().extension() == ".ndjson")
            files.push_back(e.path());
    // Taxonomies, then organisations, then services, whatever the names sort to.
    const auto rank = [](const fs::path& p) {
        const auto k = kind_for_file(p.stem().string());
        return k == Kind::Taxonomy       ? 0
               : k == Kind::Term         ? 1
               : k == Kind::Organisation ? 2
               : k == Kind::Location     ? 3
                                         : 4;
    };
    std::sort(files.begin(), files.end(), [&](const auto& a, const auto& b) {
        return std::pair(rank(a), a.filename().string()) <
               std::pair(rank(b), b.filename().string());
    });
    if (files.empty()) throw InputError("There are no .json or .ndjson files in " + dir + ".");
    for (const auto& f : files)
        read_oruk_as(read_input(f.string()), f.filename().string(), batch,
                     kind_for_file(f.stem().string()));
}

void validate(storage::Store& store, Batch& batch) {
    repair(batch);
    sort_problems(batch.changes);
    auto& problems = batch.problems;
    const auto add = [&](const std::string& key, const std::string& message) {
        problems.push_back({batch.where.count(key) ? batch.where[key] : key, message, key});
    };
    // Taxonomies the terms name but the input does not hold: create them from the term's
    // free-text "taxonomy" (ORUK allows a term to carry only a taxonomy_id).
    std::set<std::string> taxonomy_ids;
    for (const auto& t : batch.taxonomies) taxonomy_ids.insert(t.id);
    for (const auto& t : batch.terms) {
        if (t.taxonomy_id.empty() || taxonomy_ids.count(t.taxonomy_id) ||
            !domain::is_uuid(t.taxonomy_id))
            continue;
        if (store.taxonomies().find_taxonomy(t.taxonomy_id)) {
            taxonomy_ids.insert(t.taxonomy_id);
            continue;
        }
        const auto name_key = "taxonomy-name:" + t.taxonomy_id;
        const auto name = batch.where.count(name_key) && !batch.where[name_key].empty()
                              ? batch.where[name_key]
                              : "Imported taxonomy " + t.taxonomy_id.substr(0, 8);
        batch.taxonomies.push_back(
            {t.taxonomy_id, domain::slugify(name), name, "Imported with its terms.", "", ""});
        batch.where[key_of("taxonomy", t.taxonomy_id)] = batch.where[key_of("term", t.id)];
        taxonomy_ids.insert(t.taxonomy_id);
    }
    // Codes must be unique: per taxonomy for terms, overall for taxonomies.
    std::set<std::string> taxonomy_codes;
    for (auto& t : batch.taxonomies) {
        if (t.code.empty()) t.code = "taxonomy-" + t.id.substr(0, 8);
        const auto taken = store.taxonomies().find_taxonomy_by_code(t.code);
        if ((taken && taken->id != t.id) || taxonomy_codes.count(t.code))
            t.code += "-" + t.id.substr(0, 8);
        taxonomy_codes.insert(t.code);
        for (const auto& e : domain::validate(t))
            add(key_of("taxonomy", t.id), e.field + ": " + e.message);
    }
    std::set<std::pair<std::string, std::string>> term_codes;
    std::set<std::string> term_ids;
    for (auto& t : batch.terms) {
        if (t.code.empty()) t.code = "term-" + t.id.substr(0, 8);
        const auto taken = [&] {
            if (term_codes.count({t.taxonomy_id, t.code})) return true;
            const auto taxonomy = store.taxonomies().find_taxonomy(t.taxonomy_id);
            if (!taxonomy) return false;
            const auto other = store.taxonomies().find_term_by_code(taxonomy->code, t.code);
            return other && other->id != t.id;
        };
        if (taken()) t.code += "-" + t.id.substr(0, 8);
        term_codes.insert({t.taxonomy_id, t.code});
        term_ids.insert(t.id);
        for (const auto& e : domain::validate(t))
            add(key_of("term", t.id), e.field + ": " + e.message);
        if (!t.taxonomy_id.empty() && !taxonomy_ids.count(t.taxonomy_id))
            add(key_of("term", t.id), "taxonomy_id: no taxonomy has the id " + t.taxonomy_id);
    }
    for (const auto& t : batch.terms)
        if (!t.parent_id.empty() && !term_ids.count(t.parent_id) &&
            !store.taxonomies().find_term(t.parent_id))
            add(key_of("term", t.id), "parent_id: no taxonomy term has the id " + t.parent_id);
    order_terms(batch.terms);

    std::set<std::string> organisation_ids, location_ids;
    for (auto& o : batch.organisations) {
        domain::complete(o);
        for (const auto& e : domain::validate(o))
            add(key_of("organisation", o.id), "organization." + e.field + ": " + e.message);
        organisation_ids.insert(o.id);
    }
    std::map<std::string, int> seen_locations;
    for (auto& l : batch.locations) {
        domain::complete(l);
        if (++seen_locations[l.id] == 2)
            add(key_of("location", l.id), "id: " + l.id + " is used by more than one location");
        for (const auto& e : domain::validate(l))
            add(key_of("location", l.id), "location." + e.field + ": " + e.message);
        location_ids.insert(l.id);
    }
    for (auto& s : batch.services) {
        domain::complete(s);
        const auto key = key_of("service", s.id);
        for (const auto& e : domain::validate(s))
            if (!(e.field == "organisation_id" &&
                  s.organisation_id.empty()))  // reported on reading
                add(key, e.field + ": " + e.message);
        if (!s.organisation_id.empty() && domain::is_uuid(s.organisation_id) &&
            !organisation_ids.count(s.organisation_id) &&
            !store.organisations().find(s.organisation_id))
            add(key, "organization_id: no organisation has the id " + s.organisation_id +
                         " in this input or in the directory");
        for (const auto& id : s.location_ids)
            if (!location_ids.count(id) && !store.locations().find(id))
                add(key, "service_at_locations: no location has the id " + id +
                             " in this input or in the directory");
        for (const auto& id : s.term_ids)
            if (!term_ids.count(id) && !store.taxonomies().find_term(id))
                add(key, "attributes: no taxonomy term has the id " + id +
                             " in this input or in the directory");
    }
    sort_problems(batch.problems);
}

ImportReport apply(storage::Store& store, Batch& batch, const ImportOptions& options) {
    validate(store, batch);
    ImportReport report;
    report.notes = batch.notes;
    for (const auto& p : batch.problems) report.problems.push_back(p.text());
    if (!batch.problems.empty() && !options.skip_invalid) {
        report_changes(batch, {}, report);
        report.services = static_cast<int>(batch.services.size());
        report.organisations = static_cast<int>(batch.organisations.size());
        report.locations = static_cast<int>(batch.locations.size());
        report.taxonomies = static_cast<int>(batch.taxonomies.size());
        report.terms = static_cast<int>(batch.terms.size());
        return report;
    }
    // --skip-invalid: drop the records with problems and everything that depends on them.
    std::set<std::string> bad;
    for (const auto& p : batch.problems) bad.insert(p.record);
    bool grew = true;
    while (grew) {
        grew = false;
        for (const auto& t : batch.terms)
            if (!bad.count(key_of("term", t.id)) &&
                (bad.count(key_of("taxonomy", t.taxonomy_id)) ||
                 (!t.parent_id.empty() && bad.count(key_of("term", t.parent_id)))))
                grew = bad.insert(key_of("term", t.id)).second || grew;
        for (const auto& s : batch.services) {
            const auto key = key_of("service", s.id);
            if (bad.count(key)) continue;
            bool broken = bad.count(key_of("organisation", s.organisation_id)) > 0;
            for (const auto& id : s.location_ids)
                broken = broken || bad.count(key_of("location", id));
            for (const auto& id : s.term_ids) broken = broken || bad.count(key_of("term", id));
            if (broken) grew = bad.insert(key).second || grew;
        }
    }
    const auto drop = [&](auto& list, const char* kind) {
        const auto before = list.size();
        std::erase_if(list, [&](const auto& r) { return bad.count(key_of(kind, r.id)) > 0; });
        report.skipped += static_cast<int>(before - list.size());
    };
    drop(batch.taxonomies, "taxonomy");
    drop(batch.terms, "term");
    drop(batch.organisations, "organisation");
    drop(batch.locations, "location");
    drop(batch.services, "service");
    report_changes(batch, bad, report);
    // Lines that were not JSON and values that were not objects are left out too.
    report.skipped += static_cast<int>(std::count_if(
        bad.begin(), bad.end(), [](const auto& k) { return k.empty() || k.starts_with("line:"); }));
    report.services = static_cast<int>(batch.services.size());
    report.organisations = static_cast<int>(batch.organisations.size());
    report.locations = static_cast<int>(batch.locations.size());
    report.taxonomies = static_cast<int>(batch.taxonomies.size());
    report.terms = static_cast<int>(batch.terms.size());
    if (options.dry_run) return report;

    // A record that arrives with its source (import csv's source column) keeps it.
    for (auto& o : batch.organisations)
        if (o.source.empty()) o.source = options.source;
    for (auto& l : batch.locations)
        if (l.source.empty()) l.source = options.source;
    for (auto& s : batch.services)
        if (s.source.empty()) s.source = options.source;
    // Whether this import changed anything, whatever a running server writes meanwhile.
    report.changed = store.transaction([&](storage::Store& tx) {
        if (!batch.has_urgent_help) keep_urgent_help(tx, batch.services);
        for (const auto& t : batch.taxonomies)
            if (tx.taxonomies().find_taxonomy(t.id) != t) tx.taxonomies().save_taxonomy(t);
        for (const auto& t : batch.terms)
            if (tx.taxonomies().find_term(t.id) != t) tx.taxonomies().save_term(t);
        for (const auto& o : batch.organisations) tx.organisations().save(o);
        for (const auto& l : batch.locations) tx.locations().save(l);
        for (const auto& s : batch.services) {
            tx.services().save(s);
            if (auto it = batch.service_last_modified.find(s.id);
                it != batch.service_last_modified.end())
                tx.services().set_last_modified(s.id, it->second);
        }
    });
    report.written = true;
    return report;
}

}  // namespace lo::interchange
