// Percent-encoding, query strings and UTF-8 checks for request targets and form bodies.
// Everything here is pure: no allocation beyond the returned strings, no exceptions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lo::http {

// Decodes %XX escapes (either hex case). Returns nullopt when a '%' is not followed by two hex
// digits. '+' becomes a space only when plus_as_space is set: that rule belongs to query strings
// and form bodies, never to paths.
std::optional<std::string> percent_decode(std::string_view in, bool plus_as_space);

// Encodes everything except RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~), so the result is
// safe in a path segment or a query value.
std::string percent_encode(std::string_view in);

// Splits "a=1&b=&a=2" into ordered, decoded pairs ('+' is a space). A key without '=' gets an empty
// value; empty pieces ("a=1&&b=2") are skipped. Returns nullopt on malformed percent-encoding or if
// a decoded key or value is not valid UTF-8, so handlers can trust every string they get.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view qs);

// Strict UTF-8: rejects overlong forms, UTF-16 surrogates (U+D800..U+DFFF), code points above
// U+10FFFF and truncated sequences.
bool is_valid_utf8(std::string_view s);

// The still-encoded path of a request-target: "/a%20b?q=1" gives "/a%20b", and the absolute form
// "http://host/a?q" gives "/a" ("/" if it has no path). Used where the raw bytes matter: the
// router splits on '/' before decoding, and the access log must not show the query.
std::string_view target_path(std::string_view target);

}  // namespace lo::http
