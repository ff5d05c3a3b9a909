// /developers: how to use the directory's Open Referral UK feed (issue 14, item 7). Developers
// and other councils find the feed from the site's footer; every example is a live link to this
// site's own API, so what the page says can be tried at once.
#include "web/page.hpp"
#include "web/public/pages.hpp"

namespace lo::web::public_ {

http::Response developers(Context& ctx, const http::Request&) {
    auto model = page_model(ctx, "Use our data: the Open Referral UK feed", Section::None);
    add_breadcrumb(model, "Home", "/");
    model["heading"] = "Use our data: the Open Referral UK feed";
    const auto base = ctx.site.base();
    model["api_url"] = base + "/openreferral";
    return render_page(ctx, "public/information/developers", model);
}

}  // namespace lo::web::public_
