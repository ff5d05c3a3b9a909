// Response: what a handler returns. The server adds Date, Content-Length and (when it pays) gzip.
// Plain C++ so handlers and their tests never include Boost.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lo::http {

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // For an answer too large to hold in memory (a full export): when set, body is ignored and
    // the server calls stream again and again, sending each piece as soon as it is written
    // (chunked), until it returns false. It runs on a server thread, one piece at a time, so
    // only one piece per answer is ever in memory; anything it owns is freed when the answer ends
    // or the client goes away. Set it through Response::streamed.
    std::function<bool(std::string& piece)> stream;
    // The pattern of the route that answered ("/services/{id}"), set by the Router; "" when no
    // route matched. For metrics, which must not label by raw paths.
    std::string route;

    // Replaces every existing header of that name (case-insensitive). Throws std::invalid_argument
    // if the name is not an HTTP token or the value holds CR, LF or NUL: a redirect built from
    // user input must not be able to inject headers.
    void set_header(std::string name, std::string value);
    // Appends without replacing, for headers that may repeat (Set-Cookie). Same checks.
    void add_header(std::string name, std::string value);
    // Case-insensitive; the first one if repeated; "" if absent.
    std::string_view header(std::string_view name) const;

    static Response html(std::string body, int status = 200);  // text/html; charset=utf-8
    static Response json(std::string body, int status = 200);  // application/json
    static Response text(std::string body, int status = 200);  // text/plain; charset=utf-8
    // 303 by default: after a POST the browser should GET the new page, not repeat the POST.
    // 200 with this Content-Type whose body comes from producer (see stream).
    static Response streamed(std::string content_type,
                             std::function<bool(std::string& piece)> producer);
    static Response redirect(std::string location, int status = 303);
};

// "Not Found" for 404; "Unknown" for codes outside the table.
std::string_view reason_phrase(int status);

bool is_valid_header_name(std::string_view name);    // an RFC 9110 token
bool is_valid_header_value(std::string_view value);  // no CR, LF or NUL

// IMF-fixdate for the Date header: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(std::chrono::system_clock::time_point when);

}  // namespace lo::http
