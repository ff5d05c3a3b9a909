// map_tiles_url and map_attribution (app/map_settings.hpp). The tile address ends up in a
// response header and in every page with a map, so it is checked strictly when it is read.
#include <string_view>

#include "app/config.hpp"
#include "app/map_settings.hpp"
#include "domain/repair.hpp"
#include "web/context.hpp"

namespace lo::app {
namespace {

constexpr std::string_view kPlaceholders[] = {"{z}", "{x}", "{y}", "{s}", "{r}"};

// Characters that could end a CSP source or an HTML attribute, or hide in a log line.
bool has_unsafe_character(std::string_view url) {
    for (const unsigned char c : url)
        if (c <= ' ' || c >= 0x7f || c == '"' || c == '\'' || c == ';' || c == ',' || c == '<' ||
            c == '>' || c == '\\' || c == '`')
            return true;
    return false;
}

// "https://{s}.tile.example.org:8443/{z}/{x}/{y}.png" -> "{s}.tile.example.org:8443".
std::string_view host_and_port(std::string_view url) {
    const auto start = url.find("://");
    if (start == std::string_view::npos) return {};
    const auto rest = url.substr(start + 3);
    return rest.substr(0, rest.find_first_of("/?#"));
}

bool is_loopback(std::string_view host_port) {
    const auto host = host_port.substr(0, host_port.rfind(':'));
    return host == "localhost" || host == "127.0.0.1";
}

// A name (or address) and port a CSP source can hold: letters, digits, dots, hyphens and one
// port, with at most {s} as the first part, which Leaflet fills in with a, b or c.
bool is_plain_host(std::string_view host) {
    if (host.starts_with("{s}.")) host.remove_prefix(4);
    const auto colon = host.find(':');
    if (colon != std::string_view::npos) {
        const auto port = host.substr(colon + 1);
        if (port.empty() || port.size() > 5 ||
            port.find_first_not_of("0123456789") != std::string_view::npos)
            return false;
        host = host.substr(0, colon);
    }
    return !host.empty() && host.front() != '.' && host.front() != '-' &&
           host.find_first_not_of(
               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") ==
               std::string_view::npos;
}

// Every "{...}" must be one Leaflet fills in; anything else would break the map at run time.
std::string placeholder_problem(std::string_view url) {
    for (const auto p : {"{z}", "{x}", "{y}"})
        if (url.find(p) == std::string_view::npos)
            return std::string("it has no ") + p + " (it needs {z}, {x} and {y})";
    std::string rest(url);
    for (const auto p : kPlaceholders)
        for (auto at = rest.find(p); at != std::string::npos; at = rest.find(p))
            rest.erase(at, p.size());
    if (rest.find_first_of("{}") != std::string::npos)
        return "only {z}, {x}, {y}, {s} and {r} may stand in braces";
    return {};
}

}  // namespace

std::string map_tiles_url_problem(const std::string& url) {
    if (url.empty()) return {};
    std::string why;
    const auto host = host_and_port(url);
    if (has_unsafe_character(url))
        why = "it has a space, quote, comma, semicolon or other character a web address cannot";
    else if (!url.starts_with("https://") && !url.starts_with("http://"))
        why = "it must start with https://";
    else if (!is_plain_host(host))
        why = "the server's name must be plain (only {s} may stand in it, as its first part)";
    else if (url.starts_with("http://") && !is_loopback(host))
        why = "browsers refuse http:// images on an https:// site; use https://";
    else
        why = placeholder_problem(url);
    if (why.empty()) return {};
    return "The setting map_tiles_url must be a tile address like "
           "https://tiles.example.org/{z}/{x}/{y}.png, not \"" +
           url.substr(0, 80) + "\": " + why + ".";
}

std::string tile_origin(const std::string& url) {
    if (url.empty()) return {};
    const auto scheme_end = url.find("://") + 3;
    auto host = std::string(host_and_port(url));
    if (host.starts_with("{s}.")) host = "*" + host.substr(3);  // CSP's wildcard subdomain
    return url.substr(0, scheme_end) + host;
}

std::string content_security_policy(const web::Site& site) {
    const auto tiles = tile_origin(site.map_tiles_url);
    // Strict by default: no inline script or style, nothing framed, no third-party requests.
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" +
           (tiles.empty() ? std::string{} : " " + tiles) +
           "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}

bool apply_map_setting(Config& c, const std::string& key, const std::string& value) {
    if (key == "map_tiles_url") {
        const auto url = domain::lowercase_scheme(value);
        if (const auto problem = map_tiles_url_problem(url); !problem.empty())
            throw ConfigError(problem);
        c.site.map_tiles_url = url;
    } else if (key == "map_attribution") {
        if (value.empty() || value.size() > 200)
            throw ConfigError(
                "The setting map_attribution must be the tile provider's credit, 1 to 200 "
                "characters, like \"© OpenStreetMap contributors\".");
        c.site.map_attribution = value;
    } else
        return false;
    return true;
}

}  // namespace lo::app
