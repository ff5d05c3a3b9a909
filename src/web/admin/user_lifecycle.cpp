// Admin users (administrators only): deactivate, reactivate and delete an account when someone
// leaves or changes job (auth/account_lifecycle.hpp). Each is a button on the account's page.
#include "auth/account_lifecycle.hpp"
#include "http/error.hpp"
#include "http/url.hpp"
#include "web/admin/admin.hpp"

namespace lo::web::admin::users {
namespace {

// Runs one change; the refusals become pages that say what to do instead.
template <typename F>
auto change(F&& f) {
    try {
        return f();
    } catch (const auth::AccountRefused& e) {
        throw http::HttpError(409, e.what());
    } catch (const auth::InvalidInput& e) {
        throw http::HttpError(404, e.what());
    }
}

}  // namespace

http::Response deactivate(Visit& visit) {
    const auto id = visit.request.param("id");
    change([&] {
        auth::AccountLifecycle(visit.ctx.store, visit.ctx.site.sso.enabled())
            .deactivate(id, visit.actor(), visit.now);
        return 0;
    });
    return http::Response::redirect("/admin/users/" + id + "/edit?done=deactivated");
}

http::Response reactivate(Visit& visit) {
    const auto id = visit.request.param("id");
    change([&] {
        auth::AccountLifecycle(visit.ctx.store, visit.ctx.site.sso.enabled())
            .reactivate(id, visit.actor(), visit.now);
        return 0;
    });
    return http::Response::redirect("/admin/users/" + id + "/edit?done=reactivated");
}

http::Response remove(Visit& visit) {
    const auto id = visit.request.param("id");
    const auto pseudonym = change([&] {
        return auth::AccountLifecycle(visit.ctx.store, visit.ctx.site.sso.enabled())
            .remove(id, visit.actor(), visit.now);
    });
    return http::Response::redirect("/admin/users?deleted=" + http::percent_encode(pseudonym));
}

}  // namespace lo::web::admin::users
