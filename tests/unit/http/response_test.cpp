// Tests for http/response.hpp: factories, header handling, reason phrases, HTTP dates.
#include "http/response.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace lo::http {
namespace {

TEST(Response, FactoriesSetStatusAndContentType) {
    EXPECT_EQ(Response::html("<p>hi</p>").header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(Response::json("{}", 201).header("Content-Type"), "application/json");
    EXPECT_EQ(Response::json("{}", 201).status, 201);
    const Response text = Response::text("hello", 422);
    EXPECT_EQ(text.header("content-type"), "text/plain; charset=utf-8");
    EXPECT_EQ(text.status, 422);
    EXPECT_EQ(text.body, "hello");
}

TEST(Response, RedirectDefaultsToSeeOther) {
    const Response res = Response::redirect("/services/12");
    EXPECT_EQ(res.status, 303);
    EXPECT_EQ(res.header("Location"), "/services/12");
    EXPECT_EQ(Response::redirect("/new-home", 301).status, 301);
}

TEST(Response, SetHeaderReplacesCaseInsensitively) {
    Response res = Response::html("x");
    res.add_header("X-Tag", "one");
    res.add_header("x-tag", "two");
    res.set_header("X-TAG", "three");
    ASSERT_EQ(res.headers.size(), 2u);  // Content-Type and one X-TAG
    EXPECT_EQ(res.headers.back(), (std::pair<std::string, std::string>{"X-TAG", "three"}));
    EXPECT_EQ(res.header("x-tag"), "three");
}

TEST(Response, AddHeaderKeepsRepeats) {
    Response res;
    res.add_header("Set-Cookie", "a=1");
    res.add_header("Set-Cookie", "b=2");
    EXPECT_EQ(res.headers.size(), 2u);
    EXPECT_EQ(res.header("set-cookie"), "a=1");
}

TEST(Response, RefusesHeaderInjection) {
    Response res;
    EXPECT_THROW(res.set_header("Location", "/a\r\nSet-Cookie: x=1"), std::invalid_argument);
    EXPECT_THROW(res.add_header("Bad Name", "x"), std::invalid_argument);
    EXPECT_THROW(res.set_header("", "x"), std::invalid_argument);
    EXPECT_THROW(Response::redirect("/a\nb"), std::invalid_argument);
    EXPECT_TRUE(res.headers.empty());
}

TEST(ReasonPhrase, KnownAndUnknownCodes) {
    EXPECT_EQ(reason_phrase(200), "OK");
    EXPECT_EQ(reason_phrase(303), "See Other");
    EXPECT_EQ(reason_phrase(404), "Not Found");
    EXPECT_EQ(reason_phrase(413), "Content Too Large");
    EXPECT_EQ(reason_phrase(422), "Unprocessable Content");
    EXPECT_EQ(reason_phrase(431), "Request Header Fields Too Large");
    EXPECT_EQ(reason_phrase(500), "Internal Server Error");
    EXPECT_EQ(reason_phrase(599), "Unknown");
}

TEST(FormatHttpDate, UsesImfFixdate) {
    // 1994-11-06T08:49:37Z, the example in RFC 9110 section 5.6.7.
    const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(784111777));
    EXPECT_EQ(format_http_date(when), "Sun, 06 Nov 1994 08:49:37 GMT");
}

}  // namespace
}  // namespace lo::http
