// Every URL the server answers. Each line leads to the handler that serves it; from there the
// handler's template is named in its render() call.
#include "app/routes.hpp"

#include "web/public/pages.hpp"

namespace lo::app {

void register_routes(http::Router& router, web::Context& ctx) {
    using Handler = http::Response (*)(web::Context&, const http::Request&);
    const auto bind = [&ctx](Handler handler) {
        return [&ctx, handler](const http::Request& request) { return handler(ctx, request); };
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
    router.get("/static/{*path}", bind(pages::static_file));

    // Operations
    router.get("/healthz", bind(pages::healthz));

    // Errors: JSON for the APIs, HTML pages for people.
    router.set_error_renderer([&ctx](const http::Request& request, int status,
                                     const std::string& message, const std::string& error_id) {
        if (request.path.starts_with("/api/") || request.path.starts_with("/openreferral") ||
            request.path == "/healthz")
            return pages::render_api_error(ctx, request, status, message, error_id);
        return pages::render_error(ctx, request, status, message, error_id);
    });
}

}  // namespace lo::app
