// The relying party's side of OpenID Connect's authorisation code flow with PKCE: finds the
// provider's endpoints from its discovery document, builds the address the browser is sent to,
// and turns the code the browser brings back into verified claims (token endpoint, then
// auth/id_token.hpp). The discovery document and key set are kept for an hour; the keys are
// fetched again at once when a token names one we do not have (the provider rotated them).
// Thread-safe: one client serves every request.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

#include "web/sso_settings.hpp"

namespace lo::web::admin {

// A sign-in through the provider failed. what() is for the server's log and names the step; the
// person signing in is shown a plain page instead (single_sign_on.cpp).
class SsoFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class OidcClient {
public:
    explicit OidcClient(SingleSignOnSettings settings,
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));

    // Where to send the browser: the provider's authorisation endpoint with our client id, the
    // redirect address, "openid email profile", the state, the nonce and the S256 challenge.
    std::string authorization_url(const std::string& redirect_uri,
                                  const std::string& state,
                                  const std::string& nonce,
                                  const std::string& code_challenge);

    // Exchanges the code (with the PKCE verifier, authenticating with the client secret) and
    // returns the ID token's verified claims. Throws SsoFailed.
    nlohmann::json redeem(const std::string& code,
                          const std::string& code_verifier,
                          const std::string& redirect_uri,
                          const std::string& nonce,
                          std::int64_t now);

    const SingleSignOnSettings& settings() const { return settings_; }

private:
    struct Endpoints {
        std::string authorization;
        std::string token;
        std::string jwks;
    };
    using Clock = std::chrono::steady_clock;

    Endpoints endpoints();
    nlohmann::json keys(bool fetch_again);
    nlohmann::json get_json(const std::string& url, const std::string& what);

    SingleSignOnSettings settings_;
    std::chrono::milliseconds timeout_;
    std::mutex mutex_;
    std::optional<Endpoints> endpoints_;
    Clock::time_point endpoints_read_{};
    nlohmann::json keys_;
    Clock::time_point keys_read_{};
};

}  // namespace lo::web::admin
