// The shortlist cookie and the current request's shortlist (shortlist_state.hpp).
#include "web/shortlist_state.hpp"

#include <algorithm>
#include <cctype>

#include "auth/cookies.hpp"
#include "domain/ids.hpp"

namespace lo::web {
namespace {

struct State {
    storage::Store* store = nullptr;
    std::vector<std::string> ids;
    bool changed = false;  // differs from what the cookie held
    bool active = false;   // inside a ShortlistScope
};
thread_local State state;

// A year: the list is the family's until they clear it; the cookie holds nothing about them.
constexpr int kCookieSeconds = 365 * 24 * 60 * 60;

// The ids of services the Local Offer lists (not defunct), in the same order.
std::vector<std::string> known(storage::Store& store, const std::vector<std::string>& ids) {
    return ids.empty() ? ids : store.services().listed_ids(ids);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

std::vector<std::string> parse_shortlist_ids(std::string_view text) {
    std::vector<std::string> ids;
    // Commas in addresses; dots in the cookie, where a comma is not allowed (RFC 6265).
    while (!text.empty() && ids.size() < kShortlistCookieLimit) {
        const auto end = text.find_first_of(",.");
        auto item = text.substr(0, end);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (domain::is_uuid(item)) {
            auto id = lower(item);
            if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
        }
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return ids;
}

ShortlistScope::ShortlistScope(const http::Request& req, storage::Store& store, bool secure)
    : secure_(secure) {
    state = State{};
    state.active = true;
    state.store = &store;
    if (req.method != http::Method::Get && req.method != http::Method::Head) return;
    // Files, JSON and the editors' pages never show the shortlist: no look-ups for them.
    for (const std::string_view prefix :
         {"/static/", "/api/", "/openreferral", "/admin", "/branding"})
        if (req.path.starts_with(prefix)) return;
    const auto raw = auth::cookie_value(req.header("Cookie"), kShortlistCookie);
    if (raw.empty()) return;
    state.ids = known(store, parse_shortlist_ids(raw));
    // Rewrite a cookie that held more than the list keeps (garbage, unknown or too many ids).
    std::string kept;
    for (const auto& id : state.ids) kept += (kept.empty() ? "" : ".") + id;
    state.changed = kept != raw;
}

ShortlistScope::~ShortlistScope() {
    state = State{};
}

void ShortlistScope::finish(http::Response& res) const {
    if (!state.changed || !res.header("Content-Type").starts_with("text/html")) return;
    std::string value;
    for (const auto& id : state.ids) value += (value.empty() ? "" : ".") + id;
    std::string cookie =
        std::string(kShortlistCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Lax";
    cookie += value.empty() ? "; Max-Age=0" : "; Max-Age=" + std::to_string(kCookieSeconds);
    if (secure_) cookie += "; Secure";
    res.add_header("Set-Cookie", cookie);
    res.set_header("Cache-Control", "no-store");
}

const std::vector<std::string>& current_shortlist() {
    return state.ids;
}

bool current_shortlist_changed() {
    return state.changed;
}

std::vector<std::string> set_current_shortlist(std::vector<std::string> ids) {
    if (!state.active) return ids;
    ids = known(*state.store, ids);
    if (ids != state.ids) state.changed = true;
    state.ids = ids;
    return ids;
}

}  // namespace lo::web
