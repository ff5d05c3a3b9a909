// The single sign-on settings (sso_*; docs/single-sign-on.md) and the checks that need them all.
#include "app/config.hpp"

namespace lo::app {
namespace {

bool is_loopback_http(const std::string& address) {
    for (const char* prefix : {"http://127.0.0.1", "http://localhost", "http://[::1]"})
        if (address.starts_with(prefix)) {
            const auto next = address.size() > std::string_view(prefix).size()
                                  ? address[std::string_view(prefix).size()]
                                  : '/';
            return next == '/' || next == ':';
        }
    return false;
}

}  // namespace

bool apply_sso_setting(Config& c, const std::string& key, const std::string& value) {
    auto& sso = c.site.sso;
    if (key == "sso_issuer")
        sso.issuer = value;
    else if (key == "sso_client_id")
        sso.client_id = value;
    else if (key == "sso_client_secret")
        sso.client_secret = value;
    else if (key == "sso_client_secret_file")
        sso.client_secret = read_secret_file(key, value);
    else if (key == "sso_name")
        sso.name = value;
    else if (key == "sso_passwords")
        sso.passwords = to_switch(key, value);
    else if (key == "sso_require_verified_email")
        sso.require_verified_email = to_switch(key, value);
    else
        return false;
    return true;
}

void validate_sso(const Config& c) {
    const auto& sso = c.site.sso;
    if (!sso.enabled()) {
        if (!sso.client_id.empty() || !sso.client_secret.empty())
            throw ConfigError(
                "sso_client_id or sso_client_secret is set but sso_issuer is not. Set sso_issuer "
                "to your identity provider's issuer address to turn on single sign-on.");
        if (!sso.passwords)
            throw ConfigError(
                "sso_passwords = off would leave nobody able to sign in: single sign-on is not "
                "set up. Set sso_issuer, sso_client_id and sso_client_secret_file first.");
        return;
    }
    if (!sso.issuer.starts_with("https://") && !is_loopback_http(sso.issuer))
        throw ConfigError("sso_issuer \"" + sso.issuer.substr(0, 120) +
                          "\" must be an https:// address, like "
                          "https://login.microsoftonline.com/<tenant id>/v2.0.");
    if (sso.client_id.empty())
        throw ConfigError(
            "sso_issuer is set but sso_client_id is not. Set it to the application (client) id "
            "your identity provider gave this site.");
    if (sso.client_secret.empty())
        throw ConfigError(
            "sso_issuer is set but there is no client secret. Set sso_client_secret_file to a "
            "file holding it (or sso_client_secret).");
    if (sso.name.empty())
        throw ConfigError(
            "sso_name is empty. Set it to what staff call the account they sign in with, like "
            "\"Microsoft\" or \"your council account\".");
}

}  // namespace lo::app
