// ID token verification: tokens are signed here with RSA keys the test makes (OpenSSL), then
// forged, altered or mis-addressed one way at a time; each must be refused for its own reason.
// PKCE and base64 against the RFCs' published examples.
#include "auth/id_token.hpp"

#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include <memory>
#include <vector>

namespace lo::auth {
namespace {

using Json = nlohmann::json;
constexpr std::int64_t kNow = 1'800'000'000;

struct RsaKey {
    std::shared_ptr<EVP_PKEY> key;
    std::string kid;

    explicit RsaKey(std::string id, unsigned bits = 2048)
        : key(EVP_RSA_gen(bits), EVP_PKEY_free), kid(std::move(id)) {}

    std::string component(const char* name) const {
        BIGNUM* bn = nullptr;
        EVP_PKEY_get_bn_param(key.get(), name, &bn);
        std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
        BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
        BN_free(bn);
        return bytes;
    }
    Json jwk() const {
        return {{"kty", "RSA"},
                {"kid", kid},
                {"use", "sig"},
                {"alg", "RS256"},
                {"n", base64url_encode(component(OSSL_PKEY_PARAM_RSA_N))},
                {"e", base64url_encode(component(OSSL_PKEY_PARAM_RSA_E))}};
    }
    std::string sign(std::string_view data) const {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
        EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get());
        std::size_t length = 0;
        const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
        EVP_DigestSign(ctx.get(), nullptr, &length, bytes, data.size());
        std::string out(length, '\0');
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length, bytes,
                       data.size());
        out.resize(length);
        return out;
    }
};

const RsaKey& provider_key() {
    static const RsaKey key("provider-1");
    return key;
}

Json key_set(std::initializer_list<const RsaKey*> keys) {
    Json out = {{"keys", Json::array()}};
    for (const auto* k : keys) out["keys"].push_back(k->jwk());
    return out;
}

Json good_claims() {
    return {{"iss", "https://login.example.org/tenant"},
            {"aud", "localoffer"},
            {"sub", "248289761001"},
            {"email", "Editor@Council.example.gov.uk"},
            {"email_verified", true},
            {"nonce", "n-0S6_WzA2Mj"},
            {"iat", kNow - 10},
            {"exp", kNow + 3600}};
}

IdTokenExpectations expected() {
    return {"https://login.example.org/tenant", "localoffer", "n-0S6_WzA2Mj", kNow};
}

std::string token(const Json& claims,
                  const RsaKey& signer = provider_key(),
                  Json header = {{"alg", "RS256"}, {"typ", "JWT"}}) {
    if (!header.contains("kid")) header["kid"] = signer.kid;
    const auto signed_part =
        base64url_encode(header.dump()) + "." + base64url_encode(claims.dump());
    return signed_part + "." + base64url_encode(signer.sign(signed_part));
}

// The reason a token is refused, or "accepted".
std::string outcome(const std::string& jwt, const Json& keys = key_set({&provider_key()})) {
    try {
        verify_id_token(jwt, keys, expected());
        return "accepted";
    } catch (const IdTokenRejected& e) {
        switch (e.problem()) {
            case TokenProblem::Malformed:
                return "malformed";
            case TokenProblem::UnknownKey:
                return "unknown key";
            case TokenProblem::BadSignature:
                return "bad signature";
            case TokenProblem::BadClaims:
                return std::string("bad claims: ") + e.what();
        }
    }
    return "?";
}

TEST(IdToken, AcceptsATokenSignedByTheProvidersKeyAndReturnsItsClaims) {
    const auto claims =
        verify_id_token(token(good_claims()), key_set({&provider_key()}), expected());
    EXPECT_EQ(claims["sub"], "248289761001");
}

TEST(IdToken, RefusesASignatureMadeWithAnotherKeyEvenWithTheProvidersKeyId) {
    static const RsaKey attacker("provider-1");
    EXPECT_EQ(outcome(token(good_claims(), attacker)), "bad signature");
}

TEST(IdToken, RefusesClaimsChangedAfterSigning) {
    const auto jwt = token(good_claims());
    auto claims = good_claims();
    claims["email"] = "admin@council.example.gov.uk";
    const auto first = jwt.find('.'), second = jwt.rfind('.');
    const auto altered =
        jwt.substr(0, first + 1) + base64url_encode(claims.dump()) + jwt.substr(second);
    EXPECT_EQ(outcome(altered), "bad signature");
}

TEST(IdToken, RefusesUnsignedAndHmacTokens) {
    const auto claims = base64url_encode(good_claims().dump());
    EXPECT_EQ(outcome(base64url_encode(R"({"alg":"none"})") + "." + claims + "."), "bad signature");
    // The classic confusion: an HMAC "signed" with the provider's public key as the secret.
    const auto header = base64url_encode(R"({"alg":"HS256","kid":"provider-1"})");
    const auto signed_part = header + "." + claims;
    const auto secret = provider_key().jwk()["n"].get<std::string>();
    unsigned char mac[32];
    unsigned length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac,
         &length);
    EXPECT_EQ(outcome(signed_part + "." +
                      base64url_encode(std::string_view(reinterpret_cast<char*>(mac), length))),
              "bad signature");
}

TEST(IdToken, RefusesATokenForAnotherApplication) {
    auto claims = good_claims();
    claims["aud"] = "another-app";
    EXPECT_EQ(outcome(token(claims)),
              "bad claims: the token was issued for another application (aud)");
    claims["aud"] = Json::array({"another-app", "localoffer"});
    EXPECT_EQ(outcome(token(claims)), "bad claims: the token has several audiences and no azp");
    claims["azp"] = "another-app";
    EXPECT_EQ(outcome(token(claims)),
              "bad claims: the token was obtained by another application (azp)");
    claims["azp"] = "localoffer";
    EXPECT_EQ(outcome(token(claims)), "accepted");
}

TEST(IdToken, RefusesAnotherIssuerAndATokenNamingNobody) {
    auto claims = good_claims();
    claims["iss"] = "https://login.example.org/other-tenant";
    EXPECT_EQ(outcome(token(claims)), "bad claims: the token comes from another issuer (iss)");
    claims = good_claims();
    claims.erase("sub");
    EXPECT_EQ(outcome(token(claims)), "bad claims: the token names nobody (sub)");
}

TEST(IdToken, ChecksExpiryAndIssueTimeWithTwoMinutesOfClockDifference) {
    auto claims = good_claims();
    claims["exp"] = kNow - 60;  // within the leeway
    EXPECT_EQ(outcome(token(claims)), "accepted");
    claims["exp"] = kNow - 121;
    EXPECT_EQ(outcome(token(claims)), "bad claims: the token has expired (exp)");
    claims = good_claims();
    claims["iat"] = kNow + 600;
    EXPECT_EQ(outcome(token(claims)), "bad claims: the token was issued in the future (iat)");
    claims = good_claims();
    claims["nbf"] = kNow + 600;
    EXPECT_EQ(outcome(token(claims)), "bad claims: the token is not valid yet (nbf)");
    claims = good_claims();
    claims.erase("exp");
    EXPECT_EQ(outcome(token(claims)), "bad claims: the token has no exp");
}

TEST(IdToken, RefusesATokenFromAnotherSignInByItsNonce) {
    auto claims = good_claims();
    claims["nonce"] = "n-from-another-sign-in";
    EXPECT_EQ(outcome(token(claims)), "bad claims: the token belongs to another sign-in (nonce)");
    claims.erase("nonce");
    EXPECT_EQ(outcome(token(claims)), "bad claims: the token belongs to another sign-in (nonce)");
}

TEST(IdToken, FindsTheKeyByIdAndSaysWhenItIsUnknown) {
    static const RsaKey rotated("provider-2");
    EXPECT_EQ(outcome(token(good_claims(), rotated), key_set({&provider_key(), &rotated})),
              "accepted");
    EXPECT_EQ(outcome(token(good_claims(), rotated)), "unknown key");
    EXPECT_EQ(outcome(token(good_claims()), Json::object()), "unknown key");
}

TEST(IdToken, RefusesKeysShorterThan2048Bits) {
    static const RsaKey weak("weak", 1024);
    EXPECT_EQ(outcome(token(good_claims(), weak), key_set({&weak})), "bad signature");
}

TEST(IdToken, RefusesMalformedTokens) {
    EXPECT_EQ(outcome(""), "malformed");
    EXPECT_EQ(outcome("a.b"), "malformed");
    EXPECT_EQ(outcome("a.b.c.d"), "malformed");
    EXPECT_EQ(outcome("!!!.e30.abc"), "malformed");
    EXPECT_EQ(outcome(base64url_encode("[1]") + ".e30.abc"), "malformed");
}

TEST(IdToken, VerifiedEmailIsLowercasedAndNeedsEmailVerifiedWhenRequired) {
    auto claims = good_claims();
    EXPECT_EQ(verified_email(claims, true), "editor@council.example.gov.uk");
    claims["email_verified"] = "true";
    EXPECT_EQ(verified_email(claims, true), "editor@council.example.gov.uk");
    claims["email_verified"] = false;
    EXPECT_EQ(verified_email(claims, true), "");
    claims.erase("email_verified");
    EXPECT_EQ(verified_email(claims, true), "");
    EXPECT_EQ(verified_email(claims, false), "editor@council.example.gov.uk");
    claims.erase("email");
    EXPECT_EQ(verified_email(claims, false), "");
}

TEST(Pkce, MatchesRfc7636AppendixB) {
    EXPECT_EQ(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
              "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    const auto a = random_url_token(), b = random_url_token();
    EXPECT_EQ(a.size(), 43u);
    EXPECT_NE(a, b);
}

TEST(Base64, EncodesBasicCredentialsAndRoundTripsBase64url) {
    EXPECT_EQ(base64_encode("Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");  // RFC 7617
    EXPECT_EQ(base64url_decode(base64url_encode(std::string("\xfb\xff\x00\x01", 4))),
              std::string("\xfb\xff\x00\x01", 4));
    EXPECT_THROW(base64url_decode("a+b/"), std::invalid_argument);
}

}  // namespace
}  // namespace lo::auth
