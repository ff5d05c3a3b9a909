// Directions links and the optional map (web/public/map.hpp).
#include "web/public/map.hpp"

#include <cstdio>

#include "http/url.hpp"

namespace lo::web::public_ {
namespace {

// "51.752", "-1.2577": enough digits for a doorway, no trailing zeros.
std::string coordinate(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    std::string s = buf;
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

// What a screen reader adds to each link so two venues' links are told apart.
std::string venue_label(const domain::Location& l) {
    if (!l.name.empty()) return l.name;
    if (!l.address_1.empty()) return l.address_1;
    return l.postcode;
}

bool has_point(const domain::Location& l) {
    return l.latitude && l.longitude;
}

}  // namespace

nlohmann::json directions_model(const domain::Location& l) {
    if (l.hide_address) return nullptr;
    if (has_point(l)) {
        const auto at = coordinate(*l.latitude) + "," + coordinate(*l.longitude);
        // geo: (RFC 5870) with Android's ?q= form, so the app puts a named pin on the place.
        return {{"geo_href", "geo:" + at + "?q=" + at + "(" + http::percent_encode(l.name) + ")"},
                {"osm_href", "https://www.openstreetmap.org/directions?to=" +
                                 coordinate(*l.latitude) + "%2C" + coordinate(*l.longitude)},
                {"osm_text", "Get directions on OpenStreetMap"},
                {"for", venue_label(l)}};
    }
    if (l.postcode.empty() || !l.country.empty()) return nullptr;
    // No coordinates: the maps app and OpenStreetMap look the postcode up themselves.
    const auto postcode = http::percent_encode(l.postcode);
    return {{"geo_href", "geo:0,0?q=" + postcode},
            {"osm_href", "https://www.openstreetmap.org/search?query=" + postcode},
            {"osm_text", "Find the postcode on OpenStreetMap"},
            {"for", venue_label(l)}};
}

std::vector<MapPoint> venue_points(const std::vector<domain::Location>& locations,
                                   const std::string& prefix,
                                   const std::string& href) {
    std::vector<MapPoint> out;
    for (const auto& l : locations) {
        if (l.hide_address || !has_point(l)) continue;
        auto name = l.name.empty() ? l.address_1 : l.name;
        if (!prefix.empty()) name = name.empty() ? prefix : prefix + ": " + name;
        out.push_back({*l.latitude, *l.longitude, name, href});
    }
    return out;
}

std::vector<MapPoint> result_points(storage::Store& store, const nlohmann::json& results) {
    std::vector<MapPoint> out;
    for (const auto& item : results) {
        const auto id = item.value("id", std::string{});
        if (id.empty()) continue;
        const auto service = store.services().find(id);
        if (!service) continue;
        const auto points =
            venue_points(store.locations().find_many(service->location_ids),
                         item.value("name", service->name), item.value("href", std::string{}));
        out.insert(out.end(), points.begin(), points.end());
    }
    return out;
}

nlohmann::json map_model(const Site& site,
                         const std::vector<MapPoint>& points,
                         const std::string& heading,
                         const std::string& hint,
                         bool in_section) {
    if (site.map_tiles_url.empty() || points.empty()) return nullptr;
    auto list = nlohmann::json::array();
    for (const auto& p : points)
        list.push_back(
            {{"lat", p.latitude}, {"lon", p.longitude}, {"name", p.name}, {"href", p.href}});
    // The points travel as JSON in an attribute, which the template escapes like any text.
    return {{"tiles", site.map_tiles_url}, {"attribution", site.map_attribution},
            {"points", list.dump()},       {"heading", heading},
            {"in_section", in_section},    {"hint", hint}};
}

}  // namespace lo::web::public_
