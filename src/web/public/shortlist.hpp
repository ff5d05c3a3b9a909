// The shortlist: services a family wants to remember, with no account and no cookie. The list
// lives in the address: /shortlist?ids=a,b,c, and ?shortlist=a,b,c on the pages that offer "Add to
// shortlist" (a service page, search results), so every add or remove is a GET to a new address.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/request.hpp"

namespace lo::web::public_ {

inline constexpr std::size_t kShortlistLimit = 50;

struct Shortlist {
    std::vector<std::string> ids;  // lower-case UUIDs, no repeats, in the order added, at most 50
    int ignored = 0;               // values that were not service ids (left out)
    bool over_limit = false;       // more than 50 were given; the first 50 are kept
    int unknown = 0;               // ids of services the Local Offer no longer lists (left out)
};

// Reads the comma-separated (or repeated) query parameter `name`. When the request has it and
// adopt is true, the list becomes the family's (the cookie); a list someone shared with them
// (?shared=) is read with adopt false, so their own list is not replaced.
Shortlist read_shortlist(const http::Request& req, std::string_view name, bool adopt = true);

// "a,b,c".
std::string join_ids(const std::vector<std::string>& ids);

// "/shortlist?ids=a,b" ("/shortlist" when empty), and the print view's address.
std::string shortlist_href(const std::vector<std::string>& ids);
std::string shortlist_print_href(const std::vector<std::string>& ids);

// The "Add to shortlist" / "Remove from shortlist" control for one service, on the page the
// request is for: each is a GET form back to that page with every query parameter kept and
// ?shortlist= changed, landing on `fragment` ("shortlist", "result-<id>"). The model:
//   {on_list, full, count, count_text, view_href, add: {action, fields[]}, remove: {...}}
nlohmann::json shortlist_control(const Shortlist& list,
                                 const std::string& service_id,
                                 const http::Request& req,
                                 const std::string& fragment);

}  // namespace lo::web::public_
