// Configuration parsing and validation.
#include "app/config.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/config_sources.hpp"
#include "app/map_settings.hpp"
#include "app/share_dir.hpp"
#include "domain/repair.hpp"
#include "domain/validation.hpp"

namespace lo::app {
namespace {

std::string trim(const std::string& s) {
    const auto start = s.find_first_not_of(" \t\r");
    if (start == std::string::npos) return {};
    const auto end = s.find_last_not_of(" \t\r");
    return s.substr(start, end - start + 1);
}

long long to_number(const std::string& key,
                    const std::string& value,
                    long long min,
                    long long max,
                    const std::string& unit) {
    long long out = 0;
    const auto* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, out);
    if (ec != std::errc() || ptr != end || out < min || out > max)
        throw ConfigError("The setting " + key + " must be a whole number from " +
                          std::to_string(min) + " to " + std::to_string(max) + unit + ", not \"" +
                          value.substr(0, 40) + "\".");
    return out;
}

constexpr const char* kKnownSettings =
    "data, share, bind, port, threads, header_limit, body_limit, read_timeout, page_cache_mb, "
    "council_name, "
    "service_name, area_name, contact_email, contact_phone, base_url, review_months, brand_colour, "
    "logo, map_tiles_url, map_attribution, smtp_host, smtp_port, smtp_starttls, smtp_username, "
    "smtp_password, smtp_password_file, smtp_ca_file, smtp_timeout, mail_from, "
    "review_reminder_days, review_escalation_weeks, service_end_notice_days, "
    "review_reminders, rate_limit_public_posts, rate_limit_sign_in, rate_limit_search, "
    "rate_limit_api, export_limit, max_connections_per_client, duplicate_window, backup_dir, "
    "backup_time, backup_keep_daily, backup_keep_weekly, metrics_bind, metrics_token, "
    "metrics_token_file, log_format, trusted_proxies, require_two_factor, "
    "retention_feedback_days, retention_outbox_days, retention_link_days, "
    "retention_audit_address_days, access_log_address, public_numbers, sso_issuer, "
    "sso_client_id, sso_client_secret, sso_client_secret_file, sso_name, sso_passwords, "
    "sso_require_verified_email";

// backup_time: HH:MM on the 24-hour clock, in UTC.
void parse_backup_time(const std::string& value, Config& c) {
    const bool shaped = value.size() == 5 && value[2] == ':' &&
                        std::isdigit(static_cast<unsigned char>(value[0])) &&
                        std::isdigit(static_cast<unsigned char>(value[1])) &&
                        std::isdigit(static_cast<unsigned char>(value[3])) &&
                        std::isdigit(static_cast<unsigned char>(value[4]));
    const int hour = shaped ? std::stoi(value.substr(0, 2)) : -1;
    const int minute = shaped ? std::stoi(value.substr(3, 2)) : -1;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59)
        throw ConfigError(
            "The setting backup_time must be a time like 02:00 (24-hour clock, UTC), "
            "not \"" +
            value.substr(0, 20) + "\".");
    c.backup_hour = hour;
    c.backup_minute = minute;
}

// metrics_bind: empty, or HOST:PORT (port 0 picks a free one, for tests).
std::string checked_metrics_bind(const std::string& value) {
    if (value.empty()) return value;
    const auto colon = value.rfind(':');
    long long port = -1;
    if (colon != std::string::npos && colon > 0) {
        const auto digits = value.substr(colon + 1);
        const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (ec != std::errc() || ptr != digits.data() + digits.size()) port = -1;
    }
    if (port < 0 || port > 65535)
        throw ConfigError(
            "The setting metrics_bind must be an address and port like "
            "127.0.0.1:9100, not \"" +
            value.substr(0, 60) + "\". Leave it empty to serve no metrics.");
    return value;
}

http::TrustedProxies trusted_proxies(const std::string& value) {
    try {
        return http::TrustedProxies::parse(value);
    } catch (const std::invalid_argument& e) {
        throw ConfigError("The setting trusted_proxies: " + std::string(e.what()));
    }
}

// WCAG 2.2 relative luminance of an sRGB channel (0-255).
double channel(int v) {
    const double c = v / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

}  // namespace

bool to_switch(const std::string& key, const std::string& value) {
    if (value == "on" || value == "yes" || value == "true" || value == "1") return true;
    if (value == "off" || value == "no" || value == "false" || value == "0") return false;
    throw ConfigError("The setting " + key + " must be on or off, not \"" + value.substr(0, 40) +
                      "\".");
}

// A secret kept in its own file (readable only by the service's user): the first line.
std::string read_secret_file(const std::string& key, const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw ConfigError("Could not read the file " + path + " named by " + key +
                          ". Check the path and that this user may read it.");
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    return line;
}

double contrast_with_white(const std::string& colour) {
    const auto hex = [&](std::size_t at) { return std::stoi(colour.substr(at, 2), nullptr, 16); };
    const double l = 0.2126 * channel(hex(1)) + 0.7152 * channel(hex(3)) + 0.0722 * channel(hex(5));
    return 1.05 / (l + 0.05);
}

std::string brand_colour_problem(const std::string& colour) {
    const bool shaped = colour.size() == 7 && colour[0] == '#' &&
                        colour.find_first_not_of("0123456789abcdefABCDEF", 1) == std::string::npos;
    if (!shaped)
        return "The setting brand_colour must be a colour like #00594f (a # and six hex digits), "
               "not \"" +
               colour.substr(0, 20) + "\".";
    const double ratio = contrast_with_white(colour);
    if (ratio < 4.5) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%.1f", ratio);
        return "The brand colour " + colour + " gives the white header text a contrast of only " +
               buf + ":1; WCAG AA needs at least 4.5:1. Choose a darker colour.";
    }
    return {};
}

void apply_setting(Config& c, const std::string& key, const std::string& value) {
    if (key == "data")
        c.data_dir = value;
    else if (key == "share")
        c.share_dir = value;
    else if (key == "bind")
        c.bind_address = value;
    else if (key == "port")
        c.port = static_cast<int>(to_number(key, value, 0, 65535, ""));
    else if (key == "threads")
        c.threads = static_cast<int>(to_number(key, value, 1, 256, ""));
    else if (key == "page_cache_mb")
        c.page_cache_mb = static_cast<int>(to_number(key, value, 0, 65536, " MB"));
    else if (key == "header_limit")
        c.header_limit = static_cast<std::size_t>(to_number(key, value, 1024, 1 << 20, " bytes"));
    else if (key == "body_limit")
        c.body_limit = static_cast<std::size_t>(to_number(key, value, 1024, 1LL << 30, " bytes"));
    else if (key == "read_timeout")
        c.read_timeout_seconds = static_cast<int>(to_number(key, value, 1, 3600, " seconds"));
    else if (key == "rate_limit_public_posts")
        c.limits.public_posts_per_minute =
            static_cast<int>(to_number(key, value, 0, 100000, " a minute"));
    else if (key == "rate_limit_sign_in")
        c.limits.sign_in_per_minute =
            static_cast<int>(to_number(key, value, 0, 100000, " a minute"));
    else if (key == "rate_limit_search")
        c.limits.search_per_minute =
            static_cast<int>(to_number(key, value, 0, 100000, " a minute"));
    else if (key == "rate_limit_api")
        c.limits.api_per_minute = static_cast<int>(to_number(key, value, 0, 100000, " a minute"));
    else if (key == "export_limit")
        c.limits.export_limit = static_cast<int>(to_number(key, value, 1, 1000, ""));
    else if (key == "duplicate_window")
        c.limits.duplicate_window_seconds =
            static_cast<int>(to_number(key, value, 0, 86400, " seconds"));
    else if (key == "max_connections_per_client")
        c.limits.max_connections_per_client =
            static_cast<int>(to_number(key, value, 0, 100000, ""));
    else if (key == "council_name")
        c.site.council_name = value;
    else if (key == "service_name")
        c.site.service_name = value;
    else if (key == "area_name")
        c.site.area_name = value;
    else if (key == "contact_email")
        c.site.contact_email = value;
    else if (key == "contact_phone")
        c.site.contact_phone = value;
    else if (key == "base_url")  // "HTTPS://" is valid; stored lowercase so https is detected
        c.site.base_url = domain::lowercase_scheme(value);
    else if (key == "brand_colour")
        c.site.brand_colour = value;
    else if (key == "logo")
        c.site.logo_file = value;
    else if (key == "public_numbers")
        c.site.public_numbers = to_switch(key, value);
    else if (key == "review_months")
        c.site.review_months = static_cast<int>(to_number(key, value, 1, 60, " months"));
    else if (key == "smtp_host")
        c.smtp.host = value;
    else if (key == "smtp_port")
        c.smtp.port = static_cast<int>(to_number(key, value, 1, 65535, ""));
    else if (key == "smtp_starttls")
        c.smtp.starttls = to_switch(key, value);
    else if (key == "smtp_username")
        c.smtp.username = value;
    else if (key == "smtp_password")
        c.smtp.password = value;
    else if (key == "smtp_password_file")
        c.smtp.password = read_secret_file(key, value);
    else if (key == "smtp_ca_file")
        c.smtp.ca_file = value;
    else if (key == "smtp_timeout")
        c.smtp.timeout_seconds = static_cast<int>(to_number(key, value, 1, 300, " seconds"));
    else if (key == "mail_from")
        c.smtp.from = value;
    else if (key == "review_reminder_days")
        c.review_reminder_days = static_cast<int>(to_number(key, value, 0, 365, " days"));
    else if (key == "review_reminders")
        c.review_reminders = to_switch(key, value);
    else if (key == "service_end_notice_days")
        c.service_end_notice_days = static_cast<int>(to_number(key, value, 0, 365, " days"));
    else if (key == "review_escalation_weeks")
        c.review_escalation_weeks = static_cast<int>(to_number(key, value, 1, 52, " weeks"));
    else if (key == "backup_dir")
        c.backup_dir = value;
    else if (key == "backup_time")
        parse_backup_time(value, c);
    else if (key == "backup_keep_daily")
        c.backup_keep_daily = static_cast<int>(to_number(key, value, 1, 366, " backups"));
    else if (key == "backup_keep_weekly")
        c.backup_keep_weekly = static_cast<int>(to_number(key, value, 0, 520, " backups"));
    else if (key == "metrics_bind")
        c.metrics_bind = checked_metrics_bind(value);
    else if (key == "metrics_token")
        c.metrics_token = value;
    else if (key == "metrics_token_file")
        c.metrics_token = read_secret_file(key, value);
    else if (key == "log_format") {
        if (value != "text" && value != "json")
            throw ConfigError("The setting log_format must be text or json, not \"" +
                              value.substr(0, 40) + "\".");
        c.log_format = value;
    } else if (key == "trusted_proxies")
        c.trusted_proxies = trusted_proxies(value);
    else if (!apply_privacy_setting(c, key, value) && !apply_map_setting(c, key, value) &&
             !apply_sso_setting(c, key, value))
        throw ConfigError("Unknown setting \"" + key.substr(0, 40) +
                          "\". Known settings: " + kKnownSettings + ".");
}

std::vector<std::string> known_settings() {
    std::vector<std::string> out;
    std::istringstream list(kKnownSettings);
    for (std::string name; std::getline(list, name, ',');) out.push_back(trim(name));
    return out;
}

void check_value(const std::string& key, const std::string& value) {
    if (key == "brand_colour")
        if (const auto error = brand_colour_problem(value); !error.empty())
            throw ConfigError(error);
}

void read_config_file(const std::string& path, Config& config) {
    std::ifstream in(path);
    if (!in)
        throw ConfigError("Could not read the settings file " + path +
                          ". Check the path, or leave out --config to use the defaults.");
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        line = trim(strip_comment(line));
        if (line.empty()) continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            throw ConfigError(path + " line " + std::to_string(number) +
                              ": expected \"setting = value\", like \"port = 8080\".");
        try {
            const auto key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
            apply_setting(config, key, value);
            check_value(key, value);
        } catch (const ConfigError& e) {
            throw ConfigError(path + " line " + std::to_string(number) + ": " + e.what());
        }
    }
}

void validate(const Config& c) {
    if (c.data_dir.empty())
        throw ConfigError("The data folder is empty. Give one with --data, like --data ./data.");
    if (c.bind_address.empty())
        throw ConfigError("The bind address is empty. Use --bind 127.0.0.1 or --bind 0.0.0.0.");
    if (c.port < 0 || c.port > 65535)
        throw ConfigError("The port must be from 0 to 65535, not " + std::to_string(c.port) + ".");
    if (c.threads < 1 || c.threads > 256)
        throw ConfigError("The number of threads must be from 1 to 256, not " +
                          std::to_string(c.threads) + ".");
    if (c.site.council_name.empty())
        throw ConfigError("council_name is empty. Set it to your council's name.");
    if (!c.site.contact_email.empty() && !domain::is_valid_email(c.site.contact_email))
        throw ConfigError("contact_email \"" + c.site.contact_email.substr(0, 80) +
                          "\" is not an email address. Use one like localoffer@council.gov.uk.");
    if (!domain::is_valid_web_address(c.site.base_url) &&
        !c.site.base_url.starts_with("http://localhost") &&
        !c.site.base_url.starts_with("http://127.0.0.1"))
        throw ConfigError("base_url \"" + c.site.base_url.substr(0, 80) +
                          "\" is not a web address. Use the public address of the site, like "
                          "https://localoffer.example.gov.uk.");
    if (const auto error = brand_colour_problem(c.site.brand_colour); !error.empty())
        throw ConfigError(error);
    if (!c.site.logo_file.empty()) {
        namespace fs = std::filesystem;
        const fs::path logo(c.site.logo_file);
        auto ext = logo.extension().string();
        for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        std::error_code ec;
        if (!fs::is_regular_file(logo, ec))
            throw ConfigError("The logo file " + c.site.logo_file +
                              " does not exist. Check the path in the logo setting.");
        if (ext != ".png" && ext != ".svg" && ext != ".jpg" && ext != ".jpeg")
            throw ConfigError("The logo must be a PNG, JPEG or SVG file, not " +
                              logo.filename().string() + ".");
        if (fs::file_size(logo, ec) > 200 * 1024)
            throw ConfigError("The logo file " + c.site.logo_file +
                              " is bigger than 200 KB. Use a smaller image: it is downloaded with "
                              "every first page.");
    }
    if (c.smtp.configured()) {
        const auto from = smtp_settings(c).from;
        if (from.empty())
            throw ConfigError(
                "smtp_host is set but there is no sender address. Set mail_from to "
                "the address messages come from, like localoffer@council.gov.uk.");
        if (!domain::is_valid_email(from))
            throw ConfigError("mail_from \"" + from.substr(0, 80) +
                              "\" is not an e-mail address. Use one like "
                              "localoffer@council.gov.uk.");
        if (!c.smtp.username.empty() && c.smtp.password.empty())
            throw ConfigError(
                "smtp_username is set but there is no password. Set "
                "smtp_password_file to a file holding it (or smtp_password).");
        if (!c.smtp.ca_file.empty() && !std::filesystem::is_regular_file(c.smtp.ca_file))
            throw ConfigError("The certificate file " + c.smtp.ca_file +
                              " (smtp_ca_file) does not exist. Check the path.");
    }
    validate_sso(c);
    const auto share = share_dir(c);
    if (!std::filesystem::is_directory(std::filesystem::path(share) / "templates"))
        throw ConfigError("The share folder " + share +
                          " has no templates/ folder. Point --share at the folder that holds "
                          "templates/, static/ and demo/.");
}

mail::SmtpSettings smtp_settings(const Config& c) {
    auto settings = c.smtp;
    if (settings.from.empty()) settings.from = c.site.contact_email;
    return settings;
}

std::string share_dir(const Config& c) {
    return c.share_dir.empty() ? default_share_dir() : c.share_dir;
}

}  // namespace lo::app
