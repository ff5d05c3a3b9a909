// Request: what a handler sees of an HTTP request, already decoded and checked.
// Plain C++ so handlers and their tests never include Boost.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lo::http {

enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Other };

struct Request {
    Method method = Method::Get;
    std::string target;  // raw request-target, e.g. "/search?q=salt"
    std::string path;    // percent-decoded path, no query
    std::vector<std::pair<std::string, std::string>> query;    // decoded, '+' is space, in order
    std::vector<std::pair<std::string, std::string>> headers;  // as received
    std::string body;
    std::string remote_address;   // the client: the peer, or what a trusted proxy says it is
    std::string scheme = "http";  // "https" when a trusted proxy says so (trusted_proxies.hpp)
    std::map<std::string, std::string> params;  // path parameters filled by the Router ("{id}")

    std::optional<std::string> query_value(std::string_view name) const;  // first value
    std::vector<std::string> query_values(std::string_view name) const;   // all values
    // Case-insensitive; the first one if repeated; "" if absent.
    std::string_view header(std::string_view name) const;
    // Parses an application/x-www-form-urlencoded body into ordered pairs. Throws HttpError 400
    // on malformed percent-encoding or text that is not UTF-8.
    std::vector<std::pair<std::string, std::string>> form() const;
    std::string param(std::string_view name) const;  // path parameter or ""
};

// Reading a parsed form (Request::form()): the first value of a field, or "" when absent; and
// every non-empty value of a repeated field (checkboxes, multiple selects).
using FormFields = std::vector<std::pair<std::string, std::string>>;
std::string form_value(const FormFields& form, std::string_view name);
std::vector<std::string> form_values(const FormFields& form, std::string_view name);

// "GET" -> Method::Get. Methods are case-sensitive (RFC 9110 section 9.1), so "get" is Other.
Method parse_method(std::string_view method);
std::string_view method_name(Method method);  // "GET", ..., "OTHER"

// Builds a Request from the method and the raw request-target (origin form "/a?b" or absolute form
// "http://host/a?b"). Throws HttpError(400) with a plain-English public message if the target does
// not start with '/', has malformed percent-encoding, or its decoded path contains NUL, is not
// valid UTF-8 or has a ".." segment; or if the query is malformed or not UTF-8.
Request make_request(std::string_view method, std::string_view target);

}  // namespace lo::http
