// The pages every public-sector site must have: the accessibility statement (in the
// government's model format), cookies and the privacy notice. Their words live in templates;
// the council's details come from configuration.
#include "web/page.hpp"
#include "web/public/pages.hpp"

namespace lo::web::public_ {
namespace {

http::Response information(Context& ctx, const char* title, const char* page) {
    auto model = page_model(ctx, title, Section::None);
    add_breadcrumb(model, "Home", "/");
    model["heading"] = title;
    return render_page(ctx, page, model);
}

}  // namespace

http::Response accessibility_statement(Context& ctx, const http::Request&) {
    return information(ctx, "Accessibility statement", "public/information/accessibility");
}

http::Response cookies(Context& ctx, const http::Request&) {
    return information(ctx, "Cookies", "public/information/cookies");
}

http::Response privacy(Context& ctx, const http::Request&) {
    return information(ctx, "Privacy notice", "public/information/privacy");
}

}  // namespace lo::web::public_
