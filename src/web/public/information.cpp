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

// The notice's promises come from the same settings the server acts on (retention_*,
// access_log_address), so the two cannot disagree.
http::Response privacy(Context& ctx, const http::Request&) {
    auto model = page_model(ctx, "Privacy notice", Section::None);
    add_breadcrumb(model, "Home", "/");
    model["heading"] = "Privacy notice";
    const auto& p = ctx.site.privacy;
    model["access_log_address"] = [&] {
        switch (p.access_log) {
            case http::AddressInLog::None:
                return "It does not record your IP address or who you are.";
            case http::AddressInLog::Truncated:
                return "It records only the first part of your IP address: the last part is "
                       "removed before anything is written, so it shows the network you used but "
                       "not who you are.";
            case http::AddressInLog::Full:
                return "It records your device's IP address, which we use only to keep the "
                       "website secure.";
        }
        return "";
    }();
    model["retention"] = {{"feedback_days", p.feedback_days},
                          {"outbox_days", p.outbox_days},
                          {"link_days", p.link_days},
                          {"audit_address_days", p.audit_address_days}};
    return render_page(ctx, "public/information/privacy", model);
}

}  // namespace lo::web::public_
