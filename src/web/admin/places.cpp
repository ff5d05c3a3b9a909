// Admin places: list, add and edit the places services happen at (editors). A place's address,
// its coordinates (from the postcode when left blank), what makes it accessible, and whether its
// exact address is hidden from the public (home-based providers such as childminders).
#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

#include "domain/ids.hpp"
#include "domain/validation.hpp"
#include "http/error.hpp"
#include "http/url.hpp"
#include "web/admin/admin.hpp"
#include "web/admin/form_text.hpp"
#include "web/admin/place_fields.hpp"
#include "web/format.hpp"
#include "web/page.hpp"

namespace lo::web::admin::places {
namespace {

// The accessibility a council's families ask about, ticked on the form. Anything else is typed
// under "Other accessibility", one feature a line.
const std::vector<std::string> kAccessibility = {
    "Step-free access", "Accessible toilet",         "Changing Places toilet",
    "Hearing loop",     "Accessible parking",        "Lift",
    "Quiet room",       "BSL interpreter available", "Large print available",
    "Sensory room"};

const char kNotFound[] = "We could not find a place with that id. Go back to the list of places.";

std::string number_text(const std::optional<double>& v) {
    if (!v) return {};
    char out[32];
    std::snprintf(out, sizeof out, "%.6f", *v);
    std::string text = out;
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
    return text;
}

// The services at the place, for the form's "Used by" list: whoever edits a place changes
// every one of them.
nlohmann::json used_by(Visit& visit, const std::string& location_id) {
    storage::ServiceQuery q;
    q.location_ids = {location_id};
    q.restrict_to_locations = true;
    auto out = nlohmann::json::array();
    const auto ids = visit.ctx.store.services().query_ids(q, {200, 0});
    for (const auto& s : visit.ctx.store.services().find_many(ids))
        out.push_back({{"name", s.name}, {"href", "/admin/services/" + s.id + "/edit"}});
    return out;
}

nlohmann::json form_model(Visit& visit,
                          const domain::Location& l,
                          bool is_new,
                          const std::string& latitude,
                          const std::string& longitude) {
    auto model =
        admin_page_model(visit, is_new ? "Add a place" : "Edit " + place_label(l), "places");
    add_breadcrumb(model, "Places", "/admin/places");
    model["is_new"] = is_new;
    model["action"] = is_new ? std::string("/admin/places") : "/admin/places/" + l.id;
    auto features = nlohmann::json::array();
    std::string other;
    for (std::size_t i = 0; i < kAccessibility.size(); ++i)
        features.push_back(
            {{"id", i == 0 ? std::string("accessibility") : "accessibility-" + std::to_string(i)},
             {"value", kAccessibility[i]},
             {"checked",
              std::count(l.accessibility.begin(), l.accessibility.end(), kAccessibility[i]) > 0}});
    for (const auto& a : l.accessibility)
        if (std::find(kAccessibility.begin(), kAccessibility.end(), a) == kAccessibility.end())
            other += (other.empty() ? "" : "\n") + a;
    model["place"] = {{"id", l.id},
                      {"name", l.name},
                      {"description", l.description},
                      {"address_1", l.address_1},
                      {"address_2", l.address_2},
                      {"city", l.city},
                      {"county", l.county},
                      {"postcode", l.postcode},
                      {"latitude", latitude},
                      {"longitude", longitude},
                      {"hide_address", l.hide_address},
                      {"accessibility_other", other}};
    model["accessibility"] = features;
    if (!is_new) {
        model["used_by"] = used_by(visit, l.id);
        model["has_used_by"] = !model["used_by"].empty();
    }
    return model;
}

// Reads the form into l. Coordinates typed are kept; left blank, or unchanged while the
// postcode changed, they come from the postcode.
domain::ValidationErrors read_form(Visit& visit, domain::Location& l) {
    const auto form = visit.request.form();
    const auto field = [&](std::string_view name) { return trimmed(http::form_value(form, name)); };
    const auto old = l;
    l.name = field("name");
    l.description = field("description");
    l.address_1 = field("address_1");
    l.address_2 = field("address_2");
    l.city = field("city");
    l.county = field("county");
    l.postcode = field("postcode");
    l.hide_address = field("hide_address") == "yes";
    l.accessibility.clear();
    const auto ticked = http::form_values(form, "accessibility");
    for (const auto& feature : kAccessibility)
        if (std::count(ticked.begin(), ticked.end(), feature)) l.accessibility.push_back(feature);
    std::set<std::string> seen(l.accessibility.begin(), l.accessibility.end());
    std::string line;
    for (std::istringstream lines(http::form_value(form, "accessibility_other"));
         std::getline(lines, line);)
        if (const auto a = trimmed(line); !a.empty() && seen.insert(a).second)
            l.accessibility.push_back(a);

    domain::ValidationErrors errors;
    const auto coordinate = [&](const std::string& name, const std::optional<double>& before,
                                const char* example) -> std::optional<double> {
        const auto typed = field(name);
        // The form shows six decimals: left as shown, the stored value stays exactly.
        if (!typed.empty() && typed == number_text(before)) return before;
        const auto v = parse_number(typed);
        if (!typed.empty() && !v)
            errors.push_back({name, "Enter the " + name + " as a number, like " + example +
                                        ", or leave it blank to find it from the postcode"});
        return v;
    };
    l.latitude = coordinate("latitude", old.latitude, "51.752");
    l.longitude = coordinate("longitude", old.longitude, "-1.258");
    const bool moved =
        domain::normalise_postcode(l.postcode) != domain::normalise_postcode(old.postcode);
    if (moved && l.latitude == old.latitude && l.longitude == old.longitude) {
        l.latitude.reset();
        l.longitude.reset();
    }
    domain::complete(l);  // the postcode written as the gazetteer holds it ("OX3 9DU")
    fill_coordinates(visit.ctx, l);
    return errors;
}

http::Response save(Visit& visit, domain::Location l, bool is_new) {
    // The rules' messages in the form's order, then what was typed in the coordinates (at the
    // end of the form) that is not a number.
    const auto typed = read_form(visit, l);
    auto errors = domain::validate(l);
    for (const auto& e : typed) {
        std::erase_if(errors, [&](const auto& x) { return x.field == e.field; });
        errors.push_back(e);
    }
    if (errors.empty()) {
        try {
            visit.ctx.store.transaction([&](storage::Store& tx) {
                tx.locations().save(l);
                auth::AuditEntry e{0,
                                   {},
                                   visit.principal.user.id,
                                   visit.principal.user.email,
                                   is_new ? "place_created" : "place_updated",
                                   l.id,
                                   place_label(l).substr(0, 200),
                                   visit.request.remote_address};
                tx.audit().record(e);
            });
            return http::Response::redirect("/admin/places?saved=" + http::percent_encode(l.id));
        } catch (const storage::ValidationFailed& e) {
            errors = e.errors();
        }
    }
    const auto form = visit.request.form();
    auto model = form_model(visit, l, is_new, trimmed(http::form_value(form, "latitude")),
                            trimmed(http::form_value(form, "longitude")));
    add_errors(model, errors);
    model["coordinates_error"] = std::any_of(errors.begin(), errors.end(), [](const auto& e) {
        return e.field == "latitude" || e.field == "longitude";
    });
    return render_page(visit.ctx, "admin/places/form", model, 422);
}

}  // namespace

http::Response index(Visit& visit) {
    auto model = admin_page_model(visit, "Places", "places");
    const auto total = visit.ctx.store.locations().count();
    const auto pagination = paginate(visit.request, total);
    auto rows = nlohmann::json::array();
    for (const auto& l :
         visit.ctx.store.locations().list({pagination.per_page, pagination.offset()}))
        rows.push_back({{"label", place_label(l)},
                        {"hidden", l.hide_address},
                        {"located", l.latitude.has_value()},
                        {"edit_href", "/admin/places/" + l.id + "/edit"}});
    model["places"] = rows;
    model["has_places"] = !rows.empty();
    model["count_text"] = count_text(total, "place", "places");
    if (const auto saved = visit.request.query_value("saved"); saved && !saved->empty())
        if (const auto l = visit.ctx.store.locations().find(*saved))
            model["saved"] = place_label(*l) + " has been saved.";
    model["pagination"] = pagination_model(pagination, "/admin/places");
    return render_page(visit.ctx, "admin/places/index", model);
}

http::Response new_form(Visit& visit) {
    return render_page(visit.ctx, "admin/places/form", form_model(visit, {}, true, "", ""));
}

http::Response create(Visit& visit) {
    domain::Location l;
    l.id = domain::new_uuid();
    l.source = "admin";
    return save(visit, std::move(l), true);
}

http::Response edit(Visit& visit) {
    const auto l = visit.ctx.store.locations().find(visit.request.param("id"));
    if (!l) throw http::HttpError(404, kNotFound);
    return render_page(
        visit.ctx, "admin/places/form",
        form_model(visit, *l, false, number_text(l->latitude), number_text(l->longitude)));
}

http::Response update(Visit& visit) {
    auto l = visit.ctx.store.locations().find(visit.request.param("id"));
    if (!l) throw http::HttpError(404, kNotFound);
    return save(visit, std::move(*l), false);
}

}  // namespace lo::web::admin::places
