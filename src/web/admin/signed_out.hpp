// What the pages shown before sign-in share (sign-in, single sign-on, set and reset password):
// their page model, their CSRF protection without a session row, and the one rule for where a
// sign-in may send the browser afterwards.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/accounts.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "web/context.hpp"

namespace lo::web::admin {

inline constexpr const char kExpiredForm[] =
    "This page was open too long, or did not come from this website. Enter your details again.";

std::string form_value(const std::vector<std::pair<std::string, std::string>>& form,
                       std::string_view name);

// Only our own admin pages, so the sign-in page cannot be used to send people elsewhere.
std::string safe_next(const std::string& next);

// The raw id in the browser's session cookie: a session id, a form id, or "".
std::string session_cookie_of(Context& ctx, const http::Request& req);

// A page model for someone not signed in: no navigation, no errors yet.
nlohmann::json signed_out_model(Context& ctx, const std::string& title);

// Renders a signed-out page with its CSRF token, setting the form-id cookie when the browser has
// none yet. Never cached.
http::Response render_with_session(Context& ctx,
                                   const http::Request& req,
                                   const std::string& page,
                                   nlohmann::json model,
                                   int status);

// True when a posted signed-out form carries the token its page was shown with.
bool form_has_session_token(Context& ctx,
                            const http::Request& req,
                            auth::Accounts& accounts,
                            std::int64_t now);

}  // namespace lo::web::admin
