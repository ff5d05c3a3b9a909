// The secrets of the admin: Argon2id password hashes, random tokens (session ids, one-time
// links) and what is stored of them (SHA-256), and CSRF tokens derived from a session id.
// All libsodium. Nothing here logs.
#pragma once

#include <string>
#include <string_view>

namespace lo::auth {

inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 256;

// An Argon2id hash string (crypto_pwhash_str, interactive limits), salt included.
// Throws std::runtime_error if libsodium cannot allocate the memory it needs.
std::string hash_password(std::string_view password);
// Constant-time check of a password against a stored hash; false for an empty or foreign hash.
bool verify_password(std::string_view password, const std::string& hash);

// 256 random bits as 64 lowercase hex digits.
std::string random_token();
// What the database keeps of a token: SHA-256, hex. A leaked database cannot be replayed.
std::string hash_token(std::string_view token);
// The synchronizer token for forms in the session whose raw id is session_id: a keyed BLAKE2b
// of the id, so it is tied to the session and never stored.
std::string csrf_token_for(std::string_view session_id);
// Constant-time comparison of two strings.
bool equal_secrets(std::string_view a, std::string_view b);

// What is wrong with a new password, in plain English, or "" when it will do.
std::string password_problem(std::string_view password, std::string_view email);

}  // namespace lo::auth
