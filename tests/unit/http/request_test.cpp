// Tests for http/request.hpp: make_request's decoding and 400s, and the Request accessors.
#include "http/request.hpp"

#include <gtest/gtest.h>

#include "http/error.hpp"

namespace lo::http {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// The public message of the HttpError that make_request throws, or "" if it does not throw.
std::string rejection(std::string_view target) {
    try {
        make_request("GET", target);
    } catch (const HttpError& e) {
        EXPECT_EQ(e.status(), 400) << target;
        return e.public_message();
    }
    return "";
}

TEST(MakeRequest, DecodesPathAndQuery) {
    const Request req = make_request("GET", "/services/caf%C3%A9+bar?q=sensory+room&age=5&age=7");
    EXPECT_EQ(req.method, Method::Get);
    EXPECT_EQ(req.target, "/services/caf%C3%A9+bar?q=sensory+room&age=5&age=7");
    EXPECT_EQ(req.path, "/services/café+bar");  // '+' is only a space in the query
    EXPECT_EQ(req.query, (Pairs{{"q", "sensory room"}, {"age", "5"}, {"age", "7"}}));
}

TEST(MakeRequest, ParsesMethodsCaseSensitively) {
    EXPECT_EQ(make_request("HEAD", "/").method, Method::Head);
    EXPECT_EQ(make_request("POST", "/").method, Method::Post);
    EXPECT_EQ(make_request("PUT", "/").method, Method::Put);
    EXPECT_EQ(make_request("PATCH", "/").method, Method::Patch);
    EXPECT_EQ(make_request("DELETE", "/").method, Method::Delete);
    EXPECT_EQ(make_request("OPTIONS", "/").method, Method::Options);
    EXPECT_EQ(make_request("get", "/").method, Method::Other);
    EXPECT_EQ(make_request("PROPFIND", "/").method, Method::Other);
}

TEST(MakeRequest, AcceptsAbsoluteFormTargets) {
    const Request req = make_request("GET", "http://example.org/search?q=a");
    EXPECT_EQ(req.path, "/search");
    EXPECT_EQ(req.query_value("q"), "a");
}

TEST(MakeRequest, RejectsMalformedPercentEncodingInPath) {
    const std::string expected =
        "The web address contains a \"%\" that is not followed by two hexadecimal digits.";
    EXPECT_EQ(rejection("/a%zz"), expected);
    EXPECT_EQ(rejection("/a%4"), expected);
    EXPECT_EQ(rejection("/a%"), expected);
}

TEST(MakeRequest, RejectsNulInPath) {
    EXPECT_EQ(rejection("/a%00b"),
              "The web address contains a NUL character (%00), which is not allowed.");
}

TEST(MakeRequest, RejectsInvalidUtf8InPath) {
    const std::string expected = "The web address contains characters that are not valid UTF-8.";
    EXPECT_EQ(rejection("/caf%C3"), expected);
    EXPECT_EQ(rejection("/%C0%AF"), expected);
    EXPECT_EQ(rejection("/%ED%A0%80"), expected);
}

TEST(MakeRequest, RejectsDotDotSegmentsEvenWhenEncoded) {
    const std::string expected = "The web address contains a \"..\" segment, which is not allowed.";
    EXPECT_EQ(rejection("/static/../secret"), expected);
    EXPECT_EQ(rejection("/static/%2e%2e/secret"), expected);
    EXPECT_EQ(rejection("/static/..%2Fsecret"), expected);
    EXPECT_EQ(rejection("/.."), expected);
    EXPECT_EQ(rejection("/static/..a/ok"), "");  // only a whole ".." segment counts
}

TEST(MakeRequest, RejectsTargetsThatAreNotPaths) {
    const std::string expected = "The web address must start with \"/\".";
    EXPECT_EQ(rejection("*"), expected);
    EXPECT_EQ(rejection(""), expected);
    EXPECT_EQ(rejection("search"), expected);
}

TEST(MakeRequest, RejectsMalformedQuery) {
    EXPECT_EQ(rejection("/search?q=%zz"),
              "The query string contains a \"%\" that is not followed by two hexadecimal digits.");
    EXPECT_EQ(rejection("/search?q=%FF"),
              "The query string contains characters that are not valid UTF-8.");
}

TEST(RequestAccessors, QueryValues) {
    const Request req = make_request("GET", "/s?tag=a&tag=b&empty=");
    EXPECT_EQ(req.query_value("tag"), "a");
    EXPECT_EQ(req.query_values("tag"), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(req.query_value("empty"), "");
    EXPECT_EQ(req.query_value("missing"), std::nullopt);
    EXPECT_TRUE(req.query_values("missing").empty());
}

TEST(RequestAccessors, HeaderIsCaseInsensitiveAndFirstWins) {
    Request req;
    req.headers = {{"Content-Type", "text/html"}, {"X-Tag", "one"}, {"x-tag", "two"}};
    EXPECT_EQ(req.header("content-type"), "text/html");
    EXPECT_EQ(req.header("X-TAG"), "one");
    EXPECT_EQ(req.header("Missing"), "");
}

TEST(RequestAccessors, FormParsesUrlEncodedBody) {
    Request req;
    req.body = "name=Food+bank&email=a%40b.org&tags=x&tags=y&notes=";
    EXPECT_EQ(req.form(), (Pairs{{"name", "Food bank"},
                                 {"email", "a@b.org"},
                                 {"tags", "x"},
                                 {"tags", "y"},
                                 {"notes", ""}}));
}

TEST(RequestAccessors, FormThrows400OnMalformedBody) {
    Request req;
    req.body = "name=%zz";
    try {
        (void)req.form();
        FAIL() << "form() accepted a malformed body";
    } catch (const HttpError& e) {
        EXPECT_EQ(e.status(), 400);
        EXPECT_EQ(e.public_message(),
                  "The form data could not be read: it contains a \"%\" that is not followed by "
                  "two hexadecimal digits, or text that is not UTF-8.");
    }
}

TEST(RequestAccessors, ParamIsEmptyWhenAbsent) {
    Request req;
    req.params["id"] = "42";
    EXPECT_EQ(req.param("id"), "42");
    EXPECT_EQ(req.param("slug"), "");
}

TEST(HttpError, KeepsPublicAndLogTextApart) {
    const HttpError e(409, "A service with this name already exists.", "UNIQUE constraint failed");
    EXPECT_EQ(e.status(), 409);
    EXPECT_EQ(e.public_message(), "A service with this name already exists.");
    EXPECT_EQ(e.log_detail(), "UNIQUE constraint failed");
}

TEST(NewErrorId, IsEightLowercaseHexDigitsAndVaries) {
    const std::string a = new_error_id();
    const std::string b = new_error_id();
    EXPECT_EQ(a.size(), 8u);
    EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos) << a;
    EXPECT_NE(a, b);
}

}  // namespace
}  // namespace lo::http

namespace lo::http {
namespace {

TEST(FormFields, FirstValueAndNonEmptyRepeatedValues) {
    const FormFields form = {{"name", "Speech therapy"},
                             {"term_ids", "a"},
                             {"term_ids", ""},
                             {"term_ids", "b"},
                             {"name", "second"}};
    EXPECT_EQ(form_value(form, "name"), "Speech therapy");
    EXPECT_EQ(form_value(form, "missing"), "");
    EXPECT_EQ(form_values(form, "term_ids"), (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(form_values(form, "missing").empty());
}

}  // namespace
}  // namespace lo::http
