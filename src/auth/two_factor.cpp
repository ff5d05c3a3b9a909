// Two-factor sign-in: set-up, codes, recovery codes and reset (see two_factor.hpp).
#include "auth/two_factor.hpp"

#include <sodium.h>

#include <cctype>
#include <stdexcept>

#include "auth/crypto.hpp"
#include "auth/totp.hpp"

namespace lo::auth {

std::string new_recovery_code() {
    // 31 symbols without 0/o, 1/l/i: 12 of them carry about 59 bits.
    static constexpr char kSymbols[] = "abcdefghjkmnpqrstuvwxyz23456789";
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    std::string out;
    for (int i = 0; i < 12; ++i) {
        if (i > 0 && i % 4 == 0) out += '-';
        out += kSymbols[randombytes_uniform(sizeof kSymbols - 1)];
    }
    return out;
}

std::string hash_recovery_code(const std::string& user_id, std::string_view code) {
    std::string normal;
    for (char c : code) {
        if (c == ' ' || c == '-') continue;
        normal += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return hash_token("recovery:" + user_id + ":" + normal);
}

bool TwoFactor::enabled(const std::string& user_id) {
    const auto r = store_.two_factor().find(user_id);
    return r && r->enabled_at;
}

std::optional<std::string> TwoFactor::pending_secret(const std::string& user_id) {
    const auto r = store_.two_factor().find(user_id);
    if (!r || r->enabled_at) return std::nullopt;
    return r->secret;
}

std::optional<std::string> TwoFactor::begin_setup(const User& user) {
    if (enabled(user.id)) return std::nullopt;
    storage::TwoFactorRecord r{user.id, totp::new_secret(), std::nullopt, 0};
    store_.two_factor().save(r);
    return r.secret;
}

std::optional<std::vector<std::string>> TwoFactor::confirm_setup(const User& user,
                                                                 std::string_view code,
                                                                 const Actor& actor,
                                                                 std::int64_t now) {
    auto record = store_.two_factor().find(user.id);
    if (!record || record->enabled_at) return std::nullopt;
    const auto step = totp::matching_step(record->secret, code, now);
    if (!step) return std::nullopt;
    std::vector<std::string> codes;
    std::vector<std::string> hashes;
    for (int i = 0; i < kRecoveryCodeCount; ++i) {
        codes.push_back(new_recovery_code());
        hashes.push_back(hash_recovery_code(user.id, codes.back()));
    }
    store_.transaction([&](storage::Store& tx) {
        record->enabled_at = now;
        record->last_step = *step;  // the code just typed cannot sign anyone in
        tx.two_factor().save(*record);
        tx.two_factor().replace_recovery_codes(user.id, hashes);
        AuditEntry e{0,
                     {},
                     actor.id,
                     actor.email,
                     "two_factor_enabled",
                     user.email,
                     {},
                     actor.remote_address};
        tx.audit().record(e);
    });
    return codes;
}

CodeCheck TwoFactor::check_code(const std::string& user_id,
                                std::string_view code,
                                std::int64_t now) {
    const auto record = store_.two_factor().find(user_id);
    if (!record || !record->enabled_at) return CodeCheck::Wrong;
    if (const auto step = totp::matching_step(record->secret, code, now)) {
        return store_.two_factor().use_step(user_id, *step) ? CodeCheck::Accepted
                                                            : CodeCheck::Reused;
    }
    std::size_t symbols = 0;
    for (char c : code)
        if (c != ' ' && c != '-') ++symbols;
    if (symbols == 12 &&
        store_.two_factor().use_recovery_code(user_id, hash_recovery_code(user_id, code), now))
        return CodeCheck::AcceptedRecovery;
    return CodeCheck::Wrong;
}

void TwoFactor::disable(const User& user, const Actor& actor, bool by_administrator) {
    store_.transaction([&](storage::Store& tx) {
        tx.two_factor().remove(user.id);
        AuditEntry e{0,
                     {},
                     actor.id,
                     actor.email,
                     by_administrator ? "two_factor_reset" : "two_factor_disabled",
                     user.email,
                     {},
                     actor.remote_address};
        tx.audit().record(e);
    });
}

std::int64_t TwoFactor::recovery_codes_left(const std::string& user_id) {
    return store_.two_factor().recovery_codes_left(user_id);
}

}  // namespace lo::auth
