// Views: the Mustache templates in templates/, loaded and checked once at start-up, and rendered
// with a JSON page model inside templates/layouts/base.mustache.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace lo::views {

class Views {
public:
    // Loads every templates_dir/**/*.mustache and checks that each one parses. static_dir is the
    // folder served at /static/; its dist/manifest.json (written by scripts/build-assets.sh) names
    // the hashed stylesheet (and the map's script and Leaflet folder). An empty static_dir means
    // templates_dir/../static. Throws std::runtime_error naming the folder or file when
    // templates_dir, layouts/base.mustache or a valid template is missing. A missing manifest is
    // not an error: pages are then unstyled and stylesheet() is empty (has_stylesheet() says so,
    // for a start-up warning).
    explicit Views(std::string templates_dir, std::string static_dir = {});
    ~Views();
    Views(Views&&) noexcept;
    Views& operator=(Views&&) noexcept;

    // Renders templates/<page>.mustache with model, then the layout with the same model plus
    // "content" (the page's HTML), "stylesheet" (the hashed CSS URL), and "map_script" and
    // "leaflet_dir" when the manifest names them. HTML-escapes every {{x}}.
    // JSON strings that are empty, and nulls, count as false in sections, as in mustache.js.
    // Throws std::runtime_error for an unknown page or a render error (a programming error).
    std::string render(const std::string& page, const nlohmann::json& model) const;

    // Renders one template on its own, without the layout (fragments, tests).
    std::string render_fragment(const std::string& page, const nlohmann::json& model) const;

    bool has_template(const std::string& page) const;
    // "/static/dist/app.3f2a9c1b.css", or "" when the assets have not been built.
    const std::string& stylesheet() const;
    bool has_stylesheet() const { return !stylesheet().empty(); }
    const std::string& templates_dir() const;

private:
    struct Impl;
    std::unique_ptr<const Impl> impl_;
};

}  // namespace lo::views
