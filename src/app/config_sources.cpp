// Settings from the file's lines and from the environment (config_sources.hpp).
#include "app/config_sources.hpp"

#include <cctype>
#include <cstdlib>

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

}  // namespace lo::app
