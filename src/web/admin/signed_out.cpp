// The pages shown before sign-in: their model, CSRF token and the sign-in's next page
// (signed_out.hpp).
#include "web/admin/signed_out.hpp"

#include "auth/crypto.hpp"
#include "auth/form_token.hpp"
#include "web/admin/admin.hpp"
#include "web/page.hpp"

namespace lo::web::admin {

std::string form_value(const std::vector<std::pair<std::string, std::string>>& form,
                       std::string_view name) {
    for (const auto& [k, v] : form)
        if (k == name) return v;
    return {};
}

std::string safe_next(const std::string& next) {
    if (!next.starts_with("/admin") || next.find("//") != std::string::npos ||
        next.find('\\') != std::string::npos || next.size() > 500)
        return "/admin";
    for (unsigned char c : next)
        if (c < 0x20 || c == 0x7f) return "/admin";
    return next;
}

std::string session_cookie_of(Context& ctx, const http::Request& req) {
    return auth::cookie_value(req.header("Cookie"), auth::session_cookie_name(transport(ctx)));
}

namespace {

// The CSRF token for a form shown before sign-in: the caller's live session's when there is one
// (a two-factor step in progress), otherwise a signed double-submit token for the random id in
// the cookie, which is set on the response when the browser has none yet. Writes nothing.
std::string form_token(Context& ctx,
                       auth::Accounts& accounts,
                       const http::Request& req,
                       std::int64_t now,
                       http::Response& res) {
    auto id = session_cookie_of(ctx, req);
    if (accounts.is_live_session(id, now)) return auth::csrf_token_for(id);
    if (!auth::is_form_id(id)) {
        id = auth::new_form_id();
        res.add_header("Set-Cookie", auth::session_cookie(id, transport(ctx)));
    }
    return auth::form_token_for(id);
}

}  // namespace

nlohmann::json signed_out_model(Context& ctx, const std::string& title) {
    auto model = page_model(ctx, title, Section::None);
    model["navigation"] = nlohmann::json::array();
    model["full_title"] = title + " – Admin – " + ctx.site.service_name;
    model["errors"] = nlohmann::json::array();
    model["has_errors"] = false;
    model["field_errors"] = nlohmann::json::object();
    return model;
}

http::Response render_with_session(Context& ctx,
                                   const http::Request& req,
                                   const std::string& page,
                                   nlohmann::json model,
                                   int status) {
    auth::Accounts accounts(ctx.store);
    http::Response cookie_carrier;
    model["csrf_token"] = form_token(ctx, accounts, req, auth::now_seconds(), cookie_carrier);
    auto res = render_page(ctx, page, model, status);
    for (const auto& [name, value] : cookie_carrier.headers) res.add_header(name, value);
    res.set_header("Cache-Control", "no-store");
    return res;
}

bool form_has_session_token(Context& ctx,
                            const http::Request& req,
                            auth::Accounts& accounts,
                            std::int64_t now) {
    const auto id = session_cookie_of(ctx, req);
    const auto sent = form_value(req.form(), "csrf_token");
    if (accounts.is_live_session(id, now))
        return auth::equal_secrets(sent, auth::csrf_token_for(id));
    return auth::is_form_id(id) && auth::equal_secrets(sent, auth::form_token_for(id));
}

}  // namespace lo::web::admin
