// The shortlist cookie (web/shortlist_state.cpp): it follows the family to every page, holds only
// ids, and a cookie or link with thousands of ids, unknown ids or garbage is trimmed to the
// services the Local Offer lists, never an error page.
#include "web/shortlist_state.hpp"

#include <cstdio>

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "web/public/pages.hpp"
#include "web/request_scheme.hpp"

namespace lo::test {
namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

class ShortlistCookie : public PublicSiteTest {
protected:
    ShortlistCookie() {
        router_.get("/shortlist", [this](const http::Request& r) {
            return web::public_::shortlist_page(ctx_, r);
        });
        router_.get("/shortlist/print", [this](const http::Request& r) {
            return web::public_::shortlist_print(ctx_, r);
        });
        first_ = add_service(make_service({.name = "Speech drop-in"})).id;
        second_ = add_service(make_service({.name = "Sensory play"})).id;
    }

    // A request as the server makes it: the shortlist scope around the dispatch.
    http::Response visit(const std::string& target, const std::string& cookie = {}) {
        std::vector<std::pair<std::string, std::string>> headers = {
            {"Host", "family.example:8080"}};
        if (!cookie.empty()) headers.emplace_back("Cookie", cookie);
        auto req = http::make_request("GET", target);
        req.headers = headers;
        const web::ShortlistScope scope(req, *store_, false);
        auto res = get(target, headers);
        scope.finish(res);
        return res;
    }

    std::string first_, second_;
};

TEST_F(ShortlistCookie, ParsingKeepsOnlyIdsAndAtMostFifty) {
    std::string many;
    for (int i = 0; i < 10000; ++i) {
        char id[37];
        std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
        many += std::string(i ? "." : "") + id;
    }
    EXPECT_EQ(web::parse_shortlist_ids(many).size(), 50u);
    EXPECT_EQ(web::parse_shortlist_ids("<script>,;;, ,x.." + first_ + ".." + first_),
              std::vector<std::string>{first_})
        << "garbage and repeats are left out";
}

TEST_F(ShortlistCookie, TheHeaderCountsTheCookiesKnownServicesOnEveryPage) {
    const auto cookie = "lo_shortlist=" + first_ + "." + second_;
    for (const auto* path : {"/", "/privacy", "/cookies"}) {
        const auto res = visit(path, cookie);
        EXPECT_EQ(res.status, 200) << path;
        EXPECT_TRUE(contains(res.body,
                             "<a class=\"lo-header__shortlist\" href=\"/shortlist\">"
                             "Shortlist (2)</a>"))
            << path;
        EXPECT_EQ(res.header("Set-Cookie"), "") << "an unchanged list is not written again";
    }
    EXPECT_TRUE(contains(visit("/").body, ">Shortlist</a>")) << "no cookie: no count";
}

TEST_F(ShortlistCookie, AddingOnAServicePageCountsAtOnceAndSetsTheCookie) {
    const auto res = visit("/services/" + second_ + "?shortlist=" + first_ + "," + second_,
                           "lo_shortlist=" + first_);
    EXPECT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body, "Shortlist (2)</a>"));
    EXPECT_EQ(res.header("Set-Cookie"), "lo_shortlist=" + first_ + "." + second_ +
                                            "; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000");
}

TEST_F(ShortlistCookie, AHugeOrBrokenCookieIsTrimmedWithoutAnErrorPage) {
    std::string cookie =
        "lo_shortlist=garbage<>." + first_ + ".00000000-0000-4000-8000-000000000000";
    for (int i = 0; i < 10000; ++i) cookie += "." + second_ + "x";
    const auto res = visit("/", cookie);
    EXPECT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body, "Shortlist (1)</a>")) << "only the known service counts";
    EXPECT_EQ(res.header("Set-Cookie"),
              "lo_shortlist=" + first_ + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000");
    EXPECT_EQ(res.header("Cache-Control"), "no-store");
}

TEST_F(ShortlistCookie, TheShortlistPageShowsTheCookiesListAndALinkChangesIt) {
    auto res = visit("/shortlist", "lo_shortlist=" + second_);
    EXPECT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body, "Sensory play"));
    EXPECT_TRUE(
        contains(res.body, "value=\"http://family.example:8080/shortlist?shared=" + second_ + "\""))
        << "the share link is built from the request's own host while base_url is the default";

    std::string ids = first_ + ",00000000-0000-4000-8000-000000000000";
    for (int i = 0; i < 10000; ++i) ids += ",nonsense";
    res = visit("/shortlist?ids=" + ids, "lo_shortlist=" + second_);
    EXPECT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body, "Speech drop-in"));
    EXPECT_TRUE(contains(res.body,
                         "1 service on this list is no longer in the Local Offer, so we have left "
                         "it out."));
    EXPECT_TRUE(contains(res.body, "Part of this link is not right, so we have left it out."));
    EXPECT_FALSE(contains(res.body, "Sensory play"));
    EXPECT_EQ(res.header("Set-Cookie"),
              "lo_shortlist=" + first_ + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000");

    res = visit("/shortlist?ids=", "lo_shortlist=" + first_);
    EXPECT_TRUE(contains(res.body, "Your shortlist is empty."));
    EXPECT_EQ(res.header("Set-Cookie"), "lo_shortlist=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
        << "removing the last service removes the cookie";
}

// A link someone sent (?shared=) shows their list without replacing the recipient's own, and
// offers to add its services to it.
TEST_F(ShortlistCookie, ASharedLinkShowsItsListAndLeavesTheRecipientsOwnAlone) {
    auto res = visit("/shortlist?shared=" + first_ + ",not-an-id", "lo_shortlist=" + second_);
    EXPECT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body, "A shortlist shared with you"));
    EXPECT_TRUE(contains(res.body, "Speech drop-in"));
    EXPECT_FALSE(contains(res.body, "Sensory play")) << "the recipient's own list is not mixed in";
    EXPECT_TRUE(
        contains(res.body, "Opening it has not changed your own shortlist, which has 1 service"));
    EXPECT_TRUE(contains(res.body, "Part of this link is not right, so we have left it out."));
    EXPECT_EQ(res.header("Set-Cookie"), "") << "the cookie is not touched";
    EXPECT_TRUE(contains(res.body, "href=\"/shortlist?ids=" + second_ + "," + first_ + "\""))
        << "Add these services to your shortlist: the recipient's list, then the shared one";
    EXPECT_TRUE(contains(res.body, "href=\"/shortlist/print?shared=" + first_ + "\""));
    EXPECT_TRUE(contains(res.body, "href=\"/services/" + first_ + "\""))
        << "a service link does not carry the shared list into the recipient's";
    EXPECT_FALSE(contains(res.body, ">Remove<"));

    res = visit("/shortlist?shared=" + first_, "lo_shortlist=" + first_);
    EXPECT_TRUE(contains(res.body, "Every service on this list is on your shortlist already"));

    res = visit("/shortlist/print?shared=" + first_, "lo_shortlist=" + second_);
    EXPECT_EQ(res.status, 200);
    EXPECT_TRUE(contains(res.body, "Speech drop-in"));
    EXPECT_EQ(res.header("Set-Cookie"), "");
}

// The share link's scheme is https only when the request really came over TLS or through a
// trusted proxy (web::RequestScheme, set by the server from trusted_proxies), never because any
// client sent X-Forwarded-Proto.
TEST_F(ShortlistCookie, TheShareLinkBelievesOnlyATrustedScheme) {
    auto req = http::make_request("GET", "/shortlist");
    req.headers = {{"Host", "family.example"},
                   {"X-Forwarded-Proto", "https"},
                   {"Cookie", "lo_shortlist=" + first_}};
    const web::ShortlistScope scope(req, *store_, false);
    const auto untrusted = get("/shortlist", req.headers);
    EXPECT_TRUE(
        contains(untrusted.body, "value=\"http://family.example/shortlist?shared=" + first_));
    const web::RequestScheme tls(true);
    const auto trusted = get("/shortlist", req.headers);
    EXPECT_TRUE(
        contains(trusted.body, "value=\"https://family.example/shortlist?shared=" + first_));
}

}  // namespace
}  // namespace lo::test
