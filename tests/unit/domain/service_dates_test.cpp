// The dates that run the directory: the UK day and the listing rule.
#include "domain/service_dates.hpp"

#include <gtest/gtest.h>

namespace lo::domain {
namespace {

Date d(int y, int m, int day) {
    return {y, m, day};
}

// Unix seconds for a UTC time.
std::int64_t utc(int y, int m, int day, int hour, int minute) {
    const auto days_since_epoch = days_between(d(1970, 1, 1), d(y, m, day));
    return static_cast<std::int64_t>(days_since_epoch) * 86400 + hour * 3600 + minute * 60;
}

TEST(UkDate, InWinterIsTheUtcDate) {
    EXPECT_EQ(uk_date_at(utc(2027, 1, 4, 23, 59)), d(2027, 1, 4));
    EXPECT_EQ(uk_date_at(utc(2027, 1, 5, 0, 0)), d(2027, 1, 5));
}

TEST(UkDate, InSummerTurnsOverAtElevenPmUtc) {
    // 31 March 2027 is in BST (the clocks went forward on 28 March): 23:00 UTC is 00:00 on 1 April.
    EXPECT_EQ(uk_date_at(utc(2027, 3, 31, 22, 59)), d(2027, 3, 31));
    EXPECT_EQ(uk_date_at(utc(2027, 3, 31, 23, 0)), d(2027, 4, 1));
}

TEST(UkDate, FollowsTheClockChangeInMarchAndOctober) {
    // Clocks go forward at 01:00 UTC on Sunday 28 March 2027 and back at 01:00 UTC on 31 October.
    EXPECT_EQ(uk_date_at(utc(2027, 3, 27, 23, 30)), d(2027, 3, 27));    // still GMT
    EXPECT_EQ(uk_date_at(utc(2027, 10, 30, 23, 30)), d(2027, 10, 31));  // still BST
    EXPECT_EQ(uk_date_at(utc(2027, 10, 31, 23, 30)), d(2027, 10, 31));  // GMT again
}

Service service() {
    Service s;
    s.name = "Play scheme";
    return s;
}

TEST(ServiceListing, AnOrdinaryServiceIsListedWithNothingToSay) {
    const auto l = service_listing(service(), d(2027, 1, 1));
    EXPECT_TRUE(l.listed);
    EXPECT_EQ(l.status, ServiceStatus::Active);
    EXPECT_EQ(l.notice, "");
}

TEST(ServiceListing, BeforeItsStartDateIsNotListed) {
    auto s = service();
    s.start_date = "2027-09-01";
    const auto before = service_listing(s, d(2027, 8, 31));
    EXPECT_FALSE(before.listed);
    EXPECT_EQ(before.notice, "Starts on 1 September 2027");
    EXPECT_TRUE(service_listing(s, d(2027, 9, 1)).listed);
}

TEST(ServiceListing, IsListedOnItsEndDateAndGoneTheDayAfter) {
    auto s = service();
    s.end_date = "2027-03-31";
    EXPECT_TRUE(listed_on(s, d(2027, 3, 31)));
    const auto after = service_listing(s, d(2027, 4, 1));
    EXPECT_FALSE(after.listed);
    EXPECT_EQ(after.notice, "This service ended on 31 March 2027");
}

TEST(ServiceListing, EndsAtUkMidnightAcrossTheClockChange) {
    // Ending on Saturday 27 March 2027 (GMT) and on 31 March 2027 (BST, after the change).
    auto s = service();
    s.end_date = "2027-03-31";
    EXPECT_TRUE(listed_on(s, uk_date_at(utc(2027, 3, 31, 22, 59))));
    EXPECT_FALSE(listed_on(s, uk_date_at(utc(2027, 3, 31, 23, 0))));
    s.end_date = "2027-03-27";
    EXPECT_TRUE(listed_on(s, uk_date_at(utc(2027, 3, 27, 23, 59))));
    EXPECT_FALSE(listed_on(s, uk_date_at(utc(2027, 3, 28, 0, 0))));
}

TEST(ServiceListing, ATemporarilyClosedServiceStaysListedWithItsReason) {
    auto s = service();
    s.status = ServiceStatus::TemporarilyClosed;
    s.closed_reason = "The building is being repaired";
    s.reopening_date = "2027-01-04";
    const auto l = service_listing(s, d(2027, 1, 3));
    EXPECT_TRUE(l.listed);
    EXPECT_EQ(l.status, ServiceStatus::TemporarilyClosed);
    EXPECT_EQ(l.notice, "Closed until 4 January 2027: The building is being repaired");
}

TEST(ServiceListing, ReopensOnItsReopeningDateWithNoOneEditingIt) {
    auto s = service();
    s.status = ServiceStatus::TemporarilyClosed;
    s.closed_reason = "Repairs";
    s.reopening_date = "2027-01-04";
    const auto l = service_listing(s, d(2027, 1, 4));
    EXPECT_TRUE(l.listed);
    EXPECT_EQ(l.status, ServiceStatus::Active);
    EXPECT_EQ(l.notice, "");
}

TEST(ServiceListing, DefunctAndInactiveServicesAreNotListed) {
    auto s = service();
    s.status = ServiceStatus::Defunct;
    EXPECT_FALSE(listed_on(s, d(2027, 1, 1)));
    s.status = ServiceStatus::Inactive;
    EXPECT_FALSE(listed_on(s, d(2027, 1, 1)));
}

}  // namespace
}  // namespace lo::domain
