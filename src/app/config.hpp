// Configuration: defaults, then an optional settings file, then command-line flags.
// Every problem is reported as one line that says what is wrong and how to fix it.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/limit_settings.hpp"
#include "http/trusted_proxies.hpp"
#include "mail/message.hpp"
#include "web/context.hpp"

namespace lo::app {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Config {
    std::string data_dir = "data";
    std::string share_dir;  // holds templates/, static/, demo/, db/seeds/; default: share_dir.hpp
    std::string bind_address = "127.0.0.1";
    int port = 8080;
    int threads = 2;
    std::size_t header_limit = 16 * 1024;
    std::size_t body_limit = 1024 * 1024;
    int read_timeout_seconds = 30;
    // The rendered-page cache (app/page_cache.hpp), in MB; 0 switches it off.
    int page_cache_mb = 64;
    // The reverse proxies whose X-Forwarded-For/-Proto are believed (docs/deploy.md); none by
    // default.
    http::TrustedProxies trusted_proxies;
    web::Site site;
    // E-mail and the review cycle (README "E-mail" and "Reviews").
    mail::SmtpSettings smtp;           // smtp_* settings and mail_from; no host: outbox only
    int review_reminder_days = 30;     // providers are reminded this many days before a review
    int service_end_notice_days = 14;  // providers are told this many days before an end date
    int review_escalation_weeks = 4;   // editors are told when a review is this many weeks overdue
    bool review_reminders = true;      // the server runs the reminders once a day
    // Rate limits, the export and connection caps (README "Limits").
    LimitSettings limits;
    // Automatic backups (README "Backups"): none while backup_dir is empty.
    std::string backup_dir;
    int backup_hour = 2;  // backup_time = HH:MM, UTC
    int backup_minute = 0;
    int backup_keep_daily = 7;
    int backup_keep_weekly = 4;
    // Monitoring (README "Monitoring"): /metrics on its own address, or behind a token.
    std::string metrics_bind;   // HOST:PORT, like 127.0.0.1:9100; empty: no metrics listener
    std::string metrics_token;  // when set, /metrics on the public port with this bearer token
    std::string log_format = "text";  // or "json": one JSON object per line
};

// The SMTP settings to send with: mail_from falls back to contact_email.
mail::SmtpSettings smtp_settings(const Config& config);

// Reads "key = value" lines into config ('#' starts a comment at the start of a line or after a
// space inside the value: strip_comment in config_sources.hpp). Throws ConfigError naming the
// file, the line and the setting.
void read_config_file(const std::string& path, Config& config);

// Applies one setting by name (used by the file reader and by tests). Throws ConfigError.
void apply_setting(Config& config, const std::string& key, const std::string& value);

// Every setting's name, in the order of the reference (docs/configuration.md).
std::vector<std::string> known_settings();

// Refuses a value that is wrong whatever the other settings say (a brand colour white text cannot
// be read on), so the file reader can name the line. Throws ConfigError.
void check_value(const std::string& key, const std::string& value);
// Applies require_two_factor, the retention_* settings and access_log_address
// (app/privacy_config.cpp). False when `key` is none of them. Throws ConfigError.
bool apply_privacy_setting(Config& config, const std::string& key, const std::string& value);

// Applies the sso_* settings (app/sso_config.cpp). False when `key` is none of them.
bool apply_sso_setting(Config& config, const std::string& key, const std::string& value);
// Checks the sso_* settings together (called by validate).
void validate_sso(const Config& config);

// "on"/"off" (yes/no, true/false, 1/0). Throws ConfigError naming the setting.
bool to_switch(const std::string& key, const std::string& value);
// A secret kept in its own file (readable only by the service's user): its first line.
std::string read_secret_file(const std::string& key, const std::string& path);

// Checks the whole configuration after all sources are applied. Throws ConfigError.
void validate(const Config& config);

// The contrast of white text on a #rrggbb colour (WCAG 2.2 formula), and what is wrong with a
// brand colour ("" when it is a well-formed colour white text can be read on).
double contrast_with_white(const std::string& colour);
std::string brand_colour_problem(const std::string& colour);

// The share folder to use: the configured one, or the installed one next to the binary, or the
// source tree the binary was built from (default_share_dir in share_dir.hpp).
std::string share_dir(const Config& config);

}  // namespace lo::app
