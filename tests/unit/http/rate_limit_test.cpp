// Token buckets, the client key and the export slots (http/rate_limit.hpp,
// http/concurrency_limit.hpp). Time is passed in, so nothing here waits.
#include "http/rate_limit.hpp"

#include <gtest/gtest.h>

#include "http/concurrency_limit.hpp"

namespace lo::http {
namespace {

using namespace std::chrono_literals;

TEST(TokenBuckets, AMinutesWorthAtOnceThenOneEachInterval) {
    TokenBuckets buckets(6);  // one token every 10 s, six at once
    const auto t0 = TokenBuckets::Clock::time_point{} + 1h;
    for (int i = 0; i < 6; ++i) EXPECT_EQ(buckets.take("a", t0), 0) << i;
    EXPECT_EQ(buckets.take("a", t0), 10) << "told how long until the next token";
    EXPECT_EQ(buckets.take("a", t0 + 4s), 6);
    EXPECT_EQ(buckets.take("a", t0 + 10s), 0);
    EXPECT_EQ(buckets.take("a", t0 + 10s), 10);
    EXPECT_EQ(buckets.take("b", t0), 0) << "each client has its own bucket";
    EXPECT_EQ(buckets.take("a", t0 + 10min), 0) << "a full bucket again after a quiet while";
}

TEST(TokenBuckets, ZeroSwitchesTheLimitOff) {
    TokenBuckets off(0);
    EXPECT_FALSE(off.enabled());
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(off.take("a"), 0);
    EXPECT_EQ(off.tracked(), 0u);
}

TEST(TokenBuckets, RefilledBucketsAreForgottenWhenManyClientsAreTracked) {
    TokenBuckets buckets(60);
    const auto t0 = TokenBuckets::Clock::time_point{} + 1h;
    for (int i = 0; i < 10000; ++i) buckets.take("10.0." + std::to_string(i), t0);
    EXPECT_EQ(buckets.tracked(), 10000u);
    buckets.take("new client", t0 + 2min);
    EXPECT_EQ(buckets.tracked(), 1u) << "only the bucket still in use is kept";
}

TEST(ClientKey, IPv4AsItIsAndIPv6ByItsSlash64) {
    EXPECT_EQ(client_key("192.0.2.7"), "192.0.2.7");
    EXPECT_EQ(client_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
    EXPECT_EQ(client_key("2001:db8:1:2::9"), client_key("2001:db8:1:2:ffff::1"));
    EXPECT_NE(client_key("2001:db8:1:2::9"), client_key("2001:db8:1:3::9"));
    EXPECT_EQ(client_key("-"), "-");
}

TEST(ConcurrencyLimit, SlotsComeBackWhenTheLastCopyIsDropped) {
    ConcurrencyLimit limit(2);
    auto a = limit.try_acquire();
    auto b = limit.try_acquire();
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_FALSE(limit.try_acquire());
    auto copy = a;
    a.reset();
    EXPECT_FALSE(limit.try_acquire()) << "a copy still holds the slot";
    copy.reset();
    EXPECT_TRUE(limit.try_acquire());
    EXPECT_EQ(limit.in_use(), 1);
}

}  // namespace
}  // namespace lo::http
