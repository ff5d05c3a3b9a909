// Where settings come from besides the defaults: the settings file's lines and the environment.
// Both end in apply_setting (config.hpp), so a value means the same wherever it is written.
#pragma once

#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "app/config.hpp"

namespace lo::app {

// A settings-file line without its comment. A '#' starts a comment when it is the first thing on
// the line, or when a space or tab comes before it inside the value; so "brand_colour = #1d70b8"
// keeps its colour and "port = 8080  # the proxy's upstream" is 8080. A value that needs " #"
// in it can be given in the environment instead, where nothing is a comment.
std::string strip_comment(const std::string& line);

// The environment variable for a setting: LOCALOFFER_ and the name in capitals (LOCALOFFER_PORT).
std::string environment_name(const std::string& setting);

// Applies every LOCALOFFER_<SETTING> variable that is set (even to ""), taken as it is. Other
// LOCALOFFER_ variables are not settings and are left alone. Throws ConfigError naming the
// variable and the setting.
using GetEnv = std::function<const char*(const char*)>;
void read_environment(
    Config& config, const GetEnv& get = [](const char* n) { return std::getenv(n); });

// Of the environment's NAME=value entries (environ), the LOCALOFFER_ names that are neither a
// setting nor one of the few variables the program, its tests and benchmarks read for themselves
// (LOCALOFFER_BIN, LOCALOFFER_SEARCH_ANSWER_CACHE...). They are most likely a typing mistake
// (LOCALOFFER_PROT), which `serve` reports in one line; they are not refused, because a
// container's environment often carries variables meant for other tools.
std::vector<std::string> unknown_environment_names(const char* const* environment);

}  // namespace lo::app
