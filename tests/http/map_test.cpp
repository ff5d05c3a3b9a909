// Directions links and the optional map on the service page (web/public/map.hpp): links for every
// venue whose address is public, none for a home; no map, script or tile address unless the
// council set map_tiles_url; a hidden address never reaches the map's points.
#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace lo::test {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

class MapTest : public PublicSiteTest {
protected:
    domain::Location clinic() {
        return add_location({.name = "Rose Hill (Children's) Centre",
                             .address_1 = "1 Ashhurst Way",
                             .city = "Oxford",
                             .postcode = "OX4 4RF",
                             .latitude = 51.7288,
                             .longitude = -1.2268});
    }
    domain::Location home() {
        return add_location({.name = "Jo's Childminding",
                             .address_1 = "12 Secret Lane",
                             .city = "Bicester",
                             .postcode = "OX26 6BL",
                             .latitude = 51.9,
                             .longitude = -1.15,
                             .hide_address = true});
    }
};

TEST_F(MapTest, EachPublicVenueHasDirectionsToItsMapsAppAndOpenStreetMap) {
    const auto hall = add_location({.name = "Town Hall", .postcode = "OX1 1ND"});  // no coordinates
    const auto s = add_service({.name = "Speech therapy", .location_ids = {clinic().id, hall.id}});
    const auto body = get("/services/" + s.id).body;
    for (const std::string expected : {
             "href=\"geo:51.7288,-1.2268?q=51.7288,-1.2268(Rose%20Hill%20%28Children%27s%29%"
             "20Centre)\"",
             "href=\"https://www.openstreetmap.org/directions?to=51.7288%2C-1.2268\"",
             "Directions (opens your maps app)<span class=\"govuk-visually-hidden\"> for Rose Hill "
             "(Children&apos;s) Centre</span>",
             "Get directions on OpenStreetMap<span class=\"govuk-visually-hidden\"> for Rose Hill",
             // A postcode is enough for the maps app and OpenStreetMap to look the place up.
             "href=\"geo:0,0?q=OX1%201ND\"",
             "href=\"https://www.openstreetmap.org/search?query=OX1%201ND\"",
             "Directions (opens your maps app)<span class=\"govuk-visually-hidden\"> for Town "
             "Hall</span>",
         })
        EXPECT_TRUE(contains(body, expected)) << "missing: " << expected;
}

TEST_F(MapTest, AHomeGetsNoDirectionsAndNoMarker) {
    site_.map_tiles_url = "http://127.0.0.1:9/{z}/{x}/{y}.png";
    const auto s = add_service({.name = "Childminder", .location_ids = {home().id}});
    const auto body = get("/services/" + s.id).body;
    EXPECT_TRUE(contains(body, ">OX26<"));
    for (const char* secret : {"geo:", "openstreetmap", "51.9", "-1.15", "data-lo-map", "leaflet"})
        EXPECT_FALSE(contains(body, secret)) << secret;
}

TEST_F(MapTest, NoMapScriptOrTileServerUnlessTheCouncilSetsOne) {
    const auto s = add_service({.name = "Speech therapy", .location_ids = {clinic().id}});
    const auto body = get("/services/" + s.id).body;
    for (const char* absent : {"data-lo-map", "leaflet", "map.js", "<script src"})
        EXPECT_FALSE(contains(body, absent)) << absent;
}

TEST_F(MapTest, WithATileServerTheServicePageCarriesItsPublicVenuesForTheMap) {
    site_.map_tiles_url = "https://{s}.tiles.example.org/{z}/{x}/{y}.png";
    site_.map_attribution = "Maps \"ours\" <b>";
    const auto s =
        add_service({.name = "Speech therapy", .location_ids = {clinic().id, home().id}});
    const auto body = get("/services/" + s.id).body;
    for (const std::string expected : {
             "<link rel=\"stylesheet\" href=\"/static/dist/leaflet-1.9.4/leaflet.css\">",
             "<script src=\"/static/dist/leaflet-1.9.4/leaflet.js\" defer></script>",
             "<script src=\"/static/dist/map.0123abcd.js\" defer></script>",
             "data-tiles=\"https://{s}.tiles.example.org/{z}/{x}/{y}.png\"",
             "data-attribution=\"Maps &quot;ours&quot; &lt;b&gt;\"",
             "&quot;lat&quot;:51.7288,&quot;lon&quot;:-1.2268,&quot;name&quot;:&quot;Rose Hill",
             "<h3 class=\"govuk-heading-s\" id=\"map-heading\">Map</h3>",
             "role=\"region\" aria-labelledby=\"map-heading\"",
             "href=\"#after-map\">Skip the map</a>",
         })
        EXPECT_TRUE(contains(body, expected)) << "missing: " << expected;
    EXPECT_FALSE(contains(body, "51.9")) << "the home's point is not on the map";
    // The map comes after the addresses, which are complete without it.
    EXPECT_LT(body.find("1 Ashhurst Way"), body.find("data-lo-map"));
}

}  // namespace
}  // namespace lo::test
