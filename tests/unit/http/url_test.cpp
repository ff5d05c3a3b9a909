// Tests for http/url.hpp: percent-encoding, query strings, UTF-8 checks.
#include "http/url.hpp"

#include <gtest/gtest.h>

namespace lo::http {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(PercentDecode, DecodesEscapesInEitherCase) {
    EXPECT_EQ(percent_decode("caf%C3%A9", false), "café");
    EXPECT_EQ(percent_decode("caf%c3%a9", false), "café");
    EXPECT_EQ(percent_decode("a%20b%2Fc", false), "a b/c");
    EXPECT_EQ(percent_decode("", false), "");
    EXPECT_EQ(percent_decode("plain", false), "plain");
}

TEST(PercentDecode, RejectsMalformedEscapes) {
    EXPECT_EQ(percent_decode("%zz", false), std::nullopt);
    EXPECT_EQ(percent_decode("%4", false), std::nullopt);
    EXPECT_EQ(percent_decode("abc%", false), std::nullopt);
    EXPECT_EQ(percent_decode("%", false), std::nullopt);
    EXPECT_EQ(percent_decode("%4g", false), std::nullopt);
    EXPECT_EQ(percent_decode("%g4", false), std::nullopt);
}

TEST(PercentDecode, PlusIsSpaceOnlyWhenAsked) {
    EXPECT_EQ(percent_decode("a+b", true), "a b");
    EXPECT_EQ(percent_decode("a+b", false), "a+b");
    EXPECT_EQ(percent_decode("a%2Bb", true), "a+b");
}

TEST(PercentDecode, KeepsNulAndInvalidUtf8ForTheCallerToJudge) {
    EXPECT_EQ(percent_decode("a%00b", false), std::string("a\0b", 3));
    EXPECT_EQ(percent_decode("%FF", false), "\xFF");
}

TEST(PercentEncode, KeepsOnlyUnreservedCharacters) {
    EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(percent_encode("a b/c?d&e=f+g%"), "a%20b%2Fc%3Fd%26e%3Df%2Bg%25");
    EXPECT_EQ(percent_encode("café"), "caf%C3%A9");
    EXPECT_EQ(percent_decode(percent_encode("x y+z/é"), true), "x y+z/é");
}

TEST(ParseQuery, KeepsOrderRepeatedKeysAndEmptyValues) {
    EXPECT_EQ(parse_query("a=1&b=&a=2&c"), (Pairs{{"a", "1"}, {"b", ""}, {"a", "2"}, {"c", ""}}));
}

TEST(ParseQuery, DecodesKeysAndValuesWithPlusAsSpace) {
    EXPECT_EQ(parse_query("q=sensory+room&age%5Bmin%5D=5&x=a%3Db"),
              (Pairs{{"q", "sensory room"}, {"age[min]", "5"}, {"x", "a=b"}}));
}

TEST(ParseQuery, SkipsEmptyPieces) {
    EXPECT_EQ(parse_query(""), Pairs{});
    EXPECT_EQ(parse_query("&&a=1&&"), (Pairs{{"a", "1"}}));
    EXPECT_EQ(parse_query("=x"), (Pairs{{"", "x"}}));
}

TEST(ParseQuery, RejectsMalformedEncodingAndInvalidUtf8) {
    EXPECT_EQ(parse_query("a=%zz"), std::nullopt);
    EXPECT_EQ(parse_query("a%4=1"), std::nullopt);
    EXPECT_EQ(parse_query("a=1&b=%"), std::nullopt);
    EXPECT_EQ(parse_query("a=%C0%AF"), std::nullopt);
}

TEST(IsValidUtf8, AcceptsWellFormedText) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("plain ASCII"));
    EXPECT_TRUE(is_valid_utf8("café"));
    EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC"));             // U+20AC euro sign
    EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));             // U+D7FF, just below the surrogates
    EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));             // U+E000, just above them
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));         // U+1F600 emoji
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));         // U+10FFFF, the last code point
    EXPECT_TRUE(is_valid_utf8(std::string_view("\0", 1)));  // NUL is valid UTF-8
}

TEST(IsValidUtf8, RejectsOverlongForms) {
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));  // '/' in two bytes
    EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));
    EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));  // '/' in three bytes
    EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));
    EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));  // '/' in four bytes
    EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));
}

TEST(IsValidUtf8, RejectsSurrogatesAndOutOfRangeCodePoints) {
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800
    EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
    EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
    EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(IsValidUtf8, RejectsTruncatedAndStraySequences) {
    EXPECT_FALSE(is_valid_utf8("\xC3"));  // lead byte at the end
    EXPECT_FALSE(is_valid_utf8("caf\xC3"));
    EXPECT_FALSE(is_valid_utf8("\xE2\x82"));
    EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));
    EXPECT_FALSE(is_valid_utf8("\xE2\x82x"));  // continuation replaced by ASCII
    EXPECT_FALSE(is_valid_utf8("\x80"));       // continuation with no lead
    EXPECT_FALSE(is_valid_utf8("a\xBF"));
}

TEST(TargetPath, StripsQueryAndAbsoluteForm) {
    EXPECT_EQ(target_path("/search?q=salt"), "/search");
    EXPECT_EQ(target_path("/a%20b"), "/a%20b");
    EXPECT_EQ(target_path("/?x"), "/");
    EXPECT_EQ(target_path("http://example.org/services/1?x=2"), "/services/1");
    EXPECT_EQ(target_path("https://example.org"), "/");
    EXPECT_EQ(target_path("http://example.org?x=1"), "/");
    EXPECT_EQ(target_path("*"), "*");
}

}  // namespace
}  // namespace lo::http
