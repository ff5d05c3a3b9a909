// Deactivating, reactivating and deleting accounts (auth/account_lifecycle.hpp).
#include "auth/account_lifecycle.hpp"

#include <algorithm>

namespace lo::auth {
namespace {

User find_user(storage::Store& tx, const std::string& user_id) {
    auto user = tx.users().find(user_id);
    if (!user)
        throw InvalidInput("user",
                           "There is no such account. It may have been deleted already: check the "
                           "list of users.");
    return *user;
}

void record(storage::Store& tx,
            const Actor& actor,
            const char* action,
            const std::string& subject,
            const std::string& detail = {}) {
    AuditEntry e{0, {}, actor.id, actor.email, action, subject, detail, actor.remote_address};
    tx.audit().record(e);
}

}  // namespace

std::string_view role_word(Role role) {
    switch (role) {
        case Role::Admin:
            return "administrator";
        case Role::Editor:
            return "editor";
        case Role::Provider:
            return "provider";
        case Role::Commissioner:
            return "commissioner";
    }
    return "provider";
}

void AccountLifecycle::refuse_if_last_administrator(storage::Store& tx, const User& user) {
    if (user.role != Role::Admin || !user.active) return;
    if (sign_in_without_password_) {
        // Every active administrator can sign in through the provider.
        const auto users = tx.users().list();
        if (std::any_of(users.begin(), users.end(), [&](const User& u) {
                return u.id != user.id && u.role == Role::Admin && u.active;
            }))
            return;
    } else {
        if (user.password_hash.empty()) return;
        if (tx.privacy().usable_administrators_except(user.id) > 0) return;
    }
    throw AccountRefused(user.email +
                         " is the only active administrator. Make another account an "
                         "administrator first, so someone can still manage accounts.");
}

void AccountLifecycle::deactivate(const std::string& user_id,
                                  const Actor& actor,
                                  std::int64_t now) {
    store_.transaction([&](storage::Store& tx) {
        auto user = find_user(tx, user_id);
        if (!user.active) return;
        refuse_if_last_administrator(tx, user);
        user.active = false;
        tx.users().save(user);
        // Ends every session now, and stops a link already sent from bringing the account back.
        tx.sessions().remove_for_user(user.id);
        tx.users().revoke_tokens(user.id, now);
        record(tx, actor, "user_deactivated", user.email);
    });
}

void AccountLifecycle::reactivate(const std::string& user_id, const Actor& actor, std::int64_t) {
    store_.transaction([&](storage::Store& tx) {
        auto user = find_user(tx, user_id);
        if (user.active) return;
        user.active = true;
        tx.users().save(user);
        record(tx, actor, "user_reactivated", user.email);
    });
}

std::string AccountLifecycle::remove(const std::string& user_id,
                                     const Actor& actor,
                                     std::int64_t now) {
    std::string pseudonym;
    store_.transaction([&](storage::Store& tx) {
        const auto user = find_user(tx, user_id);
        refuse_if_last_administrator(tx, user);
        pseudonym =
            tx.privacy().pseudonymise(user.id, user.email, std::string(role_word(user.role)), now);
        tx.privacy().erase_address(user.email, pseudonym);
        // Sessions, links, two-factor keys and organisation links go with the account.
        tx.privacy().delete_user(user.id);
        auto who = actor;
        if (who.id == user.id) who.email = pseudonym;  // someone deleting their own account
        record(tx, who, "user_deleted", pseudonym);
    });
    return pseudonym;
}

User AccountLifecycle::find_by_email(const std::string& email) {
    auto user = store_.users().find_by_email(normalise_email(email));
    if (!user)
        throw InvalidInput("email", "There is no account for " + email.substr(0, 254) +
                                        ". Check the address with the list of users.");
    return *user;
}

}  // namespace lo::auth
