// Route table, pattern matching, and the translation of handler exceptions into error pages.
#include "http/router.hpp"

#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "http/compress.hpp"
#include "http/error.hpp"
#include "http/log.hpp"
#include "http/url.hpp"

namespace lo::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    // The leading '/' is dropped, so "/" is one empty segment and "/a/" is {"a", ""}.
    path.remove_prefix(1);
    std::vector<std::string_view> segments;
    while (true) {
        const std::size_t slash = path.find('/');
        segments.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return segments;
}

struct Match {
    std::vector<int> ranks;  // one per pattern segment; lower is more specific
    std::map<std::string, std::string> params;
};

}  // namespace

void Router::get(std::string pattern, Handler h) {
    add(Method::Get, std::move(pattern), std::move(h));
}

void Router::post(std::string pattern, Handler h) {
    add(Method::Post, std::move(pattern), std::move(h));
}

void Router::add(Method m, std::string pattern, Handler h) {
    if (m == Method::Other) throw std::invalid_argument("cannot route Method::Other: " + pattern);
    if (!h) throw std::invalid_argument("empty handler for route " + pattern);
    if (pattern.empty() || pattern.front() != '/') {
        throw std::invalid_argument("route pattern must start with '/': \"" + pattern + "\"");
    }
    Route route{m, pattern, {}, std::move(h)};
    const auto parts = split_path(pattern);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string_view part = parts[i];
        if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
            std::string_view name = part.substr(1, part.size() - 2);
            SegmentKind kind = SegmentKind::Param;
            if (!name.empty() && name.front() == '*') {
                kind = SegmentKind::CatchAll;
                name.remove_prefix(1);
                if (i + 1 != parts.size()) {
                    throw std::invalid_argument("{*" + std::string(name) +
                                                "} must be the last segment of " + pattern);
                }
            }
            if (name.empty()) throw std::invalid_argument("unnamed parameter in " + pattern);
            route.segments.push_back({kind, std::string(name)});
        } else if (part.find_first_of("{}") != std::string_view::npos) {
            throw std::invalid_argument("a parameter must be a whole segment: " + pattern);
        } else {
            route.segments.push_back({SegmentKind::Literal, std::string(part)});
        }
    }
    for (const Route& existing : routes_) {
        if (existing.method != m || existing.segments.size() != route.segments.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < route.segments.size() && same; ++i) {
            const Segment& a = existing.segments[i];
            const Segment& b = route.segments[i];
            same = a.kind == b.kind && (a.kind != SegmentKind::Literal || a.text == b.text);
        }
        if (same) {
            throw std::invalid_argument("route " + pattern + " clashes with " + existing.pattern);
        }
    }
    routes_.push_back(std::move(route));
}

void Router::set_error_renderer(ErrorRenderer r) {
    error_renderer_ = std::move(r);
}

Response Router::route(Request& req) const {
    // Split the still-encoded path so that "%2F" stays inside one parameter instead of
    // becoming a separator. A Request built by hand in a test may have no target; use its path.
    const std::string_view raw =
        req.target.empty() ? std::string_view(req.path) : target_path(req.target);
    if (raw.empty() || raw.front() != '/') {
        throw HttpError(400, "The web address must start with \"/\".");
    }
    std::vector<std::string> segments;
    for (const std::string_view part : split_path(raw)) {
        auto decoded = req.target.empty() ? std::optional<std::string>(std::string(part))
                                          : percent_decode(part, false);
        if (!decoded) {
            throw HttpError(400,
                            "The web address contains a \"%\" that is not followed by two "
                            "hexadecimal digits.");
        }
        segments.push_back(std::move(*decoded));
    }

    auto match = [&](const Route& r) -> std::optional<Match> {
        Match m;
        for (std::size_t i = 0; i < r.segments.size(); ++i) {
            const Segment& seg = r.segments[i];
            if (i >= segments.size()) return std::nullopt;
            m.ranks.push_back(static_cast<int>(seg.kind));
            if (seg.kind == SegmentKind::Literal) {
                if (seg.text != segments[i]) return std::nullopt;
            } else if (seg.kind == SegmentKind::Param) {
                m.params[seg.text] = segments[i];
            } else {
                std::string rest = segments[i];
                for (std::size_t k = i + 1; k < segments.size(); ++k) rest += '/' + segments[k];
                m.params[seg.text] = std::move(rest);
                return m;
            }
        }
        if (r.segments.size() != segments.size()) return std::nullopt;
        return m;
    };

    // Best match among the routes for one method; nullptr if none.
    auto best_for = [&](Method method, Match& best_match) -> const Route* {
        const Route* best = nullptr;
        for (const Route& r : routes_) {
            if (r.method != method) continue;
            auto m = match(r);
            if (m && (best == nullptr || m->ranks < best_match.ranks)) {
                best = &r;
                best_match = std::move(*m);
            }
        }
        return best;
    };

    Match found;
    const Route* chosen = best_for(req.method, found);
    if (chosen == nullptr && req.method == Method::Head) chosen = best_for(Method::Get, found);
    if (chosen != nullptr) {
        req.params = std::move(found.params);
        auto res = chosen->handler(req);
        res.route = chosen->pattern;
        return res;
    }

    std::set<Method> allowed;  // ordered as the enum, so Allow reads GET, HEAD, POST, ...
    for (const Route& r : routes_) {
        if (match(r)) allowed.insert(r.method);
    }
    if (allowed.empty()) {
        return render_error(req, 404,
                            "We could not find a page at this address. Check it for mistakes, or "
                            "start again from the home page.",
                            "");
    }
    if (allowed.count(Method::Get) != 0) allowed.insert(Method::Head);  // GET routes answer HEAD
    std::string allow;
    for (const Method m : allowed) {
        if (!allow.empty()) allow += ", ";
        allow += method_name(m);
    }
    const std::string message =
        "This address does not accept that kind of request (HTTP method). It accepts: " + allow +
        ".";
    Response res = render_error(req, 405, message, "");
    res.set_header("Allow", allow);
    return res;
}

Response Router::render_error(const Request& req,
                              int status,
                              const std::string& message,
                              const std::string& error_id) const {
    Response res;
    bool rendered = false;
    if (error_renderer_) {
        try {
            res = error_renderer_(req, status, message, error_id);
            rendered = true;
        } catch (const std::exception& e) {
            log_error("error renderer failed for \"" +
                      describe_request(method_name(req.method), req.target) + "\": " + e.what());
        } catch (...) {
            log_error("error renderer failed for \"" +
                      describe_request(method_name(req.method), req.target) + "\"");
        }
    }
    if (!rendered) {
        std::string body = message;
        if (!error_id.empty()) body += "\n\nError ID: " + error_id;
        res = Response::text(std::move(body) + "\n", status);
    }
    res.status = status;
    return res;
}

Response Router::dispatch(Request req) const {
    const std::string what =
        describe_request(method_name(req.method), req.target.empty() ? req.path : req.target);
    Response res;
    try {
        res = route(req);
    } catch (const HttpError& e) {
        if (!e.log_detail().empty()) {
            log_error(std::to_string(e.status()) + " \"" + what + "\": " + e.log_detail());
        }
        res = render_error(req, e.status(), e.public_message(), "");
    } catch (const std::exception& e) {
        if (auto mapped = exception_mapper_ ? exception_mapper_(e) : std::nullopt) {
            log_error(std::to_string(mapped->status()) + " \"" + what + "\": " + e.what());
            res = render_error(req, mapped->status(), mapped->public_message(), "");
        } else {
            const std::string id = new_error_id();
            log_error("error " + id + " \"" + what + "\": " + e.what());
            res = render_error(req, 500, kInternalErrorMessage, id);
        }
    } catch (...) {
        const std::string id = new_error_id();
        log_error("error " + id + " \"" + what + "\": exception of unknown type");
        res = render_error(req, 500, kInternalErrorMessage, id);
    }

    if (req.method == Method::Head) {
        // HEAD must announce what GET would send, so the length outlives the body. GET's body is
        // compressed by the server when the client accepts gzip; do it here for HEAD, so its
        // Content-Encoding, Vary and Content-Length are GET's too. A streamed answer has no
        // length: the server sends its header (chunked) and no body.
        if (!res.stream) gzip_if_accepted(res, req.header("Accept-Encoding"));
        const bool bodiless = res.status < 200 || res.status == 204 || res.status == 304;
        if (!res.stream && !bodiless && res.header("Content-Length").empty()) {
            res.headers.emplace_back("Content-Length", std::to_string(res.body.size()));
        }
        res.body.clear();
    }
    return res;
}

}  // namespace lo::http
