// The limits and abuse-protection settings (README "Limits"). Plain values, read by config.cpp
// and applied by app/limits.cpp and the server.
#pragma once

namespace lo::app {

struct LimitSettings {
    // Requests a minute one client may make, per kind of request (token buckets: a client may
    // use a whole minute's worth at once, then one more each 60/N seconds). 0 switches one off.
    int public_posts_per_minute =
        10;                       // POST /feedback (feedback and problem reports), still-accurate
    int sign_in_per_minute = 10;  // sign-in, two-factor code, forgot and set password
    int search_per_minute = 300;  // /search and /api/search
    int api_per_minute = 600;     // /openreferral
    // Full (format=ndjson) exports that may run at once; more are answered 503 with Retry-After.
    int export_limit = 4;
    // Open connections one client address may hold; more are answered 429 and closed. Behind a
    // reverse proxy every connection comes from the proxy, so raise it or set 0 (no cap) there.
    int max_connections_per_client = 128;
    // The same public form submission (same page, answer and comment) from the same client within
    // this many seconds is stored once. 0 switches it off.
    int duplicate_window_seconds = 600;
};

}  // namespace lo::app
