// Every URL the server answers. Each line leads to the handler that serves it; from there the
// handler's template is named in its render() call.
#include "app/routes.hpp"

#include "api/openreferral.hpp"
#include "web/admin/admin.hpp"
#include "web/page.hpp"
#include "web/public/discovery.hpp"
#include "web/public/pages.hpp"
#include "web/store_faults.hpp"

namespace lo::app {

void register_routes(http::Router& router, web::Context& ctx) {
    using Handler = http::Response (*)(web::Context&, const http::Request&);
    const auto bind = [&ctx](Handler handler) {
        return [&ctx, handler](const http::Request& request) {
            auto response = handler(ctx, request);
            web::revalidate_html(request, response);  // ETag and no-cache on HTML pages
            return response;
        };
    };
    namespace pages = web::public_;

    // Public site (src/web/public/)
    router.get("/", bind(pages::home));
    router.get("/categories", bind(pages::categories_index));
    router.get("/categories/{code}", bind(pages::category_show));
    router.get("/needs", bind(pages::needs_index));
    router.get("/needs/{code}", bind(pages::need_show));
    router.get("/services/{id}", bind(pages::service_show));
    router.get("/organisations/{id}", bind(pages::organisation_show));
    router.get("/advice", bind(pages::advice_index));
    router.get("/advice/{slug}", bind(pages::advice_show));
    router.get("/search", bind(pages::search_page));
    router.get("/api/search", bind(pages::api_search));
    router.get("/static/{*path}", bind(pages::static_file));
    router.get("/feedback", bind(pages::feedback_form));
    router.post("/feedback", bind(pages::feedback_create));
    router.get("/feedback/thanks", bind(pages::feedback_thanks));
    router.get("/you-said-we-did", bind(pages::you_said_we_did));
    router.get("/branding.css", bind(pages::branding_css));
    router.get("/branding/logo", bind(pages::branding_logo));
    router.get("/accessibility", bind(pages::accessibility_statement));
    router.get("/cookies", bind(pages::cookies));
    router.get("/privacy", bind(pages::privacy));
    router.get("/developers", bind(pages::developers));
    router.get("/local-offer-in-numbers", bind(pages::in_numbers));
    // Eligibility checker (public/checker.cpp)
    router.get("/check", bind(pages::check_start));
    router.get("/check/age", bind(pages::check_age_page));
    router.get("/check/needs", bind(pages::check_needs_page));
    router.get("/check/place", bind(pages::check_place_page));
    router.get("/check/ehc-plan", bind(pages::check_ehc_page));
    router.get("/check/answers", bind(pages::check_answers));
    router.get("/check/result", bind(pages::check_result));
    // Shortlist (public/shortlist.cpp)
    router.get("/shortlist", bind(pages::shortlist_page));
    router.get("/shortlist/print", bind(pages::shortlist_print));
    // "This is still accurate" links in review reminders (public/still_accurate.cpp)
    router.get("/still-accurate", bind(pages::still_accurate_form));
    router.post("/still-accurate", bind(pages::still_accurate_confirm));

    // Open Referral UK 3.0 API (src/api/openreferral.cpp), read-only, CORS open
    {
        namespace oruk = api::openreferral;
        router.get("/openreferral", bind(oruk::index));
        router.get("/openreferral/", bind(oruk::index));
        router.get("/openreferral/services", bind(oruk::services_index));
        router.get("/openreferral/services/{id}", bind(oruk::services_show));
        router.get("/openreferral/taxonomies", bind(oruk::taxonomies_index));
        router.get("/openreferral/taxonomies/{id}", bind(oruk::taxonomies_show));
        router.get("/openreferral/taxonomy_terms", bind(oruk::taxonomy_terms_index));
        router.get("/openreferral/taxonomy_terms/{id}", bind(oruk::taxonomy_terms_show));
        router.get("/openreferral/organizations", bind(oruk::organizations_index));
        router.get("/openreferral/organizations/{id}", bind(oruk::organizations_show));
        router.get("/openreferral/service_at_locations", bind(oruk::service_at_locations_index));
        router.get("/openreferral/service_at_locations/{id}",
                   bind(oruk::service_at_locations_show));
        for (const char* path :
             {"/openreferral", "/openreferral/", "/openreferral/services",
              "/openreferral/services/{id}", "/openreferral/taxonomies",
              "/openreferral/taxonomies/{id}", "/openreferral/taxonomy_terms",
              "/openreferral/taxonomy_terms/{id}", "/openreferral/organizations",
              "/openreferral/organizations/{id}", "/openreferral/service_at_locations",
              "/openreferral/service_at_locations/{id}"})
            router.add(http::Method::Options, path, bind(oruk::preflight));
    }

    // Admin (src/web/admin/, docs/admin.md). guard() checks the session, the role and, on
    // POST, the CSRF token before the action runs; actions check a provider's organisations.
    {
        namespace admin = web::admin;
        using admin::Access;
        const auto guard = [&ctx](Access access, admin::Action action) {
            return admin::guard(ctx, access, action);
        };
        router.get("/admin/sign-in", bind(admin::sign_in_form));
        router.post("/admin/sign-in", bind(admin::sign_in));
        router.get("/admin/sign-in/sso", bind(admin::sso_start));
        router.get("/admin/sign-in/sso/callback", bind(admin::sso_callback));
        router.get("/admin/set-password", bind(admin::set_password_form));
        router.post("/admin/set-password", bind(admin::set_password));
        router.post("/admin/sign-out", guard(Access::Account, admin::sign_out));
        router.get("/admin", guard(Access::Account, admin::dashboard));
        router.get("/admin/services", guard(Access::SignedIn, admin::services::index));
        router.get("/admin/services/new", guard(Access::SignedIn, admin::services::new_form));
        router.post("/admin/services", guard(Access::SignedIn, admin::services::create));
        router.get("/admin/services/{id}/edit", guard(Access::SignedIn, admin::services::edit));
        router.post("/admin/services/{id}", guard(Access::SignedIn, admin::services::update));
        router.get("/admin/organisations", guard(Access::Editor, admin::organisations::index));
        router.get("/admin/organisations/new",
                   guard(Access::Editor, admin::organisations::new_form));
        router.post("/admin/organisations", guard(Access::Editor, admin::organisations::create));
        router.get("/admin/organisations/{id}/edit",
                   guard(Access::Editor, admin::organisations::edit));
        router.post("/admin/organisations/{id}",
                    guard(Access::Editor, admin::organisations::update));
        router.get("/admin/places", guard(Access::Editor, admin::places::index));
        router.get("/admin/places/new", guard(Access::Editor, admin::places::new_form));
        router.post("/admin/places", guard(Access::Editor, admin::places::create));
        router.get("/admin/places/{id}/edit", guard(Access::Editor, admin::places::edit));
        router.post("/admin/places/{id}", guard(Access::Editor, admin::places::update));
        router.get("/admin/users", guard(Access::Admin, admin::users::index));
        router.get("/admin/users/new", guard(Access::Admin, admin::users::new_form));
        router.post("/admin/users", guard(Access::Admin, admin::users::create));
        router.get("/admin/users/{id}/edit", guard(Access::Admin, admin::users::edit));
        router.post("/admin/users/{id}", guard(Access::Admin, admin::users::update));
        router.post("/admin/users/{id}/reset-link", guard(Access::Admin, admin::users::reset_link));
        router.post("/admin/users/{id}/deactivate", guard(Access::Admin, admin::users::deactivate));
        router.post("/admin/users/{id}/reactivate", guard(Access::Admin, admin::users::reactivate));
        router.post("/admin/users/{id}/delete", guard(Access::Admin, admin::users::remove));
        // E-mail, password reset requests and the review cycle (docs/admin.md)
        router.get("/admin/forgot-password", bind(admin::forgot_password_form));
        router.post("/admin/forgot-password", bind(admin::forgot_password));
        router.post("/admin/users/{id}/reset-email",
                    guard(Access::Admin, admin::users::email_reset_link));
        router.get("/admin/outbox", guard(Access::Admin, admin::outbox::index));
        router.get("/admin/outbox/{id}", guard(Access::Admin, admin::outbox::show));
        router.get("/admin/reviews", guard(Access::SignedIn, admin::reviews::index));
        router.post("/admin/reviews/checked",
                    guard(Access::SignedIn, admin::reviews::checked_selected));
        router.post("/admin/reviews/{id}/checked",
                    guard(Access::SignedIn, admin::reviews::checked));
        // The service form's "Add another …" rows, taxonomies and terms, advice pages
        router.post("/admin/services/new/rows", guard(Access::SignedIn, admin::services::add_row));
        router.post("/admin/services/{id}/rows", guard(Access::SignedIn, admin::services::add_row));
        router.get("/admin/taxonomies", guard(Access::Editor, admin::taxonomies::index));
        router.get("/admin/taxonomies/{id}", guard(Access::Editor, admin::taxonomies::show));
        router.get("/admin/taxonomies/{id}/terms/new",
                   guard(Access::Editor, admin::taxonomies::new_term_form));
        router.post("/admin/taxonomies/{id}/terms",
                    guard(Access::Editor, admin::taxonomies::create_term));
        router.get("/admin/taxonomies/{id}/terms/{term}/edit",
                   guard(Access::Editor, admin::taxonomies::edit_term));
        router.post("/admin/taxonomies/{id}/terms/{term}",
                    guard(Access::Editor, admin::taxonomies::update_term));
        router.get("/admin/taxonomies/{id}/terms/{term}/delete",
                   guard(Access::Editor, admin::taxonomies::confirm_delete_term));
        router.post("/admin/taxonomies/{id}/terms/{term}/delete",
                    guard(Access::Editor, admin::taxonomies::delete_term));
        router.get("/admin/search-words", guard(Access::Editor, admin::search_words::index));
        router.get("/admin/search-words/new", guard(Access::Editor, admin::search_words::new_form));
        router.post("/admin/search-words", guard(Access::Editor, admin::search_words::create));
        router.get("/admin/search-words/{id}/edit",
                   guard(Access::Editor, admin::search_words::edit));
        router.post("/admin/search-words/{id}", guard(Access::Editor, admin::search_words::update));
        router.get("/admin/search-words/{id}/remove",
                   guard(Access::Editor, admin::search_words::confirm_remove));
        router.post("/admin/search-words/{id}/remove",
                    guard(Access::Editor, admin::search_words::remove));
        router.get("/admin/advice", guard(Access::Editor, admin::advice::index));
        router.get("/admin/advice/new", guard(Access::Editor, admin::advice::new_form));
        router.post("/admin/advice", guard(Access::Editor, admin::advice::create));
        router.post("/admin/advice/preview", guard(Access::Editor, admin::advice::preview));
        router.get("/admin/advice/{id}/edit", guard(Access::Editor, admin::advice::edit));
        router.post("/admin/advice/{id}", guard(Access::Editor, admin::advice::update));
        router.get("/admin/advice/{id}/delete",
                   guard(Access::Editor, admin::advice::confirm_delete));
        router.post("/admin/advice/{id}/delete", guard(Access::Editor, admin::advice::remove));
        // Feedback inbox and "You said, we did" (admin/feedback.cpp)
        router.get("/admin/feedback", guard(Access::SignedIn, admin::feedback::index));
        router.get("/admin/feedback/{id}", guard(Access::SignedIn, admin::feedback::show));
        router.post("/admin/feedback/{id}", guard(Access::SignedIn, admin::feedback::update));
        // Two-factor sign-in (admin/two_factor.cpp)
        router.get("/admin/sign-in/code", bind(admin::sign_in_code_form));
        router.post("/admin/sign-in/code", bind(admin::sign_in_code));
        router.get("/admin/account/two-factor", guard(Access::Account, admin::two_factor::show));
        router.post("/admin/account/two-factor/setup",
                    guard(Access::Account, admin::two_factor::setup));
        router.post("/admin/account/two-factor/confirm",
                    guard(Access::Account, admin::two_factor::confirm));
        router.post("/admin/account/two-factor/disable",
                    guard(Access::Account, admin::two_factor::disable));
        router.post("/admin/users/{id}/two-factor/reset",
                    guard(Access::Admin, admin::two_factor::reset));

        // Insights for commissioners (admin/insights.cpp, admin/insights_reports.cpp)
        {
            namespace insights = admin::insights_pages;
            const auto read = [&guard](admin::Action action) {
                return guard(Access::Insights, action);
            };
            router.get("/admin/insights", read(insights::overview));
            router.get("/admin/insights/coverage", read(insights::coverage));
            router.get("/admin/insights/coverage/services", read(insights::coverage_services));
            router.get("/admin/insights/demand", read(insights::demand));
            router.get("/admin/insights/freshness", read(insights::freshness));
            router.get("/admin/insights/feedback", read(insights::feedback));
            router.get("/admin/insights/annual-review", read(insights::annual_review));
            router.get("/admin/insights/annual-review.csv", read(insights::annual_review_csv));
            router.get("/admin/insights/annual-review.json", read(insights::annual_review_json));
        }

        // Moderation and history (admin/changes.cpp, admin/history.cpp). Providers reach only
        // their organisations' requests and services (404 otherwise); decisions and restores
        // are for editors (403).
        router.get("/admin/changes", guard(Access::SignedIn, admin::changes::index));
        router.get("/admin/changes/{id}", guard(Access::SignedIn, admin::changes::show));
        router.post("/admin/changes/review-selected",
                    guard(Access::Editor, admin::changes::review_selected));
        router.post("/admin/changes/approve-selected",
                    guard(Access::Editor, admin::changes::approve_selected));
        router.post("/admin/changes/{id}/approve", guard(Access::Editor, admin::changes::approve));
        router.post("/admin/changes/{id}/reject", guard(Access::Editor, admin::changes::reject));
        router.post("/admin/changes/{id}/withdraw",
                    guard(Access::SignedIn, admin::changes::withdraw));
        router.get("/admin/services/{id}/history", guard(Access::SignedIn, admin::history::index));
        router.get("/admin/services/{id}/versions/{n}",
                   guard(Access::SignedIn, admin::history::show));
        router.get("/admin/services/{id}/compare",
                   guard(Access::SignedIn, admin::history::compare));
        router.post("/admin/services/{id}/versions/{n}/restore",
                    guard(Access::Editor, admin::history::restore));
    }

    // Operations
    router.get("/healthz", bind(pages::healthz));
    router.get("/sitemap.xml", bind(web::public_::sitemap_xml));
    router.get("/sitemaps/{file}", bind(web::public_::sitemap_file));
    router.get("/robots.txt", bind(web::public_::robots_txt));

    // A full disk or read-only storage is a 503 that says nothing was saved (web/store_faults.hpp).
    router.set_exception_mapper(web::store_fault);
    // Errors: JSON for the APIs, HTML pages for people.
    router.set_error_renderer([&ctx](const http::Request& request, int status,
                                     const std::string& message, const std::string& error_id) {
        if (request.path.starts_with("/openreferral")) {
            auto response = pages::render_api_error(ctx, request, status, message, error_id);
            api::openreferral::add_cors(response);
            return response;
        }
        if (request.path.starts_with("/api/") || request.path == "/healthz")
            return pages::render_api_error(ctx, request, status, message, error_id);
        return pages::render_error(ctx, request, status, message, error_id);
    });
}

}  // namespace lo::app
