// The shortlist: /shortlist?ids=... (view, remove, share) and /shortlist/print?ids=... (every
// detail a family needs on paper). Nothing is stored: the list is the address.
#include "web/public/shortlist.hpp"

#include <algorithm>
#include <cctype>

#include "domain/ids.hpp"
#include "http/error.hpp"
#include "http/url.hpp"
#include "web/format.hpp"
#include "web/page.hpp"
#include "web/public/listing.hpp"
#include "web/public/pages.hpp"
#include "web/request_scheme.hpp"
#include "web/shortlist_state.hpp"

namespace lo::web::public_ {
namespace {

using nlohmann::json;

constexpr const char kTooMany[] =
    "A shortlist can hold up to 50 services. This link has more than that, so we are showing the "
    "first 50. Remove the ones you do not need, then share the new link.";

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

json hidden_fields(const http::Request& req,
                   const std::string& shortlist_param,
                   const std::vector<std::string>& ids) {
    json fields = json::array();
    for (const auto& [k, v] : req.query)
        if (k != shortlist_param) fields.push_back({{"name", k}, {"value", v}});
    // Even when empty: an empty ?shortlist= empties the list (no parameter keeps the cookie's).
    fields.push_back({{"name", shortlist_param}, {"value", join_ids(ids)}});
    return fields;
}

// Where absolute links (share, print) start: base_url, unless it is still the default local
// address (the council has not set it), when the request's own Host is used, so a link shared
// from the site works for whoever receives it. A Host that is not a plain host[:port] is not used.
std::string site_root(const Context& ctx, const http::Request& req) {
    const auto& base = ctx.site.base_url;
    const bool local = base.empty() || base.starts_with("http://localhost") ||
                       base.starts_with("http://127.0.0.1");
    const auto host = req.header("Host");
    if (!local || host.empty() || host.size() > 255) return base;
    for (const char c : host)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':' &&
            c != '[' && c != ']')
            return base;
    // The scheme as far as we may believe it: TLS to us, or a trusted proxy's
    // X-Forwarded-Proto (trusted_proxies), never the header from anyone.
    return (RequestScheme::https() ? "https://" : "http://") + std::string(host);
}

bool has_param(const http::Request& req, std::string_view name) {
    return std::any_of(req.query.begin(), req.query.end(),
                       [&](const auto& kv) { return kv.first == name; });
}

std::vector<std::string> without(std::vector<std::string> ids, const std::string& id) {
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    return ids;
}

// The services on the list, in the list's order; ids no longer in the store are counted.
std::vector<domain::Service> load(Context& ctx, const Shortlist& list, int& missing) {
    std::vector<domain::Service> out;
    missing = list.unknown;  // already left out by read_shortlist
    for (const auto& id : list.ids) {
        auto s = ctx.store.services().find(id);
        if (s && s->status != domain::ServiceStatus::Defunct)
            out.push_back(std::move(*s));
        else
            ++missing;
    }
    return out;
}

json common_model(Context& ctx,
                  const std::string& title,
                  const Shortlist& list,
                  const std::vector<domain::Service>& services,
                  int missing,
                  bool shared) {
    auto model = page_model(ctx, title, Section::None);
    add_breadcrumb(model, "Home", "/");
    std::vector<std::string> found;
    for (const auto& s : services) found.push_back(s.id);
    model["count"] = services.size();
    model["count_text"] =
        count_text(static_cast<std::int64_t>(services.size()), "service", "services");
    model["has_services"] = !services.empty();
    json messages = json::array();
    if (list.over_limit) messages.push_back(kTooMany);
    if (missing > 0)
        messages.push_back(count_text(missing, "service", "services") +
                           (missing == 1 ? " on this list is" : " on this list are") +
                           " no longer in the Local Offer, so we have left " +
                           (missing == 1 ? "it" : "them") + " out.");
    if (list.ignored > 0)
        messages.push_back(
            "Part of this link is not right, so we have left it out. If a service "
            "is missing, find it again and add it to your shortlist.");
    model["messages"] = messages;
    model["has_messages"] = !messages.empty();
    model["ids"] = join_ids(found);
    // A shared list's links keep it shared (?shared=): they never replace the visitor's own.
    const auto ids = join_ids(found);
    model["list_href"] = !shared ? shortlist_href(found) : "/shortlist?shared=" + ids;
    model["print_href"] = !shared ? shortlist_print_href(found) : "/shortlist/print?shared=" + ids;
    model["search_href"] = found.empty() || shared ? "/search" : "/search?shortlist=" + ids;
    return model;
}

}  // namespace

Shortlist read_shortlist(const http::Request& req, std::string_view name, bool adopt) {
    Shortlist list;
    // Without the parameter, the list is the one the family's cookie holds (shortlist_state).
    if (!has_param(req, name)) {
        list.ids = current_shortlist();
        return list;
    }
    for (const auto& value : req.query_values(name)) {
        std::string_view rest = value;
        while (true) {
            const auto comma = rest.find(',');
            auto item = rest.substr(0, comma);
            while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
            while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
            if (!item.empty()) {
                if (!domain::is_uuid(item)) {
                    ++list.ignored;
                } else if (auto id = lower(std::string(item));
                           std::find(list.ids.begin(), list.ids.end(), id) == list.ids.end()) {
                    if (list.ids.size() < kShortlistLimit)
                        list.ids.push_back(std::move(id));
                    else
                        list.over_limit = true;
                }
            }
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    if (!adopt) return list;  // load() leaves out and counts the services no longer listed
    // The page changed the list: it becomes the family's (the cookie), trimmed to services
    // the Local Offer lists.
    const auto valid = list.ids.size();
    list.ids = set_current_shortlist(std::move(list.ids));
    list.unknown = static_cast<int>(valid - list.ids.size());
    return list;
}

std::string join_ids(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
    return out;
}

std::string shortlist_href(const std::vector<std::string>& ids) {
    return ids.empty() ? "/shortlist" : "/shortlist?ids=" + join_ids(ids);
}

std::string shortlist_print_href(const std::vector<std::string>& ids) {
    return ids.empty() ? "/shortlist/print" : "/shortlist/print?ids=" + join_ids(ids);
}

json shortlist_control(const Shortlist& list,
                       const std::string& service_id,
                       const http::Request& req,
                       const std::string& fragment) {
    const bool on_list =
        std::find(list.ids.begin(), list.ids.end(), lower(service_id)) != list.ids.end();
    const bool full = !on_list && list.ids.size() >= kShortlistLimit;
    auto added = list.ids;
    if (!on_list && !full) added.push_back(lower(service_id));
    const auto removed = without(list.ids, lower(service_id));
    // The page's own path, each segment encoded again, then the place to land.
    std::string target;
    std::string_view path = req.path;
    while (!path.empty()) {
        path.remove_prefix(1);  // the '/'
        const auto slash = path.find('/');
        target += "/" + http::percent_encode(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash);
    }
    if (target.empty()) target = "/";
    target += "#" + fragment;
    return {
        {"anchor", fragment},
        {"on_list", on_list},
        {"full", full},
        {"count", list.ids.size()},
        {"has_items", !list.ids.empty()},
        {"count_text",
         count_text(static_cast<std::int64_t>(list.ids.size()), "service", "services")},
        {"view_href", shortlist_href(list.ids)},
        {"add", {{"action", target}, {"fields", hidden_fields(req, "shortlist", added)}}},
        {"remove", {{"action", target}, {"fields", hidden_fields(req, "shortlist", removed)}}},
    };
}

namespace {

// A list someone shared (?shared=): shown without replacing the visitor's own list, with a way
// to add its services to theirs. Links on it must not carry the list into the visitor's.
void shared_model(json& model, const std::vector<std::string>& found) {
    const auto& own = current_shortlist();
    auto merged = own;
    for (const auto& id : found)
        if (merged.size() < kShortlistLimit &&
            std::find(merged.begin(), merged.end(), id) == merged.end())
            merged.push_back(id);
    model["heading"] = "A shortlist shared with you";
    model["shared"] = true;
    model["own_count_text"] =
        count_text(static_cast<std::int64_t>(own.size()), "service", "services");
    model["has_own"] = !own.empty();
    model["can_add"] = merged.size() > own.size();
    model["add_all_href"] = shortlist_href(merged);
}

}  // namespace

http::Response shortlist_page(Context& ctx, const http::Request& req) {
    const bool shared = has_param(req, "shared");
    const auto list = read_shortlist(req, shared ? "shared" : "ids", !shared);
    int missing = 0;
    const auto services = load(ctx, list, missing);
    std::vector<std::string> found;
    for (const auto& s : services) found.push_back(s.id);
    auto model = common_model(ctx, shared ? "A shortlist shared with you" : "Your shortlist", list,
                              services, missing, shared);
    model["heading"] = "Your shortlist";
    if (shared) shared_model(model, found);
    json cards = json::array();
    const auto needs = need_names(ctx.store);
    for (const auto& s : services) {
        auto card = service_card(s, needs);
        card["id"] = s.id;
        card["href"] =
            shared ? service_path(s.id) : service_path(s.id) + "?shortlist=" + join_ids(found);
        card["remove_ids"] = join_ids(without(found, s.id));
        card["remove_action"] = "/shortlist";
        json phones = json::array();
        for (const auto& c : s.contacts)
            for (const auto& p : c.phones)
                phones.push_back({{"number", p.number}, {"href", tel_href(p.number)}});
        card["phones"] = phones;
        cards.push_back(card);
    }
    model["services"] = cards;
    // Shared as ?shared=, so opening the link never replaces the recipient's own list.
    const auto share = site_root(ctx, req) +
                       (found.empty() ? "/shortlist" : "/shortlist?shared=" + join_ids(found));
    model["share_url"] = share;
    model["email_href"] = "mailto:?subject=" + http::percent_encode("SEND Local Offer shortlist") +
                          "&body=" +
                          http::percent_encode("Here is a shortlist of services from the " +
                                               ctx.site.service_name + ": " + share);
    auto res = render_page(ctx, "public/shortlist/index", model);
    res.set_header("Cache-Control", "no-store");
    return res;
}

http::Response shortlist_print(Context& ctx, const http::Request& req) {
    const bool shared = has_param(req, "shared");
    const auto list = read_shortlist(req, shared ? "shared" : "ids", !shared);
    int missing = 0;
    const auto services = load(ctx, list, missing);
    auto model = common_model(ctx, "Your shortlist to print", list, services, missing, shared);
    const auto root = site_root(ctx, req);
    add_breadcrumb(model, shared ? "A shortlist shared with you" : "Your shortlist",
                   model["list_href"].get<std::string>());
    json items = json::array();
    for (const auto& s : services) {
        json routes = json::array();
        for (auto r : s.referral_routes) routes.push_back(std::string(domain::label(r)));
        json contact = json::array();
        if (!s.url.empty()) contact.push_back("Website: " + s.url);
        if (!s.email.empty()) contact.push_back("Email: " + s.email);
        for (const auto& c : s.contacts) {
            for (const auto& p : c.phones)
                contact.push_back("Phone: " + p.number +
                                  (p.description.empty() ? "" : " (" + p.description + ")"));
            for (const auto& e : c.emails) contact.push_back("Email: " + e);
        }
        json places = json::array();
        for (const auto& l : ctx.store.locations().find_many(s.location_ids)) {
            std::vector<std::string> parts;
            if (l.hide_address) {
                for (const auto& p : {l.city, postcode_district(l.postcode)})
                    if (!p.empty()) parts.push_back(p);
            } else {
                for (const auto* p : {&l.name, &l.address_1, &l.address_2, &l.city, &l.postcode})
                    if (!p->empty()) parts.push_back(*p);
            }
            std::string line;
            for (const auto& p : parts) line += (line.empty() ? "" : ", ") + p;
            if (!line.empty()) places.push_back(line);
        }
        json areas = json::array();
        for (const auto& a : s.service_areas) areas.push_back(a.name);
        std::vector<std::string> area_names;
        for (const auto& a : s.service_areas) area_names.push_back(a.name);
        items.push_back({
            {"id", s.id},
            {"name", s.name},
            {"summary", s.summary},
            {"ages", age_range(s.min_age, s.max_age)},
            {"areas", join_and(area_names)},
            {"cost", s.free ? "Free" : "There is a cost"},
            {"routes", routes},
            {"steps", s.how_to_access},
            {"has_steps", !s.how_to_access.empty()},
            {"contact", contact},
            {"has_contact", !contact.empty()},
            {"places", places},
            {"has_places", !places.empty()},
            {"url", root + service_path(s.id)},
            {"last_checked", long_date_text(s.last_checked)},
        });
    }
    model["services"] = items;
    model["printed_from"] = root + model["list_href"].get<std::string>();
    auto res = render_page(ctx, "public/shortlist/print", model);
    res.set_header("Cache-Control", "no-store");
    return res;
}

}  // namespace lo::web::public_
