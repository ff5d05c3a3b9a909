// OpenID Connect client (see oidc_client.hpp). Network calls are made outside the lock only where
// a stale answer is harmless; the cached documents are replaced whole.
#include "web/admin/oidc_client.hpp"

#include "auth/id_token.hpp"
#include "http/client.hpp"
#include "http/url.hpp"

namespace lo::web::admin {
namespace {

constexpr auto kKeepDocuments = std::chrono::hours(1);
// A token naming an unknown key fetches the key set again, but not more than once a minute, so
// a stream of forged tokens cannot make us hammer the provider.
constexpr auto kRefetchKeysAfter = std::chrono::minutes(1);

std::string without_trailing_slash(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

// RFC 6749 2.3.1: the id and secret are form-encoded before they are joined.
std::string basic_credentials(const std::string& id, const std::string& secret) {
    return "Basic " +
           auth::base64_encode(http::percent_encode(id) + ":" + http::percent_encode(secret));
}

std::string string_field(const nlohmann::json& doc, const char* name, const std::string& what) {
    const auto it = doc.find(name);
    if (it == doc.end() || !it->is_string() || it->get<std::string>().empty())
        throw SsoFailed(what + " has no \"" + name + "\".");
    return it->get<std::string>();
}

}  // namespace

OidcClient::OidcClient(SingleSignOnSettings settings, std::chrono::milliseconds timeout)
    : settings_(std::move(settings)), timeout_(timeout) {}

nlohmann::json OidcClient::get_json(const std::string& url, const std::string& what) {
    http::FetchOptions options;
    options.timeout = timeout_;
    options.max_bytes = 1024 * 1024;
    options.user_agent = "localoffer-sign-in/1.0";
    http::FetchResult result;
    try {
        result = http::fetch(url, options);
    } catch (const http::FetchError& e) {
        throw SsoFailed("Could not read " + what + ": " + e.what());
    }
    if (result.status != 200)
        throw SsoFailed(what + " at " + url + " answered HTTP " + std::to_string(result.status) +
                        ".");
    auto doc = nlohmann::json::parse(result.body, nullptr, false);
    if (!doc.is_object()) throw SsoFailed(what + " at " + url + " is not a JSON object.");
    return doc;
}

OidcClient::Endpoints OidcClient::endpoints() {
    {
        std::lock_guard lock(mutex_);
        if (endpoints_ && Clock::now() - endpoints_read_ < kKeepDocuments) return *endpoints_;
    }
    const auto issuer = settings_.issuer;
    const auto doc = get_json(without_trailing_slash(issuer) + "/.well-known/openid-configuration",
                              "The identity provider's discovery document");
    // OpenID Connect Discovery 4.3: the document must name exactly the issuer we were given, so a
    // look-alike provider cannot pass its tokens off as the council's.
    if (doc.value("issuer", std::string()) != issuer)
        throw SsoFailed("The identity provider's discovery document names the issuer \"" +
                        doc.value("issuer", std::string()).substr(0, 200) + "\", not \"" + issuer +
                        "\". Check sso_issuer.");
    const auto what = std::string("The identity provider's discovery document");
    Endpoints e{string_field(doc, "authorization_endpoint", what),
                string_field(doc, "token_endpoint", what), string_field(doc, "jwks_uri", what)};
    std::lock_guard lock(mutex_);
    endpoints_ = e;
    endpoints_read_ = Clock::now();
    return e;
}

nlohmann::json OidcClient::keys(bool fetch_again) {
    const auto jwks = endpoints().jwks;
    {
        std::lock_guard lock(mutex_);
        const auto age = Clock::now() - keys_read_;
        const bool fresh = !keys_.is_null() && age < kKeepDocuments;
        if (fresh && (!fetch_again || age < kRefetchKeysAfter)) return keys_;
    }
    auto doc = get_json(jwks, "The identity provider's signing keys");
    std::lock_guard lock(mutex_);
    keys_ = doc;
    keys_read_ = Clock::now();
    return doc;
}

std::string OidcClient::authorization_url(const std::string& redirect_uri,
                                          const std::string& state,
                                          const std::string& nonce,
                                          const std::string& code_challenge) {
    const auto endpoint = endpoints().authorization;
    const auto e = [](const std::string& s) { return http::percent_encode(s); };
    return endpoint + (endpoint.find('?') == std::string::npos ? "?" : "&") +
           "response_type=code&client_id=" + e(settings_.client_id) +
           "&redirect_uri=" + e(redirect_uri) + "&scope=" + e("openid email profile") +
           "&state=" + e(state) + "&nonce=" + e(nonce) + "&code_challenge=" + e(code_challenge) +
           "&code_challenge_method=S256";
}

nlohmann::json OidcClient::redeem(const std::string& code,
                                  const std::string& code_verifier,
                                  const std::string& redirect_uri,
                                  const std::string& nonce,
                                  std::int64_t now) {
    const auto e = [](const std::string& s) { return http::percent_encode(s); };
    http::FetchOptions options;
    options.timeout = timeout_;
    options.max_bytes = 1024 * 1024;
    options.user_agent = "localoffer-sign-in/1.0";
    options.post_form = true;
    options.form_body = "grant_type=authorization_code&code=" + e(code) +
                        "&redirect_uri=" + e(redirect_uri) + "&code_verifier=" + e(code_verifier);
    options.authorization = basic_credentials(settings_.client_id, settings_.client_secret);
    const auto token_endpoint = endpoints().token;
    http::FetchResult result;
    try {
        result = http::fetch(token_endpoint, options);
    } catch (const http::FetchError& error) {
        throw SsoFailed("Could not reach the identity provider's token endpoint: " +
                        std::string(error.what()));
    }
    const auto answer = nlohmann::json::parse(result.body, nullptr, false);
    if (result.status != 200 || !answer.is_object()) {
        const auto error = answer.is_object() ? answer.value("error", std::string()) : "";
        throw SsoFailed("The identity provider refused the sign-in code (HTTP " +
                        std::to_string(result.status) +
                        (error.empty() ? "" : ", " + error.substr(0, 100)) + ").");
    }
    const auto id_token = answer.value("id_token", std::string());
    if (id_token.empty()) throw SsoFailed("The identity provider's answer has no ID token.");
    const auth::IdTokenExpectations expected{settings_.issuer, settings_.client_id, nonce, now};
    try {
        try {
            return auth::verify_id_token(id_token, keys(false), expected);
        } catch (const auth::IdTokenRejected& rejected) {
            if (rejected.problem() != auth::TokenProblem::UnknownKey) throw;
            return auth::verify_id_token(id_token, keys(true), expected);
        }
    } catch (const auth::IdTokenRejected& rejected) {
        throw SsoFailed("The ID token was refused: " + std::string(rejected.what()) + ".");
    }
}

}  // namespace lo::web::admin
