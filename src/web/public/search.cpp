// Search: /search (the HTML page, works without JavaScript) and /api/search (the same search as
// JSON). Both read the same parameters and get the same answer from search::SearchService.
#include "web/public/pages.hpp"

#include "http/compress.hpp"
#include "http/error.hpp"
#include "search/engine.hpp"
#include "web/format.hpp"
#include "web/page.hpp"
#include "web/public/map.hpp"
#include "web/public/search_filters.hpp"
#include "web/public/shortlist.hpp"
#include "web/rendered_pages.hpp"

namespace lo::web::public_ {
namespace {

using nlohmann::json;

std::pair<search::SearchParams, std::shared_ptr<const search::SearchAnswer>> run_search(
    Context& ctx, const http::Request& req) {
    if (!ctx.search)
        throw http::HttpError(503,
                              "Search is not available at the moment. Try again in a few "
                              "minutes, or browse by category.");
    try {
        auto params = search::parse_search_params(req.query);
        return {params, ctx.search->answer(params)};
    } catch (const search::BadParameter& e) {
        throw http::HttpError(400,
                              "There is a problem with \"" + e.parameter() + "\": " + e.what());
    }
}

// shortlist: the ?shortlist= ids to carry along (public/shortlist.cpp), or "".
std::string search_href(const search::SearchParams& p,
                        int page,
                        const std::string& shortlist = {}) {
    auto qs = search::to_query_string(p, page);
    if (!shortlist.empty()) qs += (qs.empty() ? "shortlist=" : "&shortlist=") + shortlist;
    return qs.empty() ? "/search" : "/search?" + qs;
}

json pagination(const search::SearchParams& p,
                std::int64_t total_pages,
                const std::string& shortlist) {
    if (total_pages <= 1 || p.page > total_pages) return nullptr;
    auto items = json::array();
    int last_shown = 0;
    for (int n = 1; n <= total_pages; ++n) {
        const bool show = n == 1 || n == total_pages || (n >= p.page - 1 && n <= p.page + 1);
        if (!show) continue;
        if (last_shown != 0 && n > last_shown + 1) items.push_back({{"ellipsis", true}});
        items.push_back({{"number", n},
                         {"href", search_href(p, n, shortlist)},
                         {"current", n == p.page},
                         {"ellipsis", false}});
        last_shown = n;
    }
    json model = {{"items", items}, {"previous", nullptr}, {"next", nullptr}};
    if (p.page > 1) model["previous"] = {{"href", search_href(p, p.page - 1, shortlist)}};
    if (p.page < total_pages) model["next"] = {{"href", search_href(p, p.page + 1, shortlist)}};
    return model;
}

// Adds "id" and "checked" to each facet option so the template can render checkboxes.
void mark_options(json& options, const std::string& group) {
    for (auto& o : options) {
        o["id"] = group + "-" + o["value"].get<std::string>();
        o["checked"] = o["selected"];
        o["group"] = group;
        if (o.contains("children")) {
            mark_options(o["children"], group);
            o["has_children"] = !o["children"].empty();
        }
    }
}

// The query's parameters as hidden fields, leaving out those named in `except`.
json hidden_fields(const http::Request& req, std::initializer_list<std::string_view> except) {
    json fields = json::array();
    for (const auto& [k, v] : req.query)
        if (std::find(except.begin(), except.end(), k) == except.end() && !v.empty())
            fields.push_back({{"name", k}, {"value", v}});
    return fields;
}

// The filter disclosure, the applied-filter tags and the sort control (search_filters.hpp).
void add_filters(json& model,
                 const http::Request& req,
                 const search::SearchParams& params,
                 const std::string& shortlist_ids) {
    auto& facets = model["facets"];
    for (const char* group : {"category", "need", "access", "mode", "day"}) {
        mark_options(facets[group], group);
        prune_options(facets[group]);
        facets[std::string("has_") + group] = !facets[group].empty();
    }
    prune_options(facets["free"]);  // one option, "Free services only"
    facets["has_access"] = facets["has_access"].get<bool>() || !facets["free"].empty();
    const auto tags = filter_tags(params, facets, [&](const search::SearchParams& p) {
        return search_href(p, 1, shortlist_ids);
    });
    model["filter_tags"] = tags;
    model["has_filter_tags"] = !tags.empty();
    model["filters_summary"] =
        tags.empty() ? std::string("Filter results")
                     : "Filter results (" + std::to_string(tags.size()) + " selected)";
    const bool has_place = model["in_area_total"].is_number();
    const auto sorts =
        sort_options(model.value("sort", std::string{}), has_place, !params.q.empty());
    model["sort_options"] = sorts;
    model["has_sort_options"] = !sorts.empty();
    // Each form carries what the others set, so no choice is lost by using another.
    model["filter_fields"] = hidden_fields(req, {"q", "location", "page"});
    model["search_fields"] = json::array();
    for (const char* name : {"q", "location", "sort", "shortlist", "per_page", "spelling"})
        for (const auto& v : req.query_values(name))
            if (!v.empty()) model["search_fields"].push_back({{"name", name}, {"value", v}});
    model["sort_fields"] = hidden_fields(req, {"sort", "page"});
}

}  // namespace

http::Response api_search(Context& ctx, const http::Request& req) {
    const auto [params, answer] = run_search(ctx, req);
    // The server would gzip the body for each request; a cached answer keeps its compressed
    // copy instead (the same bytes the server would send).
    const bool gzip = answer->body.size() > http::kMinGzipBytes &&
                      http::accepts_gzip(req.header("Accept-Encoding"));
    auto res = http::Response::json(
        gzip ? answer->compressed([](const std::string& b) { return http::gzip_compress(b); })
             : answer->body);
    res.set_header("Cache-Control", "no-store");
    if (answer->body.size() > http::kMinGzipBytes) res.set_header("Vary", "Accept-Encoding");
    if (gzip) res.set_header("Content-Encoding", "gzip");
    return res;
}

namespace {

http::Response render_search_page(Context& ctx,
                                  const http::Request& req,
                                  const search::SearchParams& params,
                                  const search::SearchAnswer& answer,
                                  bool updating) {
    const json& result = answer.response();
    const bool searched = !req.query.empty();
    const auto total = result["total"].get<std::int64_t>();
    std::string title = "Search";
    if (!params.q.empty()) title = "Search results for \u201c" + params.q + "\u201d";
    // No breadcrumbs: on a phone the results come first, and the header links home.
    auto model = page_model(ctx, title, Section::None);
    for (const auto& [key, value] : result.items()) model[key] = value;
    model["searched"] = searched;
    // "Add to shortlist" on each result; the list rides along in ?shortlist=
    // (public/shortlist.cpp).
    const auto shortlist = read_shortlist(req, "shortlist");
    const auto shortlist_ids = join_ids(shortlist.ids);
    for (auto& item : model["results"]) {
        const auto id = item.value("id", std::string{});
        if (id.empty()) continue;
        item["shortlist"] = shortlist_control(shortlist, id, req, "shortlist-" + id);
        item["service_name"] = item.value("name", std::string{});
        if (!shortlist_ids.empty())
            item["href"] = item.value("href", std::string{}) + "?shortlist=" + shortlist_ids;
    }
    model["shortlist_ids"] = shortlist_ids;
    model["shortlist_href"] = shortlist_href(shortlist.ids);
    model["shortlist_count_text"] =
        count_text(static_cast<std::int64_t>(shortlist.ids.size()), "service", "services");
    model["has_results"] = total > 0;
    model["count_text"] = count_text(total, "service", "services");
    model["has_advice"] = !result["advice"].empty();
    model["has_messages"] = !result["messages"].empty();
    // Search answers from the last good index while it catches up or cannot be written, and
    // says so rather than looking complete (docs/reliability.md).
    if (updating) {
        model["messages"].insert(model["messages"].begin(),
                                 "The search is being updated, so recent changes may not show "
                                 "yet. Try again in a few minutes.");
        model["has_messages"] = true;
    }
    model["age_value"] = params.age ? std::to_string(*params.age) : std::string{};
    add_filters(model, req, params, shortlist_ids);
    json radius_options = json::array();
    for (const int miles : {0, 1, 3, 5, 10, 25}) {
        const bool selected =
            params.radius ? static_cast<int>(*params.radius) == miles : miles == 0;
        radius_options.push_back({{"value", miles == 0 ? "" : std::to_string(miles)},
                                  {"label", miles == 0 ? std::string("Any distance")
                                                       : "Within " + std::to_string(miles) +
                                                             (miles == 1 ? " mile" : " miles")},
                                  {"selected", selected}});
    }
    model["radius_options"] = radius_options;
    if (result["suggestion"].is_string()) {
        auto suggested = params;
        suggested.q = result["suggestion"].get<std::string>();
        suggested.as_typed = false;
        model["suggestion_href"] = search_href(suggested, 1, shortlist_ids);
    }
    if (result.value("showing_suggestion", false)) {
        // "Showing results for occupational therapy. Search instead for ocupational therapy."
        auto typed = params;
        typed.as_typed = true;
        model["as_typed_href"] = search_href(typed, 1, shortlist_ids);
    }
    model["weak_match"] = result.value("match_quality", "") == "weak";
    model["has_broader"] = result.contains("broader") && !result["broader"].empty();
    if (result["location"].is_object()) {
        json choices = json::array();
        for (const auto& c : result["location"]["choices"]) {
            if (c["value"] == result["location"]["label"]) continue;
            auto there = params;
            there.location = c["value"].get<std::string>();
            choices.push_back(
                {{"label", c["label"]}, {"href", search_href(there, 1, shortlist_ids)}});
        }
        model["other_places"] = choices;
        model["has_other_places"] = !choices.empty();
    }
    model["pagination"] =
        pagination(params, result["total_pages"].get<std::int64_t>(), shortlist_ids);
    model["first_page_href"] = search_href(params, 1, shortlist_ids);
    // "Clear filters" keeps what was typed, the place and the shortlist; only the filters go.
    search::SearchParams unfiltered;
    unfiltered.q = params.q;
    unfiltered.location = params.location;
    unfiltered.radius = params.radius;
    unfiltered.per_page = params.per_page;
    unfiltered.sort = params.sort;
    model["clear_filters_href"] = search_href(unfiltered, 1, shortlist_ids);
    model["past_the_end"] = params.page > result["total_pages"].get<std::int64_t>();
    split_by_area(model, model["first_page_href"].get<std::string>());
    // The results map, after the list (which is complete without it); only when the council chose
    // a tile server, so the store is not asked otherwise.
    if (!ctx.site.map_tiles_url.empty())
        model["map"] =
            map_model(ctx.site, result_points(ctx.store, model["results"]), "Map of these results",
                      "Services without a public address are in the list but not on "
                      "the map.");
    return render_page(ctx, "public/search/index", model);
}

}  // namespace

http::Response search_page(Context& ctx, const http::Request& req) {
    const auto [params, answer] = run_search(ctx, req);  // counted, kept page or not
    // A page made from this same answer (and the same index health) is sent again as it was.
    const auto health = ctx.search->health();
    const bool updating = health.catching_up || !health.failing.empty();
    const auto variant = "search " + std::to_string(answer->serial) + (updating ? " updating" : "");
    RenderedPages::Lookup kept;
    if (ctx.rendered_pages) {
        kept = ctx.rendered_pages->find(req, variant);
        if (kept.page) return std::move(*kept.page);
    }
    auto page = render_search_page(ctx, req, params, *answer, updating);
    if (ctx.rendered_pages && page.status == 200) {
        add_validator(page);
        ctx.rendered_pages->keep(req, variant, kept, page);
        if (etag_matches(req.header("If-None-Match"), page.header("ETag"))) {
            page.status = 304;
            page.body.clear();
        }
    }
    return page;
}

}  // namespace lo::web::public_
