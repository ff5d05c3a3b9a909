// Whether the request this thread is answering reached the public site over TLS, as far as we
// may believe it (the peer's own scheme, or a trusted proxy's X-Forwarded-Proto:
// http/trusted_proxies.hpp). Set by app/commands.cpp around each request, like CurrentPath, so
// the session cookie is Secure behind a TLS-terminating proxy without every handler passing it.
#pragma once

namespace lo::web {

class RequestScheme {
public:
    explicit RequestScheme(bool https) : previous_(https_) { https_ = https; }
    ~RequestScheme() { https_ = previous_; }
    RequestScheme(const RequestScheme&) = delete;
    RequestScheme& operator=(const RequestScheme&) = delete;
    static bool https() { return https_; }  // false outside a request

private:
    inline static thread_local bool https_ = false;
    bool previous_;
};

}  // namespace lo::web
