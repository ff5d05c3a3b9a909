// ID token verification and PKCE (see id_token.hpp). The order of the checks follows OpenID
// Connect Core 3.1.3.7: the signature first, so no claim of an unsigned or forged token is read
// as true, then issuer, audience, times and nonce.
#include "auth/id_token.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/sha.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "auth/crypto.hpp"

namespace lo::auth {
namespace {

// RSA keys shorter than this are refused (NIST SP 800-131A; every real provider uses 2048+).
constexpr int kMinimumRsaBits = 2048;

template <class T, void (*Free)(T*)>
struct Freer {
    void operator()(T* p) const { Free(p); }
};
using Bignum = std::unique_ptr<BIGNUM, Freer<BIGNUM, BN_free>>;
using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, Freer<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Freer<OSSL_PARAM, OSSL_PARAM_free>>;
using KeyContext = std::unique_ptr<EVP_PKEY_CTX, Freer<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using Key = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY, EVP_PKEY_free>>;
using DigestContext = std::unique_ptr<EVP_MD_CTX, Freer<EVP_MD_CTX, EVP_MD_CTX_free>>;

[[noreturn]] void reject(TokenProblem problem, const std::string& why) {
    throw IdTokenRejected(problem, why);
}

nlohmann::json decoded_json(std::string_view part, const char* what) {
    try {
        auto json = nlohmann::json::parse(base64url_decode(part));
        if (!json.is_object())
            reject(TokenProblem::Malformed, std::string(what) + " is not an object");
        return json;
    } catch (const IdTokenRejected&) {
        throw;
    } catch (const std::exception&) {
        reject(TokenProblem::Malformed, std::string(what) + " is not base64url JSON");
    }
}

Bignum bignum(const nlohmann::json& jwk, const char* name) {
    const auto it = jwk.find(name);
    if (it == jwk.end() || !it->is_string())
        reject(TokenProblem::UnknownKey, std::string("the key has no ") + name);
    std::string bytes;
    try {
        bytes = base64url_decode(it->get<std::string>());
    } catch (const std::invalid_argument&) {
        reject(TokenProblem::UnknownKey, std::string("the key's ") + name + " is not base64url");
    }
    return Bignum(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                            static_cast<int>(bytes.size()), nullptr));
}

Key rsa_public_key(const nlohmann::json& jwk) {
    const auto n = bignum(jwk, "n");
    const auto e = bignum(jwk, "e");
    ParamBuilder builder(OSSL_PARAM_BLD_new());
    if (!n || !e || !builder ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()))
        reject(TokenProblem::UnknownKey, "the provider's RSA key could not be read");
    Params params(OSSL_PARAM_BLD_to_param(builder.get()));
    KeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
        EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        reject(TokenProblem::UnknownKey, "the provider's RSA key could not be read");
    Key key(raw);
    if (EVP_PKEY_get_bits(key.get()) < kMinimumRsaBits)
        reject(TokenProblem::BadSignature, "the provider's RSA key is shorter than 2048 bits");
    return key;
}

// The signing key the header names: by kid when it has one, otherwise the only RSA signing key.
const nlohmann::json& signing_key(const nlohmann::json& keys, const nlohmann::json& header) {
    if (!keys.is_object() || !keys.contains("keys") || !keys["keys"].is_array())
        reject(TokenProblem::UnknownKey, "the provider's key set has no \"keys\" list");
    const auto kid = header.value("kid", std::string());
    const nlohmann::json* found = nullptr;
    int candidates = 0;
    for (const auto& jwk : keys["keys"]) {
        if (!jwk.is_object() || jwk.value("kty", "") != "RSA") continue;
        if (jwk.contains("use") && jwk["use"] != "sig") continue;
        if (jwk.contains("alg") && jwk["alg"] != "RS256") continue;
        if (!kid.empty() && jwk.value("kid", "") != kid) continue;
        found = &jwk;
        ++candidates;
    }
    if (!found)
        reject(TokenProblem::UnknownKey,
               kid.empty() ? "the provider's key set has no RSA signing key"
                           : "the provider's key set has no key \"" + kid.substr(0, 80) + "\"");
    if (kid.empty() && candidates > 1)
        reject(TokenProblem::UnknownKey, "the token names no key and the provider has several");
    return *found;
}

void check_signature(std::string_view signed_part,
                     std::string_view signature_part,
                     const nlohmann::json& jwk) {
    std::string signature;
    try {
        signature = base64url_decode(signature_part);
    } catch (const std::invalid_argument&) {
        reject(TokenProblem::Malformed, "the signature is not base64url");
    }
    const auto key = rsa_public_key(jwk);
    DigestContext digest(EVP_MD_CTX_new());
    const bool good =
        digest &&
        EVP_DigestVerifyInit(digest.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
        EVP_DigestVerify(digest.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                         signature.size(),
                         reinterpret_cast<const unsigned char*>(signed_part.data()),
                         signed_part.size()) == 1;
    if (!good)
        reject(TokenProblem::BadSignature, "the signature does not match the provider's key");
}

std::int64_t time_claim(const nlohmann::json& claims, const char* name, bool required) {
    const auto it = claims.find(name);
    if (it == claims.end()) {
        if (required) reject(TokenProblem::BadClaims, std::string("the token has no ") + name);
        return 0;
    }
    if (!it->is_number()) reject(TokenProblem::BadClaims, std::string(name) + " is not a number");
    return static_cast<std::int64_t>(it->get<double>());
}

void check_audience(const nlohmann::json& claims, const std::string& client_id) {
    const auto aud = claims.find("aud");
    bool ours = false;
    std::size_t audiences = 0;
    if (aud != claims.end() && aud->is_string()) {
        ours = *aud == client_id;
        audiences = 1;
    } else if (aud != claims.end() && aud->is_array()) {
        ours = std::find(aud->begin(), aud->end(), client_id) != aud->end();
        audiences = aud->size();
    }
    if (!ours)
        reject(TokenProblem::BadClaims, "the token was issued for another application (aud)");
    const auto azp = claims.find("azp");
    if (audiences > 1 && azp == claims.end())
        reject(TokenProblem::BadClaims, "the token has several audiences and no azp");
    if (azp != claims.end() && *azp != client_id)
        reject(TokenProblem::BadClaims, "the token was obtained by another application (azp)");
}

void check_claims(const nlohmann::json& claims, const IdTokenExpectations& expected) {
    if (claims.value("iss", nlohmann::json()) != expected.issuer)
        reject(TokenProblem::BadClaims, "the token comes from another issuer (iss)");
    check_audience(claims, expected.client_id);
    const auto sub = claims.find("sub");
    if (sub == claims.end() || !sub->is_string() || sub->get<std::string>().empty())
        reject(TokenProblem::BadClaims, "the token names nobody (sub)");
    if (expected.now >= time_claim(claims, "exp", true) + expected.leeway)
        reject(TokenProblem::BadClaims, "the token has expired (exp)");
    if (time_claim(claims, "iat", true) > expected.now + expected.leeway)
        reject(TokenProblem::BadClaims, "the token was issued in the future (iat)");
    if (time_claim(claims, "nbf", false) > expected.now + expected.leeway)
        reject(TokenProblem::BadClaims, "the token is not valid yet (nbf)");
    const auto nonce = claims.find("nonce");
    if (expected.nonce.empty() || nonce == claims.end() || !nonce->is_string() ||
        !equal_secrets(nonce->get_ref<const std::string&>(), expected.nonce))
        reject(TokenProblem::BadClaims, "the token belongs to another sign-in (nonce)");
}

}  // namespace

nlohmann::json verify_id_token(std::string_view token,
                               const nlohmann::json& keys,
                               const IdTokenExpectations& expected) {
    const auto first = token.find('.');
    const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
        reject(TokenProblem::Malformed, "the ID token is not three dot-separated parts");
    const auto header = decoded_json(token.substr(0, first), "the token's header");
    if (header.value("alg", nlohmann::json()) != "RS256")
        reject(TokenProblem::BadSignature,
               "the token is signed with " + header.value("alg", nlohmann::json("nothing")).dump() +
                   ", not RS256");
    if (header.contains("crit"))
        reject(TokenProblem::Malformed, "the token has critical extensions");
    check_signature(token.substr(0, second), token.substr(second + 1), signing_key(keys, header));
    auto claims = decoded_json(token.substr(first + 1, second - first - 1), "the token's claims");
    check_claims(claims, expected);
    return claims;
}

std::string verified_email(const nlohmann::json& claims, bool require_verified) {
    const auto email = claims.find("email");
    if (email == claims.end() || !email->is_string()) return {};
    if (require_verified) {
        const auto verified = claims.find("email_verified");
        const bool yes =
            verified != claims.end() && ((verified->is_boolean() && verified->get<bool>()) ||
                                         (verified->is_string() && *verified == "true"));
        if (!yes) return {};
    }
    auto out = email->get<std::string>();
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

namespace {

std::string encoded(std::string_view bytes, int variant) {
    std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                      bytes.size(), variant);
    out.resize(std::strlen(out.c_str()));
    return out;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
    return encoded(bytes, sodium_base64_VARIANT_ORIGINAL);
}

std::string base64url_encode(std::string_view bytes) {
    return encoded(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string base64url_decode(std::string_view text) {
    std::string out(text.size(), '\0');
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                          text.size(), nullptr, &length, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != text.data() + text.size())
        throw std::invalid_argument("not base64url");
    out.resize(length);
    return out;
}

std::string random_url_token() {
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    return base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string pkce_challenge(std::string_view verifier) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
    return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace lo::auth
