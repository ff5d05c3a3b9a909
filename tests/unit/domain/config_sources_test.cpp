// Settings from the file and the environment: comments, '#' inside values, LOCALOFFER_<SETTING>
// variables, and the reference page (docs/configuration.md) that must list every setting.
#include "app/config_sources.hpp"
#include "config_error.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace lo::app {
namespace {

// A settings file named per process and per file, so two checkouts running their tests at once
// (and two files in one test) never share one.
struct SettingsFile {
    inline static int count = 0;
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("localoffer-config-sources-" + std::to_string(::getpid()) + "-" +
                                  std::to_string(++count) + ".conf");
    explicit SettingsFile(const std::string& text) { std::ofstream(path) << text; }
    ~SettingsFile() { std::filesystem::remove(path); }
};

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(ConfigFile, AHashStartsACommentOnlyAtTheStartOrAfterASpaceInTheValue) {
    EXPECT_EQ(strip_comment("# a comment"), "");
    EXPECT_EQ(strip_comment("   # indented comment"), "");
    EXPECT_EQ(strip_comment("port = 8080  # the proxy's upstream"), "port = 8080  ");
    EXPECT_EQ(strip_comment("brand_colour = #1d70b8"), "brand_colour = #1d70b8");
    EXPECT_EQ(strip_comment("brand_colour = #1d70b8\t# GOV.UK blue"), "brand_colour = #1d70b8\t");
    EXPECT_EQ(strip_comment("base_url = https://example.gov.uk/#top"),
              "base_url = https://example.gov.uk/#top");
    EXPECT_EQ(strip_comment("smtp_password = pa#ss#"), "smtp_password = pa#ss#");
}

TEST(ConfigFile, KeepsAColourAndDropsATrailingComment) {
    SettingsFile file(
        "# Oxfordshire\nbrand_colour = #1d70b8   # GOV.UK blue\nport = 8081 # upstream\n");
    Config c;
    read_config_file(file.path.string(), c);
    EXPECT_EQ(c.site.brand_colour, "#1d70b8");
    EXPECT_EQ(c.port, 8081);
}

TEST(ConfigFile, ABadValueAnUnknownSettingAndAWrongTypeNameTheFileAndLine) {
    Config c;
    SettingsFile colour("port = 8080\nbrand_colour = #ffcc00\n");
    EXPECT_EQ(error_of([&] { read_config_file(colour.path.string(), c); }),
              colour.path.string() +
                  " line 2: The brand colour #ffcc00 gives the white header text a contrast of "
                  "only 1.5:1; WCAG AA needs at least 4.5:1. Choose a darker colour.");
    SettingsFile unknown("\nprot = 8080\n");
    const auto prefix =
        unknown.path.string() + " line 2: Unknown setting \"prot\". Known settings: ";
    EXPECT_EQ(
        error_of([&] { read_config_file(unknown.path.string(), c); }).substr(0, prefix.size()),
        prefix);
    SettingsFile proxies("trusted_proxies = 127.0.0.1, 10.0.0.0/40\n");
    EXPECT_EQ(error_of([&] { read_config_file(proxies.path.string(), c); }),
              proxies.path.string() +
                  " line 1: The setting trusted_proxies: \"10.0.0.0/40\" is not an address or "
                  "network. List IPv4 or IPv6 addresses or networks, like 127.0.0.1, ::1, "
                  "10.0.0.0/8 or fd00::/8, separated by commas.");
    SettingsFile type("threads = two # a comment\n");
    EXPECT_EQ(
        error_of([&] { read_config_file(type.path.string(), c); }),
        type.path.string() +
            " line 1: The setting threads must be a whole number from 1 to 256, not \"two\".");
}

TEST(ConfigEnvironment, EverySettingHasAVariableAndTheVariableWinsOverTheFile) {
    EXPECT_EQ(environment_name("port"), "LOCALOFFER_PORT");
    EXPECT_EQ(environment_name("smtp_password_file"), "LOCALOFFER_SMTP_PASSWORD_FILE");
    const std::map<std::string, std::string> env = {
        {"LOCALOFFER_PORT", "9091"},
        {"LOCALOFFER_COUNCIL_NAME", "Oxfordshire # County Council"},
        {"LOCALOFFER_SMTP_STARTTLS", "off"},
        {"LOCALOFFER_BIN", "/not/a/setting"},  // test tools' own variables are left alone
    };
    const GetEnv get = [&](const char* n) {
        const auto it = env.find(n);
        return it == env.end() ? nullptr : it->second.c_str();
    };
    Config c;
    apply_setting(c, "port", "8080");
    read_environment(c, get);
    EXPECT_EQ(c.port, 9091);
    EXPECT_EQ(c.site.council_name, "Oxfordshire # County Council");  // taken as it is
    EXPECT_FALSE(c.smtp.starttls);
}

TEST(ConfigEnvironment, AMistypedVariableIsFoundAndToolsOwnVariablesAreNot) {
    const char* const environment[] = {"PATH=/usr/bin",
                                       "LOCALOFFER_PORT=8080",
                                       "LOCALOFFER_PROT=8080",
                                       "LOCALOFFER_BIN=/work/build/localoffer",
                                       "LOCALOFFER_SEARCH_ANSWER_CACHE=off",
                                       "LOCALOFFER_COUNCIL_NAME=A = B",
                                       "LOCALOFFER_CONCIL_NAME",
                                       "localoffer_port=1",
                                       nullptr};
    EXPECT_EQ(unknown_environment_names(environment),
              (std::vector<std::string>{"LOCALOFFER_PROT", "LOCALOFFER_CONCIL_NAME"}));
    const char* const none[] = {nullptr};
    EXPECT_TRUE(unknown_environment_names(none).empty());
}

TEST(ConfigEnvironment, ABadValueNamesTheVariable) {
    const auto only = [](const char* name, const char* value) -> GetEnv {
        return [=](const char* n) { return std::string(n) == name ? value : nullptr; };
    };
    Config c;
    EXPECT_EQ(error_of([&] { read_environment(c, only("LOCALOFFER_THREADS", "lots")); }),
              "The environment variable LOCALOFFER_THREADS: The setting threads must be a whole "
              "number from 1 to 256, not \"lots\".");
    EXPECT_EQ(error_of([&] { read_environment(c, only("LOCALOFFER_BRAND_COLOUR", "green")); }),
              "The environment variable LOCALOFFER_BRAND_COLOUR: The setting brand_colour must "
              "be a colour like #00594f (a # and six hex digits), not \"green\".");
    EXPECT_EQ(c.threads, 2);
}

TEST(ConfigReference, DocsConfigurationListsEverySettingTheCodeKnows) {
    const auto source = std::filesystem::path(LOCALOFFER_SOURCE_DIR);
    const auto page = read_text(source / "docs/configuration.md");
    ASSERT_FALSE(page.empty()) << "docs/configuration.md is missing";
    const auto known = known_settings();
    for (const auto& setting : known)
        EXPECT_NE(page.find("\n| `" + setting + "` |"), std::string::npos)
            << "docs/configuration.md has no row for the setting " << setting
            << ": add one (default, what it does, an example)";
    // Every name apply_setting accepts is in known_settings(), so none is left out above.
    std::string code;
    for (const char* file :
         {"config.cpp", "privacy_config.cpp", "map_config.cpp", "sso_config.cpp"})
        code += read_text(source / "src/app" / file);
    const std::set<std::string> listed(known.begin(), known.end());
    const std::regex accepted(R"re(key == "([a-z0-9_]+)")re");
    for (auto it = std::sregex_iterator(code.begin(), code.end(), accepted);
         it != std::sregex_iterator(); ++it) {
        const auto name = (*it)[1].str();
        EXPECT_TRUE(listed.count(name))
            << name
            << " is accepted by a setting reader in src/app but missing from kKnownSettings in "
               "config.cpp";
    }
}

}  // namespace
}  // namespace lo::app
