// Browsing in families' words (issue 14, item 5): the needs parents name first ("autism",
// "speech and talking", "sight"), the place and age filters that need and category pages share
// with search, and the way on from a need with no services yet.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/model.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "storage/store.hpp"
#include "web/context.hpp"

namespace lo::web::public_ {

// The needs in the words parents use, each {name, href, count_text}, in the order parents most
// often look for them. Words whose term is not in the send-needs taxonomy are left out.
nlohmann::json family_needs(Context& ctx);

// The words parents use for a need term's code ("Speech and talking"), or "" when there are none.
std::string_view family_word(std::string_view code);

// A need or category page asked for a place or an age (?location=OX4&age=6): the same search
// the search page runs, as a redirect to it with the term as its filter. search_group is
// "need" or "category". nullopt when neither was given.
std::optional<http::Response> filtered_search_redirect(const http::Request& req,
                                                       std::string_view search_group,
                                                       const std::string& code);

// The place and age form on a need or category page, which searches with the term as a filter:
// {group, code, location, age}.
nlohmann::json browse_filter_form(const http::Request& req,
                                  std::string_view search_group,
                                  const std::string& code);

// Where to go from a need with no services yet: its broader need (when it has one) and SENDIASS.
// {parent_name, parent_href} or nulls.
nlohmann::json empty_need_help(storage::Store& store, const domain::TaxonomyTerm& term);

}  // namespace lo::web::public_
