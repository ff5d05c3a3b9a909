#include "mail/smtp.hpp"

#include <gtest/gtest.h>

namespace lo::mail {
namespace {

TEST(SmtpFormat, DotStuffsLinesThatStartWithADot) {
    EXPECT_EQ(dot_stuff(".\r\n"), "..\r\n");
    EXPECT_EQ(dot_stuff("a\r\n.b\r\nc.d\r\n..e\r\n"), "a\r\n..b\r\nc.d\r\n...e\r\n");
    EXPECT_EQ(dot_stuff("no dots\r\n"), "no dots\r\n");
}

TEST(SmtpFormat, Base64) {
    EXPECT_EQ(base64(""), "");
    EXPECT_EQ(base64("f"), "Zg==");
    EXPECT_EQ(base64("fo"), "Zm8=");
    EXPECT_EQ(base64("foo"), "Zm9v");
    EXPECT_EQ(base64(std::string("\0user\0pass", 10)), "AHVzZXIAcGFzcw==");
}

TEST(SmtpFormat, Rfc5322Date) {
    EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
    EXPECT_EQ(rfc5322_date(1795415400), "Mon, 23 Nov 2026 06:30:00 +0000");
}

TEST(SmtpFormat, HeadersBodyAndLineEnds) {
    const auto text = format_message(
        {"parent@example.org", "Your link", "Hello,\n.hidden\nBye", "t"}, "lo@council.example",
        "Mon, 23 Nov 2026 06:30:00 +0000", "abc@council.example");
    EXPECT_EQ(text,
              "Date: Mon, 23 Nov 2026 06:30:00 +0000\r\n"
              "Message-ID: <abc@council.example>\r\n"
              "From: lo@council.example\r\n"
              "To: parent@example.org\r\n"
              "Subject: Your link\r\n"
              "MIME-Version: 1.0\r\n"
              "Content-Type: text/plain; charset=utf-8\r\n"
              "Content-Transfer-Encoding: 8bit\r\n"
              "\r\n"
              "Hello,\r\n"
              "..hidden\r\n"
              "Bye\r\n");
}

TEST(SmtpFormat, HeaderValuesCannotAddHeaders) {
    const auto text =
        format_message({"a@example.org\r\nBcc: b@example.org", "Hi\nBcc: c@example.org", "x", ""},
                       "lo@council.example", "d", "id");
    EXPECT_EQ(text.find("\r\nBcc:"), std::string::npos);
    EXPECT_NE(text.find("To: a@example.org  Bcc: b@example.org\r\n"), std::string::npos);
}

TEST(SmtpFormat, NonAsciiSubjectsAreEncoded) {
    const auto text =
        format_message({"a@example.org", "Café – review", "x", ""}, "f@e.org", "d", "i");
    EXPECT_NE(text.find("Subject: =?UTF-8?B?" + base64("Café – review") + "?=\r\n"),
              std::string::npos);
}

TEST(Smtp, RefusesToSendWithoutAServer) {
    try {
        send({}, {"a@example.org", "s", "b", ""});
        FAIL();
    } catch (const SmtpError& e) {
        EXPECT_STREQ(e.what(), "No mail server is set up (smtp_host is empty).");
    }
}

}  // namespace
}  // namespace lo::mail
