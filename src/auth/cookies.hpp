// The session cookie: reading it from a Cookie header and writing its Set-Cookie value.
#pragma once

#include <string>
#include <string_view>

namespace lo::auth {

enum class Transport { Plain, Tls };  // Tls when base_url is https://

// "__Host-lo_session" over TLS (the prefix makes the browser insist on Secure, Path=/ and no
// Domain), "lo_session" otherwise.
std::string session_cookie_name(Transport transport);

// The value of the named cookie in a Cookie request header, or "" when absent.
std::string cookie_value(std::string_view cookie_header, std::string_view name);
// Whether every cookie in a Cookie request header is the named one (true for no cookie at all):
// the page cache answers only such requests.
bool holds_only_cookie(std::string_view cookie_header, std::string_view name);

// Set-Cookie value for a session id: HttpOnly, SameSite=Lax, Path=/, Secure over TLS. No
// Max-Age: the browser forgets it when closed; the server enforces the timeouts.
std::string session_cookie(std::string_view session_id, Transport transport);
// Set-Cookie value that removes the session cookie.
std::string cleared_session_cookie(Transport transport);

}  // namespace lo::auth
