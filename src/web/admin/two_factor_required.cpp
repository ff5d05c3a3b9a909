// Two-factor sign-in required by role (the require_two_factor setting): an account whose role
// needs it is sent to set it up before any other admin page, and cannot turn it off. Called by
// guard() for every signed-in request.
#include <algorithm>

#include "auth/two_factor.hpp"
#include "http/error.hpp"
#include "web/admin/admin.hpp"

namespace lo::web::admin {
namespace {

constexpr std::string_view kTwoFactorPage = "/admin/account/two-factor";

}  // namespace

bool two_factor_required(const Context& ctx, const auth::User& user) {
    const auto& roles = ctx.site.require_two_factor;
    return std::find(roles.begin(), roles.end(), user.role) != roles.end();
}

std::optional<http::Response> two_factor_gate(Context& ctx,
                                              const http::Request& req,
                                              const auth::Principal& principal) {
    if (!two_factor_required(ctx, principal.user)) return std::nullopt;
    if (req.path == std::string(kTwoFactorPage) + "/disable")
        throw http::HttpError(403,
                              "Your council requires two-factor sign-in for your role, so it "
                              "cannot be turned off. If you have lost your phone, use a recovery "
                              "code or ask an administrator to reset it.");
    // The set-up pages themselves, and signing out, stay open.
    if (req.path.starts_with(kTwoFactorPage) || req.path == "/admin/sign-out") return std::nullopt;
    if (auth::TwoFactor(ctx.store).enabled(principal.user.id)) return std::nullopt;
    auto res = http::Response::redirect(std::string(kTwoFactorPage) + "?required=1");
    res.set_header("Cache-Control", "no-store");
    return res;
}

}  // namespace lo::web::admin
