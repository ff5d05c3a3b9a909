// Cookie header parsing and the session cookie's attributes.
#include "auth/cookies.hpp"

namespace lo::auth {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string attributes(Transport transport) {
    std::string out = "; Path=/; HttpOnly; SameSite=Lax";
    if (transport == Transport::Tls) out += "; Secure";
    return out;
}

}  // namespace

std::string session_cookie_name(Transport transport) {
    return transport == Transport::Tls ? "__Host-lo_session" : "lo_session";
}

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto end = header.find(';');
        const auto pair = trim(header.substr(0, end));
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) {
            auto value = trim(pair.substr(eq + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            return std::string(value);
        }
        if (end == std::string_view::npos) break;
        header.remove_prefix(end + 1);
    }
    return {};
}

bool holds_only_cookie(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto end = header.find(';');
        const auto pair = trim(header.substr(0, end));
        if (!pair.empty() && trim(pair.substr(0, pair.find('='))) != name) return false;
        if (end == std::string_view::npos) break;
        header.remove_prefix(end + 1);
    }
    return true;
}

std::string session_cookie(std::string_view session_id, Transport transport) {
    return session_cookie_name(transport) + "=" + std::string(session_id) + attributes(transport);
}

std::string cleared_session_cookie(Transport transport) {
    return session_cookie_name(transport) + "=" + attributes(transport) +
           "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
}

}  // namespace lo::auth
