// Views: loads templates/**/*.mustache once, converts JSON page models to Mustache data and
// renders pages inside the layout. The only file that includes kainjow/mustache.hpp.
#include "views/views.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <kainjow/mustache.hpp>

namespace lo::views {
namespace {

namespace fs = std::filesystem;
namespace mustache = kainjow::mustache;

constexpr const char kLayout[] = "layouts/base";
constexpr const char kExtension[] = ".mustache";

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("Cannot read the file " + path.string() + ".");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// JSON -> Mustache data. Empty strings and nulls become false so that {{#summary}} skips an
// empty summary, as it would in mustache.js; numbers become their decimal text.
mustache::data to_data(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::object: {
            mustache::data out{mustache::data::type::object};
            for (const auto& [key, value] : j.items()) out.set(key, to_data(value));
            return out;
        }
        case nlohmann::json::value_t::array: {
            mustache::data out{mustache::data::type::list};
            for (const auto& value : j) out.push_back(to_data(value));
            return out;
        }
        case nlohmann::json::value_t::string: {
            const auto& s = j.get_ref<const std::string&>();
            if (s.empty()) return mustache::data{false};
            return mustache::data{s};
        }
        case nlohmann::json::value_t::boolean:
            return mustache::data{j.get<bool>()};
        case nlohmann::json::value_t::number_integer:
            return mustache::data{std::to_string(j.get<std::int64_t>())};
        case nlohmann::json::value_t::number_unsigned:
            return mustache::data{std::to_string(j.get<std::uint64_t>())};
        case nlohmann::json::value_t::number_float:
            return mustache::data{j.dump()};
        default:
            return mustache::data{false};
    }
}

// A context whose partials are the loaded templates, looked up by name ({{> partials/pagination}})
// before the page data, so a model key can never stand in for a partial.
class TemplateContext : public mustache::context<std::string> {
public:
    TemplateContext(const mustache::data* root, const std::map<std::string, mustache::data>& all)
        : mustache::context<std::string>(root), templates_(all) {}

    const mustache::data* get_partial(const std::string& name) const override {
        if (const auto it = templates_.find(name); it != templates_.end()) return &it->second;
        return nullptr;
    }

private:
    const std::map<std::string, mustache::data>& templates_;
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
    std::map<std::string, std::string> sources;      // "public/home" -> template text
    std::map<std::string, mustache::data> partials;  // the same, as partial data
    std::string stylesheet;
    // The optional map's script and Leaflet's folder, both named by content or version, so a
    // proxy may cache them for a year like the stylesheet (docs/deploy.md).
    std::string map_script;
    std::string leaflet_dir;

    std::string render_template(const std::string& page, const mustache::data& data) const {
        const auto it = sources.find(page);
        if (it == sources.end())
            throw std::runtime_error("There is no template " + page + kExtension + " in " +
                                     templates_dir + ".");
        mustache::mustache tmpl{it->second};
        TemplateContext ctx{&data, partials};
        std::string out = tmpl.render(ctx);
        if (!tmpl.is_valid())
            throw std::runtime_error("The template " + page + kExtension +
                                     " could not be rendered: " + tmpl.error_message());
        return out;
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
        auto text = read_file(entry.path());
        mustache::mustache check{text};
        if (!check.is_valid())
            throw std::runtime_error("The template " + entry.path().string() +
                                     " has a mistake: " + check.error_message());
        impl->partials.emplace(name, mustache::data{text});
        impl->sources.emplace(std::move(name), std::move(text));
    }
    if (!impl->sources.count(kLayout))
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
    impl_ = std::move(impl);
}

Views::~Views() = default;
Views::Views(Views&&) noexcept = default;
Views& Views::operator=(Views&&) noexcept = default;

std::string Views::render(const std::string& page, const nlohmann::json& model) const {
    auto data = to_data(model.is_object() ? model : nlohmann::json::object());
    auto content = impl_->render_template(page, data);
    data.set("content", mustache::data{content});
    if (!impl_->stylesheet.empty()) data.set("stylesheet", mustache::data{impl_->stylesheet});
    if (!impl_->map_script.empty()) {
        data.set("map_script", mustache::data{impl_->map_script});
        data.set("leaflet_dir", mustache::data{impl_->leaflet_dir});
    }
    return impl_->render_template(kLayout, data);
}

std::string Views::render_fragment(const std::string& page, const nlohmann::json& model) const {
    return impl_->render_template(page, to_data(model));
}

bool Views::has_template(const std::string& page) const {
    return impl_->sources.count(page) > 0;
}

const std::string& Views::stylesheet() const {
    return impl_->stylesheet;
}

const std::string& Views::templates_dir() const {
    return impl_->templates_dir;
}

}  // namespace lo::views
