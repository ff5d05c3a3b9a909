// "At a glance": the top of the service page, answering a parent's first questions in one short
// block (who it is for, what it costs, how to get it, where, when, who to call, how fresh it is),
// so a phone shows them on the first screen. The full sections follow below it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/model.hpp"

namespace lo::web::public_ {

// How to get the service in one plain line: "You can refer yourself", "Ask your GP or health
// visitor to refer your child", "Contact the service to ask how to get it".
std::string how_to_get_it(const std::vector<domain::ReferralRoute>& routes);

// The cost in a few words: "Free", "Free, but some things cost money", "£25.50 per session".
std::string cost_line(const domain::Service& s);

// Where, in a few words: the first venue ("Rose Hill Children's Centre, Oxford, and 1 other
// place"), else the areas covered, else "Online or by phone". Empty when nothing is known.
std::string where_line(const domain::Service& s, const std::vector<domain::Location>& locations);

// The block's model: {rows: [{key, text, glance, links}], last_checked}.
// need_names are the names of the service's SEND needs, in order.
nlohmann::json glance_model(const domain::Service& s,
                            const std::vector<domain::Location>& locations,
                            const std::vector<std::string>& need_names);

}  // namespace lo::web::public_
