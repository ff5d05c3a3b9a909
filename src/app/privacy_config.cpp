// The settings for accounts and personal data: require_two_factor, the retention periods and
// what the access log records of addresses (docs/privacy.md lists each with its reason).
#include <charconv>

#include "app/config.hpp"

namespace lo::app {
namespace {

int days(const std::string& key, const std::string& value) {
    int out = 0;
    const auto* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, out);
    if (ec != std::errc() || ptr != end || out < 1 || out > 3650)
        throw ConfigError("The setting " + key +
                          " must be a whole number of days from 1 to 3650, "
                          "not \"" +
                          value.substr(0, 40) + "\".");
    return out;
}

// "admin, editor" -> {Admin, Editor}; "none" or nothing -> {}.
std::vector<auth::Role> roles(const std::string& key, const std::string& value) {
    std::vector<auth::Role> out;
    std::size_t start = 0;
    while (start <= value.size()) {
        auto end = value.find(',', start);
        if (end == std::string::npos) end = value.size();
        auto item = value.substr(start, end - start);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        start = end + 1;
        if (item.empty() || (item == "none" && value.find(',') == std::string::npos)) continue;
        const auto role = auth::role_from_code(item);
        if (!role)
            throw ConfigError("The setting " + key +
                              " lists roles separated by commas, from "
                              "admin, editor, provider and commissioner (or none), not \"" +
                              item.substr(0, 40) + "\".");
        out.push_back(*role);
    }
    return out;
}

}  // namespace

bool apply_privacy_setting(Config& c, const std::string& key, const std::string& value) {
    auto& p = c.site.privacy;
    if (key == "require_two_factor")
        c.site.require_two_factor = roles(key, value);
    else if (key == "retention_feedback_days")
        p.feedback_days = days(key, value);
    else if (key == "retention_outbox_days")
        p.outbox_days = days(key, value);
    else if (key == "retention_link_days")
        p.link_days = days(key, value);
    else if (key == "retention_audit_address_days")
        p.audit_address_days = days(key, value);
    else if (key == "access_log_address") {
        if (value == "none")
            p.access_log = http::AddressInLog::None;
        else if (value == "truncated")
            p.access_log = http::AddressInLog::Truncated;
        else if (value == "full")
            p.access_log = http::AddressInLog::Full;
        else
            throw ConfigError(
                "The setting access_log_address must be none, truncated or full, "
                "not \"" +
                value.substr(0, 40) + "\".");
    } else
        return false;
    return true;
}

}  // namespace lo::app
