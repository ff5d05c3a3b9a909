// The service page: every field of a service in plain English, in the order a parent asks
// "what is it, is it for us, how do we get it, what does it cost, when and where, who do I call".
#include "web/public/listing.hpp"
#include "web/public/map.hpp"
#include "web/public/pages.hpp"

#include <algorithm>

#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "domain/service_dates.hpp"
#include "http/ascii.hpp"
#include "http/error.hpp"
#include "web/format.hpp"
#include "web/markdown.hpp"
#include "web/page.hpp"
#include "web/phone_links.hpp"
#include "web/public/service_glance.hpp"
#include "web/public/shortlist.hpp"

namespace lo::web::public_ {
namespace {

constexpr const char kNotFound[] =
    "We could not find that service. It may have closed, or the web address may be wrong.";

std::string status_message(domain::ServiceStatus status) {
    switch (status) {
        case domain::ServiceStatus::TemporarilyClosed:
            return "This service is temporarily closed. Contact the service to find out when it "
                   "will open again.";
        case domain::ServiceStatus::Inactive:
            return "This service is not running at the moment. Contact the service to find out "
                   "if it will start again.";
        case domain::ServiceStatus::Defunct:
            return "This service has closed and is no longer available. Browse the Local Offer to "
                   "find other services.";
        case domain::ServiceStatus::Active:
            break;
    }
    return {};
}

// "www.example.org.uk/speech" for showing a web address as link text.
std::string display_url(const std::string& url) {
    std::string_view v = url;
    for (std::string_view scheme : {"https://", "http://"})
        if (v.starts_with(scheme)) v.remove_prefix(scheme.size());
    if (v.ends_with('/')) v.remove_suffix(1);
    return std::string(v);
}

nlohmann::json location_model(const domain::Location& l) {
    auto lines = nlohmann::json::array();
    if (l.hide_address) {
        // A home-based provider: the town and postcode district only, and no map pin.
        if (!l.city.empty()) lines.push_back(l.city);
        if (auto district = postcode_district(l.postcode); !district.empty())
            lines.push_back(district);
    } else {
        for (const auto* part : {&l.address_1, &l.address_2, &l.city, &l.county, &l.postcode})
            if (!part->empty()) lines.push_back(*part);
    }
    return {{"name", l.name},
            {"address", lines},
            {"hide_address", l.hide_address},
            {"description", paragraphs(l.description)},
            {"accessibility", l.accessibility},
            {"has_accessibility", !l.accessibility.empty()},
            {"directions", directions_model(l)},
            {"outside_uk", !l.country.empty()},
            {"country", l.country}};
}

// schema.org data for search engines, built as JSON (never by pasting strings together) and made
// safe to sit inside <script type="application/ld+json">.
std::string json_ld(const Context& ctx,
                    const domain::Service& s,
                    const std::optional<domain::Organisation>& org,
                    const std::vector<domain::Location>& locations) {
    nlohmann::json j = {
        {"@context", "https://schema.org"},
        {"@type", "Service"},
        {"name", s.name},
        {"url", ctx.site.base() + service_path(s.id)},
        {"isAccessibleForFree", s.free},
    };
    if (!s.summary.empty() || !s.description.empty())
        j["description"] = s.summary.empty() ? s.description : s.summary;
    if (org) {
        j["provider"] = {{"@type", "Organization"}, {"name", org->name}};
        if (!org->url.empty()) j["provider"]["url"] = org->url;
    }
    if (!s.service_areas.empty()) {
        auto areas = nlohmann::json::array();
        for (const auto& a : s.service_areas)
            areas.push_back({{"@type", "AdministrativeArea"}, {"name", a.name}});
        j["areaServed"] = areas;
    }
    if (s.min_age || s.max_age) {
        j["audience"] = {{"@type", "PeopleAudience"}};
        if (s.min_age) j["audience"]["suggestedMinAge"] = *s.min_age;
        if (s.max_age) j["audience"]["suggestedMaxAge"] = *s.max_age;
    }
    if (!locations.empty()) {
        auto places = nlohmann::json::array();
        for (const auto& l : locations) {
            nlohmann::json address = {
                {"@type", "PostalAddress"},
                {"addressCountry", l.country.empty() ? std::string("GB") : l.country}};
            if (!l.city.empty()) address["addressLocality"] = l.city;
            if (l.hide_address) {
                if (auto d = postcode_district(l.postcode); !d.empty()) address["postalCode"] = d;
            } else {
                const auto street =
                    l.address_2.empty() ? l.address_1 : l.address_1 + ", " + l.address_2;
                if (!street.empty()) address["streetAddress"] = street;
                if (!l.postcode.empty()) address["postalCode"] = l.postcode;
            }
            nlohmann::json place = {{"@type", "Place"}, {"address", address}};
            if (!l.name.empty()) place["name"] = l.name;
            if (!l.hide_address && l.latitude && l.longitude)
                place["geo"] = {{"@type", "GeoCoordinates"},
                                {"latitude", *l.latitude},
                                {"longitude", *l.longitude}};
            places.push_back({{"@type", "ServiceChannel"}, {"serviceLocation", place}});
        }
        j["availableChannel"] = places;
    }
    if (!s.last_modified.empty()) j["dateModified"] = s.last_modified;
    // Bad UTF-8 from an import must not turn the whole page into a 500.
    std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    // "</script>" or "<!--" inside a string must not end or confuse the data block.
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "</") == 0) {
            out += "<\\/";
            ++i;
        } else if (text.compare(i, 4, "<!--") == 0) {
            out += "\\u003c!--";
            i += 3;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

}  // namespace

http::Response service_show(Context& ctx, const http::Request& req) {
    const auto id = http::to_lower(req.param("id"));
    if (!domain::is_uuid(id)) throw http::HttpError(404, kNotFound);
    const auto found = ctx.store.services().find(id);
    if (!found) throw http::HttpError(404, kNotFound);
    const auto& s = *found;
    const auto org = ctx.store.organisations().find(s.organisation_id);
    const auto locations = ctx.store.locations().find_many(s.location_ids);

    auto model = page_model(ctx, s.name, Section::None);
    add_breadcrumb(model, "Home", "/");
    model["heading"] = s.name;
    model["summary"] = s.summary;
    set_meta_description(model, s.summary.empty() ? s.description : s.summary);
    // The dates decide what families are told, in UK time (domain/service_dates.hpp): a closure
    // whose reopening date has come shows as open with no one editing it.
    const auto listing = domain::service_listing(s, domain::today_uk());
    // A closure with no reason or date keeps the longer message telling families what to do.
    const bool bare_closure = listing.status == domain::ServiceStatus::TemporarilyClosed &&
                              s.closed_reason.empty() && s.reopening_date.empty();
    model["status_message"] = listing.notice.empty() || bare_closure
                                  ? status_message(listing.status)
                                  : listing.notice;
    model["status_label"] =
        listing.heading.empty() ? std::string(domain::label(listing.status)) : listing.heading;
    // "Add to shortlist": the list is ?shortlist= on this page's address (public/shortlist.cpp).
    model["shortlist"] =
        shortlist_control(read_shortlist(req, "shortlist"), s.id, req, "shortlist");
    model["service_name"] = s.name;

    const auto due = domain::parse_date(s.review_due);
    model["overdue_date"] =
        due && *due < domain::today_utc() ? domain::long_date(*due) : std::string{};

    // Urgent help first: in a crisis the family must not scroll for it. Each paragraph is escaped,
    // then its phone numbers (999, 111 and UK numbers) become tap-to-call links.
    auto urgent = nlohmann::json::array();
    for (const auto& p : paragraphs(s.urgent_help))
        urgent.push_back(link_phone_numbers(escape_html(p)));
    model["has_urgent_help"] = !urgent.empty();
    model["urgent_help"] = urgent;

    // What this service does
    model["description"] = paragraphs(s.description);
    model["has_description"] = !s.description.empty() || !s.term_ids.empty();
    auto categories = nlohmann::json::array();
    auto needs = nlohmann::json::array();
    {
        auto& taxonomies = ctx.store.taxonomies();
        const auto cat_tax =
            taxonomies.find_taxonomy_by_code(std::string(domain::kCategoriesTaxonomy));
        const auto need_tax = taxonomies.find_taxonomy_by_code(std::string(domain::kNeedsTaxonomy));
        for (const auto& term_id : s.term_ids) {
            const auto t = taxonomies.find_term(term_id);
            if (!t) continue;
            if (cat_tax && t->taxonomy_id == cat_tax->id)
                categories.push_back({{"name", t->name},
                                      {"href", "/categories/" + t->code},
                                      {"print_url", ctx.site.base() + "/categories/" + t->code}});
            else if (need_tax && t->taxonomy_id == need_tax->id)
                needs.push_back({{"name", t->name}, {"href", "/needs/" + t->code}});
        }
    }
    for (std::size_t i = 0; i < categories.size(); ++i)
        categories[i]["separator"] = i + 1 < categories.size() ? ", " : "";
    model["categories"] = categories;
    model["has_categories"] = !categories.empty();
    if (!categories.empty()) {
        const auto& first = categories.front();
        add_breadcrumb(model, "Services by category", "/categories");
        add_breadcrumb(model, first["name"].get<std::string>(), first["href"].get<std::string>());
    }

    // Who it is for
    auto areas = nlohmann::json::array();
    for (const auto& a : s.service_areas) areas.push_back(a.name);
    const auto ages = age_range(s.min_age, s.max_age);
    model["ages"] = ages;
    model["needs"] = needs;
    model["eligibility"] = paragraphs(s.eligibility);
    model["areas"] = areas;
    model["has_needs"] = !needs.empty();
    model["has_areas"] = !areas.empty();
    model["has_who"] = !ages.empty() || !needs.empty() || !s.eligibility.empty() || !areas.empty();

    // How to get it
    auto routes = nlohmann::json::array();
    for (auto r : s.referral_routes) routes.push_back(std::string(domain::label(r)));
    model["routes"] = routes;
    model["steps"] = s.how_to_access;
    model["has_routes"] = !routes.empty();
    model["has_steps"] = !s.how_to_access.empty();
    model["referral_url"] = s.referral_url;
    model["waiting_time"] = s.waiting_time;
    model["has_access"] = !routes.empty() || !s.how_to_access.empty() || !s.referral_url.empty() ||
                          !s.waiting_time.empty();

    // Cost
    auto costs = nlohmann::json::array();
    for (const auto& c : s.costs) {
        std::string text = c.option;
        if (c.amount) text += (text.empty() ? "" : ": ") + money(*c.amount);
        if (!c.amount_description.empty())
            text += (text.empty() ? "" : (c.amount ? " " : ": ")) + c.amount_description;
        costs.push_back(text);
    }
    model["free"] = s.free;
    model["costs"] = costs;
    model["has_costs"] = !costs.empty();

    // When it is open
    auto schedules = nlohmann::json::array();
    for (const auto& sch : s.schedules)
        schedules.push_back({{"text", schedule_text(sch)}, {"description", sch.description}});
    auto closures_in_order = s.closures;
    std::sort(closures_in_order.begin(), closures_in_order.end(),
              [](const auto& a, const auto& b) { return a.date < b.date; });
    auto closures = nlohmann::json::array();
    const auto today = domain::today_utc();
    for (const auto& c : closures_in_order) {
        const auto d = domain::parse_date(c.date);
        if (!d || *d < today) continue;  // past closures are no help to anyone
        std::string text = "Closed on " + domain::long_date(*d);
        if (!c.description.empty()) text += ": " + c.description;
        closures.push_back(text);
    }
    model["schedules"] = schedules;
    model["closures"] = closures;
    model["has_schedules"] = !schedules.empty();
    model["has_closures"] = !closures.empty();
    model["has_opening"] = !schedules.empty() || !closures.empty();

    // Where
    auto places = nlohmann::json::array();
    for (const auto& l : locations) places.push_back(location_model(l));
    model["locations"] = places;
    model["has_locations"] = !places.empty();
    // After the addresses, which are complete without it; set only when the council chose a
    // tile server (web/public/map.hpp).
    model["map"] = map_model(ctx.site, venue_points(locations), "Map", "", true);

    // How it is delivered
    auto modes = nlohmann::json::array();
    for (auto m : s.delivery_modes) modes.push_back(std::string(domain::label(m)));
    model["delivery_modes"] = modes;
    model["has_delivery"] = !modes.empty();

    // Contact
    auto contacts = nlohmann::json::array();
    for (const auto& c : s.contacts) {
        auto phones = nlohmann::json::array();
        for (const auto& p : c.phones)
            phones.push_back({{"number", p.number},
                              {"href", tel_href(p.number)},
                              {"description", p.description}});
        auto emails = nlohmann::json::array();
        for (const auto& e : c.emails) emails.push_back({{"address", e}, {"href", "mailto:" + e}});
        contacts.push_back(
            {{"name", c.name}, {"title", c.title}, {"phones", phones}, {"emails", emails}});
    }
    model["website"] = s.url.empty()
                           ? nlohmann::json(nullptr)
                           : nlohmann::json{{"href", s.url}, {"text", display_url(s.url)}};
    model["email"] = s.email.empty()
                         ? nlohmann::json(nullptr)
                         : nlohmann::json{{"address", s.email}, {"href", "mailto:" + s.email}};
    model["contacts"] = contacts;
    model["has_contact"] = !s.url.empty() || !s.email.empty() || !contacts.empty();

    // Languages
    std::vector<std::string> languages;
    for (const auto& l : s.languages) languages.push_back(l.name);
    model["languages"] = join_and(languages);

    // Provided by
    model["organisation"] =
        org ? nlohmann::json{{"name", org->name},
                             {"href", organisation_path(org->id)},
                             {"print_url", ctx.site.base() + organisation_path(org->id)}}
            : nlohmann::json(nullptr);

    std::vector<std::string> need_list;
    for (const auto& n : needs) need_list.push_back(n["name"].get<std::string>());
    model["glance"] = glance_model(s, locations, need_list);
    // Printed, the page says where it lives online in full (a path means nothing on paper).
    model["page_url"] = ctx.site.base() + service_path(s.id);

    model["last_checked"] = long_date_text(s.last_checked);
    model["last_updated"] = long_date_text(s.last_modified);
    // Harvested from another council's feed (interchange/harvest.hpp): say where it came from.
    if (s.source.starts_with("harvest:") && s.source.size() > 8)
        model["harvested_from"] = s.source.substr(8);
    model["json_ld"] = json_ld(ctx, s, org, locations);
    return render_page(ctx, "public/services/show", model);
}

}  // namespace lo::web::public_
