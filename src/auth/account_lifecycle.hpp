// Accounts through staff turnover: deactivating (reversible: the account stays, nobody can use
// it), reactivating and deleting (the person is gone; history keeps a pseudonym such as
// "Former editor 7"). Every session of the account ends in the same transaction, and the last
// administrator who can sign in can be neither deactivated nor deleted, so someone can always
// manage accounts. All of it is audited.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "auth/accounts.hpp"
#include "storage/store.hpp"

namespace lo::auth {

// A change refused because of the state of the accounts (the message says what to do instead).
class AccountRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "editor" for "Former editor 7".
std::string_view role_word(Role role);

class AccountLifecycle {
public:
    // sign_in_without_password: single sign-on is on (sso_issuer), so an administrator who has
    // never set a password can still sign in and counts as one who can manage accounts.
    explicit AccountLifecycle(storage::Store& store, bool sign_in_without_password = false)
        : store_(store), sign_in_without_password_(sign_in_without_password) {}

    // Each throws InvalidInput("user", ...) for an unknown account and AccountRefused for the
    // last administrator. Deactivating an inactive account (or reactivating an active one)
    // changes nothing and is not audited.
    void deactivate(const std::string& user_id, const Actor& actor, std::int64_t now);
    void reactivate(const std::string& user_id, const Actor& actor, std::int64_t now);
    // Returns the pseudonym the account's history now shows.
    std::string remove(const std::string& user_id, const Actor& actor, std::int64_t now);

    // The account for an e-mail address (the CLI's way in). Throws InvalidInput when none.
    User find_by_email(const std::string& email);

private:
    void refuse_if_last_administrator(storage::Store& tx, const User& user);

    storage::Store& store_;
    bool sign_in_without_password_;
};

}  // namespace lo::auth
