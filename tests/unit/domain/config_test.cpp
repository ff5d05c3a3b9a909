// Configuration: each bad setting is refused with one line that says what to do.
#include "app/config.hpp"
#include "config_error.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

namespace lo::app {
namespace {

TEST(Config, AppliesKnownSettings) {
    Config c;
    apply_setting(c, "port", "9090");
    apply_setting(c, "council_name", "Oxfordshire County Council");
    apply_setting(c, "review_months", "6");
    EXPECT_EQ(c.port, 9090);
    EXPECT_EQ(c.site.council_name, "Oxfordshire County Council");
    EXPECT_EQ(c.site.review_months, 6);
    // Schemes are case-insensitive; the site checks for "https://", so it is stored lowercase.
    apply_setting(c, "base_url", "HTTPS://LocalOffer.example.gov.uk");
    EXPECT_EQ(c.site.base_url, "https://LocalOffer.example.gov.uk");
}

TEST(Config, RefusesBadValuesWithAPreciseMessage) {
    Config c;
    EXPECT_EQ(error_of([&] { apply_setting(c, "port", "80a"); }),
              "The setting port must be a whole number from 0 to 65535, not \"80a\".");
    EXPECT_EQ(error_of([&] { apply_setting(c, "threads", "0"); }),
              "The setting threads must be a whole number from 1 to 256, not \"0\".");
    EXPECT_EQ(error_of([&] { apply_setting(c, "prot", "1"); }).substr(0, 40),
              "Unknown setting \"prot\". Known settings: ");
}

TEST(Config, FileErrorsNameTheLine) {
    // Named per process: two checkouts running their tests at once must not share the file.
    const auto path = std::filesystem::temp_directory_path() /
                      ("localoffer-config-test-" + std::to_string(::getpid()) + ".conf");
    {
        std::ofstream out(path);
        out << "# settings\nport = 8081\n\nthreads two\n";
    }
    Config c;
    EXPECT_EQ(error_of([&] { read_config_file(path.string(), c); }),
              path.string() + " line 4: expected \"setting = value\", like \"port = 8080\".");
    EXPECT_EQ(c.port, 8081);
    std::filesystem::remove(path);
    EXPECT_EQ(error_of([&] { read_config_file("/nonexistent/x.conf", c); }),
              "Could not read the settings file /nonexistent/x.conf. Check the path, or leave out "
              "--config to use the defaults.");
}

TEST(Config, ValidatesTheWhole) {
    Config c;
    c.share_dir = LOCALOFFER_SOURCE_DIR;
    EXPECT_NO_THROW(validate(c));
    c.site.contact_email = "not an email";
    EXPECT_EQ(error_of([&] { validate(c); }),
              "contact_email \"not an email\" is not an email address. Use one like "
              "localoffer@council.gov.uk.");
    c = Config{};
    c.share_dir = "/nonexistent";
    EXPECT_EQ(error_of([&] { validate(c); }),
              "The share folder /nonexistent has no templates/ folder. Point --share at the folder "
              "that holds templates/, static/ and demo/.");
}

TEST(Config, BrandColourMustBeReadableUnderWhiteText) {
    EXPECT_EQ(brand_colour_problem("#00594f"), "");
    EXPECT_EQ(brand_colour_problem("#ffcc00"),
              "The brand colour #ffcc00 gives the white header text a contrast of only 1.5:1; "
              "WCAG AA needs at least 4.5:1. Choose a darker colour.");
    EXPECT_EQ(brand_colour_problem("green"),
              "The setting brand_colour must be a colour like #00594f (a # and six hex digits), "
              "not \"green\".");
    EXPECT_NEAR(contrast_with_white("#000000"), 21.0, 0.01);
    EXPECT_NEAR(contrast_with_white("#ffffff"), 1.0, 0.01);
}

TEST(Config, RefusesAMissingOrWrongLogo) {
    Config c;
    c.share_dir = LOCALOFFER_SOURCE_DIR;
    c.site.logo_file = "/nonexistent/logo.png";
    EXPECT_EQ(error_of([&] { validate(c); }),
              "The logo file /nonexistent/logo.png does not exist. Check the path in the logo "
              "setting.");
    c.site.logo_file = std::string(LOCALOFFER_SOURCE_DIR) + "/README.md";
    EXPECT_EQ(error_of([&] { validate(c); }),
              "The logo must be a PNG, JPEG or SVG file, not README.md.");
}

}  // namespace
}  // namespace lo::app

namespace lo::app {
namespace {

TEST(Config, EmailAndReviewSettings) {
    Config c;
    c.share_dir = LOCALOFFER_SOURCE_DIR;
    EXPECT_FALSE(c.smtp.configured());
    EXPECT_TRUE(c.smtp.starttls);
    EXPECT_EQ(c.review_escalation_weeks, 4);
    apply_setting(c, "smtp_host", "smtp.council.example");
    apply_setting(c, "smtp_port", "2525");
    apply_setting(c, "smtp_starttls", "off");
    apply_setting(c, "review_escalation_weeks", "6");
    apply_setting(c, "review_reminders", "no");
    EXPECT_EQ(c.smtp.port, 2525);
    EXPECT_FALSE(c.smtp.starttls);
    EXPECT_EQ(c.review_escalation_weeks, 6);
    EXPECT_FALSE(c.review_reminders);
    // mail_from falls back to the Local Offer team's address.
    EXPECT_EQ(smtp_settings(c).from, c.site.contact_email);
    EXPECT_NO_THROW(validate(c));

    EXPECT_EQ(error_of([&] { apply_setting(c, "smtp_starttls", "maybe"); }),
              "The setting smtp_starttls must be on or off, not \"maybe\".");
    EXPECT_EQ(error_of([&] { apply_setting(c, "review_escalation_weeks", "0"); }),
              "The setting review_escalation_weeks must be a whole number from 1 to 52 weeks, not "
              "\"0\".");
    EXPECT_EQ(error_of([&] { apply_setting(c, "smtp_password_file", "/nonexistent/secret"); }),
              "Could not read the file /nonexistent/secret named by smtp_password_file. Check the "
              "path and that this user may read it.");
    apply_setting(c, "mail_from", "not an address");
    EXPECT_EQ(error_of([&] { validate(c); }),
              "mail_from \"not an address\" is not an e-mail address. Use one like "
              "localoffer@council.gov.uk.");
    apply_setting(c, "mail_from", "lo@council.example");
    apply_setting(c, "smtp_username", "relay");
    EXPECT_EQ(error_of([&] { validate(c); }),
              "smtp_username is set but there is no password. Set smtp_password_file to a file "
              "holding it (or smtp_password).");
}

}  // namespace
}  // namespace lo::app
