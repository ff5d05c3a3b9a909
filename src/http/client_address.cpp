// Truncating client addresses for the access log (http/client_address.hpp).
#include "http/client_address.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstring>

namespace lo::http {

std::string_view to_code(AddressInLog mode) {
    switch (mode) {
        case AddressInLog::None:
            return "none";
        case AddressInLog::Truncated:
            return "truncated";
        case AddressInLog::Full:
            return "full";
    }
    return "none";
}

std::string address_for_log(std::string_view address, AddressInLog mode) {
    if (address.empty() || mode == AddressInLog::None) return "-";
    if (mode == AddressInLog::Full) return std::string(address);
    const std::string text(address.substr(0, 64));
    std::array<unsigned char, 16> bytes{};
    char out[INET6_ADDRSTRLEN] = {};
    if (inet_pton(AF_INET, text.c_str(), bytes.data()) == 1) {
        bytes[3] = 0;
        inet_ntop(AF_INET, bytes.data(), out, sizeof out);
        return out;
    }
    if (inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) return "-";
    static constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(bytes.data(), kMappedPrefix, sizeof kMappedPrefix) == 0) {
        // An IPv4 client on a dual-stack socket: truncate it as IPv4.
        bytes[15] = 0;
        inet_ntop(AF_INET, bytes.data() + 12, out, sizeof out);
        return out;
    }
    std::memset(bytes.data() + 6, 0, 10);
    inet_ntop(AF_INET6, bytes.data(), out, sizeof out);
    return out;
}

}  // namespace lo::http
