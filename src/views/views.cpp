// Views: compiles templates/**/*.mustache once at start-up (views/mustache.hpp) and renders
// JSON page models inside the layout.
#include "views/views.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "views/mustache.hpp"

namespace lo::views {
namespace {

namespace fs = std::filesystem;

constexpr const char kLayout[] = "layouts/base";
constexpr const char kExtension[] = ".mustache";

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("Cannot read the file " + path.string() + ".");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The loaded templates, found by name for {{> partials/pagination}}: only templates, never a
// key of the page model.
class Loaded final : public mustache::Partials {
public:
    std::map<std::string, mustache::Template, std::less<>> templates;

    const mustache::Template* find(const std::string& name) const override {
        const auto it = templates.find(name);
        return it == templates.end() ? nullptr : &it->second;
    }
};

// A hashed file name from the manifest must be a plain file name: it goes into an href.
bool is_plain_file_name(const std::string& s) {
    if (s.empty() || s.front() == '.') return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

struct Views::Impl {
    std::string templates_dir;
    Loaded loaded;  // "public/home" -> the compiled template
    std::string stylesheet;
    // The optional map's script and Leaflet's folder, both named by content or version, so a
    // proxy may cache them for a year like the stylesheet (docs/deploy.md).
    std::string map_script;
    std::string leaflet_dir;
    // What the layout gets beside the page's own model (and before it: these names win).
    nlohmann::json layout_extras = nlohmann::json::object();

    const mustache::Template& find(const std::string& page) const {
        const auto* found = loaded.find(page);
        if (!found)
            throw std::runtime_error("There is no template " + page + kExtension + " in " +
                                     templates_dir + ".");
        return *found;
    }
};

Views::Views(std::string templates_dir, std::string static_dir) {
    auto impl = std::make_unique<Impl>();
    impl->templates_dir = templates_dir;
    const fs::path root{templates_dir};
    std::error_code ec;
    if (templates_dir.empty() || !fs::is_directory(root, ec))
        throw std::runtime_error("The templates folder \"" + templates_dir +
                                 "\" does not exist. Give the folder that holds layouts/ and "
                                 "public/ (normally templates/ in the source tree).");
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file() || entry.path().extension() != kExtension) continue;
        auto name = fs::relative(entry.path(), root).replace_extension().generic_string();
        const auto text = read_file(entry.path());  // its own message when unreadable
        try {
            impl->loaded.templates.emplace(std::move(name), mustache::Template(text));
        } catch (const std::runtime_error& e) {
            throw std::runtime_error("The template " + entry.path().string() +
                                     " has a mistake: " + e.what());
        }
    }
    if (!impl->loaded.find(kLayout))
        throw std::runtime_error("The layout template " + (root / kLayout).string() + kExtension +
                                 " is missing.");

    // "share/templates/" has an empty file name; its folder is still "share/templates".
    const fs::path templates_folder = root.has_filename() ? root : root.parent_path();
    const fs::path statics =
        static_dir.empty() ? templates_folder.parent_path() / "static" : fs::path{static_dir};
    const fs::path manifest = statics / "dist" / "manifest.json";
    if (fs::is_regular_file(manifest, ec)) {
        const auto parsed = nlohmann::json::parse(read_file(manifest), nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object())
            throw std::runtime_error("The asset manifest " + manifest.string() +
                                     " is not valid JSON. Run scripts/build-assets.sh again.");
        const auto css = parsed.value("app.css", std::string{});
        if (!is_plain_file_name(css))
            throw std::runtime_error("The asset manifest " + manifest.string() +
                                     " has no usable \"app.css\" entry. Run "
                                     "scripts/build-assets.sh again.");
        impl->stylesheet = "/static/dist/" + css;
        // Absent from older builds: pages then carry no map, as without map_tiles_url.
        const auto map_js = parsed.value("map.js", std::string{});
        const auto leaflet = parsed.value("leaflet", std::string{});
        if (is_plain_file_name(map_js) && is_plain_file_name(leaflet)) {
            impl->map_script = "/static/dist/" + map_js;
            impl->leaflet_dir = "/static/dist/" + leaflet;
        }
    }
    if (!impl->stylesheet.empty()) impl->layout_extras["stylesheet"] = impl->stylesheet;
    if (!impl->map_script.empty()) {
        impl->layout_extras["map_script"] = impl->map_script;
        impl->layout_extras["leaflet_dir"] = impl->leaflet_dir;
    }
    impl_ = std::move(impl);
}

Views::~Views() = default;
Views::Views(Views&&) noexcept = default;
Views& Views::operator=(Views&&) noexcept = default;

std::string Views::render(const std::string& page, const nlohmann::json& model) const {
    static const nlohmann::json kEmpty = nlohmann::json::object();
    const auto* data = model.is_object() ? &model : &kEmpty;
    nlohmann::json extras = impl_->layout_extras;
    auto& content = extras["content"] = std::string();
    mustache::render(impl_->find(page), {data}, impl_->loaded, content.get_ref<std::string&>());
    std::string out;
    mustache::render(impl_->find(kLayout), {data, &extras}, impl_->loaded, out);
    return out;
}

std::string Views::render_fragment(const std::string& page, const nlohmann::json& model) const {
    std::string out;
    mustache::render(impl_->find(page), {&model}, impl_->loaded, out);
    return out;
}

bool Views::has_template(const std::string& page) const {
    return impl_->loaded.find(page) != nullptr;
}

const std::string& Views::stylesheet() const {
    return impl_->stylesheet;
}

const std::string& Views::templates_dir() const {
    return impl_->templates_dir;
}

}  // namespace lo::views
