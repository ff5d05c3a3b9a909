// What the access log records of a client's address under each access_log_address setting.
#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace lo::http {
namespace {

TEST(ClientAddressForLog, TruncatedZeroesTheHostPart) {
    EXPECT_EQ(address_for_log("192.0.2.77", AddressInLog::Truncated), "192.0.2.0");
    EXPECT_EQ(address_for_log("2001:db8:85a3:8d3:1319:8a2e:370:7348", AddressInLog::Truncated),
              "2001:db8:85a3::");
    EXPECT_EQ(address_for_log("::ffff:198.51.100.23", AddressInLog::Truncated), "198.51.100.0");
}

TEST(ClientAddressForLog, NoneRecordsNothingAndFullRecordsAll) {
    EXPECT_EQ(address_for_log("192.0.2.77", AddressInLog::None), "-");
    EXPECT_EQ(address_for_log("192.0.2.77", AddressInLog::Full), "192.0.2.77");
    EXPECT_EQ(address_for_log("", AddressInLog::Full), "-");
}

TEST(ClientAddressForLog, SomethingThatIsNotAnAddressIsNotLoggedWhenTruncating) {
    EXPECT_EQ(address_for_log("-", AddressInLog::Truncated), "-");
    EXPECT_EQ(address_for_log("not an address", AddressInLog::Truncated), "-");
}

}  // namespace
}  // namespace lo::http
