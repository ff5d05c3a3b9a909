// Behind a reverse proxy: which peers are believed, and what X-Forwarded-For and
// X-Forwarded-Proto then make of the client (http/trusted_proxies.hpp).
#include "http/trusted_proxies.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace lo::http {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(TrustedProxies, MatchesAddressesAndNetworksInIpv4AndIpv6) {
    const auto t = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8 ::1,fd00::/8  192.168.1.0/25");
    EXPECT_TRUE(t.contains("127.0.0.1"));
    EXPECT_FALSE(t.contains("127.0.0.2"));
    EXPECT_TRUE(t.contains("10.255.3.4"));
    EXPECT_FALSE(t.contains("11.0.0.1"));
    EXPECT_TRUE(t.contains("192.168.1.127"));
    EXPECT_FALSE(t.contains("192.168.1.128"));
    EXPECT_TRUE(t.contains("::1"));
    EXPECT_TRUE(t.contains("[::1]"));
    EXPECT_TRUE(t.contains("fd12:3456::9"));
    EXPECT_FALSE(t.contains("fe80::1"));
    EXPECT_TRUE(t.contains("::ffff:10.1.2.3"));  // an IPv4 peer on an IPv6 socket
    EXPECT_FALSE(t.contains("not an address"));
    EXPECT_TRUE(TrustedProxies::parse("").empty());
    EXPECT_TRUE(TrustedProxies::parse("0.0.0.0/0").contains("203.0.113.9"));
}

TEST(TrustedProxies, RefusesAListThatDoesNotParseNamingTheEntry) {
    const std::string rest =
        " is not an address or network. List IPv4 or IPv6 addresses or networks, like 127.0.0.1, "
        "::1, 10.0.0.0/8 or fd00::/8, separated by commas.";
    EXPECT_EQ(error_of([] { TrustedProxies::parse("127.0.0.1, localhost"); }),
              "\"localhost\"" + rest);
    EXPECT_EQ(error_of([] { TrustedProxies::parse("10.0.0.0/33"); }), "\"10.0.0.0/33\"" + rest);
    EXPECT_EQ(error_of([] { TrustedProxies::parse("fd00::/129"); }), "\"fd00::/129\"" + rest);
    EXPECT_EQ(error_of([] { TrustedProxies::parse("10.0.0.0/"); }), "\"10.0.0.0/\"" + rest);
    EXPECT_EQ(error_of([] { TrustedProxies::parse("10.0.0.0/-1"); }), "\"10.0.0.0/-1\"" + rest);
    EXPECT_EQ(error_of([] { TrustedProxies::parse("300.1.1.1"); }), "\"300.1.1.1\"" + rest);
}

TEST(ClientBehindProxies, WithoutTrustedProxiesTheHeadersAreIgnored) {
    const Headers h = {{"X-Forwarded-For", "203.0.113.9"}, {"X-Forwarded-Proto", "https"}};
    const auto c = client_behind_proxies(TrustedProxies{}, "127.0.0.1", h);
    EXPECT_EQ(c.address, "127.0.0.1");
    EXPECT_EQ(c.scheme, "http");
    const auto other = client_behind_proxies(TrustedProxies::parse("10.0.0.1"), "127.0.0.1", h);
    EXPECT_EQ(other.address, "127.0.0.1") << "a peer not on the list is not believed";
}

TEST(ClientBehindProxies, TheRightmostUntrustedHopIsTheClient) {
    const auto t = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8");
    // The client wrote a false first hop; our proxies appended what they saw.
    const Headers h = {{"x-forwarded-for", "1.2.3.4, 203.0.113.9"},
                       {"X-Forwarded-For", "10.1.1.1"},
                       {"X-Forwarded-Proto", "HTTPS"}};
    const auto c = client_behind_proxies(t, "127.0.0.1", h);
    EXPECT_EQ(c.address, "203.0.113.9");
    EXPECT_EQ(c.scheme, "https");
    // Every hop trusted: the leftmost is as far as we can see.
    EXPECT_EQ(
        client_behind_proxies(t, "127.0.0.1", {{"X-Forwarded-For", "10.0.0.5, 10.0.0.6"}}).address,
        "10.0.0.5");
    // A hop that is not an address ends the walk at the nearest proxy that is.
    EXPECT_EQ(
        client_behind_proxies(t, "127.0.0.1", {{"X-Forwarded-For", "<script>, 10.0.0.6"}}).address,
        "10.0.0.6");
    EXPECT_EQ(client_behind_proxies(t, "127.0.0.1", {{"X-Forwarded-For", "2001:db8::7"}}).address,
              "2001:db8::7");
    // No header: the proxy itself; an unknown scheme stays http.
    const auto bare = client_behind_proxies(t, "127.0.0.1", {{"X-Forwarded-Proto", "gopher"}});
    EXPECT_EQ(bare.address, "127.0.0.1");
    EXPECT_EQ(bare.scheme, "http");
}

}  // namespace
}  // namespace lo::http
