// Tests for http/router.hpp: matching, params, 404/405, HEAD, and exceptions -> error responses.
#include "http/router.hpp"

#include <regex>
#include <stdexcept>

#include <gtest/gtest.h>

#include "http/error.hpp"

namespace lo::http {
namespace {

Handler says(std::string text) {
    return [text](const Request&) { return Response::text(text); };
}

Handler echo_param(std::string name) {
    return [name](const Request& req) { return Response::text(req.param(name)); };
}

Response get(const Router& router, std::string_view target, std::string_view method = "GET") {
    return router.dispatch(make_request(method, target));
}

TEST(Router, LiteralBeatsParamWhateverTheOrder) {
    Router router;
    router.get("/services/{id}", says("show"));
    router.get("/services/new", says("new form"));
    EXPECT_EQ(get(router, "/services/new").body, "new form");
    EXPECT_EQ(get(router, "/services/12").body, "show");
}

// Metrics label requests by the pattern that answered, never by the raw path (app/metrics.hpp).
TEST(Router, TheResponseNamesThePatternThatAnswered) {
    Router router;
    router.get("/services/{id}", says("show"));
    EXPECT_EQ(get(router, "/services/12").route, "/services/{id}");
    EXPECT_EQ(get(router, "/services/12", "HEAD").route, "/services/{id}");
    EXPECT_EQ(get(router, "/nowhere").route, "");
}

TEST(Router, LeftmostLiteralWins) {
    Router router;
    router.get("/a/{x}/c", says("param first"));
    router.get("/a/b/{y}", says("literal first"));
    EXPECT_EQ(get(router, "/a/b/c").body, "literal first");
}

TEST(Router, ParamsAreDecodedAndSlashEscapesStayInOneSegment) {
    Router router;
    router.get("/services/{slug}", echo_param("slug"));
    EXPECT_EQ(get(router, "/services/caf%C3%A9").body, "café");
    EXPECT_EQ(get(router, "/services/a%2Fb").body, "a/b");
    EXPECT_EQ(get(router, "/services/a%20b").body, "a b");
}

TEST(Router, MultipleParams) {
    Router router;
    router.get("/organisations/{org}/services/{id}", [](const Request& req) {
        return Response::text(req.param("org") + ":" + req.param("id"));
    });
    EXPECT_EQ(get(router, "/organisations/7/services/42").body, "7:42");
}

TEST(Router, CatchAllTakesTheRestOfThePath) {
    Router router;
    router.get("/static/{*path}", echo_param("path"));
    router.get("/static/robots.txt", says("robots"));
    EXPECT_EQ(get(router, "/static/css/site.css").body, "css/site.css");
    EXPECT_EQ(get(router, "/static/img/a%20b.png").body, "img/a b.png");
    EXPECT_EQ(get(router, "/static/").body, "");
    EXPECT_EQ(get(router, "/static/robots.txt").body, "robots");
    EXPECT_EQ(get(router, "/static").status, 404);
}

TEST(Router, RootAndTrailingSlashAreDistinct) {
    Router router;
    router.get("/", says("home"));
    router.get("/search", says("search"));
    EXPECT_EQ(get(router, "/").body, "home");
    EXPECT_EQ(get(router, "/search").body, "search");
    EXPECT_EQ(get(router, "/search/").status, 404);
}

TEST(Router, NoPathMatchIs404) {
    Router router;
    router.get("/services", says("list"));
    const Response res = get(router, "/nowhere");
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(res.body,
              "We could not find a page at this address. Check it for mistakes, or start again "
              "from the home page.\n");
}

TEST(Router, OtherMethodsOnlyIs405WithAllow) {
    Router router;
    router.get("/services/{id}", says("show"));
    router.post("/services/{id}", says("update"));
    router.add(Method::Delete, "/services/{id}", says("archive"));
    const Response res = get(router, "/services/3", "PUT");
    EXPECT_EQ(res.status, 405);
    EXPECT_EQ(res.header("Allow"), "GET, HEAD, POST, DELETE");
    EXPECT_EQ(get(router, "/services/3", "POST").body, "update");
    EXPECT_EQ(get(router, "/services/3", "PROPFIND").status, 405);
}

TEST(Router, HeadFallsBackToGetWithoutBodyButWithLength) {
    Router router;
    router.get("/page", says("twelve bytes"));
    const Response res = get(router, "/page", "HEAD");
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "");
    EXPECT_EQ(res.header("Content-Length"), "12");
    EXPECT_EQ(res.header("Content-Type"), "text/plain; charset=utf-8");
}

TEST(Router, ExplicitHeadRouteWins) {
    Router router;
    router.get("/page", says("from get"));
    router.add(Method::Head, "/page", [](const Request&) {
        Response res = Response::text("");
        res.set_header("X-Head", "yes");
        return res;
    });
    EXPECT_EQ(get(router, "/page", "HEAD").header("X-Head"), "yes");
}

TEST(Router, HeadOfMissingPageIs404WithoutBody) {
    Router router;
    const Response res = get(router, "/missing", "HEAD");
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(res.body, "");
}

TEST(Router, HttpErrorGoesThroughTheRendererWithItsPublicMessage) {
    Router router;
    router.get("/admin", [](const Request&) -> Response {
        throw HttpError(403, "You need to sign in as an editor.", "no session cookie");
    });
    router.set_error_renderer([](const Request& req, int status, const std::string& message,
                                 const std::string& error_id) {
        const bool api = req.path.rfind("/api/", 0) == 0;
        Response res = api ? Response::json("{\"error\":\"" + message + "\"}")
                           : Response::html("<p>" + message + "</p>");
        res.set_header("X-Error-Id", error_id.empty() ? "none" : error_id);
        (void)status;  // the router sets the status whatever the renderer returns
        return res;
    });
    testing::internal::CaptureStderr();
    const Response res = get(router, "/admin");
    const std::string log = testing::internal::GetCapturedStderr();
    EXPECT_EQ(res.status, 403);
    EXPECT_EQ(res.body, "<p>You need to sign in as an editor.</p>");
    EXPECT_EQ(res.header("X-Error-Id"), "none");
    EXPECT_NE(log.find("no session cookie"), std::string::npos) << log;
    EXPECT_EQ(res.body.find("no session cookie"), std::string::npos);
}

TEST(Router, RendererDecidesJsonForApiPaths) {
    Router router;
    router.set_error_renderer(
        [](const Request& req, int, const std::string& message, const std::string&) {
            if (req.path.rfind("/api/", 0) == 0) return Response::json("{\"message\":\"x\"}");
            return Response::html(message);
        });
    EXPECT_EQ(get(router, "/api/v1/nothing").header("Content-Type"), "application/json");
    EXPECT_EQ(get(router, "/nothing").header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(get(router, "/api/v1/nothing").status, 404);
}

TEST(Router, ThrowingHandlerBecomes500WithIdButNotTheExceptionText) {
    Router router;
    router.get("/boom", [](const Request&) -> Response {
        throw std::runtime_error("SQLITE_CORRUPT: database disk image is malformed");
    });
    testing::internal::CaptureStderr();
    const Response res = get(router, "/boom?token=secret123");
    const std::string log = testing::internal::GetCapturedStderr();

    EXPECT_EQ(res.status, 500);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(res.body, m, std::regex("Error ID: ([0-9a-f]{8})"))) << res.body;
    const std::string id = m[1];
    EXPECT_EQ(res.body.find("SQLITE"), std::string::npos);
    EXPECT_NE(res.body.find(kInternalErrorMessage), std::string::npos);

    // The log line links the id to the cause and the request, without the query string.
    EXPECT_NE(log.find("error " + id + " \"GET /boom\": SQLITE_CORRUPT"), std::string::npos) << log;
    EXPECT_EQ(log.find("secret123"), std::string::npos) << log;
}

TEST(Router, RendererGetsTheErrorIdFor500s) {
    Router router;
    router.get("/boom", [](const Request&) -> Response { throw 42; });  // not even std::exception
    std::string seen_id;
    router.set_error_renderer(
        [&](const Request&, int status, const std::string&, const std::string& error_id) {
            seen_id = error_id;
            return Response::html("<p>error " + error_id + "</p>", status);
        });
    testing::internal::CaptureStderr();
    const Response res = get(router, "/boom");
    testing::internal::GetCapturedStderr();
    EXPECT_EQ(res.status, 500);
    EXPECT_TRUE(std::regex_match(seen_id, std::regex("[0-9a-f]{8}"))) << seen_id;
    EXPECT_EQ(res.body, "<p>error " + seen_id + "</p>");
}

TEST(Router, ThrowingRendererFallsBackToPlainText) {
    Router router;
    router.set_error_renderer(
        [](const Request&, int, const std::string&, const std::string&) -> Response {
            throw std::runtime_error("template missing");
        });
    testing::internal::CaptureStderr();
    const Response res = get(router, "/missing");
    const std::string log = testing::internal::GetCapturedStderr();
    EXPECT_EQ(res.status, 404);
    EXPECT_EQ(res.header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_NE(log.find("template missing"), std::string::npos);
}

TEST(Router, RefusesBadPatterns) {
    Router router;
    EXPECT_THROW(router.get("services", says("x")), std::invalid_argument);
    EXPECT_THROW(router.get("/static/{*path}/more", says("x")), std::invalid_argument);
    EXPECT_THROW(router.get("/a/{}", says("x")), std::invalid_argument);
    EXPECT_THROW(router.get("/a/x{id}", says("x")), std::invalid_argument);
    EXPECT_THROW(router.get("/a", Handler{}), std::invalid_argument);
    EXPECT_THROW(router.add(Method::Other, "/a", says("x")), std::invalid_argument);
    router.get("/services/{id}", says("x"));
    EXPECT_THROW(router.get("/services/{slug}", says("y")), std::invalid_argument);
    EXPECT_NO_THROW(router.post("/services/{id}", says("z")));
}

TEST(Router, WorksOnHandBuiltRequestsWithoutTarget) {
    Router router;
    router.get("/services/{id}", echo_param("id"));
    Request req;
    req.path = "/services/7";
    EXPECT_EQ(router.dispatch(req).body, "7");
}

}  // namespace
}  // namespace lo::http
