// Single sign-on with the council's OpenID Connect provider (Microsoft Entra ID, Google
// Workspace...), from the sso_* settings (docs/single-sign-on.md). Off while sso_issuer is empty.
#pragma once

#include <string>

namespace lo::web {

struct SingleSignOnSettings {
    std::string issuer;         // sso_issuer: the provider's issuer address, as it spells it
    std::string client_id;      // sso_client_id
    std::string client_secret;  // sso_client_secret or sso_client_secret_file
    std::string name = "your council account";  // sso_name: "Sign in with <name>"
    // sso_passwords: off means everyone signs in through the provider (no password form, no
    // reset links); accounts are still added and removed in the admin.
    bool passwords = true;
    // sso_require_verified_email: a token must say email_verified. Turn off only for a
    // provider whose every address the council itself manages (docs/single-sign-on.md).
    bool require_verified_email = true;

    bool enabled() const { return !issuer.empty(); }
};

}  // namespace lo::web
