// map_tiles_url and map_attribution: off by default, a usable tile address or a one-line reason,
// and a Content-Security-Policy that lets images come from that tile server only.
#include "app/map_settings.hpp"
#include "config_error.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "app/config.hpp"

namespace lo::app {
namespace {

TEST(MapSettings, OffByDefaultWithTheOpenStreetMapCredit) {
    const Config c;
    EXPECT_EQ(c.site.map_tiles_url, "");
    EXPECT_EQ(c.site.map_attribution, "© OpenStreetMap contributors");
    EXPECT_EQ(content_security_policy(c.site),
              "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
}

TEST(MapSettings, AcceptsTileTemplatesAndOpensImagesToThatServerOnly) {
    Config c;
    apply_setting(c, "map_tiles_url", "HTTPS://{s}.tile.example.org/{z}/{x}/{y}{r}.png");
    EXPECT_EQ(c.site.map_tiles_url, "https://{s}.tile.example.org/{z}/{x}/{y}{r}.png");
    EXPECT_EQ(tile_origin(c.site.map_tiles_url), "https://*.tile.example.org");
    EXPECT_NE(
        content_security_policy(c.site).find("img-src 'self' data: https://*.tile.example.org;"),
        std::string::npos);
    apply_setting(c, "map_tiles_url", "https://maps.council.gov.uk:8443/tiles/{z}/{x}/{y}.png?k=1");
    EXPECT_EQ(tile_origin(c.site.map_tiles_url), "https://maps.council.gov.uk:8443");
    apply_setting(c, "map_tiles_url", "http://127.0.0.1:9000/{z}/{x}/{y}.png");  // tests
    EXPECT_EQ(tile_origin(c.site.map_tiles_url), "http://127.0.0.1:9000");
    apply_setting(c, "map_tiles_url", "");  // empty turns the map off again
    EXPECT_EQ(tile_origin(c.site.map_tiles_url), "");
    apply_setting(c, "map_attribution", "Maps © Council, data © OpenStreetMap contributors");
    EXPECT_EQ(c.site.map_attribution, "Maps © Council, data © OpenStreetMap contributors");
}

TEST(MapSettings, RefusesABadTileAddressInOneLine) {
    Config c;
    const std::string start =
        "The setting map_tiles_url must be a tile address like "
        "https://tiles.example.org/{z}/{x}/{y}.png, not ";
    EXPECT_EQ(error_of([&] { apply_setting(c, "map_tiles_url", "tiles.example.org/{z}/{x}/{y}"); }),
              start + "\"tiles.example.org/{z}/{x}/{y}\": it must start with https://.");
    EXPECT_EQ(
        error_of([&] { apply_setting(c, "map_tiles_url", "https://t.example.org/{z}/{x}.png"); }),
        start +
            "\"https://t.example.org/{z}/{x}.png\": it has no {y} (it needs {z}, {x} and {y}).");
    EXPECT_EQ(
        error_of([&] { apply_setting(c, "map_tiles_url", "http://t.example.org/{z}/{x}/{y}"); }),
        start +
            "\"http://t.example.org/{z}/{x}/{y}\": browsers refuse http:// images on an "
            "https:// site; use https://.");
    EXPECT_EQ(error_of([&] {
                  apply_setting(c, "map_tiles_url",
                                "https://t.example.org/{z}/{x}/{y}.png; script-src *");
              }),
              start +
                  "\"https://t.example.org/{z}/{x}/{y}.png; script-src *\": it has a space, quote, "
                  "comma, semicolon or other character a web address cannot.");
    EXPECT_EQ(error_of([&] {
                  apply_setting(c, "map_tiles_url", "https://t.example.org/{z}/{x}/{y}/{id}");
              }),
              start +
                  "\"https://t.example.org/{z}/{x}/{y}/{id}\": only {z}, {x}, {y}, {s} and {r} may "
                  "stand in braces.");
    EXPECT_EQ(
        error_of(
            [&] { apply_setting(c, "map_tiles_url", "https://a.{s}.example.org/{z}/{x}/{y}"); }),
        start +
            "\"https://a.{s}.example.org/{z}/{x}/{y}\": the server's name must be plain (only "
            "{s} may stand in it, as its first part).");
    EXPECT_EQ(error_of([&] {
                  apply_setting(c, "map_tiles_url", "https://me@t.example.org/{z}/{x}/{y}");
              }),
              start +
                  "\"https://me@t.example.org/{z}/{x}/{y}\": the server's name must be plain (only "
                  "{s} may stand in it, as its first part).");
    EXPECT_EQ(c.site.map_tiles_url, "") << "a refused value changes nothing";
    EXPECT_EQ(
        error_of([&] { apply_setting(c, "map_attribution", ""); }),
        "The setting map_attribution must be the tile provider's credit, 1 to 200 characters, "
        "like \"© OpenStreetMap contributors\".");
}

}  // namespace
}  // namespace lo::app
