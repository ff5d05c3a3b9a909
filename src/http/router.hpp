// Router: maps method + path pattern to a handler, and is the one place where exceptions from
// handlers become error responses (HttpError -> its status; anything else -> 500 with an error id).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/error.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace lo::http {

using Handler = std::function<Response(const Request&)>;

// Renders an error page: the app decides HTML vs JSON (e.g. by path prefix /api/). error_id is
// non-empty only for 500s. Whatever status the renderer sets, the router sends `status`.
using ErrorRenderer = std::function<Response(
    const Request&, int status, const std::string& message, const std::string& error_id)>;

// The public message of every 500: the details stay in the log, found by the error id.
inline constexpr const char* kInternalErrorMessage =
    "Sorry, something went wrong on our side. Please try again. If it keeps happening, contact us "
    "and quote the error ID.";

class Router {
public:
    // Patterns are "/services/{id}" ({name} matches one path segment) or "/static/{*path}" ({*name}
    // matches the rest of the path, slashes included; it must be last). Parameter values are
    // percent-decoded. Where several patterns match, the one with a literal segment furthest left
    // wins, so "/services/new" beats "/services/{id}" whatever the order of registration.
    // Throws std::invalid_argument for a malformed pattern, Method::Other, an empty handler, or a
    // second route with the same method and pattern.
    void get(std::string pattern, Handler h);
    void post(std::string pattern, Handler h);
    void add(Method m, std::string pattern, Handler h);
    void set_error_renderer(ErrorRenderer r);
    // Turns an exception a handler let out into an HttpError (the store's full disk: 503), or
    // nullopt for the usual 500. Lets app/ map the store's failures without http/ knowing them.
    using ExceptionMapper = std::function<std::optional<HttpError>(const std::exception&)>;
    void set_exception_mapper(ExceptionMapper m) { exception_mapper_ = std::move(m); }

    // Matches method+path, fills req.params and calls the handler. HEAD falls back to GET with
    // the body dropped and Content-Length kept. No path match -> 404; a path that matches only
    // for other methods -> 405 with an Allow header. HttpError -> the renderer with its status
    // and public message (log_detail to stderr); any other exception -> 500 with a fresh 8-hex
    // error id, written to stderr with the exception text and the request's method and path
    // (never the query), and passed to the renderer, never the exception text. Never throws.
    Response dispatch(Request req) const;

private:
    enum class SegmentKind { Literal = 0, Param = 1, CatchAll = 2 };
    struct Segment {
        SegmentKind kind;
        std::string text;  // the literal, or the parameter name
    };
    struct Route {
        Method method;
        std::string pattern;
        std::vector<Segment> segments;
        Handler handler;
    };

    Response route(Request& req) const;
    Response render_error(const Request& req,
                          int status,
                          const std::string& message,
                          const std::string& error_id) const;

    std::vector<Route> routes_;
    ErrorRenderer error_renderer_;
    ExceptionMapper exception_mapper_;
};

}  // namespace lo::http
