// /static/: safe paths only, content types, long caching for hashed names, ETag and 304.
#include "web/public/pages.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "http/error.hpp"

namespace lo::test {
namespace {

namespace fs = std::filesystem;

class StaticFileTest : public PublicSiteTest {
protected:
    StaticFileTest() {
        const fs::path dir = ctx_.static_dir;
        std::ofstream(dir / "robots.txt") << "User-agent: *\n";
        fs::create_directories(dir / "img");
        std::ofstream(dir / "img" / "logo.svg") << "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        std::ofstream(dir / "notes.md") << "not served";
        std::ofstream(dir / ".secret.txt") << "hidden";
        std::ofstream(dir_.path() / "outside.txt") << "outside";
        fs::create_symlink(dir_.path() / "outside.txt", dir / "link.txt");
    }

    http::Response call(const std::string& path, const std::string& if_none_match = {}) {
        auto req = http::make_request("GET", "/static/x");
        req.params["path"] = path;
        if (!if_none_match.empty()) req.headers.emplace_back("If-None-Match", if_none_match);
        try {
            return web::public_::static_file(ctx_, req);
        } catch (const http::HttpError& e) {
            http::Response res;
            res.status = e.status();
            return res;
        }
    }
};

TEST_F(StaticFileTest, ServesHashedFileWithLongCaching) {
    const auto res = get("/static/dist/app.0123abcd.css");
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "body { color: #0b0c0c; }\n");
    EXPECT_EQ(res.header("Content-Type"), "text/css; charset=utf-8");
    EXPECT_EQ(res.header("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(res.header("X-Content-Type-Options"), "nosniff");
    EXPECT_FALSE(res.header("ETag").empty());
}

TEST_F(StaticFileTest, UnhashedFilesGetAnHour) {
    const auto res = get("/static/robots.txt");
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(res.header("Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(res.header("Cache-Control"), "public, max-age=3600");
    const auto svg = get("/static/img/logo.svg");
    ASSERT_EQ(svg.status, 200);
    EXPECT_EQ(svg.header("Content-Type"), "image/svg+xml");
}

TEST_F(StaticFileTest, ETagGives304) {
    const auto first = get("/static/robots.txt");
    const auto etag = std::string(first.header("ETag"));
    ASSERT_EQ(etag.front(), '"');
    const std::vector<std::string> headers = {etag, "W/" + etag, "\"other\", " + etag, "*"};
    for (const auto& header : headers) {
        const auto res = get("/static/robots.txt", {{"If-None-Match", header}});
        EXPECT_EQ(res.status, 304) << header;
        EXPECT_TRUE(res.body.empty());
        EXPECT_EQ(res.header("ETag"), etag);
    }
    EXPECT_EQ(get("/static/robots.txt", {{"If-None-Match", "\"stale\""}}).status, 200);
}

TEST_F(StaticFileTest, TraversalAndOddPathsAreRefused) {
    // Through the request parser: ".." segments never reach the handler.
    for (const char* target : {"/static/../CMakeLists.txt", "/static/%2e%2e/CMakeLists.txt",
                               "/static/%2E%2E/%2e%2e/etc/passwd", "/static/dist/%00.css"}) {
        const auto res = get(target);
        EXPECT_GE(res.status, 400) << target;
        EXPECT_LT(res.status, 500) << target;
        EXPECT_EQ(res.body.find("cmake_minimum_required"), std::string::npos) << target;
    }
    // Straight to the handler, as if a decoded path slipped through.
    const std::vector<std::string> paths = {"../CMakeLists.txt",
                                            "../../etc/passwd",
                                            "/etc/passwd",
                                            "dist/../../outside.txt",
                                            "..",
                                            "./robots.txt",
                                            "dist//app.0123abcd.css",
                                            std::string("robots.txt\0.css", 15),
                                            "dist\\..\\..\\outside.txt",
                                            ".secret.txt",
                                            "link.txt",
                                            "dist",
                                            "dist/",
                                            "",
                                            "notes.md",
                                            "missing.css",
                                            "dist/manifest.json"};
    for (const auto& path : paths) {
        EXPECT_EQ(call(path).status, 404) << path;
    }
    EXPECT_EQ(call("robots.txt").status, 200);
}

}  // namespace
}  // namespace lo::test
