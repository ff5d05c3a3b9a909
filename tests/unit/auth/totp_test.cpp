// TOTP against the published test vectors: RFC 4226 appendix D (HOTP) and RFC 6238 appendix B
// (TOTP with SHA-1), plus base32 (RFC 4648 section 10) and the drift window.
#include "auth/totp.hpp"

#include <gtest/gtest.h>

namespace lo::auth::totp {
namespace {

const std::string kRfcKey = "12345678901234567890";

TEST(Hotp, MatchesRfc4226AppendixD) {
    const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                              "254676", "287922", "162583", "399871", "520489"};
    for (std::uint64_t counter = 0; counter < 10; ++counter)
        EXPECT_EQ(hotp(kRfcKey, counter), expected[counter]) << "counter " << counter;
}

TEST(Totp, MatchesRfc6238AppendixBForSha1) {
    struct Case {
        std::int64_t time;
        const char* code;
    };
    const Case cases[] = {{59, "94287082"},         {1111111109, "07081804"},
                          {1111111111, "14050471"}, {1234567890, "89005924"},
                          {2000000000, "69279037"}, {20000000000, "65353130"}};
    for (const auto& c : cases) EXPECT_EQ(code_at(kRfcKey, c.time, 8), c.code) << "T=" << c.time;
    // The 6-digit code apps show is the last six digits.
    EXPECT_EQ(code_at(kRfcKey, 1111111109), "081804");
}

TEST(Base32, MatchesRfc4648VectorsAndRoundTrips) {
    EXPECT_EQ(base32_encode("f"), "MY");
    EXPECT_EQ(base32_encode("fo"), "MZXQ");
    EXPECT_EQ(base32_encode("foo"), "MZXW6");
    EXPECT_EQ(base32_encode("foob"), "MZXW6YQ");
    EXPECT_EQ(base32_encode("fooba"), "MZXW6YTB");
    EXPECT_EQ(base32_encode("foobar"), "MZXW6YTBOI");
    EXPECT_EQ(base32_decode("MZXW6YTBOI======"), "foobar");
    EXPECT_EQ(base32_decode("mzxw 6ytb oi"), "foobar");
    EXPECT_EQ(base32_decode(base32_encode(kRfcKey)), kRfcKey);
    EXPECT_FALSE(base32_decode("MZ1W"));
    EXPECT_FALSE(base32_decode("MZ=W"));
}

TEST(Totp, ANewSecretIs160BitsOfBase32) {
    const auto a = new_secret();
    EXPECT_EQ(a.size(), 32u);
    EXPECT_EQ(base32_decode(a)->size(), 20u);
    EXPECT_NE(a, new_secret());
}

TEST(Totp, AcceptsOneStepEitherSideAndNoMore) {
    const auto secret = base32_encode(kRfcKey);
    const std::int64_t now = 1111111111;  // step 37037037
    const auto step = step_at(now);
    EXPECT_EQ(matching_step(secret, code_at(kRfcKey, now), now), step);
    EXPECT_EQ(matching_step(secret, code_at(kRfcKey, now - 30), now), step - 1);
    EXPECT_EQ(matching_step(secret, code_at(kRfcKey, now + 30), now), step + 1);
    EXPECT_FALSE(matching_step(secret, code_at(kRfcKey, now - 60), now));
    EXPECT_FALSE(matching_step(secret, code_at(kRfcKey, now + 60), now));
    const auto code = code_at(kRfcKey, now);
    EXPECT_EQ(matching_step(secret, code.substr(0, 3) + " " + code.substr(3), now), step);
    EXPECT_FALSE(matching_step(secret, "12345", now));
    EXPECT_FALSE(matching_step(secret, "12345a", now));
    EXPECT_FALSE(matching_step("not base32!", code, now));
}

TEST(Totp, OtpauthUriNamesTheIssuerAndAccount) {
    EXPECT_EQ(otpauth_uri("Demo Council", "ed@example.org", "JBSWY3DPEHPK3PXP"),
              "otpauth://totp/Demo%20Council:ed@example.org?secret=JBSWY3DPEHPK3PXP"
              "&issuer=Demo%20Council&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace lo::auth::totp
