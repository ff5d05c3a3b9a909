#include "auth/cookies.hpp"

#include <gtest/gtest.h>

namespace lo::auth {

TEST(SessionCookie, IsHttpOnlyLaxAndSecureOverTls) {
    EXPECT_EQ(session_cookie("abc", Transport::Plain),
              "lo_session=abc; Path=/; HttpOnly; SameSite=Lax");
    EXPECT_EQ(session_cookie("abc", Transport::Tls),
              "__Host-lo_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
    EXPECT_TRUE(cleared_session_cookie(Transport::Plain).find("Max-Age=0") != std::string::npos);
}

TEST(SessionCookie, IsFoundInACookieHeader) {
    EXPECT_EQ(cookie_value("a=1; lo_session=xyz; b=2", "lo_session"), "xyz");
    EXPECT_EQ(cookie_value("lo_session=\"q\"", "lo_session"), "q");
    EXPECT_EQ(cookie_value("xlo_session=1", "lo_session"), "");
    EXPECT_EQ(cookie_value("", "lo_session"), "");
}

TEST(SessionCookie, AHeaderHoldsOnlyOneCookieOrAlsoOthers) {
    EXPECT_TRUE(holds_only_cookie("", "lo_shortlist"));
    EXPECT_TRUE(holds_only_cookie("lo_shortlist=a.b", "lo_shortlist"));
    EXPECT_TRUE(holds_only_cookie(" lo_shortlist = a ; ", "lo_shortlist"));
    EXPECT_FALSE(holds_only_cookie("lo_shortlist=a; lo_session=x", "lo_shortlist"));
    EXPECT_FALSE(holds_only_cookie("theme=x", "lo_shortlist"));
    EXPECT_FALSE(holds_only_cookie("lo_shortlistx=a", "lo_shortlist"));
}

}  // namespace lo::auth
