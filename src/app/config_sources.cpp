// Settings from the file's lines and from the environment (config_sources.hpp).
#include "app/config_sources.hpp"

#include <cctype>
#include <cstdlib>
#include <set>
#include <string_view>

namespace lo::app {

std::string strip_comment(const std::string& line) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') return {};
    // Inside "key = value", the value's own first character may be '#' (a colour); after that a
    // '#' that follows a space or tab starts a comment.
    const auto eq = line.find('=');
    auto from = eq == std::string::npos ? first : line.find_first_not_of(" \t", eq + 1);
    if (from == std::string::npos) return line;
    for (auto i = from + 1; i < line.size(); ++i)
        if (line[i] == '#' && (line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
    return line;
}

std::string environment_name(const std::string& setting) {
    std::string name = "LOCALOFFER_";
    for (const char ch : setting)
        name += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return name;
}

void read_environment(Config& config, const GetEnv& get) {
    for (const auto& setting : known_settings()) {
        const auto name = environment_name(setting);
        const char* value = get(name.c_str());
        if (value == nullptr) continue;
        try {
            apply_setting(config, setting, value);
            check_value(setting, value);
        } catch (const ConfigError& e) {
            throw ConfigError("The environment variable " + name + ": " + e.what());
        }
    }
}

std::vector<std::string> unknown_environment_names(const char* const* environment) {
    static const std::set<std::string, std::less<>> own = {"LOCALOFFER_BIN",
                                                           "LOCALOFFER_SHARE_DIR",
                                                           "LOCALOFFER_SOURCE_DIR",
                                                           "LOCALOFFER_ONLY_CORE",
                                                           "LOCALOFFER_PAGES",
                                                           "LOCALOFFER_CHROMIUM",
                                                           "LOCALOFFER_SANITIZE",
                                                           "LOCALOFFER_SEARCH_ANSWER_CACHE",
                                                           "LOCALOFFER_SEARCH_KEEP_SHARE",
                                                           "LOCALOFFER_SEARCH_FEEDBACK",
                                                           "LOCALOFFER_SEARCH_RANKING_CACHE"};
    std::set<std::string, std::less<>> settings;
    for (const auto& setting : known_settings()) settings.insert(environment_name(setting));
    std::vector<std::string> out;
    for (auto entry = environment; entry && *entry; ++entry) {
        const std::string_view text(*entry);
        const auto name = text.substr(0, text.find('='));
        if (name.starts_with("LOCALOFFER_") && !settings.contains(name) && !own.contains(name))
            out.emplace_back(name);
    }
    return out;
}

}  // namespace lo::app
