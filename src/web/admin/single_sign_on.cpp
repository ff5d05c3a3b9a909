// Single sign-on with the council's OpenID Connect provider (docs/single-sign-on.md): the
// authorisation code flow with PKCE. The button on the sign-in page is a link here; we keep the
// state's hash, the nonce and the code verifier, tied to the browser's cookie id, and send the
// browser to the provider. It is a link, not a form, because the pages' Content-Security-Policy
// allows forms to submit only to this site ("form-action 'self'"), and browsers apply that to
// where a form's answer redirects too; starting a sign-in needs no CSRF token, since it signs the
// browser in only as whoever then signs in at the provider, in that same browser. Its answer comes
// back to the callback, which takes that row (so an answer works once), checks it came back to the
// same browser, redeems the code and verifies the ID token (web/admin/oidc_client.cpp). The address
// the token vouches for must already have an active account: single sign-on never creates accounts.
#include "auth/crypto.hpp"
#include "auth/form_token.hpp"
#include "auth/id_token.hpp"
#include "auth/two_factor.hpp"
#include "http/error.hpp"
#include "http/log.hpp"
#include "web/admin/admin.hpp"
#include "web/admin/oidc_client.hpp"
#include "web/admin/signed_out.hpp"

namespace lo::web::admin {
namespace {

// How long someone may spend at the provider before the sign-in must start again.
constexpr std::int64_t kSignInLifetime = 10 * 60;

std::string callback_address(const Context& ctx) {
    return ctx.site.base() + "/admin/sign-in/sso/callback";
}

OidcClient& client_or_404(Context& ctx) {
    if (!ctx.sso || !ctx.site.sso.enabled())
        throw http::HttpError(404, "Single sign-on is not set up for this Local Offer.");
    return *ctx.sso;
}

// A page saying the sign-in did not work and what to do; the detail goes to the server's log
// and, when it names the step that failed, to the audit log.
http::Response problem(Context& ctx,
                       const http::Request& req,
                       int status,
                       const std::string& heading,
                       const std::string& advice) {
    auto model = signed_out_model(ctx, heading);
    model["heading"] = heading;
    model["advice"] = advice;
    return render_with_session(ctx, req, "admin/link_problem", model, status);
}

void record_failure(Context& ctx,
                    const http::Request& req,
                    const std::string& subject,
                    const std::string& why) {
    auth::AuditEntry entry;
    entry.action = "sign_in_failed";
    entry.subject = subject;
    entry.detail = "single sign-on: " + why.substr(0, 300);
    entry.remote_address = req.remote_address;
    ctx.store.audit().record(entry);
}

std::string try_again(const Context& ctx) {
    return "Go back to the sign-in page and choose \"Sign in with " + ctx.site.sso.name +
           "\" again. If it keeps happening, tell your council's IT team the time it happened.";
}

// Signs in the account the provider vouched for: a two-factor code next if the account uses
// one, otherwise a new session and the page the person was going to.
http::Response finish(Context& ctx,
                      const http::Request& req,
                      const auth::User& user,
                      const std::string& next,
                      std::int64_t now) {
    if (auth::TwoFactor(ctx.store).enabled(user.id)) return start_code_step(ctx, req, user, next);
    auth::Accounts accounts(ctx.store);
    const auto session_id =
        accounts.start_session(user, session_cookie_of(ctx, req), req.remote_address, now,
                               "single sign-on (" + ctx.site.sso.name + ")");
    auto res = http::Response::redirect(next);
    res.add_header("Set-Cookie", auth::session_cookie(session_id, transport(ctx)));
    res.set_header("Cache-Control", "no-store");
    return res;
}

}  // namespace

http::Response sso_start(Context& ctx, const http::Request& req) {
    auto& client = client_or_404(ctx);
    auth::Accounts accounts(ctx.store);
    const auto now = auth::now_seconds();
    const auto next = safe_next(req.query_value("next").value_or("/admin"));
    if (accounts.authenticate(session_cookie_of(ctx, req), now))
        return http::Response::redirect(next);
    // The browser's cookie id (the sign-in page set one); a new one when it has none.
    auto browser = session_cookie_of(ctx, req);
    const bool new_id = !auth::is_form_id(browser);
    if (new_id) browser = auth::new_form_id();
    const auto state = auth::random_url_token();
    const auto nonce = auth::random_url_token();
    const auto verifier = auth::random_url_token();
    std::string address;
    try {
        address = client.authorization_url(callback_address(ctx), state, nonce,
                                           auth::pkce_challenge(verifier));
    } catch (const SsoFailed& e) {
        http::log_error("single sign-on: " + std::string(e.what()));
        return problem(ctx, req, 502, "Sign-in with " + ctx.site.sso.name + " is not working",
                       "We could not reach " + ctx.site.sso.name + ". " + try_again(ctx));
    }
    ctx.store.users().add_sso_login(
        {auth::hash_token(state), auth::hash_token(browser), nonce, verifier, next, now},
        now - kSignInLifetime);
    auto res = http::Response::redirect(address);
    if (new_id) res.add_header("Set-Cookie", auth::session_cookie(browser, transport(ctx)));
    res.set_header("Cache-Control", "no-store");
    return res;
}

http::Response sso_callback(Context& ctx, const http::Request& req) {
    auto& client = client_or_404(ctx);
    const auto now = auth::now_seconds();
    const auto& name = ctx.site.sso.name;
    if (const auto error = req.query_value("error")) {
        // access_denied: the person chose Cancel at the provider, or the provider refused them.
        record_failure(ctx, req, "", "the identity provider answered " + error->substr(0, 60));
        return problem(ctx, req, 403, "You were not signed in",
                       *error == "access_denied"
                           ? name + " did not sign you in. " + try_again(ctx)
                           : name + " could not sign you in. " + try_again(ctx));
    }
    const auto state = req.query_value("state").value_or("");
    const auto code = req.query_value("code").value_or("");
    const auto login =
        state.empty() ? std::nullopt : ctx.store.users().take_sso_login(auth::hash_token(state));
    if (!login || code.empty() || now - login->created_at > kSignInLifetime)
        return problem(ctx, req, 410, "This sign-in has expired or was already used",
                       "Each sign-in works once and for ten minutes. " + try_again(ctx));
    if (!auth::equal_secrets(login->browser_hash, auth::hash_token(session_cookie_of(ctx, req)))) {
        record_failure(ctx, req, "", "the answer came back to a different browser");
        return problem(ctx, req, 403, "Start signing in again in this browser",
                       "This sign-in was started in another browser or window. " + try_again(ctx));
    }
    // RFC 9207: a provider that names itself must be ours (a mix-up attack sends another's).
    if (const auto iss = req.query_value("iss"); iss && *iss != client.settings().issuer) {
        record_failure(ctx, req, "", "the answer names another issuer");
        return problem(ctx, req, 403, "You were not signed in", try_again(ctx));
    }
    nlohmann::json claims;
    try {
        claims = client.redeem(code, login->verifier, callback_address(ctx), login->nonce, now);
    } catch (const SsoFailed& e) {
        http::log_error("single sign-on: " + std::string(e.what()));
        record_failure(ctx, req, "", e.what());
        return problem(ctx, req, 502, "You were not signed in",
                       name + " did not confirm who you are. " + try_again(ctx));
    }
    const auto email = auth::verified_email(claims, client.settings().require_verified_email);
    const auto user = email.empty() ? std::nullopt : ctx.store.users().find_by_email(email);
    if (!user || !user->active) {
        record_failure(ctx, req, user ? email : auth::kUnknownAddress,
                       email.empty() ? "the provider gave no verified e-mail address"
                                     : (user ? "the account is deactivated" : "no account"));
        return problem(
            ctx, req, 403, "You do not have an account here",
            (email.empty() ? name + " did not tell us a confirmed e-mail address for you."
                           : "There is no active admin account for " + email + ".") +
                " Ask a " + ctx.site.service_name +
                " administrator to add you, using the e-mail address you sign in to " + name +
                " with.");
    }
    return finish(ctx, req, *user, login->next, now);
}

}  // namespace lo::web::admin
