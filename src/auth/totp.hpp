// Time-based one-time passwords (TOTP, RFC 6238) as authenticator apps make them: HMAC-SHA-1,
// 30-second steps, 6 digits. HMAC-SHA-1 comes from OpenSSL (libsodium has no SHA-1). Secrets are
// shown to people in base32 (RFC 4648, no padding), as the apps expect.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lo::auth::totp {

inline constexpr std::int64_t kStepSeconds = 30;
inline constexpr int kDigits = 6;
// Codes from one step before and after the server's clock are accepted too, for clock drift
// and slow typing.
inline constexpr std::int64_t kAllowedDrift = 1;

std::string base32_encode(std::string_view bytes);
// Upper or lower case, spaces and trailing '=' ignored. Nothing for any other character.
std::optional<std::string> base32_decode(std::string_view text);

// HOTP (RFC 4226): the `digits`-digit code of key for counter, zero-padded.
std::string hotp(std::string_view key, std::uint64_t counter, int digits = kDigits);
// The 30-second step a Unix time falls in.
inline std::int64_t step_at(std::int64_t unix_seconds) {
    return unix_seconds / kStepSeconds;
}
// The code for a Unix time (RFC 6238 with T0 = 0).
std::string code_at(std::string_view key, std::int64_t unix_seconds, int digits = kDigits);

// A new random 160-bit secret, base32 (32 characters).
std::string new_secret();

// The step whose code matches, within kAllowedDrift steps of now, or nothing. `code` may have
// spaces in it ("123 456"). Compared in constant time.
std::optional<std::int64_t> matching_step(const std::string& secret_base32,
                                          std::string_view code,
                                          std::int64_t now);

// otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30
std::string otpauth_uri(std::string_view issuer,
                        std::string_view account,
                        std::string_view secret_base32);

}  // namespace lo::auth::totp
