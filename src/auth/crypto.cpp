// Password hashing, tokens and CSRF tokens with libsodium.
#include "auth/crypto.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace lo::auth {
namespace {

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes, size);
    out.pop_back();
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

std::string hash_password(std::string_view password) {
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(
            out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("Not enough memory to hash a password. Try again.");
    return out;
}

bool verify_password(std::string_view password, const std::string& hash) {
    ensure_sodium();
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token() {
    ensure_sodium();
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    return to_hex(bytes, sizeof bytes);
}

std::string hash_token(std::string_view token) {
    ensure_sodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
    return to_hex(digest, sizeof digest);
}

std::string csrf_token_for(std::string_view session_id) {
    ensure_sodium();
    // Domain separation from hash_token: a different function with a fixed key, so the stored
    // session hash never equals a CSRF token.
    static const unsigned char key[crypto_generichash_KEYBYTES] = "localoffer csrf token v1";
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(session_id.data()),
                       session_id.size(), key, sizeof key);
    return to_hex(out, sizeof out);
}

bool equal_secrets(std::string_view a, std::string_view b) {
    ensure_sodium();
    if (a.size() != b.size() || a.empty()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string password_problem(std::string_view password, std::string_view email) {
    if (password.empty()) return "Enter a password";
    if (password.size() < kMinPasswordLength)
        return "Password must be " + std::to_string(kMinPasswordLength) +
               " characters or more. Three random words make a strong password";
    if (password.size() > kMaxPasswordLength)
        return "Password must be " + std::to_string(kMaxPasswordLength) + " characters or fewer";
    if (!email.empty() && lower(password).find(lower(email)) != std::string::npos)
        return "Password must not contain your e-mail address";
    return {};
}

}  // namespace lo::auth
