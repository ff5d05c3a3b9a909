// The family's shortlist as it follows them from page to page: an essential cookie holding only
// service ids (nothing about the family), read once per request, trimmed to services the Local
// Offer still lists, and written back when a page changes the list. The header's
// "Shortlist (2)" and every "Add to shortlist" button read it from here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"
#include "storage/store.hpp"

namespace lo::web {

inline constexpr std::string_view kShortlistCookie = "lo_shortlist";
inline constexpr std::size_t kShortlistCookieLimit = 50;  // ids; 50 ids are about 1.9 KB

// The ids in a comma-separated list, as they are kept: lower-case UUIDs, no repeats, in the
// order given, at most kShortlistCookieLimit. Anything else (garbage, a 10,000-id cookie) is
// left out, never an error.
std::vector<std::string> parse_shortlist_ids(std::string_view text);

// Holds the shortlist of the request this thread is handling, from its cookie, trimmed to
// services that exist and are not defunct. Made by the server around each dispatch (handlers
// run synchronously on one thread). Only GET and HEAD of public pages read the cookie (not
// /static/, the JSON APIs or the admin).
class ShortlistScope {
public:
    // secure: the cookie is marked Secure (the site is served over https).
    ShortlistScope(const http::Request& req, storage::Store& store, bool secure);
    ~ShortlistScope();
    ShortlistScope(const ShortlistScope&) = delete;
    ShortlistScope& operator=(const ShortlistScope&) = delete;

    // Sets the cookie on an HTML response when a page changed the list or the cookie held
    // anything that was trimmed (an empty list removes it). Such a response is not cached.
    void finish(http::Response& res) const;

private:
    bool secure_ = false;
};

// The current request's shortlist (empty outside a request).
const std::vector<std::string>& current_shortlist();
// Whether this request changed the list, or its cookie held ids the list dropped: the answer
// then sets the cookie and is about this family alone (never kept by the page cache).
bool current_shortlist_changed();

// A page changed the list (?shortlist= or /shortlist?ids=): ids are checked ids, as
// parse_shortlist_ids gives them. Returns them trimmed to known services (outside a scope, as
// they are); the layout and the cookie follow.
std::vector<std::string> set_current_shortlist(std::vector<std::string> ids);

}  // namespace lo::web
