// The layout's page model, list pagination and the checks on ?page=N.
#include "web/page.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>

#include "http/error.hpp"
#include "http/url.hpp"
#include "views/views.hpp"
#include "web/shortlist_state.hpp"

namespace lo::web {

namespace {
thread_local std::string current_path;
}  // namespace

CurrentPath::CurrentPath(std::string path) {
    current_path = std::move(path);
}
CurrentPath::~CurrentPath() {
    current_path.clear();
}
const std::string& CurrentPath::get() {
    return current_path;
}

namespace {

// The page's address without its query, on the public base_url: one address per page for
// search engines whatever parameters a link added ("" outside a request).
std::string canonical_url(const Site& site, const std::string& path) {
    if (path.empty()) return {};
    return site.base() + path;
}

}  // namespace

nlohmann::json page_model(const Context& ctx,
                          const std::string& title,
                          Section section,
                          Place place) {
    const auto& site = ctx.site;
    std::string full_title = site.service_name + " – " + site.council_name;
    if (!title.empty()) full_title = title + " – " + full_title;
    const struct {
        const char* text;
        const char* href;
        Section section;
    } items[] = {
        {"Services by category", "/categories", Section::Categories},
        {"Services by need", "/needs", Section::Needs},
        {"Advice and guidance", "/advice", Section::Advice},
    };
    auto navigation = nlohmann::json::array();
    for (const auto& item : items)
        navigation.push_back({{"text", item.text},
                              {"href", item.href},
                              {"current", item.section == section},
                              {"aria_current", place == Place::SectionPage ? "page" : "true"}});
    return {
        {"title", title},
        {"full_title", full_title},
        {"site",
         {{"council_name", site.council_name},
          {"service_name", site.service_name},
          {"contact_email", site.contact_email},
          {"contact_phone", site.contact_phone},
          {"phase", site.phase},
          {"brand_colour", site.brand_colour},
          // The generated stylesheet only when the colour is not the one app.css was built with.
          {"brand_stylesheet", site.brand_colour == kDefaultBrandColour ? "" : "/branding.css"},
          {"logo", site.logo_file.empty() ? "" : "/branding/logo"}}},
        {"navigation", navigation},
        {"breadcrumbs", nlohmann::json::array()},
        {"has_breadcrumbs", false},
        // The feedback form at the foot of every public page: not on the feedback pages
        // themselves, and not in the admin, where editors are not the audience it asks.
        {"feedback_page",
         CurrentPath::get().starts_with("/feedback") || CurrentPath::get().starts_with("/admin")
             ? ""
             : CurrentPath::get()},
        {"feedback_page_encoded", http::percent_encode(CurrentPath::get())},
        // For search engines (README "Search engines"); pages with a summary of their own
        // replace the description.
        {"meta_description",
         "Support for children and young people aged 0 to 25 with special "
         "educational needs and disabilities (SEND) in " +
             site.area_name + ": services, advice and how to get help. From " + site.council_name +
             "."},
        {"canonical", canonical_url(site, CurrentPath::get())},
        // "Shortlist (2)" in the header, from the shortlist cookie (shortlist_state.hpp).
        {"shortlist_count", current_shortlist().size()},
        {"has_shortlist", !current_shortlist().empty()},
        {"show_shortlist", !CurrentPath::get().starts_with("/admin")},
    };
}

void set_meta_description(nlohmann::json& model, std::string_view text) {
    std::string out;
    for (const char c : text) {  // one line: newlines and runs of spaces become one space
        const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.empty()) return;
    if (out.size() > 160) {
        const auto cut = out.rfind(' ', 157);
        out = out.substr(0, cut == std::string::npos ? 157 : cut) + "...";
    }
    model["meta_description"] = out;
}

void add_breadcrumb(nlohmann::json& model, const std::string& text, const std::string& href) {
    model["breadcrumbs"].push_back({{"text", text}, {"href", href}});
    model["has_breadcrumbs"] = true;
}

void revalidate_html(const http::Request& req, http::Response& res) {
    if ((req.method != http::Method::Get && req.method != http::Method::Head) ||
        res.status != 200 || !res.header("Cache-Control").empty() ||
        !res.header("Content-Type").starts_with("text/html"))
        return;
    add_validator(res);
    if (etag_matches(req.header("If-None-Match"), res.header("ETag"))) {
        res.status = 304;
        res.body.clear();
    }
}

void add_validator(http::Response& res) {
    std::uint64_t h = 14695981039346656037ull;  // 64-bit FNV-1a of the body
    for (unsigned char c : res.body) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char etag[32];
    std::snprintf(etag, sizeof etag, "W/\"%016llx\"", static_cast<unsigned long long>(h));
    res.set_header("Cache-Control", "no-cache");
    res.set_header("ETag", etag);
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    // The weak comparison (RFC 9110 13.1.2): W/ prefixes do not matter.
    if (etag.starts_with("W/")) etag.remove_prefix(2);
    std::string_view list = if_none_match;
    while (!list.empty()) {
        const auto comma = list.find(',');
        auto tag = list.substr(0, comma);
        while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
        if (tag.starts_with("W/")) tag.remove_prefix(2);
        if (tag == etag || tag == "*") return true;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

http::Response render_page(const Context& ctx,
                           const std::string& page,
                           const nlohmann::json& model,
                           int status) {
    // A page that changed the shortlist after making its model (add or remove) shows the new
    // count in the header.
    const auto count = current_shortlist().size();
    if (model.contains("shortlist_count") && model["shortlist_count"] != count) {
        auto latest = model;
        latest["shortlist_count"] = count;
        latest["has_shortlist"] = count > 0;
        return http::Response::html(ctx.views.render(page, latest), status);
    }
    return http::Response::html(ctx.views.render(page, model), status);
}

Pagination paginate(const http::Request& req, std::int64_t total, int per_page) {
    Pagination p;
    p.per_page = per_page;
    p.total = total;
    p.total_pages = total <= 0 ? 1 : static_cast<int>((total + per_page - 1) / per_page);
    const auto value = req.query_value("page");
    if (!value) return p;
    const std::string& s = *value;
    int n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    const bool digits_only = !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
    if (!digits_only || (ec != std::errc{} && ec != std::errc::result_out_of_range) ||
        end != s.data() + s.size() || (ec == std::errc{} && n < 1))
        throw http::HttpError(400, "The page number must be a whole number, like 2.");
    if (ec == std::errc::result_out_of_range || n > p.total_pages)
        throw http::HttpError(404,
                              "There is no page " + (s.size() > 12 ? s.substr(0, 12) + "…" : s) +
                                  ". This list has " +
                                  (p.total_pages == 1 ? std::string("only 1 page")
                                                      : std::to_string(p.total_pages) + " pages") +
                                  ".");
    p.page = n;
    return p;
}

nlohmann::json pagination_model(const Pagination& p, const std::string& base_path) {
    if (p.total_pages <= 1) return nullptr;
    // A base that already has a query (the filters) gets "&page=N".
    const auto separator = base_path.find('?') == std::string::npos ? "?page=" : "&page=";
    const auto href = [&](int n) {
        return n == 1 ? base_path : base_path + separator + std::to_string(n);
    };
    auto items = nlohmann::json::array();
    int last_shown = 0;
    for (int n = 1; n <= p.total_pages; ++n) {
        // First, last, and the pages either side of the current one.
        const bool show = n == 1 || n == p.total_pages || (n >= p.page - 1 && n <= p.page + 1);
        if (!show) continue;
        if (last_shown != 0 && n > last_shown + 1) items.push_back({{"ellipsis", true}});
        items.push_back(
            {{"number", n}, {"href", href(n)}, {"current", n == p.page}, {"ellipsis", false}});
        last_shown = n;
    }
    nlohmann::json model = {{"items", items}, {"previous", nullptr}, {"next", nullptr}};
    if (p.page > 1) model["previous"] = {{"href", href(p.page - 1)}};
    if (p.page < p.total_pages) model["next"] = {{"href", href(p.page + 1)}};
    return model;
}

std::string page_of_text(const Pagination& p) {
    if (p.total_pages <= 1) return {};
    return " (page " + std::to_string(p.page) + " of " + std::to_string(p.total_pages) + ")";
}

}  // namespace lo::web
