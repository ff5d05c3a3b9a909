// Page-model pieces the public pages share: a service in a list, and a taxonomy's terms as links
// with their service counts.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/model.hpp"
#include "storage/store.hpp"
#include "web/context.hpp"

namespace lo::web::public_ {

// The names of the SEND needs taxonomy's terms by id, for the "For: ..." line on cards.
using NeedNames = std::map<std::string, std::string>;
NeedNames need_names(storage::Store& store);

// One service in a list: name, link, summary and short facts ("Ages 0 to 18", "Free",
// "For: Autism; ...", "Last checked: 3 March 2026"), as on search results.
nlohmann::json service_card(const domain::Service& service, const NeedNames& needs);
nlohmann::json service_cards(storage::Store& store, const std::vector<domain::Service>& services);

// The top-level terms of a taxonomy as {name, href, description, count_text, children}, in tree
// order, linking to base_path/<code>. children are the terms one level down (empty unless
// with_children). An empty array when the taxonomy does not exist.
nlohmann::json term_links(Context& ctx,
                          std::string_view taxonomy_code,
                          std::string_view base_path,
                          bool with_children);

// "/services/<id>" and friends, in one place.
std::string service_path(const std::string& id);
std::string organisation_path(const std::string& id);

}  // namespace lo::web::public_
