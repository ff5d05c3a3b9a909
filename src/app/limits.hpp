// Per-client rate limits in front of the router: each kind of request (public form posts,
// sign-in and password reset, search, the ORUK API) has its own token bucket per client address.
// A client over its limit gets 429 with Retry-After and a plain page (JSON for the APIs).
#pragma once

#include <optional>

#include "app/limit_settings.hpp"
#include "http/rate_limit.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "web/context.hpp"

namespace lo::app {

class RequestLimits {
public:
    RequestLimits(const LimitSettings& settings, web::Context& ctx);

    // The 429 answer when request is over its client's limit; nullopt when it may go ahead.
    // The client is request.remote_address (already the real client behind a trusted proxy).
    std::optional<http::Response> refuse(const http::Request& request);

private:
    web::Context& ctx_;
    http::TokenBuckets public_posts_;
    http::TokenBuckets sign_in_;
    http::TokenBuckets search_;
    http::TokenBuckets api_;
};

}  // namespace lo::app
