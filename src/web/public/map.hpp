// Where a venue is, for families on the move: "Directions" links that open the phone's own maps
// app (a geo: link) and OpenStreetMap, and the optional small map of venues or results that only
// appears when the council configured a tile server (docs/design-decisions.md "A small map").
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/model.hpp"
#include "storage/store.hpp"
#include "web/context.hpp"

namespace lo::web::public_ {

// One marker: where, what it is called, and (on the results map) the service page it links to.
struct MapPoint {
    double latitude = 0;
    double longitude = 0;
    std::string name;
    std::string href;  // "" for none
};

// {geo_href, osm_href, osm_text, for} for a venue's Directions links, or null when there is
// nothing to go on. A hidden address (a home) gets none: even a link would publish the home.
nlohmann::json directions_model(const domain::Location& location);

// The venues a map may show: those with coordinates whose address is public.
std::vector<MapPoint> venue_points(const std::vector<domain::Location>& locations,
                                   const std::string& prefix = {},
                                   const std::string& href = {});

// The venues of the search results on this page ({id, name, href} each), for the results map.
std::vector<MapPoint> result_points(storage::Store& store, const nlohmann::json& results);

// The map's model for templates/partials/map.mustache, or null when the council has configured
// no tile server or there is nothing to put on it. in_section: the map belongs to a section of
// the page ("Where"), so its heading is one level down.
nlohmann::json map_model(const Site& site,
                         const std::vector<MapPoint>& points,
                         const std::string& heading,
                         const std::string& hint,
                         bool in_section = false);

}  // namespace lo::web::public_
