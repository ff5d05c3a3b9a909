// Domain records -> Open Referral UK 3.0 JSON. Empty optional fields are left out (never null);
// required fields the record lacks are sent as "" so the object stays schema-valid.
#include "interchange/oruk_writer.hpp"

#include "domain/ids.hpp"
#include "domain/service_dates.hpp"

namespace lo::interchange {
namespace {

void put(Json& j, const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
}

template <typename T>
void put(Json& j, const char* key, const std::optional<T>& value) {
    if (value) j[key] = *value;
}

std::string join_days(const std::vector<domain::Weekday>& days) {
    std::string out;
    for (auto d : days) {
        if (!out.empty()) out += ',';
        out += domain::to_code(d);
    }
    return out;
}

bool is_need_taxonomy(const domain::Taxonomy* t) {
    return t && t->code == domain::kNeedsTaxonomy;
}

}  // namespace

Json api_details() {
    Json j;
    j["version"] = kOrukVersion;
    j["profile"] = kOrukProfile;
    j["openapi_url"] = kOrukOpenApi;
    return j;
}

void OrukWriter::load_taxonomies() {
    if (taxonomies_loaded_) return;
    taxonomies_loaded_ = true;
    for (auto& t : store_.taxonomies().taxonomies()) {
        for (auto& term : store_.taxonomies().terms(t.id)) terms_.emplace(term.id, term);
        taxonomies_.emplace(t.id, std::move(t));
    }
}

const domain::Organisation* OrukWriter::find_organisation(const std::string& id) {
    auto it = organisations_.find(id);
    if (it == organisations_.end())
        it = organisations_.emplace(id, store_.organisations().find(id)).first;
    return it->second ? &*it->second : nullptr;
}

const domain::Location* OrukWriter::find_location(const std::string& id) {
    auto it = locations_.find(id);
    if (it == locations_.end()) it = locations_.emplace(id, store_.locations().find(id)).first;
    return it->second ? &*it->second : nullptr;
}

const domain::Service* OrukWriter::find_service(const std::string& id) {
    auto it = services_.find(id);
    if (it == services_.end()) it = services_.emplace(id, store_.services().find(id)).first;
    return it->second ? &*it->second : nullptr;
}

void OrukWriter::load_services(const std::vector<std::string>& ids) {
    std::vector<std::string> wanted;
    for (const auto& id : ids)
        if (!services_.count(id)) wanted.push_back(id);
    for (auto& s : store_.services().find_many(wanted)) {
        auto id = s.id;
        services_.emplace(std::move(id), std::move(s));
    }
    for (const auto& id : wanted) services_.emplace(id, std::nullopt);  // not found: none
}

void OrukWriter::forget_records() {
    services_.clear();
    organisations_.clear();
    locations_.clear();
}

const domain::TaxonomyTerm* OrukWriter::find_term(const std::string& id) {
    load_taxonomies();
    auto it = terms_.find(id);
    return it == terms_.end() ? nullptr : &it->second;
}

const domain::Taxonomy* OrukWriter::find_taxonomy(const std::string& id) {
    load_taxonomies();
    auto it = taxonomies_.find(id);
    return it == taxonomies_.end() ? nullptr : &it->second;
}

Json OrukWriter::organization(const domain::Organisation& o) {
    Json j;
    j["id"] = o.id;
    j["name"] = o.name;
    j["description"] = o.description;
    put(j, "email", o.email);
    put(j, "website", o.url);
    if (!o.phone.empty())
        j["phones"] =
            Json::array({Json{{"id", domain::derived_uuid(o.id, "phone")}, {"number", o.phone}}});
    return j;
}

Json OrukWriter::organization_with_services(const domain::Organisation& o, Detail detail) {
    Json j = organization(o);
    Json services = Json::array();
    storage::ServiceQuery q;
    q.organisation_id = o.id;
    for (const auto& id : store_.services().query_ids(q, {.limit = 1000000, .offset = 0}))
        if (const auto* s = find_service(id)) services.push_back(service(*s, detail));
    j["services"] = std::move(services);
    return j;
}

Json OrukWriter::location(const domain::Location& l) {
    Json j;
    j["id"] = l.id;
    j["location_type"] = "physical";
    put(j, "name", l.name);
    put(j, "description", l.description);
    // Home-based providers do not publish where they live: no address and no coordinates.
    if (!l.hide_address) {
        put(j, "latitude", l.latitude);
        put(j, "longitude", l.longitude);
        if (!l.address_1.empty() || !l.postcode.empty() || !l.city.empty()) {
            Json a;
            a["id"] = domain::derived_uuid(l.id, "address");
            a["location_id"] = l.id;
            a["address_1"] = l.address_1;
            put(a, "address_2", l.address_2);
            a["city"] = l.city;
            a["state_province"] = l.county;
            a["postal_code"] = l.postcode;
            a["country"] = l.country.empty() ? "GB" : l.country;
            a["address_type"] = "physical";
            j["addresses"] = Json::array({a});
        }
    }
    if (!l.accessibility.empty()) {
        Json list = Json::array();
        for (std::size_t i = 0; i < l.accessibility.size(); ++i)
            list.push_back(
                {{"id", domain::derived_uuid(l.id, "accessibility/" + std::to_string(i))},
                 {"location_id", l.id},
                 {"description", l.accessibility[i]}});
        j["accessibility"] = std::move(list);
    }
    return j;
}

Json OrukWriter::taxonomy(const domain::Taxonomy& t, bool with_terms) {
    Json j;
    j["id"] = t.id;
    j["name"] = t.name;
    j["description"] = t.description;
    put(j, "uri", t.uri);
    put(j, "version", t.version);
    put(j, "code", t.code);
    if (with_terms) {
        Json terms = Json::array();
        for (const auto& term : store_.taxonomies().terms(t.id))
            terms.push_back(taxonomy_term(term));
        j["taxonomy_terms"] = std::move(terms);
    }
    return j;
}

Json OrukWriter::taxonomy_term(const domain::TaxonomyTerm& term) {
    Json j;
    j["id"] = term.id;
    j["name"] = term.name;
    j["description"] = term.description;
    put(j, "parent_id", term.parent_id);
    if (const auto* t = find_taxonomy(term.taxonomy_id)) j["taxonomy"] = t->name;
    j["taxonomy_id"] = term.taxonomy_id;
    put(j, "code", term.code);
    j["position"] = term.position;
    return j;
}

Json OrukWriter::attribute(const domain::Service& s, const std::string& term_id) {
    Json j;
    j["id"] = domain::derived_uuid(s.id, "attribute/" + term_id);
    j["link_id"] = s.id;
    j["taxonomy_term_id"] = term_id;
    const auto* term = find_term(term_id);
    const auto* t = term ? find_taxonomy(term->taxonomy_id) : nullptr;
    // Needs say who a service is for (eligibility); categories say what kind of help it is.
    j["link_type"] = is_need_taxonomy(t) ? "eligibility" : "category";
    j["link_entity"] = "service";
    if (term) j["taxonomy_term"] = taxonomy_term(*term);
    return j;
}

Json OrukWriter::service(const domain::Service& s, Detail detail) {
    Json j;
    j["id"] = s.id;
    if (detail == Detail::Minimal) {
        put(j, "last_modified", s.last_modified);
        return j;
    }
    j["organization_id"] = s.organisation_id;
    j["name"] = s.name;
    put(j, "description", s.description);
    put(j, "url", s.url);
    put(j, "email", s.email);
    // The status on the UK day (domain/service_dates.hpp): "inactive" outside the service's
    // dates, "active" again once a closure's reopening date has come; the notice goes in
    // ORUK's "alert" (docs/oruk.md, "Dates").
    const auto listing = domain::service_listing(s, domain::today_uk());
    const bool dated_out =
        !listing.listed && (s.status == domain::ServiceStatus::Active ||
                            s.status == domain::ServiceStatus::TemporarilyClosed);
    j["status"] =
        std::string(domain::to_code(dated_out ? domain::ServiceStatus::Inactive : listing.status));
    put(j, "alert", listing.notice);
    put(j, "minimum_age", s.min_age);
    put(j, "maximum_age", s.max_age);
    put(j, "assured_date", s.last_checked);
    put(j, "last_modified", s.last_modified);
    // HSDS extras: the SEND fields families need, in HSDS 3.0 names where one exists.
    put(j, "summary", s.summary);
    put(j, "eligibility_description", s.eligibility);
    if (!s.referral_routes.empty()) {
        Json routes = Json::array();
        for (auto r : s.referral_routes) routes.push_back(std::string(domain::to_code(r)));
        j["referral_routes"] = std::move(routes);
    }
    put(j, "referral_url", s.referral_url);
    if (!s.how_to_access.empty()) {
        std::string text;
        for (const auto& step : s.how_to_access) text += (text.empty() ? "" : "\n") + step;
        j["application_process"] = text;
        j["how_to_access"] = s.how_to_access;
    }
    if (!s.delivery_modes.empty()) {
        Json modes = Json::array();
        for (auto m : s.delivery_modes) modes.push_back(std::string(domain::to_code(m)));
        j["delivery_modes"] = std::move(modes);
    }
    j["free"] = s.free;
    put(j, "wait_time", s.waiting_time);
    // Extras (not in ORUK 3.0): the dates themselves, so a harvester can see them coming.
    put(j, "start_date", s.start_date);
    put(j, "end_date", s.end_date);
    put(j, "closed_reason", s.closed_reason);
    put(j, "reopening_date", s.reopening_date);
    put(j, "review_due", s.review_due);
    if (const auto* o = find_organisation(s.organisation_id)) j["organization"] = organization(*o);
    if (detail != Detail::Full) return j;

    Json sal = Json::array();
    for (const auto& location_id : s.location_ids) {
        Json item;
        item["id"] = domain::derived_uuid(s.id, "at/" + location_id);
        item["service_id"] = s.id;
        item["location_id"] = location_id;
        if (const auto* l = find_location(location_id)) item["location"] = location(*l);
        sal.push_back(std::move(item));
    }
    j["service_at_locations"] = std::move(sal);

    Json contacts = Json::array();
    for (const auto& c : s.contacts) {
        Json item;
        item["id"] = c.id;
        item["service_id"] = s.id;
        put(item, "name", c.name);
        put(item, "title", c.title);
        if (!c.emails.empty()) item["email"] = c.emails.front();
        if (c.emails.size() > 1) item["emails"] = c.emails;
        if (!c.phones.empty()) {
            Json phones = Json::array();
            for (const auto& p : c.phones) {
                Json phone{{"id", p.id}, {"contact_id", c.id}, {"number", p.number}};
                put(phone, "description", p.description);
                phones.push_back(std::move(phone));
            }
            item["phones"] = std::move(phones);
        }
        contacts.push_back(std::move(item));
    }
    j["contacts"] = std::move(contacts);

    Json schedules = Json::array();
    for (const auto& r : s.schedules) {
        Json item{{"id", r.id}, {"service_id", s.id}};
        if (!r.days.empty()) {
            item["freq"] = "WEEKLY";
            item["byday"] = join_days(r.days);
        }
        put(item, "opens_at", r.opens_at);
        put(item, "closes_at", r.closes_at);
        put(item, "description", r.description);
        schedules.push_back(std::move(item));
    }
    j["schedules"] = std::move(schedules);

    Json costs = Json::array();
    for (const auto& c : s.costs) {
        Json item{{"id", c.id}, {"service_id", s.id}};
        put(item, "option", c.option);
        put(item, "amount", c.amount);
        put(item, "amount_description", c.amount_description);
        if (c.amount) item["currency"] = "GBP";
        costs.push_back(std::move(item));
    }
    j["cost_options"] = std::move(costs);

    Json languages = Json::array();
    for (const auto& l : s.languages)
        languages.push_back({{"id", l.id}, {"service_id", s.id}, {"name", l.name}});
    j["languages"] = std::move(languages);

    Json areas = Json::array();
    for (const auto& a : s.service_areas)
        areas.push_back({{"id", a.id}, {"service_id", s.id}, {"name", a.name}});
    j["service_areas"] = std::move(areas);

    Json attributes = Json::array();
    for (const auto& term_id : s.term_ids) attributes.push_back(attribute(s, term_id));
    j["attributes"] = std::move(attributes);

    if (!s.closures.empty()) {
        Json closures = Json::array();
        for (const auto& c : s.closures) {
            Json item{{"id", c.id}, {"date", c.date}};
            put(item, "description", c.description);
            closures.push_back(std::move(item));
        }
        j["closures"] = std::move(closures);
    }
    return j;
}

Json OrukWriter::service_at_location(const storage::ServiceAtLocationRow& row, Detail detail) {
    Json j;
    j["id"] = row.id;
    j["service_id"] = row.service_id;
    j["location_id"] = row.location_id;
    if (const auto* l = find_location(row.location_id)) j["location"] = location(*l);
    if (detail != Detail::Minimal)
        if (const auto* s = find_service(row.service_id))
            j["service"] = service(*s, detail == Detail::Full ? Detail::Summary : Detail::Summary);
    return j;
}

}  // namespace lo::interchange
