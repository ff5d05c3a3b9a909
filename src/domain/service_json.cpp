// Service <-> JSON text for snapshots (service_json.hpp). nlohmann-json stays inside this file.
#include "domain/service_json.hpp"

#include <nlohmann/json.hpp>

namespace lo::domain {
namespace {

using nlohmann::json;

template <typename T>
void get(const json& j, const char* key, T& out) {
    if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->get<T>();
}

template <typename T>
void get(const json& j, const char* key, std::optional<T>& out) {
    if (auto it = j.find(key); it != j.end() && !it->is_null()) out = it->get<T>();
}

template <typename T>
json optional_json(const std::optional<T>& v) {
    return v ? json(*v) : json(nullptr);
}

template <typename E>
std::vector<E> from_codes(const json& j,
                          const char* key,
                          std::optional<E> (*parse)(std::string_view)) {
    std::vector<E> out;
    if (auto it = j.find(key); it != j.end() && it->is_array())
        for (const auto& c : *it)
            if (c.is_string())
                if (auto v = parse(c.get<std::string>())) out.push_back(*v);
    return out;
}

}  // namespace

std::string to_json_text(const Service& s) {
    auto contacts = json::array();
    for (const auto& c : s.contacts) {
        auto phones = json::array();
        for (const auto& p : c.phones)
            phones.push_back({{"id", p.id}, {"number", p.number}, {"description", p.description}});
        contacts.push_back({{"id", c.id},
                            {"name", c.name},
                            {"title", c.title},
                            {"phones", phones},
                            {"emails", c.emails}});
    }
    auto schedules = json::array();
    for (const auto& r : s.schedules) {
        auto days = json::array();
        for (auto d : r.days) days.push_back(std::string(to_code(d)));
        schedules.push_back({{"id", r.id},
                             {"days", days},
                             {"opens_at", r.opens_at},
                             {"closes_at", r.closes_at},
                             {"description", r.description}});
    }
    auto closures = json::array();
    for (const auto& c : s.closures)
        closures.push_back({{"id", c.id}, {"date", c.date}, {"description", c.description}});
    auto costs = json::array();
    for (const auto& c : s.costs)
        costs.push_back({{"id", c.id},
                         {"option", c.option},
                         {"amount", optional_json(c.amount)},
                         {"amount_description", c.amount_description}});
    auto languages = json::array();
    for (const auto& l : s.languages) languages.push_back({{"id", l.id}, {"name", l.name}});
    auto areas = json::array();
    for (const auto& a : s.service_areas) areas.push_back({{"id", a.id}, {"name", a.name}});
    auto routes = json::array();
    for (auto r : s.referral_routes) routes.push_back(std::string(to_code(r)));
    auto modes = json::array();
    for (auto m : s.delivery_modes) modes.push_back(std::string(to_code(m)));

    const json j = {
        {"id", s.id},
        {"organisation_id", s.organisation_id},
        {"name", s.name},
        {"summary", s.summary},
        {"description", s.description},
        {"status", std::string(to_code(s.status))},
        {"url", s.url},
        {"email", s.email},
        {"min_age", optional_json(s.min_age)},
        {"max_age", optional_json(s.max_age)},
        {"eligibility", s.eligibility},
        {"urgent_help", s.urgent_help},
        {"start_date", s.start_date},
        {"end_date", s.end_date},
        {"closed_reason", s.closed_reason},
        {"reopening_date", s.reopening_date},
        {"referral_routes", routes},
        {"referral_url", s.referral_url},
        {"how_to_access", s.how_to_access},
        {"free", s.free},
        {"costs", costs},
        {"languages", languages},
        {"delivery_modes", modes},
        {"waiting_time", s.waiting_time},
        {"last_modified", s.last_modified},
        {"last_checked", s.last_checked},
        {"review_due", s.review_due},
        {"location_ids", s.location_ids},
        {"contacts", contacts},
        {"schedules", schedules},
        {"closures", closures},
        {"service_areas", areas},
        {"term_ids", s.term_ids},
        {"source", s.source},
    };
    return j.dump();
}

Service service_from_json_text(const std::string& text) {
    const auto j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw std::invalid_argument("A stored service snapshot is not a JSON object");
    Service s;
    try {
        get(j, "id", s.id);
        get(j, "organisation_id", s.organisation_id);
        get(j, "name", s.name);
        get(j, "summary", s.summary);
        get(j, "description", s.description);
        if (auto it = j.find("status"); it != j.end() && it->is_string())
            s.status = service_status_from_code(it->get<std::string>()).value_or(s.status);
        get(j, "url", s.url);
        get(j, "email", s.email);
        get(j, "min_age", s.min_age);
        get(j, "max_age", s.max_age);
        get(j, "eligibility", s.eligibility);
        get(j, "urgent_help", s.urgent_help);
        get(j, "start_date", s.start_date);
        get(j, "end_date", s.end_date);
        get(j, "closed_reason", s.closed_reason);
        get(j, "reopening_date", s.reopening_date);
        s.referral_routes =
            from_codes<ReferralRoute>(j, "referral_routes", referral_route_from_code);
        get(j, "referral_url", s.referral_url);
        get(j, "how_to_access", s.how_to_access);
        get(j, "free", s.free);
        if (auto it = j.find("costs"); it != j.end() && it->is_array())
            for (const auto& c : *it) {
                CostOption o;
                get(c, "id", o.id);
                get(c, "option", o.option);
                get(c, "amount", o.amount);
                get(c, "amount_description", o.amount_description);
                s.costs.push_back(o);
            }
        if (auto it = j.find("languages"); it != j.end() && it->is_array())
            for (const auto& l : *it) {
                Language o;
                get(l, "id", o.id);
                get(l, "name", o.name);
                s.languages.push_back(o);
            }
        s.delivery_modes = from_codes<DeliveryMode>(j, "delivery_modes", delivery_mode_from_code);
        get(j, "waiting_time", s.waiting_time);
        get(j, "last_modified", s.last_modified);
        get(j, "last_checked", s.last_checked);
        get(j, "review_due", s.review_due);
        get(j, "location_ids", s.location_ids);
        if (auto it = j.find("contacts"); it != j.end() && it->is_array())
            for (const auto& c : *it) {
                Contact o;
                get(c, "id", o.id);
                get(c, "name", o.name);
                get(c, "title", o.title);
                get(c, "emails", o.emails);
                if (auto p = c.find("phones"); p != c.end() && p->is_array())
                    for (const auto& ph : *p) {
                        Phone phone;
                        get(ph, "id", phone.id);
                        get(ph, "number", phone.number);
                        get(ph, "description", phone.description);
                        o.phones.push_back(phone);
                    }
                s.contacts.push_back(o);
            }
        if (auto it = j.find("schedules"); it != j.end() && it->is_array())
            for (const auto& r : *it) {
                RegularSchedule o;
                get(r, "id", o.id);
                o.days = from_codes<Weekday>(r, "days", weekday_from_code);
                get(r, "opens_at", o.opens_at);
                get(r, "closes_at", o.closes_at);
                get(r, "description", o.description);
                s.schedules.push_back(o);
            }
        if (auto it = j.find("closures"); it != j.end() && it->is_array())
            for (const auto& c : *it) {
                Closure o;
                get(c, "id", o.id);
                get(c, "date", o.date);
                get(c, "description", o.description);
                s.closures.push_back(o);
            }
        if (auto it = j.find("service_areas"); it != j.end() && it->is_array())
            for (const auto& a : *it) {
                ServiceArea o;
                get(a, "id", o.id);
                get(a, "name", o.name);
                s.service_areas.push_back(o);
            }
        get(j, "term_ids", s.term_ids);
        get(j, "source", s.source);
    } catch (const json::exception& e) {
        throw std::invalid_argument(std::string("A stored service snapshot has a field of the "
                                                "wrong type: ") +
                                    e.what());
    }
    return s;
}

}  // namespace lo::domain
