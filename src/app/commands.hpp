// The CLI's commands, each returning a process exit code. main.cpp parses arguments into a
// Config and calls one of these; they print one plain-English line per outcome.
#pragma once

#include <string>

#include "app/config.hpp"

namespace lo::app {

int serve(const Config& config);
int migrate(const Config& config);
int demo_load(const Config& config);
int check(const Config& config);
int backup(const Config& config, const std::string& destination);

}  // namespace lo::app
