// The home page: a search form, ways to browse, what changed lately and the advice every family
// asks for first.
#include "web/public/listing.hpp"
#include "web/public/pages.hpp"

#include "web/page.hpp"

namespace lo::web::public_ {
namespace {

// The advice pages the home page always points to, when the council has written them.
constexpr const char* kKeyAdvice[] = {"ehc-plans", "sendiass", "complaints-mediation-and-tribunal"};

}  // namespace

http::Response home(Context& ctx, const http::Request&) {
    auto model = page_model(ctx, "", Section::Home);
    model["area_name"] = ctx.site.area_name;
    model["categories"] = term_links(ctx, domain::kCategoriesTaxonomy, "/categories", false);
    model["needs"] = term_links(ctx, domain::kNeedsTaxonomy, "/needs", false);
    model["has_categories"] = !model["categories"].empty();
    model["has_needs"] = !model["needs"].empty();
    model["services"] = service_cards(ctx.store, ctx.store.services().recently_updated(6));
    model["has_recent"] = !model["services"].empty();
    auto advice = nlohmann::json::array();
    for (const char* slug : kKeyAdvice) {
        if (const auto page = ctx.store.advice().find_by_slug(slug))
            advice.push_back({{"title", page->title},
                              {"href", "/advice/" + page->slug},
                              {"summary", page->summary}});
    }
    model["has_advice"] = !advice.empty();
    model["advice"] = advice;
    return render_page(ctx, "public/home", model);
}

}  // namespace lo::web::public_
