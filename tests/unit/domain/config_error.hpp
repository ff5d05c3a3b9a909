// What a settings test expects to be refused: the ConfigError's message, or "(no error)".
#pragma once

#include <functional>
#include <string>

#include "app/config.hpp"

namespace lo::app {

inline std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace lo::app
