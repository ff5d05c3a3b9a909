// TOTP (RFC 6238) over HOTP (RFC 4226) with OpenSSL's HMAC-SHA-1.
#include "auth/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <cctype>
#include <stdexcept>

namespace lo::auth::totp {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string uri_escape(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

std::string base32_encode(std::string_view bytes) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 5) {
            out += kAlphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
    return out;
}

std::optional<std::string> base32_decode(std::string_view text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    bool padding = false;
    for (char ch : text) {
        if (ch == ' ' || ch == '-') continue;
        if (ch == '=') {
            padding = true;
            continue;
        }
        if (padding) return std::nullopt;
        int value = -1;
        if (ch >= 'A' && ch <= 'Z')
            value = ch - 'A';
        else if (ch >= 'a' && ch <= 'z')
            value = ch - 'a';
        else if (ch >= '2' && ch <= '7')
            value = ch - '2' + 26;
        if (value < 0) return std::nullopt;
        buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
        bits += 5;
        if (bits >= 8) {
            out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return out;
}

std::string hotp(std::string_view key, std::uint64_t counter, int digits) {
    unsigned char message[8];
    for (int i = 7; i >= 0; --i) {
        message[i] = static_cast<unsigned char>(counter & 0xff);
        counter >>= 8;
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_size = 0;
    if (!HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message, sizeof message, mac,
              &mac_size) ||
        mac_size != 20)
        throw std::runtime_error("HMAC-SHA-1 failed");
    // Dynamic truncation (RFC 4226 section 5.3).
    const int offset = mac[19] & 0x0f;
    const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                                 (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                                 (static_cast<std::uint32_t>(mac[offset + 2]) << 8) |
                                 static_cast<std::uint32_t>(mac[offset + 3]);
    std::uint32_t modulus = 1;
    for (int i = 0; i < digits; ++i) modulus *= 10;
    auto code = std::to_string(binary % modulus);
    return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

std::string code_at(std::string_view key, std::int64_t unix_seconds, int digits) {
    return hotp(key, static_cast<std::uint64_t>(step_at(unix_seconds)), digits);
}

std::string new_secret() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    unsigned char bytes[20];
    randombytes_buf(bytes, sizeof bytes);
    return base32_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::optional<std::int64_t> matching_step(const std::string& secret_base32,
                                          std::string_view code,
                                          std::int64_t now) {
    std::string digits;
    for (char c : code) {
        if (c == ' ') continue;
        if (c < '0' || c > '9') return std::nullopt;
        digits += c;
    }
    if (digits.size() != static_cast<std::size_t>(kDigits)) return std::nullopt;
    const auto key = base32_decode(secret_base32);
    if (!key || key->empty()) return std::nullopt;
    const auto now_step = step_at(now);
    std::optional<std::int64_t> found;
    // Every candidate is computed and compared, so the time taken does not depend on which matched.
    for (auto step = now_step - kAllowedDrift; step <= now_step + kAllowedDrift; ++step) {
        if (step < 0) continue;
        const auto expected = hotp(*key, static_cast<std::uint64_t>(step));
        if (sodium_memcmp(expected.data(), digits.data(), digits.size()) == 0 && !found)
            found = step;
    }
    return found;
}

std::string otpauth_uri(std::string_view issuer,
                        std::string_view account,
                        std::string_view secret_base32) {
    return "otpauth://totp/" + uri_escape(issuer) + ":" + uri_escape(account) +
           "?secret=" + std::string(secret_base32) + "&issuer=" + uri_escape(issuer) +
           "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace lo::auth::totp
