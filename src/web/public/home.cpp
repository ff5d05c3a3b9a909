// The home page: a search form, ways to browse, what changed lately and the advice every family
// asks for first.
#include "web/public/listing.hpp"
#include "web/public/pages.hpp"

#include "web/generation_memo.hpp"
#include "web/page.hpp"

namespace lo::web::public_ {
namespace {

// The advice pages the home page always points to, when the council has written them.
constexpr const char* kKeyAdvice[] = {"ehc-plans", "sendiass", "complaints-mediation-and-tribunal"};

// The six services changed most recently, kept until the store changes: finding them orders
// every service by its modification time (about 35 ms a home page at 100k services, where the
// home page ran at 28 req/s with the page cache off).
std::shared_ptr<const std::vector<domain::Service>> recently_updated(Context& ctx) {
    const std::function<std::vector<domain::Service>()> read = [&] {
        return ctx.store.services().recently_updated(6);
    };
    if (!ctx.memo) return std::make_shared<const std::vector<domain::Service>>(read());
    return ctx.memo->get<std::vector<domain::Service>>(ctx.store, "recently_updated:6", read);
}

}  // namespace

http::Response home(Context& ctx, const http::Request&) {
    auto model = page_model(ctx, "", Section::Home);
    model["area_name"] = ctx.site.area_name;
    model["categories"] = term_links(ctx, domain::kCategoriesTaxonomy, "/categories", false);
    model["needs"] = term_links(ctx, domain::kNeedsTaxonomy, "/needs", false);
    model["has_categories"] = !model["categories"].empty();
    model["has_needs"] = !model["needs"].empty();
    model["services"] = service_cards(ctx.store, *recently_updated(ctx));
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
