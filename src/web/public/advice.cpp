// Advice and guidance pages, written by the council in Markdown.
#include "web/public/pages.hpp"

#include "domain/validation.hpp"
#include "http/error.hpp"
#include "web/format.hpp"
#include "web/markdown.hpp"
#include "web/page.hpp"

namespace lo::web::public_ {

http::Response advice_index(Context& ctx, const http::Request&) {
    auto model = page_model(ctx, "Advice and guidance", Section::Advice, Place::SectionPage);
    add_breadcrumb(model, "Home", "/");
    auto pages = nlohmann::json::array();
    for (const auto& p : ctx.store.advice().list())
        pages.push_back(
            {{"title", p.title}, {"href", "/advice/" + p.slug}, {"summary", p.summary}});
    model["pages"] = pages;
    return render_page(ctx, "public/advice/index", model);
}

http::Response advice_show(Context& ctx, const http::Request& req) {
    constexpr const char kNotFound[] =
        "We could not find that advice page. It may have been moved or renamed.";
    const auto slug = req.param("slug");
    if (!domain::is_valid_slug(slug)) throw http::HttpError(404, kNotFound);
    const auto page = ctx.store.advice().find_by_slug(slug);
    if (!page) {
        // A deleted page's address leads where the editor chose, for good (a 301, so search
        // engines and bookmarks update); the store keeps chains collapsed to one step. Browsers
        // keep a 301 without a lifetime forever, which would hide a new page written at this
        // address later: an hour is enough to spare the server.
        if (const auto to = ctx.store.advice().redirect_for(slug)) {
            auto moved = http::Response::redirect(to->empty() ? "/advice" : "/advice/" + *to, 301);
            moved.set_header("Cache-Control", "public, max-age=3600");
            return moved;
        }
        throw http::HttpError(404, kNotFound);
    }

    const auto body = render_markdown(page->body_markdown);
    auto model = page_model(ctx, page->title, Section::Advice);
    add_breadcrumb(model, "Home", "/");
    add_breadcrumb(model, "Advice and guidance", "/advice");
    model["heading"] = page->title;
    model["summary"] = page->summary;
    set_meta_description(model, page->summary);
    auto contents = nlohmann::json::array();
    for (const auto& h : body.headings) contents.push_back({{"id", h.id}, {"text", h.text}});
    model["contents"] = contents;
    model["has_contents"] = contents.size() >= 2;  // a contents list for one heading is noise
    model["body_html"] = body.html;
    model["last_updated"] = long_date_text(page->last_modified);
    return render_page(ctx, "public/advice/show", model);
}

}  // namespace lo::web::public_
