// The search page's filters, sort choices and result headings (search_filters.hpp).
#include "web/public/search_filters.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "web/format.hpp"

namespace lo::web::public_ {
namespace {

using nlohmann::json;

// The label of `value` in a facet group's options (searching children too), or the value itself
// when the group does not list it.
std::string option_label(const json& options, const std::string& value) {
    if (!options.is_array()) return value;
    for (const auto& o : options) {
        if (o.value("value", std::string{}) == value) return o.value("label", value);
        if (const auto c = o.find("children"); c != o.end()) {
            const auto label = option_label(*c, value);
            if (label != value) return label;
        }
    }
    return value;
}

std::vector<std::string> without(std::vector<std::string> values, const std::string& value) {
    values.erase(std::remove(values.begin(), values.end(), value), values.end());
    return values;
}

std::string miles_label(double miles) {
    const auto whole = static_cast<long long>(miles);
    std::string n = static_cast<double>(whole) == miles ? std::to_string(whole) : [&] {
        auto s = std::to_string(miles);
        s.erase(s.find_last_not_of('0') + 1);
        return s;
    }();
    return "Within " + n + (miles == 1 ? " mile" : " miles");
}

}  // namespace

void prune_options(json& options) {
    json kept = json::array();
    for (auto& o : options) {
        if (o.contains("children")) prune_options(o["children"]);
        const bool has_children = o.contains("children") && !o["children"].empty();
        o["has_children"] = has_children;
        if (o.value("count", std::int64_t{0}) > 0 || o.value("selected", false) || has_children)
            kept.push_back(std::move(o));
    }
    options = std::move(kept);
}

json filter_tags(const search::SearchParams& params, const json& facets, const SearchHref& href) {
    json tags = json::array();
    const auto tag = [&](const std::string& label, const search::SearchParams& without_it) {
        tags.push_back({{"label", label}, {"href", href(without_it)}});
    };
    if (params.radius && !params.location.empty()) {
        auto p = params;
        p.radius.reset();
        tag(miles_label(*params.radius), p);
    }
    if (params.age) {
        auto p = params;
        p.age.reset();
        tag("Age " + std::to_string(*params.age), p);
    }
    using Values = std::vector<std::string> search::SearchParams::*;
    const std::pair<const char*, Values> groups[] = {
        {"category", &search::SearchParams::categories},
        {"need", &search::SearchParams::needs},
        {"access", &search::SearchParams::access}};
    for (const auto& [group, member] : groups)
        for (const auto& value : params.*member) {
            auto p = params;
            p.*member = without(params.*member, value);
            tag(option_label(facets.value(group, json::array()), value), p);
        }
    if (params.free_only) {
        auto p = params;
        p.free_only = false;
        tag("Free", p);
    }
    for (const auto& value : params.modes) {
        auto p = params;
        p.modes = without(params.modes, value);
        tag(option_label(facets.value("mode", json::array()), value), p);
    }
    for (const auto& value : params.days) {
        auto p = params;
        p.days = without(params.days, value);
        tag("Open on " + option_label(facets.value("day", json::array()), value), p);
    }
    return tags;
}

json sort_options(const std::string& current, bool has_place, bool has_words) {
    json options = json::array();
    const auto add = [&](const char* value, const char* label) {
        options.push_back({{"value", value}, {"label", label}, {"selected", current == value}});
    };
    if (has_words) add("relevance", "Best match");
    if (has_place) add("distance", "Nearest first");
    add("name", "A to Z");
    if (options.size() < 2) return json::array();
    return options;
}

void split_by_area(json& model, const std::string& first_page_href) {
    const auto total = model.value("total", std::int64_t{0});
    std::string heading = count_text(total, "service", "services");
    const auto& location = model["location"];
    const bool found = location.is_object() && model["in_area_total"].is_number();
    model["split_by_area"] = false;
    if (!found) {
        model["results_heading"] = heading;
        return;
    }
    const auto label = location.value("label", std::string{});
    const auto near = model["in_area_total"].get<std::int64_t>();
    model["results_heading"] = near == 0
                                   ? "No services found near " + label
                                   : count_text(near, "service", "services") + " near " + label;
    // Only the distance order keeps the area's services together before the rest; in another
    // order the heading counts them among all the results.
    if (model.value("sort", std::string{}) != "distance") {
        model["results_heading"] =
            heading + ", " + std::to_string(near) + " of them" + " near " + label;
        return;
    }
    json local = json::array(), outside = json::array();
    for (const auto& r : model["results"])
        (r.value("in_area", false) ? local : outside).push_back(r);
    model["split_by_area"] = true;
    model["local_results"] = local;
    model["has_local_results"] = !local.empty();
    model["outside_results"] = outside;
    model["has_outside_results"] = !outside.empty();
    model["outside_count_text"] = count_text(total - near, "service", "services");
    // A later page of the list that starts after the area's own services.
    model["local_on_earlier_pages"] = near > 0 && local.empty();
    model["local_first_page_href"] = first_page_href;
}

}  // namespace lo::web::public_
