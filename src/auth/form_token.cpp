#include "auth/form_token.hpp"

#include <sodium.h>

#include <stdexcept>

#include "auth/crypto.hpp"

namespace lo::auth {
namespace {

// The process's secret key, made once from libsodium's random source.
const unsigned char* form_key() {
    static const auto key = [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
        std::string k(crypto_generichash_KEYBYTES, '\0');
        randombytes_buf(k.data(), k.size());
        return k;
    }();
    return reinterpret_cast<const unsigned char*>(key.data());
}

}  // namespace

std::string new_form_id() {
    return random_token();
}

bool is_form_id(std::string_view value) {
    if (value.size() != 64) return false;
    for (char c : value)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::string form_token_for(std::string_view form_id) {
    // "form:" separates these from any other use of the same key or id.
    const std::string input = "form:" + std::string(form_id);
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(input.data()),
                       input.size(), form_key(), crypto_generichash_KEYBYTES);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char b : out) {
        hex += kHex[b >> 4];
        hex += kHex[b & 15];
    }
    return hex;
}

}  // namespace lo::auth
