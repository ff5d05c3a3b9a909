// Admin users (administrators only): list, add (showing the one-time set-password link once),
// change role and organisations, and issue a password reset link.
#include "auth/two_factor.hpp"
#include "http/error.hpp"
#include "web/admin/admin.hpp"
#include "web/page.hpp"

namespace lo::web::admin::users {
namespace {

using Form = http::FormFields;
using http::form_value;
using http::form_values;

// With sso_passwords = off nobody sets a password: accounts sign in through the provider.
bool passwords_on(const Visit& visit) {
    return visit.ctx.site.sso.passwords || !visit.ctx.site.sso.enabled();
}

std::string link(const Visit& visit, const std::string& token) {
    return visit.ctx.site.base() + "/admin/set-password?token=" + token;
}

nlohmann::json form_model(Visit& visit,
                          const std::string& title,
                          const std::string& email,
                          auth::Role role,
                          const std::vector<std::string>& orgs) {
    auto model = admin_page_model(visit, title, "users");
    add_breadcrumb(model, "Users", "/admin/users");
    model["email"] = email;
    auto roles = nlohmann::json::array();
    for (auto r :
         {auth::Role::Provider, auth::Role::Editor, auth::Role::Admin, auth::Role::Commissioner})
        roles.push_back(
            {{"code", auth::to_code(r)}, {"label", auth::label(r)}, {"checked", r == role}});
    model["roles"] = roles;
    auto options = nlohmann::json::array();
    for (const auto& o : visit.ctx.store.organisations().list({10000, 0}))
        options.push_back({{"id", o.id},
                           {"name", o.name},
                           {"checked", std::find(orgs.begin(), orgs.end(), o.id) != orgs.end()}});
    model["organisations"] = options;
    return model;
}

void refuse_when_passwords_off(const Visit& visit) {
    if (!passwords_on(visit))
        throw http::HttpError(403, "Passwords are not used here: people sign in with " +
                                       visit.ctx.site.sso.name +
                                       ", so there is no password to reset. Go back to the user.");
}

auth::User find_user(Visit& visit) {
    auto user = visit.ctx.store.users().find(visit.request.param("id"));
    if (!user)
        throw http::HttpError(404, "We could not find that account. Go back to the list of users.");
    return *user;
}

}  // namespace

http::Response index(Visit& visit) {
    auto model = admin_page_model(visit, "Users", "users");
    auto rows = nlohmann::json::array();
    for (const auto& u : visit.ctx.store.users().list())
        rows.push_back({{"email", u.email},
                        {"role", auth::label(u.role)},
                        {"status", !u.active                                        ? "Deactivated"
                                   : u.password_hash.empty() && passwords_on(visit) ? "Invited"
                                                                                    : "Active"},
                        {"edit_href", "/admin/users/" + u.id + "/edit"}});
    model["users"] = rows;
    auto audit = nlohmann::json::array();
    for (const auto& e : visit.ctx.store.audit().recent(20))
        audit.push_back(
            {{"at", e.at}, {"who", e.actor_email}, {"action", e.action}, {"subject", e.subject}});
    model["audit"] = audit;
    model["saved"] = visit.request.query_value("saved").has_value();
    model["deleted"] = visit.request.query_value("deleted").value_or("").substr(0, 60);
    return render_page(visit.ctx, "admin/users/index", model);
}

http::Response new_form(Visit& visit) {
    return render_page(visit.ctx, "admin/users/new",
                       form_model(visit, "Add a user", "", auth::Role::Provider, {}));
}

http::Response create(Visit& visit) {
    const auto form = visit.request.form();
    const auto email = form_value(form, "email");
    const auto role = auth::role_from_code(form_value(form, "role"));
    const auto orgs = form_values(form, "organisation_ids");
    domain::ValidationErrors errors;
    if (!role) errors.push_back({"role", "Choose what the person can do"});
    if (errors.empty()) {
        try {
            const auto invitation =
                visit.accounts.add_user(email, *role, orgs, visit.actor(), visit.now);
            auto model = admin_page_model(visit, "Account created", "users");
            model["email"] = invitation.user.email;
            model["link"] = link(visit, invitation.token);
            model["days"] = visit.accounts.policy().set_password_lifetime / 86400;
            if (!passwords_on(visit))
                model["sign_in"] = {{"name", visit.ctx.site.sso.name},
                                    {"href", visit.ctx.site.base() + "/admin/sign-in"}};
            return render_page(visit.ctx, "admin/users/link", model, 201);
        } catch (const auth::InvalidInput& e) {
            errors.push_back({e.field() == "organisation" ? "organisation_ids" : e.field(),
                              e.field() == "organisation"
                                  ? "Choose at least one organisation for a provider"
                                  : std::string(e.what())});
        } catch (const storage::Conflict& e) {
            errors.push_back({"email", e.what()});
        }
    }
    auto model = form_model(visit, "Add a user", email.substr(0, 254),
                            role.value_or(auth::Role::Provider), orgs);
    add_errors(model, errors);
    return render_page(visit.ctx, "admin/users/new", model, 422);
}

http::Response edit(Visit& visit) {
    const auto user = find_user(visit);
    auto model =
        form_model(visit, "Change " + user.email, user.email, user.role, user.organisation_ids);
    model["id"] = user.id;
    model["two_factor_enabled"] = auth::TwoFactor(visit.ctx.store).enabled(user.id);
    model["two_factor_reset"] = visit.request.query_value("two_factor") == "reset";
    model["active"] = user.active;
    model["passwords"] = passwords_on(visit);
    if (!passwords_on(visit)) model["sso_name"] = visit.ctx.site.sso.name;
    const auto done = visit.request.query_value("done").value_or("");
    model["done"] = done == "deactivated"   ? "The account has been deactivated and signed out."
                    : done == "reactivated" ? "The account has been reactivated."
                                            : "";
    return render_page(visit.ctx, "admin/users/edit", model);
}

http::Response update(Visit& visit) {
    const auto user = find_user(visit);
    const auto form = visit.request.form();
    const auto role = auth::role_from_code(form_value(form, "role"));
    const auto orgs = form_values(form, "organisation_ids");
    domain::ValidationErrors errors;
    if (!role)
        errors.push_back({"role", "Choose what the person can do"});
    else if (user.id == visit.principal.user.id && *role != auth::Role::Admin)
        errors.push_back(
            {"role", "You cannot remove your own administrator role. Ask another administrator"});
    if (errors.empty()) {
        try {
            visit.accounts.change_user(user.id, *role, orgs, visit.actor(), visit.now);
            return http::Response::redirect("/admin/users?saved=1");
        } catch (const auth::InvalidInput&) {
            errors.push_back(
                {"organisation_ids", "Choose at least one organisation for a provider"});
        } catch (const storage::Conflict& e) {
            errors.push_back({"organisation_ids", e.what()});
        }
    }
    auto model =
        form_model(visit, "Change " + user.email, user.email, role.value_or(user.role), orgs);
    model["id"] = user.id;
    add_errors(model, errors);
    return render_page(visit.ctx, "admin/users/edit", model, 422);
}

http::Response reset_link(Visit& visit) {
    refuse_when_passwords_off(visit);
    const auto user = find_user(visit);
    const auto token = visit.accounts.issue_reset_token(user.id, visit.actor(), visit.now);
    auto model = admin_page_model(visit, "Password reset link", "users");
    model["email"] = user.email;
    model["link"] = link(visit, token);
    model["hours"] = visit.accounts.policy().reset_password_lifetime / 3600;
    model["reset"] = true;
    return render_page(visit.ctx, "admin/users/link", model, 201);
}

}  // namespace lo::web::admin::users

namespace lo::web::admin::users {

// The reset link goes straight to the person's inbox instead of being shown to the
// administrator (who then never holds it).
http::Response email_reset_link(Visit& visit) {
    refuse_when_passwords_off(visit);
    const auto user = find_user(visit);
    mail_reset_link(visit.ctx, visit.accounts, user, visit.actor(), visit.now);
    auto model = admin_page_model(visit, "Password reset link sent", "users");
    model["email"] = user.email;
    model["hours"] = visit.accounts.policy().reset_password_lifetime / 3600;
    model["emailed"] = true;
    return render_page(visit.ctx, "admin/users/link", model, 201);
}

}  // namespace lo::web::admin::users
