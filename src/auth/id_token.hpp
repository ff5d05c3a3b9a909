// OpenID Connect ID tokens: the checks a relying party must make before it believes who someone is
// (OpenID Connect Core 1.0, section 3.1.3.7), and the PKCE values (RFC 7636) that bind an
// authorisation code to the browser that asked for it. OpenSSL for the signature, libsodium for
// randomness. No HTTP: web/admin/oidc_client.cpp fetches the token and the provider's keys.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lo::auth {

// What the token must say for this sign-in.
struct IdTokenExpectations {
    std::string issuer;         // exactly as the provider's discovery document gives it
    std::string client_id;      // the audience: our client id at the provider
    std::string nonce;          // sent with the request; a token from another sign-in has another
    std::int64_t now = 0;       // seconds since 1970
    std::int64_t leeway = 120;  // seconds of clock difference allowed between us and the provider
};

// Why a token was refused. UnknownKey alone is worth a retry after fetching the keys again (the
// provider may have rotated them); everything else is final.
enum class TokenProblem { Malformed, UnknownKey, BadSignature, BadClaims };

class IdTokenRejected : public std::runtime_error {
public:
    IdTokenRejected(TokenProblem problem, const std::string& why)
        : std::runtime_error(why), problem_(problem) {}
    TokenProblem problem() const { return problem_; }

private:
    TokenProblem problem_;
};

// Checks a compact-serialised ID token against the provider's key set (its JWKS document): the
// signature (RS256 only: what Microsoft Entra ID and Google sign with; "none" and HMAC are
// refused), the issuer, the audience (and azp when there are several), expiry, issue and
// not-before times, and the nonce. Returns the token's claims; throws IdTokenRejected with a
// sentence for the server's log.
nlohmann::json verify_id_token(std::string_view token,
                               const nlohmann::json& keys,
                               const IdTokenExpectations& expected);

// The e-mail address a verified token vouches for, lowercased, or "" when it gives none. With
// require_verified, a token must also say email_verified (true, or the string "true" that some
// providers send); otherwise "" is returned.
std::string verified_email(const nlohmann::json& claims, bool require_verified);

// 32 random bytes in base64url without padding (43 characters): states, nonces, code verifiers.
std::string random_url_token();
// The S256 code challenge for a code verifier: base64url(SHA-256(verifier)).
std::string pkce_challenge(std::string_view verifier);

// Standard base64 with padding (an HTTP Basic Authorization header).
std::string base64_encode(std::string_view bytes);
// base64url without padding, both ways. decode throws std::invalid_argument on bad input.
std::string base64url_encode(std::string_view bytes);
std::string base64url_decode(std::string_view text);

}  // namespace lo::auth
