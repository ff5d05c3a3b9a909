// The admin's handlers: sign-in, set-password links, the dashboard, services, organisations and
// users. app/routes.cpp maps each URL to one of these. Every page behind sign-in is reached
// through guard(), which checks the session, the role and (on POST) the CSRF token before the
// action runs; actions then check record-level access (a provider's organisations) themselves.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/accounts.hpp"
#include "auth/cookies.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "mail/message.hpp"
#include "web/context.hpp"

namespace lo::web::admin {

// Who may reach a route at all. Record-level rules (providers see only their organisations'
// services) are the action's job. Account: anyone signed in (sign-out, two-factor set-up, the
// dashboard). SignedIn: the people who keep the Local Offer (administrators, editors,
// providers), not commissioners. Insights: administrators, editors and commissioners.
enum class Access { Account, SignedIn, Insights, Editor, Admin };

// A signed-in request, as an action sees it.
struct Visit {
    Context& ctx;
    const http::Request& request;
    auth::Principal principal;
    auth::Accounts accounts;
    std::int64_t now = 0;
    auth::Actor actor() const;
};

using Action = http::Response (*)(Visit& visit);

// The route handler for an action: signed-out requests are redirected to the sign-in page
// (303, with ?next= for GETs), a role below `access` is a 403, a POST without this session's
// CSRF token is a 403; every response is marked Cache-Control: no-store.
http::Handler guard(Context& ctx, Access access, Action action);

// Two-factor sign-in required by role (src/web/admin/two_factor_required.cpp): whether the
// account's role needs it, and the redirect to its set-up page when it is not on yet (a 403
// for turning it off). Nothing when the request may go ahead.
bool two_factor_required(const Context& ctx, const auth::User& user);
std::optional<http::Response> two_factor_gate(Context& ctx,
                                              const http::Request& req,
                                              const auth::Principal& principal);

// Tls when the site's base_url is https: the cookie is then Secure.
auth::Transport transport(const Context& ctx);

// The layout model for an admin page: the admin navigation instead of the public one, the
// signed-in person and the CSRF token for forms ("csrf_token").
nlohmann::json admin_page_model(const Visit& visit,
                                const std::string& title,
                                const std::string& current);

// The GOV.UK error summary and per-field messages: {"errors": [{"text", "href"}], "has_errors",
// "error_title"} plus "field_errors": {field: message}.
void add_errors(nlohmann::json& model, const domain::ValidationErrors& errors);

// Signed out (src/web/admin/sessions.cpp)
http::Response sign_in_form(Context& ctx, const http::Request& req);  // GET /admin/sign-in
http::Response sign_in(Context& ctx, const http::Request& req);       // POST /admin/sign-in
http::Response set_password_form(Context& ctx,
                                 const http::Request& req);  // GET /admin/set-password?token=
http::Response set_password(Context& ctx, const http::Request& req);  // POST /admin/set-password
http::Response sign_out(Visit& visit);                                // POST /admin/sign-out

// GET /admin
http::Response dashboard(Visit& visit);

namespace services {
http::Response index(Visit& visit);     // GET /admin/services?status=&organisation=&category=&q=
http::Response new_form(Visit& visit);  // GET /admin/services/new
http::Response create(Visit& visit);    // POST /admin/services
http::Response edit(Visit& visit);      // GET /admin/services/{id}/edit
http::Response update(Visit& visit);    // POST /admin/services/{id}
}  // namespace services

// Moderation (src/web/admin/changes.cpp): providers' changes and editors' drafts.
namespace changes {
http::Response index(Visit& visit);    // GET /admin/changes?state=
http::Response show(Visit& visit);     // GET /admin/changes/{id}
http::Response approve(Visit& visit);  // POST /admin/changes/{id}/approve (editors)
// POST /admin/changes/approve-selected (editors): each ticked request waiting for approval, in
// its own transaction; those that need a look (changed on the site since, or now invalid) are
// left waiting and listed.
http::Response approve_selected(Visit& visit);
// POST /admin/changes/review-selected (editors): the ticked requests' diffs on one page, with
// one button that approves them all (approve_selected).
http::Response review_selected(Visit& visit);
http::Response reject(Visit& visit);  // POST /admin/changes/{id}/reject (editors)
http::Response withdraw(
    Visit& visit);  // POST /admin/changes/{id}/withdraw (the author's organisation)
}  // namespace changes

// History of a service (src/web/admin/history.cpp): its published versions.
namespace history {
http::Response index(Visit& visit);    // GET /admin/services/{id}/history
http::Response show(Visit& visit);     // GET /admin/services/{id}/versions/{n}
http::Response compare(Visit& visit);  // GET /admin/services/{id}/compare?from=&to=
http::Response restore(Visit& visit);  // POST /admin/services/{id}/versions/{n}/restore (editors)
}  // namespace history

namespace organisations {
http::Response index(Visit& visit);     // GET /admin/organisations
http::Response new_form(Visit& visit);  // GET /admin/organisations/new
http::Response create(Visit& visit);    // POST /admin/organisations
http::Response edit(Visit& visit);      // GET /admin/organisations/{id}/edit
http::Response update(Visit& visit);    // POST /admin/organisations/{id}
}  // namespace organisations

namespace places {
http::Response index(Visit& visit);     // GET /admin/places
http::Response new_form(Visit& visit);  // GET /admin/places/new
http::Response create(Visit& visit);    // POST /admin/places
http::Response edit(Visit& visit);      // GET /admin/places/{id}/edit
http::Response update(Visit& visit);    // POST /admin/places/{id}
}  // namespace places

namespace users {
http::Response index(Visit& visit);       // GET /admin/users
http::Response new_form(Visit& visit);    // GET /admin/users/new
http::Response create(Visit& visit);      // POST /admin/users
http::Response edit(Visit& visit);        // GET /admin/users/{id}/edit
http::Response update(Visit& visit);      // POST /admin/users/{id}
http::Response reset_link(Visit& visit);  // POST /admin/users/{id}/reset-link
// Staff turnover (src/web/admin/user_lifecycle.cpp).
http::Response deactivate(Visit& visit);  // POST /admin/users/{id}/deactivate
http::Response reactivate(Visit& visit);  // POST /admin/users/{id}/reactivate
http::Response remove(Visit& visit);      // POST /admin/users/{id}/delete
}  // namespace users

// The service form's "Add another …" buttons (src/web/admin/services.cpp, service_form.hpp).
namespace services {
http::Response add_row(Visit& visit);  // POST /admin/services/{id}/rows, /admin/services/new/rows
}  // namespace services

// Taxonomies and their terms (src/web/admin/taxonomies.cpp). Editors and administrators.
namespace taxonomies {
http::Response index(Visit& visit);          // GET /admin/taxonomies
http::Response show(Visit& visit);           // GET /admin/taxonomies/{id}
http::Response new_term_form(Visit& visit);  // GET /admin/taxonomies/{id}/terms/new
http::Response create_term(Visit& visit);    // POST /admin/taxonomies/{id}/terms
http::Response edit_term(Visit& visit);      // GET /admin/taxonomies/{id}/terms/{term}/edit
http::Response update_term(Visit& visit);    // POST /admin/taxonomies/{id}/terms/{term}
// GET /admin/taxonomies/{id}/terms/{term}/delete: "Are you sure", or why not yet
http::Response confirm_delete_term(Visit& visit);
// POST /admin/taxonomies/{id}/terms/{term}/delete (move_to: where its services go first)
http::Response delete_term(Visit& visit);
}  // namespace taxonomies

// Search words (src/web/admin/search_words.cpp): what families type and what services call it.
// Editors and administrators.
namespace search_words {
http::Response index(Visit& visit);           // GET /admin/search-words?list=&q=&page=
http::Response new_form(Visit& visit);        // GET /admin/search-words/new?list=
http::Response create(Visit& visit);          // POST /admin/search-words
http::Response edit(Visit& visit);            // GET /admin/search-words/{id}/edit
http::Response update(Visit& visit);          // POST /admin/search-words/{id}
http::Response confirm_remove(Visit& visit);  // GET /admin/search-words/{id}/remove
http::Response remove(Visit& visit);          // POST /admin/search-words/{id}/remove
}  // namespace search_words

// Insights (src/web/admin/insights.cpp, insights_reports.cpp; docs/insights.md): editors,
// administrators and commissioners. ?from=&to= choose the period where there is one.
namespace insights_pages {
http::Response overview(Visit& visit);  // GET /admin/insights
http::Response coverage(Visit& visit);  // GET /admin/insights/coverage?view=&area=
http::Response coverage_services(
    Visit& visit);                       // GET /admin/insights/coverage/services?term=&band=&area=
http::Response demand(Visit& visit);     // GET /admin/insights/demand
http::Response freshness(Visit& visit);  // GET /admin/insights/freshness
http::Response feedback(Visit& visit);   // GET /admin/insights/feedback
http::Response annual_review(Visit& visit);       // GET /admin/insights/annual-review
http::Response annual_review_csv(Visit& visit);   // GET /admin/insights/annual-review.csv
http::Response annual_review_json(Visit& visit);  // GET /admin/insights/annual-review.json
}  // namespace insights_pages

// Advice pages (src/web/admin/advice.cpp). Editors and administrators.
namespace advice {
http::Response index(Visit& visit);     // GET /admin/advice
http::Response new_form(Visit& visit);  // GET /admin/advice/new
http::Response create(Visit& visit);    // POST /admin/advice
http::Response edit(Visit& visit);      // GET /admin/advice/{id}/edit
http::Response update(Visit& visit);    // POST /admin/advice/{id}
http::Response preview(Visit& visit);   // POST /admin/advice/preview: the form with the page shown
http::Response confirm_delete(Visit& visit);  // GET /admin/advice/{id}/delete
http::Response remove(Visit& visit);          // POST /admin/advice/{id}/delete (redirect_to)
}  // namespace advice

// E-mail, the password reset request and the review cycle (docs/admin.md) ------------------

// Records a message in the outbox and wakes the sender (web/admin/outbox.cpp). Never logs it.
std::int64_t queue_mail(Context& ctx, const mail::Message& message);

// Issues a password reset link for the account and e-mails it (never shows it). Returns the
// outbox id. (src/web/admin/sessions.cpp)
std::int64_t mail_reset_link(Context& ctx,
                             auth::Accounts& accounts,
                             const auth::User& user,
                             const auth::Actor& actor,
                             std::int64_t now);

// Signed out (src/web/admin/sessions.cpp)
http::Response forgot_password_form(Context& ctx,
                                    const http::Request& req);  // GET /admin/forgot-password
http::Response forgot_password(Context& ctx,
                               const http::Request& req);  // POST /admin/forgot-password

namespace outbox {
http::Response index(Visit& visit);  // GET /admin/outbox
http::Response show(Visit& visit);   // GET /admin/outbox/{id}
}  // namespace outbox

namespace reviews {
http::Response index(Visit& visit);    // GET /admin/reviews
http::Response checked(Visit& visit);  // POST /admin/reviews/{id}/checked
// POST /admin/reviews/checked: each ticked service checked today; refused whole (404) when any
// is not this person's to check.
http::Response checked_selected(Visit& visit);
}  // namespace reviews

namespace users {
http::Response email_reset_link(Visit& visit);  // POST /admin/users/{id}/reset-email
}  // namespace users

// Feedback inbox (src/web/admin/feedback.cpp). Providers see only problems on their
// organisations' service pages; only editors publish.
namespace feedback {
http::Response index(Visit& visit);   // GET /admin/feedback?kind=&state=&page_path=&page=
http::Response show(Visit& visit);    // GET /admin/feedback/{id}
http::Response update(Visit& visit);  // POST /admin/feedback/{id}
}  // namespace feedback

// Single sign-on with the council's OpenID provider (src/web/admin/single_sign_on.cpp)
http::Response sso_start(Context& ctx, const http::Request& req);     // GET /admin/sign-in/sso
http::Response sso_callback(Context& ctx, const http::Request& req);  // GET .../sso/callback

// Two-factor sign-in (src/web/admin/two_factor.cpp)
// After a right password for an account with two-factor sign-in: a new anonymous session that
// waits for the code, and a redirect to the code page.
http::Response start_code_step(Context& ctx,
                               const http::Request& req,
                               const auth::User& user,
                               const std::string& next);
http::Response sign_in_code_form(Context& ctx,
                                 const http::Request& req);           // GET /admin/sign-in/code
http::Response sign_in_code(Context& ctx, const http::Request& req);  // POST /admin/sign-in/code
namespace two_factor {
http::Response show(Visit& visit);     // GET /admin/account/two-factor
http::Response setup(Visit& visit);    // POST /admin/account/two-factor/setup
http::Response confirm(Visit& visit);  // POST /admin/account/two-factor/confirm
http::Response disable(Visit& visit);  // POST /admin/account/two-factor/disable
http::Response reset(Visit& visit);    // POST /admin/users/{id}/two-factor/reset (administrators)
}  // namespace two_factor

}  // namespace lo::web::admin
