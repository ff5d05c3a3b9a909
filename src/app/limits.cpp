#include "app/limits.hpp"

#include <string>
#include <string_view>

#include "api/openreferral.hpp"
#include "web/public/pages.hpp"

namespace lo::app {
namespace {

bool is_one_of(std::string_view path, std::initializer_list<std::string_view> paths) {
    for (auto p : paths)
        if (path == p) return true;
    return false;
}

std::string wait_phrase(int seconds) {
    if (seconds < 60) return std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
    const int minutes = (seconds + 59) / 60;
    return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
}

}  // namespace

RequestLimits::RequestLimits(const LimitSettings& s, web::Context& ctx)
    : ctx_(ctx),
      public_posts_(s.public_posts_per_minute),
      sign_in_(s.sign_in_per_minute),
      search_(s.search_per_minute),
      api_(s.api_per_minute) {}

std::optional<http::Response> RequestLimits::refuse(const http::Request& request) {
    const std::string_view path = request.path;
    const bool post = request.method == http::Method::Post;
    const bool api = path == "/openreferral" || path.starts_with("/openreferral/");
    http::TokenBuckets* bucket = nullptr;
    std::string what;
    if (post && is_one_of(path, {"/feedback", "/still-accurate"})) {
        bucket = &public_posts_;
        what = "sent this form too many times";
    } else if ((post && is_one_of(path, {"/admin/sign-in", "/admin/sign-in/code",
                                         "/admin/forgot-password", "/admin/set-password"})) ||
               is_one_of(path, {"/admin/sign-in/sso", "/admin/sign-in/sso/callback"})) {
        bucket = &sign_in_;
        what = "tried to sign in or reset a password too many times";
    } else if (is_one_of(path, {"/search", "/api/search"})) {
        bucket = &search_;
        what = "searched too many times";
    } else if (api) {
        bucket = &api_;
        what = "made too many requests to the API";
    }
    if (bucket == nullptr) return std::nullopt;
    const int wait = bucket->take(http::client_key(request.remote_address));
    if (wait == 0) return std::nullopt;

    const std::string message =
        "You have " + what + " in a short time. Wait " + wait_phrase(wait) + ", then try again.";
    auto response = api || path.starts_with("/api/")
                        ? web::public_::render_api_error(ctx_, request, 429, message, "")
                        : web::public_::render_error(ctx_, request, 429, message, "");
    if (api) api::openreferral::add_cors(response);
    response.status = 429;
    response.set_header("Retry-After", std::to_string(wait));
    response.set_header("Cache-Control", "no-store");
    return response;
}

}  // namespace lo::app
