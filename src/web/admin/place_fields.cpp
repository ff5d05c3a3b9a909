// Place fields shared by the service form and the places pages (place_fields.hpp).
#include "web/admin/place_fields.hpp"

#include <charconv>
#include <cmath>

#include "search/engine.hpp"
#include "web/admin/form_text.hpp"

namespace lo::web::admin {

std::optional<double> parse_number(std::string text) {
    text = trimmed(text);
    if (text.empty()) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::string place_label(const domain::Location& l) {
    std::string label;
    for (const auto* part : {&l.name, &l.address_1, &l.city, &l.postcode}) {
        if (part->empty()) continue;
        if (!label.empty()) label += ", ";
        label += *part;
    }
    return label.empty() ? std::string("Unnamed place") : label;
}

void fill_coordinates(const Context& ctx, domain::Location& l) {
    if (l.latitude || l.longitude || !l.country.empty() || l.postcode.empty() || !ctx.search)
        return;
    if (const auto point = ctx.search->tables().find_postcode(l.postcode)) {
        l.latitude = point->latitude;
        l.longitude = point->longitude;
    }
}

}  // namespace lo::web::admin
