// What the access log records of a client's network address (the access_log_address setting):
// nothing, the address with its host part zeroed (the last octet of IPv4, the last 80 bits of
// IPv6, so it names a network rather than a household), or the full address. The privacy notice
// is written from the same setting (docs/privacy.md).
#pragma once

#include <string>
#include <string_view>

namespace lo::http {

enum class AddressInLog { None, Truncated, Full };

// "none", "truncated", "full".
std::string_view to_code(AddressInLog mode);

// The address as the access log writes it: "-" for None (or an empty address), "192.0.2.0" for
// 192.0.2.77 when Truncated, "2001:db8:85a3::" for 2001:db8:85a3:8d3:1319:8a2e:370:7348.
// Something that is not an IP address is logged as "-" unless Full.
std::string address_for_log(std::string_view address, AddressInLog mode);

}  // namespace lo::http
