// A small HTTP(S) client for the harvester and for single sign-on: GET (or POST a form to) one URL
// with an overall time limit, a size limit, a bounded number of redirects, gzip when asked, and
// https with certificate verification against the system's CA store (and SNI). Plain C++ in the
// header; Boost.Beast and OpenSSL stay in client.cpp, as with server.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace lo::http {

struct FetchOptions {
    std::chrono::milliseconds timeout{30'000};  // for the whole fetch, redirects included
    std::size_t max_bytes = 64 * 1024 * 1024;   // of the body, after decompression
    int max_redirects = 5;
    bool gzip = true;  // send Accept-Encoding: gzip and inflate a gzip answer
    std::string accept = "application/json";
    std::string user_agent = "localoffer-harvest/1.0";
    // A POST of form_body (application/x-www-form-urlencoded) instead of a GET, for an OpenID
    // provider's token endpoint. A POST never follows redirects: its answer is returned as it is.
    bool post_form = false;
    std::string form_body;
    std::string authorization;  // the Authorization header's value, when not empty
};

struct FetchResult {
    int status = 0;
    std::string body;
    std::string content_type;
    std::string url;       // the URL that answered, after any redirects
    std::string location;  // the Location header resolved against url, when there was one
};

// The fetch could not be made: a bad URL, a name that does not resolve, a refused connection, a
// certificate that does not verify, a time-out, an answer too large or not HTTP. The message is
// one plain-English sentence or two naming the host or URL.
class FetchError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The parts of an http or https URL. Throws FetchError for anything else.
struct ParsedUrl {
    std::string scheme;             // "http" or "https"
    std::string host;               // without brackets for IPv6
    std::string port;               // always set: the default for the scheme when the URL has none
    std::string target;             // path and query, at least "/"
    std::string authority() const;  // host[:port] as written for messages and the Host header
};
ParsedUrl parse_url(const std::string& url);

// Resolves a Location header against the URL that sent it.
std::string resolve_location(const std::string& base, const std::string& location);

// GETs url. Any HTTP status is returned (the caller decides what a 404 means); redirects
// (301, 302, 303, 307, 308) are followed up to max_redirects. Throws FetchError.
FetchResult fetch(const std::string& url, const FetchOptions& options = {});

}  // namespace lo::http
