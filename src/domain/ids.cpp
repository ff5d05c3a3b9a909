// UUID generation (random and derived) using libsodium.
#include "domain/ids.hpp"

#include <sodium.h>

#include <array>
#include <cstdio>
#include <stdexcept>

namespace lo::domain {
namespace {

std::string format_uuid(std::array<unsigned char, 16> b) {
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(kHex[b[i] >> 4]);
        out.push_back(kHex[b[i] & 0x0f]);
    }
    return out;
}

void ensure_sodium() {
    static const bool ok = sodium_init() >= 0;
    if (!ok) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace

std::string new_uuid() {
    ensure_sodium();
    std::array<unsigned char, 16> b{};
    randombytes_buf(b.data(), b.size());
    return format_uuid(b);
}

std::string derived_uuid(std::string_view parent_id, std::string_view name) {
    ensure_sodium();
    std::array<unsigned char, 16> b{};
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, b.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(parent_id.data()),
                              parent_id.size());
    const unsigned char separator = 0;
    crypto_generichash_update(&state, &separator, 1);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(name.data()),
                              name.size());
    crypto_generichash_final(&state, b.data(), b.size());
    return format_uuid(b);
}

bool is_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

}  // namespace lo::domain
