// The council's branding from configuration: a small stylesheet that puts the header in the
// council's colour (the main stylesheet is built with the default colour), and the logo file.
#include <fstream>
#include <sstream>

#include "http/error.hpp"
#include "web/page.hpp"
#include "web/public/pages.hpp"

namespace lo::web::public_ {
namespace {

// A darker shade of #rrggbb for the header's bottom border, as the main stylesheet does.
std::string darker(const std::string& colour) {
    char out[8];
    int rgb[3];
    for (int i = 0; i < 3; ++i)
        rgb[i] =
            std::stoi(colour.substr(1 + 2 * static_cast<std::size_t>(i), 2), nullptr, 16) * 4 / 5;
    std::snprintf(out, sizeof out, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    return out;
}

std::string etag_of(const std::string& body) {
    return "\"" + std::to_string(std::hash<std::string>{}(body)) + "\"";
}

}  // namespace

http::Response branding_css(Context& ctx, const http::Request& req) {
    const auto& c = ctx.site.brand_colour;
    const std::string css =
        "/* The council's colour, from the brand_colour setting. */\n"
        ".lo-header{background-color:" +
        c + ";border-bottom-color:" + darker(c) +
        "}\n"
        ".govuk-service-navigation__item--active{border-color:" +
        c + "}\n";
    const auto etag = etag_of(css);
    if (req.header("If-None-Match") == etag) {
        auto not_modified = http::Response::text("", 304);
        not_modified.set_header("ETag", etag);
        return not_modified;
    }
    http::Response r{200, {}, css};
    r.set_header("Content-Type", "text/css; charset=utf-8");
    r.set_header("Cache-Control", "public, max-age=3600");
    r.set_header("ETag", etag);
    return r;
}

http::Response branding_logo(Context& ctx, const http::Request&) {
    if (ctx.site.logo_file.empty()) throw http::HttpError(404, "This Local Offer has no logo.");
    std::ifstream in(ctx.site.logo_file, std::ios::binary);
    if (!in) throw http::HttpError(404, "The logo could not be found.", ctx.site.logo_file);
    std::ostringstream body;
    body << in.rdbuf();
    const auto& f = ctx.site.logo_file;
    const auto ext = f.substr(f.find_last_of('.') + 1);
    http::Response r{200, {}, body.str()};
    r.set_header("Content-Type", ext == "svg"   ? "image/svg+xml"
                                 : ext == "png" ? "image/png"
                                                : "image/jpeg");
    r.set_header("Cache-Control", "public, max-age=3600");
    r.set_header("ETag", etag_of(r.body));
    return r;
}

}  // namespace lo::web::public_
