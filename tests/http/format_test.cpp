// Plain-English wording of ages, times, days, money, dates and counts.
#include "web/format.hpp"

#include <gtest/gtest.h>

namespace lo::web {
namespace {

using domain::Weekday;

TEST(Format, AgeRange) {
    EXPECT_EQ(age_range(0, 18), "Ages 0 to 18");
    EXPECT_EQ(age_range(std::nullopt, 18), "Up to 18");
    EXPECT_EQ(age_range(16, std::nullopt), "From 16");
    EXPECT_EQ(age_range(5, 5), "Age 5");
    EXPECT_EQ(age_range(std::nullopt, std::nullopt), "");
}

TEST(Format, Times) {
    const std::pair<const char*, const char*> cases[] = {
        {"09:00", "9am"},     {"17:00", "5pm"},      {"17:30", "5:30pm"},
        {"12:00", "midday"},  {"00:00", "midnight"}, {"12:30", "12:30pm"},
        {"00:15", "12:15am"}, {"9am", "9am"},        {"25:00", "25:00"},
    };
    for (const auto& [in, out] : cases) EXPECT_EQ(time_12h(in), out) << in;
}

TEST(Format, Days) {
    EXPECT_EQ(days_text({Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday,
                         Weekday::Friday}),
              "Monday to Friday");
    EXPECT_EQ(days_text({Weekday::Sunday, Weekday::Saturday}), "Saturday and Sunday");
    EXPECT_EQ(days_text({Weekday::Monday, Weekday::Wednesday, Weekday::Friday}),
              "Monday, Wednesday and Friday");
    EXPECT_EQ(days_text({Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Friday}),
              "Monday to Wednesday and Friday");
    EXPECT_EQ(days_text({Weekday::Tuesday, Weekday::Tuesday}), "Tuesday");
    EXPECT_EQ(days_text({}), "");
}

TEST(Format, Schedule) {
    domain::RegularSchedule s{.days = {Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday,
                                       Weekday::Thursday, Weekday::Friday},
                              .opens_at = "09:00",
                              .closes_at = "17:00"};
    EXPECT_EQ(schedule_text(s), "Monday to Friday, 9am to 5pm");
}

TEST(Format, Money) {
    EXPECT_EQ(money(12), "£12");
    EXPECT_EQ(money(12.5), "£12.50");
    EXPECT_EQ(money(0.05), "£0.05");
    EXPECT_EQ(money(1250), "£1,250");
    EXPECT_EQ(money(1234567.891), "£1,234,567.89");
    EXPECT_EQ(money(-1), "");
}

TEST(Format, Dates) {
    EXPECT_EQ(long_date_text("2026-05-14"), "14 May 2026");
    EXPECT_EQ(long_date_text("2026-05-14T10:15:02Z"), "14 May 2026");
    EXPECT_EQ(long_date_text("2026-02-30"), "");
    EXPECT_EQ(long_date_text(""), "");
    EXPECT_EQ(long_date_text("2026-05-14junk"), "");
}

TEST(Format, Paragraphs) {
    EXPECT_EQ(paragraphs("One.\n\n  Two. \r\n\nThree."),
              (std::vector<std::string>{"One.", "Two.", "Three."}));
    EXPECT_TRUE(paragraphs(" \n\n").empty());
}

TEST(Format, TelephoneLinks) {
    EXPECT_EQ(tel_href("01865 123 456"), "tel:01865123456");
    EXPECT_EQ(tel_href("+44 (0)1865 123456"), "tel:+4401865123456");
}

TEST(Format, Counts) {
    EXPECT_EQ(count_text(0, "service", "services"), "No services");
    EXPECT_EQ(count_text(1, "service", "services"), "1 service");
    EXPECT_EQ(count_text(12, "service", "services"), "12 services");
}

TEST(Format, PostcodeDistrict) {
    EXPECT_EQ(postcode_district("OX26 6BL"), "OX26");
    EXPECT_EQ(postcode_district("ox39du"), "OX3");
    EXPECT_EQ(postcode_district("SW1A"), "SW1A");
    EXPECT_EQ(postcode_district("nonsense"), "");
}

}  // namespace
}  // namespace lo::web
