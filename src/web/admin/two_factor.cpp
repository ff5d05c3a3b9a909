// Two-factor sign-in in the admin: the code step after the password, the person's own set-up
// page (/admin/account/two-factor) and an administrator's reset. Decisions are made in
// auth/two_factor.cpp; this file carries forms and cookies. The code step has its own anonymous
// session (a new id, so a new CSRF token), and wrong codes count towards the same lockout as
// wrong passwords.
#include <algorithm>

#include "auth/crypto.hpp"
#include "auth/totp.hpp"
#include "auth/two_factor.hpp"
#include "http/error.hpp"
#include "web/admin/admin.hpp"
#include "web/page.hpp"
#include "web/qr_code.hpp"

namespace lo::web::admin {
namespace {

using http::form_value;

std::string session_cookie_of(Context& ctx, const http::Request& req) {
    return auth::cookie_value(req.header("Cookie"), auth::session_cookie_name(transport(ctx)));
}

nlohmann::json code_page_model(Context& ctx, const std::string& session_id) {
    auto model = page_model(ctx, "Enter your code", Section::None);
    model["navigation"] = nlohmann::json::array();
    model["full_title"] = "Enter your code – Admin – " + ctx.site.service_name;
    model["errors"] = nlohmann::json::array();
    model["has_errors"] = false;
    model["field_errors"] = nlohmann::json::object();
    model["csrf_token"] = auth::csrf_token_for(session_id);
    return model;
}

http::Response no_store(http::Response res) {
    res.set_header("Cache-Control", "no-store");
    return res;
}

http::Response back_to_sign_in() {
    return no_store(http::Response::redirect("/admin/sign-in"));
}

// The waiting sign-in of this browser, if it is still fresh.
std::optional<storage::TwoFactorChallenge> challenge_of(Context& ctx,
                                                        const std::string& session_id,
                                                        std::int64_t now) {
    auth::Accounts accounts(ctx.store);
    if (!accounts.is_live_session(session_id, now)) return std::nullopt;
    auto challenge = ctx.store.two_factor().find_challenge(auth::hash_token(session_id));
    if (!challenge || now - challenge->created_at > auth::kCodeStepLifetime) return std::nullopt;
    return challenge;
}

std::string lockout_message(std::int64_t seconds) {
    const auto minutes = std::max<std::int64_t>(1, (seconds + 59) / 60);
    return "You have tried to sign in too many times. Wait " + std::to_string(minutes) +
           (minutes == 1 ? " minute" : " minutes") +
           ", then sign in again. If you have lost your phone and your recovery codes, ask a "
           "Local Offer administrator to turn off two-factor sign-in for your account.";
}

}  // namespace

http::Response start_code_step(Context& ctx,
                               const http::Request& req,
                               const auth::User& user,
                               const std::string& next) {
    auth::Accounts accounts(ctx.store);
    const auto now = auth::now_seconds();
    // A new anonymous session for the code step: the id, and so the CSRF token, change once
    // the password is right.
    const auto previous = session_cookie_of(ctx, req);
    if (!previous.empty()) ctx.store.sessions().remove(auth::hash_token(previous));
    const auto session_id = accounts.start_anonymous_session(now);
    ctx.store.two_factor().add_challenge({auth::hash_token(session_id), user.id, next, now});
    auto res = no_store(http::Response::redirect("/admin/sign-in/code"));
    res.add_header("Set-Cookie", auth::session_cookie(session_id, transport(ctx)));
    return res;
}

http::Response sign_in_code_form(Context& ctx, const http::Request& req) {
    const auto session_id = session_cookie_of(ctx, req);
    if (!challenge_of(ctx, session_id, auth::now_seconds())) return back_to_sign_in();
    return no_store(render_page(ctx, "admin/two_factor/code", code_page_model(ctx, session_id)));
}

http::Response sign_in_code(Context& ctx, const http::Request& req) {
    auth::Accounts accounts(ctx.store);
    const auto now = auth::now_seconds();
    const auto session_id = session_cookie_of(ctx, req);
    const auto challenge = challenge_of(ctx, session_id, now);
    if (!challenge) return back_to_sign_in();
    const auto form = req.form();
    auto model = code_page_model(ctx, session_id);
    if (!auth::equal_secrets(form_value(form, "csrf_token"), auth::csrf_token_for(session_id))) {
        add_errors(model, {{"code",
                            "This page was open too long, or did not come from this "
                            "website. Enter the code again."}});
        return no_store(render_page(ctx, "admin/two_factor/code", model, 403));
    }
    const auto user = ctx.store.users().find(challenge->user_id);
    if (!user || !user->active) return back_to_sign_in();
    const auto hash = auth::hash_token(session_id);
    if (const auto left = accounts.locked_for(user->email, req.remote_address, now); left > 0) {
        ctx.store.two_factor().remove_challenge(hash);
        add_errors(model, {{"code", lockout_message(left)}});
        return no_store(render_page(ctx, "admin/two_factor/code", model, 429));
    }
    const auto code = form_value(form, "code");
    if (code.find_first_not_of(" -") == std::string::npos) {
        add_errors(model, {{"code", "Enter the 6-digit code from your authenticator app"}});
        return no_store(render_page(ctx, "admin/two_factor/code", model, 422));
    }
    const auto check = auth::TwoFactor(ctx.store).check_code(user->id, code.substr(0, 40), now);
    if (check == auth::CodeCheck::Accepted || check == auth::CodeCheck::AcceptedRecovery) {
        ctx.store.two_factor().remove_challenge(hash);
        const auto new_session = accounts.start_session(
            *user, session_id, req.remote_address, now,
            check == auth::CodeCheck::Accepted ? "with a two-factor code" : "with a recovery code");
        auto res = no_store(http::Response::redirect(challenge->next));
        res.add_header("Set-Cookie", auth::session_cookie(new_session, transport(ctx)));
        return res;
    }
    if (const auto locked = accounts.register_failed_code(*user, req.remote_address, now);
        locked > 0) {
        ctx.store.two_factor().remove_challenge(hash);
        add_errors(model, {{"code", lockout_message(locked)}});
        return no_store(render_page(ctx, "admin/two_factor/code", model, 429));
    }
    add_errors(model, {{"code", check == auth::CodeCheck::Reused
                                    ? "That code has already been used. Wait for your app to show "
                                      "a new code, then enter it."
                                    : "The code is not right. Enter the 6-digit code your "
                                      "authenticator app shows now, or one of your recovery "
                                      "codes."}});
    return no_store(render_page(ctx, "admin/two_factor/code", model, 401));
}

namespace two_factor {
namespace {

nlohmann::json account_model(Visit& visit) {
    auto model = admin_page_model(visit, "Two-factor sign-in", "account");
    auth::TwoFactor tf(visit.ctx.store);
    const auto& user = visit.principal.user;
    model["enabled"] = tf.enabled(user.id);
    model["required"] = two_factor_required(visit.ctx, user);
    if (const auto secret = tf.pending_secret(user.id)) {
        // Groups of four are easier to type into an app.
        std::string grouped;
        for (std::size_t i = 0; i < secret->size(); ++i) {
            if (i > 0 && i % 4 == 0) grouped += ' ';
            grouped += (*secret)[i];
        }
        model["pending"] = true;
        model["secret"] = grouped;
        const auto uri = auth::totp::otpauth_uri(
            visit.ctx.site.council_name + " " + visit.ctx.site.service_name, user.email, *secret);
        model["uri"] = uri;
        // The same link as a QR code, which most authenticator apps can scan.
        if (auto svg = qr_code_svg(uri, "QR code for adding your account to an authenticator app"))
            model["qr_code_svg"] = std::move(*svg);
    } else {
        model["pending"] = false;
    }
    model["codes_left"] = tf.recovery_codes_left(user.id);
    model["turned_off"] = visit.request.query_value("off").has_value();
    return model;
}

}  // namespace

http::Response show(Visit& visit) {
    return render_page(visit.ctx, "admin/two_factor/account", account_model(visit));
}

http::Response setup(Visit& visit) {
    auth::TwoFactor(visit.ctx.store).begin_setup(visit.principal.user);
    return http::Response::redirect("/admin/account/two-factor");
}

http::Response confirm(Visit& visit) {
    const auto code = form_value(visit.request.form(), "code");
    auto codes =
        auth::TwoFactor(visit.ctx.store)
            .confirm_setup(visit.principal.user, code.substr(0, 40), visit.actor(), visit.now);
    if (!codes) {
        auto model = account_model(visit);
        add_errors(model,
                   {{"code", code.empty() ? "Enter the 6-digit code from your authenticator app"
                                          : "The code is not right. Check the app shows the Local "
                                            "Offer account you just added, and enter the code it "
                                            "shows now."}});
        return render_page(visit.ctx, "admin/two_factor/account", model, 422);
    }
    auto model = admin_page_model(visit, "Your recovery codes", "account");
    model["codes"] = *codes;
    return render_page(visit.ctx, "admin/two_factor/recovery_codes", model);
}

http::Response disable(Visit& visit) {
    const auto code = form_value(visit.request.form(), "code");
    auth::TwoFactor tf(visit.ctx.store);
    const auto check = code.empty()
                           ? auth::CodeCheck::Wrong
                           : tf.check_code(visit.principal.user.id, code.substr(0, 40), visit.now);
    if (check != auth::CodeCheck::Accepted && check != auth::CodeCheck::AcceptedRecovery) {
        auto model = account_model(visit);
        add_errors(model, {{"disable_code",
                            "Enter a new code from your authenticator app, or a "
                            "recovery code, to turn off two-factor sign-in"}});
        return render_page(visit.ctx, "admin/two_factor/account", model, 422);
    }
    tf.disable(visit.principal.user, visit.actor(), false);
    return http::Response::redirect("/admin/account/two-factor?off=1");
}

http::Response reset(Visit& visit) {
    const auto user = visit.ctx.store.users().find(visit.request.param("id"));
    if (!user)
        throw http::HttpError(404, "We could not find that account. Go back to the list of users.");
    auth::TwoFactor(visit.ctx.store).disable(*user, visit.actor(), true);
    return http::Response::redirect("/admin/users/" + user->id + "/edit?two_factor=reset");
}

}  // namespace two_factor
}  // namespace lo::web::admin
