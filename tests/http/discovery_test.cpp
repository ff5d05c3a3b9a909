// The sitemap of a large directory: beyond the protocol's 50,000 addresses per file, /sitemap.xml
// becomes an index of numbered files that together name exactly what one file would. The limit is
// made small here so that a few services show it; tests/e2e/discovery.test.mjs checks the
// one-file sitemap through the server.
#include "web/public/discovery.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "fixtures.hpp"
#include "http/error.hpp"

namespace lo::test {
namespace {

std::vector<std::string> all_of(const std::string& xml, const std::string& tag) {
    std::vector<std::string> out;
    const std::regex re("<" + tag + ">([^<]+)</" + tag + ">");
    for (std::sregex_iterator it(xml.begin(), xml.end(), re), end; it != end; ++it)
        out.push_back((*it)[1]);
    return out;
}

class SitemapTest : public PublicSiteTest {
protected:
    http::Response file(const std::string& name, int per_file) {
        http::Request req;
        req.path = "/sitemaps/" + name;
        req.params["file"] = name;
        return web::public_::sitemap_file(ctx_, req, per_file);
    }
    std::string sitemap(int per_file) {
        return web::public_::sitemap_xml(ctx_, http::Request{}, per_file).body;
    }
    int status_of(const std::string& name, int per_file) {
        try {
            return file(name, per_file).status;
        } catch (const http::HttpError& e) {
            return e.status();
        }
    }
};

TEST_F(SitemapTest, ALargeDirectoryIsAnIndexOfFilesThatNameWhatOneFileWould) {
    add_term("send-needs", "autism", "Autism");
    std::vector<std::string> listed;
    for (int i = 0; i < 23; ++i)
        listed.push_back(add_service({.name = "Service " + std::to_string(100 + i)}).id);
    const auto closed =
        add_service({.name = "Closed club", .status = domain::ServiceStatus::Defunct}).id;

    const auto whole = sitemap(web::public_::kSitemapMaxUrls);
    ASSERT_NE(whole.find("<urlset"), std::string::npos) << whole;
    const auto expected = all_of(whole, "loc");
    const auto lastmods = all_of(whole, "lastmod");
    ASSERT_GT(expected.size(), 30u);
    for (const auto& id : listed)
        EXPECT_NE(whole.find("/services/" + id + "</loc><lastmod>"), std::string::npos) << id;
    EXPECT_EQ(whole.find(closed), std::string::npos) << "an ended service is not listed";

    const int per_file = 7;
    const auto index = sitemap(per_file);
    ASSERT_NE(index.find("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"),
              std::string::npos)
        << index;
    const auto files = all_of(index, "loc");
    ASSERT_EQ(files.size(), (expected.size() + per_file - 1) / per_file);
    std::vector<std::string> named;
    std::vector<std::string> named_lastmods;
    for (std::size_t n = 1; n <= files.size(); ++n) {
        const auto name = std::to_string(n) + ".xml";
        EXPECT_EQ(files[n - 1], site_.base() + "/sitemaps/" + name);
        const auto res = file(name, per_file);
        ASSERT_EQ(res.status, 200);
        EXPECT_EQ(res.header("Content-Type"), "application/xml; charset=utf-8");
        const auto locs = all_of(res.body, "loc");
        EXPECT_LE(locs.size(), static_cast<std::size_t>(per_file));
        named.insert(named.end(), locs.begin(), locs.end());
        const auto dates = all_of(res.body, "lastmod");
        named_lastmods.insert(named_lastmods.end(), dates.begin(), dates.end());
    }
    EXPECT_EQ(named, expected) << "the files, in order, are the one-file sitemap";
    EXPECT_EQ(named_lastmods, lastmods);
    EXPECT_EQ(std::set<std::string>(named.begin(), named.end()).size(), named.size());

    EXPECT_EQ(status_of(std::to_string(files.size() + 1) + ".xml", per_file), 404);
    EXPECT_EQ(status_of("0.xml", per_file), 404);
    EXPECT_EQ(status_of("one.xml", per_file), 404);
    EXPECT_EQ(status_of("1", per_file), 404);
    EXPECT_EQ(status_of("1.xml", web::public_::kSitemapMaxUrls), 404)
        << "a directory that fits one file has no numbered files";
}

}  // namespace
}  // namespace lo::test
