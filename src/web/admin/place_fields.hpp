// What the service form's new places and the places pages share: reading a typed number, a
// place's one-line label, and its coordinates from its postcode.
#pragma once

#include <optional>
#include <string>

#include "domain/model.hpp"
#include "web/context.hpp"

namespace lo::web::admin {

// "51.752", " -1.25 " -> the number; "", "abc", "1e999" -> nothing.
std::optional<double> parse_number(std::string text);

// "Jo's childminding, 12 Secret Lane, Banbury, OX16 9AA"; "Unnamed place" when all are empty.
std::string place_label(const domain::Location& l);

// A UK place with a postcode and no coordinates gets the postcode's from the search gazetteer,
// when search is running and knows the postcode. Anything else is left as it is.
void fill_coordinates(const Context& ctx, domain::Location& l);

}  // namespace lo::web::admin
