// The repeating parts of the service form: reading rows, checking them, and showing them again.
#include "web/admin/service_form.hpp"

#include "web/admin/place_fields.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <type_traits>

#include "domain/ids.hpp"
#include "search/engine.hpp"
#include "web/context.hpp"

namespace lo::web::admin::service_form {
namespace {

using Fields = std::map<std::string, std::vector<std::string>>;  // field -> values, for one row

constexpr const char* kGroups[] = {"contacts", "schedules", "costs", "closures", "new_locations"};

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string first(const Fields& f, const std::string& name) {
    const auto it = f.find(name);
    return it == f.end() || it->second.empty() ? std::string() : trim(it->second.front());
}

// "contacts-12-email" -> {"contacts", 12, "email"}; false for any other name.
bool split_name(const std::string& name, std::string& group, int& index, std::string& field) {
    for (const char* g : kGroups) {
        const std::string prefix = std::string(g) + "-";
        if (!name.starts_with(prefix)) continue;
        const auto dash = name.find('-', prefix.size());
        if (dash == std::string::npos || dash == prefix.size() || dash - prefix.size() > 3)
            return false;
        int n = 0;
        const auto* begin = name.data() + prefix.size();
        const auto [end, ec] = std::from_chars(begin, name.data() + dash, n);
        if (ec != std::errc{} || end != name.data() + dash) return false;
        group = g;
        index = n;
        field = name.substr(dash + 1);
        return !field.empty();
    }
    return false;
}

bool is_blank(const Fields& f, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (!first(f, n).empty()) return false;
    return true;
}

// "9:00", "9.00", "0900" -> "09:00". Anything else comes back as typed, for validation to reject.
std::string normalise_time(const std::string& typed) {
    std::string t = typed;
    std::replace(t.begin(), t.end(), '.', ':');
    if (t.size() == 4 && t.find(':') == std::string::npos) t = t.substr(0, 2) + ":" + t.substr(2);
    if (t.size() == 4 && t[1] == ':') t = "0" + t;
    return t;
}

std::string amount_text(double amount) {
    char buffer[32];
    if (amount == std::floor(amount) && std::abs(amount) < 1e12)
        std::snprintf(buffer, sizeof buffer, "%.0f", amount);
    else
        std::snprintf(buffer, sizeof buffer, "%.2f", amount);
    return buffer;
}

std::string id_of(const std::string& group, std::size_t index, const std::string& field) {
    return group + "-" + std::to_string(index) + "-" + field;
}

// Renames a domain field ("contacts[2].emails[0]") to the form's field id ("contacts-2-email").
std::string form_field(const std::string& field) {
    if (field == "costs") return "costs-0-option";
    static const std::map<std::string, std::map<std::string, std::string>> renames = {
        {"contacts",
         {{"name", "name"}, {"title", "role"}, {"phones", "phone"}, {"emails", "email"}}},
        {"schedules",
         {{"days", "days"},
          {"opens_at", "opens"},
          {"closes_at", "closes"},
          {"description", "notes"}}},
        {"costs",
         {{"option", "option"}, {"amount", "amount"}, {"amount_description", "description"}}},
        {"closures", {{"date", "date"}, {"description", "description"}}},
    };
    // Lists typed one per line: blank lines are dropped, so their errors are about the list.
    for (const char* list : {"how_to_access", "languages", "service_areas"})
        if (field.starts_with(std::string(list) + "[")) return list;
    const auto bracket = field.find('[');
    if (bracket == std::string::npos) return field;
    const auto group = field.substr(0, bracket);
    const auto it = renames.find(group);
    if (it == renames.end()) return field;
    const auto close = field.find(']', bracket);
    if (close == std::string::npos) return field;
    const auto index = field.substr(bracket + 1, close - bracket - 1);
    std::string rest = close + 2 <= field.size() ? field.substr(close + 2) : std::string();
    rest = rest.substr(0, rest.find_first_of("[."));
    const auto renamed = it->second.find(rest);
    return group + "-" + index + "-" + (renamed == it->second.end() ? "name" : renamed->second);
}

}  // namespace

Rows parse_rows(const http::FormFields& form) {
    std::map<std::string, std::map<int, Fields>> groups;
    for (const auto& [name, value] : form) {
        std::string group, field;
        int index = 0;
        if (!split_name(name, group, index, field)) continue;
        if (index >= kMaxRows) continue;  // more rows than the form ever shows
        groups[group][index][field].push_back(value);
    }
    Rows rows;
    // The "Add another" buttons say which group: contact, schedule, cost or location.
    const auto add = http::form_value(form, "add");
    for (const auto& [button, group] :
         {std::pair{"contact", "contacts"}, std::pair{"schedule", "schedules"},
          std::pair{"cost", "costs"}, std::pair{"closure", "closures"},
          std::pair{"location", "new_locations"}})
        if (add == button) rows.add = group;
    for (auto& [index, f] : groups["contacts"]) {
        if (!first(f, "remove").empty()) continue;
        if (is_blank(f, {"name", "role", "phone", "email"})) {
            ++rows.blank_contacts;
            continue;
        }
        rows.contacts.push_back({first(f, "id"), first(f, "name"), first(f, "role"),
                                 first(f, "phone"), first(f, "email")});
    }
    for (auto& [index, f] : groups["schedules"]) {
        if (!first(f, "remove").empty()) continue;
        std::vector<std::string> days;
        for (const auto& d : f["days"])
            if (domain::weekday_from_code(d) &&
                std::find(days.begin(), days.end(), d) == days.end())
                days.push_back(d);
        if (days.empty() && is_blank(f, {"opens", "closes", "notes"})) {
            ++rows.blank_schedules;
            continue;
        }
        rows.schedules.push_back({first(f, "id"), std::move(days), first(f, "opens"),
                                  first(f, "closes"), first(f, "notes")});
    }
    for (auto& [index, f] : groups["costs"]) {
        if (!first(f, "remove").empty()) continue;
        if (is_blank(f, {"option", "amount", "description"})) {
            ++rows.blank_costs;
            continue;
        }
        rows.costs.push_back(
            {first(f, "id"), first(f, "option"), first(f, "amount"), first(f, "description")});
    }
    for (auto& [index, f] : groups["closures"]) {
        if (!first(f, "remove").empty()) continue;
        if (is_blank(f, {"date", "description"})) {
            ++rows.blank_closures;
            continue;
        }
        rows.closures.push_back({first(f, "id"), first(f, "date"), first(f, "description")});
    }
    for (auto& [index, f] : groups["new_locations"]) {
        if (!first(f, "remove").empty()) continue;
        if (is_blank(f, {"name", "address_1", "address_2", "town", "postcode", "latitude",
                         "longitude"})) {
            ++rows.blank_locations;
            continue;
        }
        rows.new_locations.push_back({first(f, "name"), first(f, "address_1"),
                                      first(f, "address_2"), first(f, "town"), first(f, "postcode"),
                                      first(f, "latitude"), first(f, "longitude")});
    }
    return rows;
}

Rows rows_of(const domain::Service& s) {
    Rows rows;
    for (const auto& c : s.contacts)
        rows.contacts.push_back({c.id, c.name, c.title,
                                 c.phones.empty() ? std::string() : c.phones.front().number,
                                 c.emails.empty() ? std::string() : c.emails.front()});
    for (const auto& sch : s.schedules) {
        ScheduleRow row{sch.id, {}, sch.opens_at, sch.closes_at, sch.description};
        for (auto d : sch.days) row.days.emplace_back(domain::to_code(d));
        rows.schedules.push_back(std::move(row));
    }
    for (const auto& c : s.costs)
        rows.costs.push_back({c.id, c.option, c.amount ? amount_text(*c.amount) : std::string(),
                              c.amount_description});
    for (const auto& c : s.closures) rows.closures.push_back({c.id, c.date, c.description});
    return rows;
}

std::string new_location_id(const std::string& service_id, const NewLocationRow& row) {
    return domain::derived_uuid(service_id, "new-location/" + row.name + "\n" + row.address_1 +
                                                "\n" + row.address_2 + "\n" + row.town + "\n" +
                                                row.postcode);
}

std::vector<domain::Location> new_locations(const Rows& rows, const std::string& service_id) {
    std::vector<domain::Location> out;
    for (const auto& row : rows.new_locations) {
        domain::Location l;
        l.id = new_location_id(service_id, row);
        l.name = row.name;
        l.address_1 = row.address_1;
        l.address_2 = row.address_2;
        l.city = row.town;
        l.postcode = row.postcode;
        l.latitude = parse_number(row.latitude);
        l.longitude = parse_number(row.longitude);
        l.source = "admin";
        domain::complete(l);
        out.push_back(std::move(l));
    }
    return out;
}

domain::ValidationErrors validate_for_form(const domain::Service& service) {
    auto candidate = service;
    domain::complete(candidate);
    return on_form(domain::validate(candidate));
}

domain::ValidationErrors on_form(domain::ValidationErrors errors) {
    for (auto& e : errors) e.field = form_field(e.field);
    return errors;
}

domain::ValidationErrors apply(const Rows& rows, const http::FormFields& form, domain::Service& s) {
    domain::ValidationErrors errors;
    // Ids are kept only for rows this service already had: a hidden id from elsewhere, or the
    // same id twice, gets a new id instead of overwriting another record.
    std::map<std::string, domain::Contact> old_contacts;
    for (const auto& c : s.contacts) old_contacts[c.id] = c;
    std::set<std::string> old_schedules, old_costs, old_closures, used;
    for (const auto& x : s.schedules) old_schedules.insert(x.id);
    for (const auto& x : s.costs) old_costs.insert(x.id);
    for (const auto& x : s.closures) old_closures.insert(x.id);
    const auto keep = [&used](const std::string& id, bool known) {
        if (known && !id.empty() && used.insert(id).second) return id;
        return domain::new_uuid();
    };

    s.contacts.clear();
    for (const auto& row : rows.contacts) {
        const auto old = old_contacts.find(row.id);
        domain::Contact c;
        if (old != old_contacts.end()) c = old->second;  // keeps further phones and e-mails
        c.id = keep(row.id, old != old_contacts.end());
        c.name = row.name;
        c.title = row.role;
        if (row.phone.empty()) {
            if (!c.phones.empty()) c.phones.erase(c.phones.begin());
        } else if (c.phones.empty()) {
            c.phones.push_back({"", row.phone, ""});
        } else {
            c.phones.front().number = row.phone;
        }
        if (row.email.empty()) {
            if (!c.emails.empty()) c.emails.erase(c.emails.begin());
        } else if (c.emails.empty()) {
            c.emails.push_back(row.email);
        } else {
            c.emails.front() = row.email;
        }
        s.contacts.push_back(std::move(c));
    }

    s.schedules.clear();
    for (const auto& row : rows.schedules) {
        domain::RegularSchedule sch;
        sch.id = keep(row.id, old_schedules.count(row.id) > 0);
        for (const auto& d : row.days)
            if (auto day = domain::weekday_from_code(d)) sch.days.push_back(*day);
        sch.opens_at = normalise_time(row.opens);
        sch.closes_at = normalise_time(row.closes);
        sch.description = row.notes;
        s.schedules.push_back(std::move(sch));
    }

    s.costs.clear();
    for (std::size_t i = 0; i < rows.costs.size(); ++i) {
        const auto& row = rows.costs[i];
        domain::CostOption c;
        c.id = keep(row.id, old_costs.count(row.id) > 0);
        c.option = row.option;
        c.amount_description = row.description;
        if (!row.amount.empty()) {
            std::string typed = row.amount;
            if (typed.starts_with("\xC2\xA3")) typed = typed.substr(2);  // "£"
            c.amount = parse_number(typed);
            if (!c.amount)
                errors.push_back({id_of("costs", i, "amount"),
                                  "Enter the amount in pounds, like 12.50, or leave it blank"});
        }
        s.costs.push_back(std::move(c));
    }

    s.closures.clear();
    for (const auto& row : rows.closures)
        s.closures.push_back(
            {keep(row.id, old_closures.count(row.id) > 0), row.date, row.description});

    s.location_ids.clear();
    for (const auto& id : http::form_values(form, "location_ids"))
        if (domain::is_uuid(id) &&
            std::find(s.location_ids.begin(), s.location_ids.end(), id) == s.location_ids.end())
            s.location_ids.push_back(id);
    const auto places = new_locations(rows, s.id);
    for (std::size_t i = 0; i < places.size(); ++i) {
        const auto& row = rows.new_locations[i];
        const std::tuple<const char*, const std::string*, const char*> coordinates[] = {
            {"latitude", &row.latitude, "Latitude must be a number, like 51.75, or leave it blank"},
            {"longitude", &row.longitude,
             "Longitude must be a number, like -1.25, or leave it blank"}};
        for (const auto& [field, typed, message] : coordinates)
            if (!typed->empty() && !parse_number(*typed))
                errors.push_back({id_of("new_locations", i, field), message});
        for (auto e : domain::validate(places[i])) {
            if (e.field == "id") continue;
            errors.push_back({id_of("new_locations", i, e.field), e.message});
        }
        s.location_ids.push_back(places[i].id);
    }
    return errors;
}

namespace {

// The id the service already gave this name, or "" (domain::complete then derives one).
template <typename T>
std::string id_for_name(const std::vector<T>& old, const std::string& name) {
    for (const auto& x : old)
        if (x.name == name) return x.id;
    return {};
}

}  // namespace

void apply_lists(const http::FormFields& form, domain::Service& s) {
    s.how_to_access = domain::nonblank_lines(http::form_value(form, "how_to_access"));
    const auto old_languages = std::move(s.languages);
    s.languages.clear();
    for (auto& name : domain::nonblank_lines(http::form_value(form, "languages"))) {
        if (std::any_of(s.languages.begin(), s.languages.end(),
                        [&](const auto& l) { return l.name == name; }))
            continue;  // the same language twice
        s.languages.push_back({id_for_name(old_languages, name), name});
    }
    const auto old_areas = std::move(s.service_areas);
    s.service_areas.clear();
    for (const auto& typed : http::form_values(form, "service_areas")) {
        const auto name = trim(typed);
        if (name.empty() || std::any_of(s.service_areas.begin(), s.service_areas.end(),
                                        [&](const auto& a) { return a.name == name; }))
            continue;
        s.service_areas.push_back({id_for_name(old_areas, name), name});
    }
}

std::string lines_text(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        if (!out.empty()) out += '\n';
        out += line;
    }
    return out;
}

nlohmann::json area_options(const std::vector<std::string>& known,
                            const std::vector<domain::ServiceArea>& chosen) {
    std::vector<std::string> names = known;
    for (const auto& a : chosen)
        if (std::find(names.begin(), names.end(), a.name) == names.end()) names.push_back(a.name);
    auto out = nlohmann::json::array();
    for (std::size_t i = 0; i < names.size(); ++i)
        out.push_back({{"input_id", i == 0 ? std::string("service_areas")
                                           : "service_areas-" + std::to_string(i)},
                       {"name", names[i]},
                       {"checked", std::any_of(chosen.begin(), chosen.end(), [&](const auto& a) {
                            return a.name == names[i];
                        })}});
    return out;
}

void save_new_locations(const Context& ctx,
                        const http::FormFields& form,
                        const domain::Service& service,
                        storage::Store& tx) {
    for (auto l : new_locations(parse_rows(form), service.id)) {
        fill_coordinates(ctx, l);
        tx.locations().save(l);
    }
}

namespace {

int blank_rows(const Rows& rows, const std::string& group, int posted_blanks, std::size_t filled) {
    int n = posted_blanks + (rows.add == group ? 1 : 0);
    n = std::max(n, 1);
    return std::min<int>(n, std::max<int>(0, kMaxRows - static_cast<int>(filled)));
}

}  // namespace

nlohmann::json rows_model(const Rows& rows,
                          const domain::ValidationErrors& errors,
                          const std::vector<domain::Location>& places,
                          const std::vector<std::string>& chosen_location_ids) {
    std::map<std::string, std::string> messages;
    for (const auto& e : errors) messages.emplace(e.field, e.message);
    // One row's fields: value, its error message, and whether the row has any error.
    const auto fill = [&messages](
                          nlohmann::json& row, const std::string& group, std::size_t i,
                          std::initializer_list<std::pair<const char*, std::string>> fields) {
        row["index"] = std::to_string(i);
        row["number"] = std::to_string(i + 1);
        bool any = false;
        for (const auto& [name, value] : fields) {
            row[name] = value;
            const auto it = messages.find(id_of(group, i, name));
            row[std::string("error_") + name] = it == messages.end() ? "" : it->second;
            any = any || it != messages.end();
        }
        row["has_error"] = any;
    };
    nlohmann::json model;

    // One repeating group: its saved rows, then the blank ones, each given its fields by
    // `fill_row`; model[group] is the list and model[can_add] says whether "Add another" is
    // offered.
    const auto group = [&](const char* name, const auto& saved, int posted_blanks,
                           const char* can_add, auto fill_row) {
        using Row = typename std::decay_t<decltype(saved)>::value_type;
        auto list = nlohmann::json::array();
        const auto blanks = blank_rows(rows, name, posted_blanks, saved.size());
        for (std::size_t i = 0; i < saved.size() + blanks; ++i) {
            const auto row = i < saved.size() ? saved[i] : Row{};
            nlohmann::json r;
            fill_row(r, row, i);
            r["saved"] = i < saved.size();
            list.push_back(r);
        }
        model[can_add] = list.size() < static_cast<std::size_t>(kMaxRows);
        model[name] = std::move(list);
    };

    group("contacts", rows.contacts, rows.blank_contacts, "can_add_contact",
          [&](nlohmann::json& r, const ContactRow& row, std::size_t i) {
              fill(r, "contacts", i,
                   {{"name", row.name},
                    {"role", row.role},
                    {"phone", row.phone},
                    {"email", row.email}});
              r["id"] = row.id;
          });
    group(
        "schedules", rows.schedules, rows.blank_schedules, "can_add_schedule",
        [&](nlohmann::json& r, const ScheduleRow& row, std::size_t i) {
            fill(
                r, "schedules", i,
                {{"days", ""}, {"opens", row.opens}, {"closes", row.closes}, {"notes", row.notes}});
            r["id"] = row.id;
            auto days = nlohmann::json::array();
            bool first_day = true;
            for (auto d :
                 {domain::Weekday::Monday, domain::Weekday::Tuesday, domain::Weekday::Wednesday,
                  domain::Weekday::Thursday, domain::Weekday::Friday, domain::Weekday::Saturday,
                  domain::Weekday::Sunday}) {
                const std::string code(domain::to_code(d));
                // The first box carries the group's id, so the error summary can link to it.
                days.push_back(
                    {{"code", code},
                     {"label", domain::label(d)},
                     {"input_id", id_of("schedules", i, "days") + (first_day ? "" : "-" + code)},
                     {"checked",
                      std::find(row.days.begin(), row.days.end(), code) != row.days.end()}});
                first_day = false;
            }
            r["day_options"] = days;
        });
    group(
        "costs", rows.costs, rows.blank_costs, "can_add_cost",
        [&](nlohmann::json& r, const CostRow& row, std::size_t i) {
            fill(
                r, "costs", i,
                {{"option", row.option}, {"amount", row.amount}, {"description", row.description}});
            r["id"] = row.id;
        });
    group("closures", rows.closures, rows.blank_closures, "can_add_closure",
          [&](nlohmann::json& r, const ClosureRow& row, std::size_t i) {
              fill(r, "closures", i, {{"date", row.date}, {"description", row.description}});
              r["id"] = row.id;
          });
    group("new_locations", rows.new_locations, rows.blank_locations, "can_add_location",
          [&](nlohmann::json& r, const NewLocationRow& row, std::size_t i) {
              fill(r, "new_locations", i,
                   {{"name", row.name},
                    {"address_1", row.address_1},
                    {"address_2", row.address_2},
                    {"town", row.town},
                    {"postcode", row.postcode},
                    {"latitude", row.latitude},
                    {"longitude", row.longitude}});
          });

    auto options = nlohmann::json::array();
    for (const auto& l : places)
        options.push_back(
            {{"id", l.id},
             {"label", place_label(l)},
             {"checked", std::find(chosen_location_ids.begin(), chosen_location_ids.end(), l.id) !=
                             chosen_location_ids.end()}});
    model["places"] = options;
    model["has_places"] = !options.empty();
    return model;
}

nlohmann::json term_groups(const std::vector<domain::TaxonomyTerm>& terms,
                           const std::vector<std::string>& checked_ids) {
    std::map<std::string, const domain::TaxonomyTerm*> by_id;
    for (const auto& t : terms) by_id[t.id] = &t;
    const auto top_of = [&by_id](const domain::TaxonomyTerm& t) {
        const domain::TaxonomyTerm* cursor = &t;
        for (int depth = 0; depth < 64 && !cursor->parent_id.empty(); ++depth) {
            const auto it = by_id.find(cursor->parent_id);
            if (it == by_id.end()) break;
            cursor = it->second;
        }
        return cursor;
    };
    const auto checked = [&checked_ids](const std::string& id) {
        return std::find(checked_ids.begin(), checked_ids.end(), id) != checked_ids.end();
    };
    auto groups = nlohmann::json::array();
    std::map<std::string, std::size_t> group_of;
    for (const auto& t : terms) {
        const auto* top = top_of(t);
        if (!group_of.count(top->id)) {
            group_of[top->id] = groups.size();
            groups.push_back(
                {{"id", top->id}, {"name", top->name}, {"terms", nlohmann::json::array()}});
        }
        const bool is_top = top == &t;
        groups[group_of[top->id]]["terms"].push_back(
            {{"id", t.id},
             {"name", is_top ? t.name + " in general" : t.name},
             {"checked", checked(t.id)}});
    }
    return groups;
}

std::vector<domain::Location> places_for(storage::Store& store, const domain::Service& service) {
    auto linked = store.locations().find_many(service.location_ids);
    // find_many may return them in any order; show them in the service's order.
    std::vector<domain::Location> out;
    for (const auto& id : service.location_ids)
        for (const auto& l : linked)
            if (l.id == id) out.push_back(l);
    if (service.organisation_id.empty()) return out;
    storage::ServiceFilter filter;
    filter.organisation_id = service.organisation_id;
    filter.only_published = false;
    std::vector<std::string> others;
    for (const auto& s : store.services().list(filter, {1000, 0}))
        for (const auto& id : s.location_ids)
            if (std::find(service.location_ids.begin(), service.location_ids.end(), id) ==
                    service.location_ids.end() &&
                std::find(others.begin(), others.end(), id) == others.end())
                others.push_back(id);
    auto more = store.locations().find_many(others);
    std::sort(more.begin(), more.end(), [](const auto& a, const auto& b) {
        return a.name < b.name || (a.name == b.name && a.id < b.id);
    });
    out.insert(out.end(), more.begin(), more.end());
    return out;
}

}  // namespace lo::web::admin::service_form
