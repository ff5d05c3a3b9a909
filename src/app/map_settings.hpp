// The optional map (docs/configuration.md "map_tiles_url"): which tile server the council chose,
// checked when it is read, and the Content-Security-Policy that lets the browser reach it and
// nothing else.
#pragma once

#include <string>

namespace lo::web {
struct Site;
}

namespace lo::app {

struct Config;

// Applies map_tiles_url and map_attribution. False when `key` is neither. Throws ConfigError.
bool apply_map_setting(Config& config, const std::string& key, const std::string& value);

// What is wrong with a tile address template ("" when it is usable, or empty: no map).
std::string map_tiles_url_problem(const std::string& url);

// The tile server's origin as a CSP source ("https://*.tile.example.org" for a {s} subdomain),
// or "" for no tile server.
std::string tile_origin(const std::string& url);

// The page's Content-Security-Policy: everything from the site itself, plus images from the tile
// server when one is configured.
std::string content_security_policy(const web::Site& site);

}  // namespace lo::app
