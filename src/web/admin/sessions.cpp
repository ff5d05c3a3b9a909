// Signing in and out, and setting a password from a one-time link. The forms before sign-in are
// protected by a signed double-submit token (auth/form_token.hpp), so showing them writes no
// session row; signing in creates the session, with an id the browser has not held before.
#include <cmath>

#include "auth/crypto.hpp"
#include "auth/form_token.hpp"
#include "auth/two_factor.hpp"
#include "http/error.hpp"
#include "http/url.hpp"
#include "web/admin/admin.hpp"
#include "web/admin/sign_in_alerts.hpp"
#include "web/admin/signed_out.hpp"
#include "web/page.hpp"

namespace lo::web::admin {
namespace {

bool passwords_on(const Context& ctx) {
    return ctx.site.sso.passwords || !ctx.site.sso.enabled();
}

// With sso_passwords = off, every password page says where to sign in instead.
http::Response passwords_off(Context& ctx, const http::Request& req) {
    auto model = signed_out_model(ctx, "Sign in with " + ctx.site.sso.name);
    model["heading"] = "Sign in with " + ctx.site.sso.name;
    model["advice"] = "Passwords are not used for the " + ctx.site.service_name +
                      " admin. Go to the sign-in page and choose \"Sign in with " +
                      ctx.site.sso.name +
                      "\". If you cannot sign in there, ask your council's IT team.";
    return render_with_session(ctx, req, "admin/link_problem", model, 403);
}

// The sign-in page's choices: the provider's button when single sign-on is on, the password
// form unless it is switched off.
void add_sign_in_choices(const Context& ctx, nlohmann::json& model) {
    if (ctx.site.sso.enabled())
        model["sso"] = {{"name", ctx.site.sso.name},
                        {"href", "/admin/sign-in/sso?next=" +
                                     http::percent_encode(model.value("next", "/admin"))}};
    model["passwords"] = passwords_on(ctx);
}

}  // namespace

http::Response sign_in_form(Context& ctx, const http::Request& req) {
    auth::Accounts accounts(ctx.store);
    if (accounts.authenticate(session_cookie_of(ctx, req), auth::now_seconds()))
        return http::Response::redirect(safe_next(req.query_value("next").value_or("/admin")));
    auto model = signed_out_model(ctx, "Sign in");
    model["next"] = safe_next(req.query_value("next").value_or("/admin"));
    model["email"] = "";
    add_sign_in_choices(ctx, model);
    if (req.query_value("password") == "set")
        model["notice"] = "Your password has been set. Sign in with it now.";
    if (req.query_value("signed_out")) model["notice"] = "You have signed out.";
    return render_with_session(ctx, req, "admin/sign_in", model, 200);
}

http::Response sign_in(Context& ctx, const http::Request& req) {
    if (!passwords_on(ctx)) return passwords_off(ctx, req);
    auth::Accounts accounts(ctx.store);
    const auto now = auth::now_seconds();
    const auto form = req.form();
    const auto email = form_value(form, "email");
    const auto password = form_value(form, "password");
    auto model = signed_out_model(ctx, "Sign in");
    model["next"] = safe_next(form_value(form, "next"));
    model["email"] = email.substr(0, 254);
    add_sign_in_choices(ctx, model);

    if (!form_has_session_token(ctx, req, accounts, now)) {
        add_errors(model, {{"email", kExpiredForm}});
        return render_with_session(ctx, req, "admin/sign_in", model, 403);
    }
    domain::ValidationErrors errors;
    if (auth::normalise_email(email).empty())
        errors.push_back({"email", "Enter your e-mail address"});
    if (password.empty()) errors.push_back({"password", "Enter your password"});
    if (!errors.empty()) {
        add_errors(model, errors);
        return render_with_session(ctx, req, "admin/sign_in", model, 422);
    }

    const auto result = accounts.check_credentials(email, password, req.remote_address, now);
    if (result.tell_holder)
        tell_holder_of_failed_sign_ins(ctx, *result.tell_holder, result.account_failures,
                                       accounts.policy().failure_window);
    if (result.outcome == auth::SignInOutcome::LockedOut) {
        const auto minutes = std::max<std::int64_t>(1, (result.locked_for + 59) / 60);
        add_errors(model, {{"email", "You have tried to sign in too many times. Wait " +
                                         std::to_string(minutes) +
                                         (minutes == 1 ? " minute" : " minutes") +
                                         ", then try again. If you have forgotten your password, "
                                         "ask a Local Offer administrator for a reset link."}});
        return render_with_session(ctx, req, "admin/sign_in", model, 429);
    }
    if (result.outcome == auth::SignInOutcome::WrongDetails) {
        add_errors(model, {{"email",
                            "The e-mail address or password is not right. Check them and "
                            "try again."}});
        return render_with_session(ctx, req, "admin/sign_in", model, 401);
    }
    // An account with two-factor sign-in is asked for a code next (two_factor.cpp).
    if (auth::TwoFactor(ctx.store).enabled(result.user->id))
        return start_code_step(ctx, req, *result.user, safe_next(form_value(form, "next")));
    const auto session_id =
        accounts.start_session(*result.user, session_cookie_of(ctx, req), req.remote_address, now);
    auto res = http::Response::redirect(safe_next(form_value(form, "next")));
    res.add_header("Set-Cookie", auth::session_cookie(session_id, transport(ctx)));
    res.set_header("Cache-Control", "no-store");
    return res;
}

http::Response sign_out(Visit& visit) {
    visit.accounts.sign_out(visit.principal.session_id, visit.request.remote_address, visit.now);
    auto res = http::Response::redirect("/admin/sign-in?signed_out=1");
    res.add_header("Set-Cookie", auth::cleared_session_cookie(transport(visit.ctx)));
    return res;
}

namespace {

// The page for a link that cannot be used, with what to do next.
http::Response bad_link(Context& ctx, const http::Request& req, auth::TokenState state) {
    auto model = signed_out_model(ctx, "This link cannot be used");
    int status = 404;
    if (state == auth::TokenState::Used) {
        model["heading"] = "This link has already been used";
        model["advice"] =
            "Each link works once. If you have set your password, sign in. If not, "
            "ask a Local Offer administrator for a new link.";
        status = 410;
    } else if (state == auth::TokenState::Expired) {
        model["heading"] = "This link has expired";
        model["advice"] = "Ask a Local Offer administrator to send you a new link.";
        status = 410;
    } else {
        model["heading"] = "This link is not right";
        model["advice"] =
            "Check you copied the entire link from the message. If it still does not "
            "work, ask a Local Offer administrator for a new link.";
    }
    return render_with_session(ctx, req, "admin/link_problem", model, status);
}

}  // namespace

http::Response set_password_form(Context& ctx, const http::Request& req) {
    if (!passwords_on(ctx)) return passwords_off(ctx, req);
    auth::Accounts accounts(ctx.store);
    const auto token = req.query_value("token").value_or("");
    const auto check = accounts.check_token(token, auth::now_seconds());
    if (check.state != auth::TokenState::Valid) return bad_link(ctx, req, check.state);
    auto model = signed_out_model(ctx, check.purpose == auth::TokenPurpose::SetPassword
                                           ? "Create your password"
                                           : "Choose a new password");
    model["token"] = token;
    model["email"] = check.user->email;
    return render_with_session(ctx, req, "admin/set_password", model, 200);
}

http::Response set_password(Context& ctx, const http::Request& req) {
    if (!passwords_on(ctx)) return passwords_off(ctx, req);
    auth::Accounts accounts(ctx.store);
    const auto now = auth::now_seconds();
    const auto form = req.form();
    const auto token = form_value(form, "token");
    const auto check = accounts.check_token(token, now);
    if (check.state != auth::TokenState::Valid) return bad_link(ctx, req, check.state);
    auto model = signed_out_model(ctx, check.purpose == auth::TokenPurpose::SetPassword
                                           ? "Create your password"
                                           : "Choose a new password");
    model["token"] = token;
    model["email"] = check.user->email;
    if (!form_has_session_token(ctx, req, accounts, now)) {
        add_errors(model, {{"password", kExpiredForm}});
        return render_with_session(ctx, req, "admin/set_password", model, 403);
    }
    const auto password = form_value(form, "password");
    domain::ValidationErrors errors;
    if (auto problem = auth::password_problem(password, check.user->email); !problem.empty())
        errors.push_back({"password", problem});
    else if (password != form_value(form, "password_confirmation"))
        errors.push_back(
            {"password_confirmation", "The passwords do not match. Enter the same password twice"});
    if (!errors.empty()) {
        add_errors(model, errors);
        return render_with_session(ctx, req, "admin/set_password", model, 422);
    }
    const auto state = accounts.set_password(token, password, req.remote_address, now);
    if (state != auth::TokenState::Valid) return bad_link(ctx, req, state);
    auto res = http::Response::redirect("/admin/sign-in?password=set");
    res.set_header("Cache-Control", "no-store");
    return res;
}

}  // namespace lo::web::admin

// --- "Forgot your password?" ---------------------------------------------------------------
// Anyone may ask for a reset link for an address. The answer is the same whether or not an
// account uses it, requests are limited per address and per network address, and the link is
// only ever e-mailed (through the outbox), never shown.

namespace lo::web::admin {
namespace {

constexpr int kResetsPerAddress = 3;   // per e-mail address per hour
constexpr int kResetsPerNetwork = 20;  // per network address per hour
constexpr std::int64_t kResetWindow = 60 * 60;

// Counts one request against a key in the sign-in throttling table; false when over the limit.
bool within_reset_limit(storage::UserRepository& users,
                        const std::string& key,
                        int limit,
                        std::int64_t now) {
    auto f = users.failures(key);
    if (f.failures == 0 || now - f.first_failure >= kResetWindow) f = {0, now, 0};
    if (f.failures >= limit) return false;
    ++f.failures;
    users.set_failures(key, f);
    return true;
}

mail::Message reset_message(Context& ctx,
                            const auth::User& user,
                            const std::string& token,
                            std::int64_t hours) {
    const auto base = ctx.site.base();
    mail::Message m;
    m.to = user.email;
    m.kind = "password_reset";
    m.subject = "Reset your password for the " + ctx.site.service_name + " admin";
    m.body =
        "Hello,\n\n"
        "Someone asked to reset the password of the " +
        ctx.site.service_name +
        " admin account for this e-mail address. If it was you, choose a new password with "
        "this link. It works once, within " +
        std::to_string(hours) + " hours:\n\n" + base + "/admin/set-password?token=" + token +
        "\n\n"
        "If you did not ask, you can ignore this message: your password has not changed.\n\n"
        "The " +
        ctx.site.service_name + " team, " + ctx.site.council_name + "\n";
    return m;
}

}  // namespace

std::int64_t mail_reset_link(Context& ctx,
                             auth::Accounts& accounts,
                             const auth::User& user,
                             const auth::Actor& actor,
                             std::int64_t now) {
    const auto token = accounts.issue_reset_token(user.id, actor, now);
    return queue_mail(
        ctx, reset_message(ctx, user, token, accounts.policy().reset_password_lifetime / 3600));
}

http::Response forgot_password_form(Context& ctx, const http::Request& req) {
    if (!passwords_on(ctx)) return passwords_off(ctx, req);
    auto model = signed_out_model(ctx, "Reset your password");
    model["email"] = "";
    return render_with_session(ctx, req, "admin/forgot_password", model, 200);
}

http::Response forgot_password(Context& ctx, const http::Request& req) {
    if (!passwords_on(ctx)) return passwords_off(ctx, req);
    auth::Accounts accounts(ctx.store);
    const auto now = auth::now_seconds();
    const auto form = req.form();
    const auto email = auth::normalise_email(form_value(form, "email"));
    auto model = signed_out_model(ctx, "Reset your password");
    model["email"] = email.substr(0, 254);
    if (!form_has_session_token(ctx, req, accounts, now)) {
        add_errors(model, {{"email", kExpiredForm}});
        return render_with_session(ctx, req, "admin/forgot_password", model, 403);
    }
    if (!domain::is_valid_email(email)) {
        add_errors(model, {{"email", "Enter your e-mail address, like name@example.org"}});
        return render_with_session(ctx, req, "admin/forgot_password", model, 422);
    }
    auto& users = ctx.store.users();
    const bool allowed =
        within_reset_limit(users, "reset-ip:" + req.remote_address, kResetsPerNetwork, now) &&
        within_reset_limit(users, "reset-email:" + email, kResetsPerAddress, now);
    if (allowed) {
        if (const auto user = users.find_by_email(email); user && user->active)
            mail_reset_link(ctx, accounts, *user, {"", "", req.remote_address}, now);
    }
    auto sent = signed_out_model(ctx, "Check your e-mail");
    sent["email"] = email.substr(0, 254);
    sent["hours"] = accounts.policy().reset_password_lifetime / 3600;
    return render_with_session(ctx, req, "admin/forgot_password_sent", sent, 200);
}

}  // namespace lo::web::admin
