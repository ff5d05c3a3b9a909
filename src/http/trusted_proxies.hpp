// Behind a reverse proxy (docs/deploy.md): which peers may tell us the client's address
// (X-Forwarded-For) and scheme (X-Forwarded-Proto). Header-only and plain C++ (libc's inet_pton),
// so the settings reader (app/config.cpp, built without Boost or lo_http) refuses a bad list at the
// line that holds it, and the server (http/server.cpp) uses the same parsed list.
#pragma once

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lo::http {

// An IPv4 or IPv6 address as 16 bytes (IPv4 as ::ffff:a.b.c.d, so an IPv4 peer reached over an
// IPv6 socket matches an IPv4 entry).
struct IpAddress {
    std::array<std::uint8_t, 16> bytes{};
    bool v4 = false;

    // Accepts "192.0.2.1", "2001:db8::1" and "[2001:db8::1]"; false for anything else.
    static bool parse(std::string_view text, IpAddress& out) {
        std::string s(text);
        if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
        in_addr a4{};
        if (inet_pton(AF_INET, s.c_str(), &a4) == 1) {
            out = {};
            out.v4 = true;
            out.bytes[10] = out.bytes[11] = 0xff;
            const auto* b = reinterpret_cast<const std::uint8_t*>(&a4.s_addr);
            for (int i = 0; i < 4; ++i) out.bytes[12 + i] = b[i];
            return true;
        }
        in6_addr a6{};
        if (inet_pton(AF_INET6, s.c_str(), &a6) != 1) return false;
        out = {};
        for (int i = 0; i < 16; ++i) out.bytes[i] = a6.s6_addr[i];
        static constexpr std::array<std::uint8_t, 12> mapped{0, 0, 0, 0, 0,    0,
                                                             0, 0, 0, 0, 0xff, 0xff};
        out.v4 = std::equal(mapped.begin(), mapped.end(), out.bytes.begin());
        return true;
    }
};

class TrustedProxies {
public:
    // Parses a comma- or space-separated list of addresses and networks ("127.0.0.1, ::1,
    // 10.0.0.0/8, fd00::/8"). Throws std::invalid_argument with one plain line naming the entry
    // that is not an address or network.
    static TrustedProxies parse(std::string_view list) {
        TrustedProxies out;
        std::string entry;
        const auto flush = [&] {
            if (!entry.empty()) out.networks_.push_back(parse_network(entry));
            entry.clear();
        };
        for (const char ch : list) {
            if (ch == ',' || ch == ' ' || ch == '\t')
                flush();
            else
                entry += ch;
        }
        flush();
        return out;
    }

    bool empty() const { return networks_.empty(); }

    bool contains(std::string_view address) const {
        IpAddress ip;
        if (!IpAddress::parse(address, ip)) return false;
        for (const auto& [net, prefix] : networks_)
            if (matches(net, prefix, ip)) return true;
        return false;
    }

private:
    // Each network as its address and the number of leading bits that must match (of 128).
    std::vector<std::pair<IpAddress, int>> networks_;

    static std::pair<IpAddress, int> parse_network(const std::string& entry) {
        const auto slash = entry.find('/');
        IpAddress ip;
        const auto bad = [&] {
            return std::invalid_argument(
                "\"" + entry.substr(0, 60) +
                "\" is not an address or network. List IPv4 or IPv6 addresses or networks, like "
                "127.0.0.1, ::1, 10.0.0.0/8 or fd00::/8, separated by commas.");
        };
        if (!IpAddress::parse(entry.substr(0, slash), ip)) throw bad();
        const int width = ip.v4 ? 32 : 128;
        int bits = width;
        if (slash != std::string::npos) {
            const auto digits = entry.substr(slash + 1);
            if (digits.empty() || digits.size() > 3 ||
                digits.find_first_not_of("0123456789") != std::string::npos)
                throw bad();
            bits = std::stoi(digits);
            if (bits > width) throw bad();
        }
        return {ip, bits + (128 - width)};
    }

    static bool matches(const IpAddress& net, int prefix, const IpAddress& ip) {
        for (int i = 0; i < 16 && prefix > 0; ++i, prefix -= 8) {
            const int take = prefix >= 8 ? 8 : prefix;
            const auto mask = static_cast<std::uint8_t>(0xff << (8 - take));
            if ((net.bytes[i] & mask) != (ip.bytes[i] & mask)) return false;
        }
        return true;
    }
};

// Who the client is, as far as we may believe: the peer's address and "http", unless the peer is a
// trusted proxy. Then the address is the rightmost X-Forwarded-For hop that is not itself a
// trusted proxy (hops to its left could be written by anyone), and the scheme is the last
// X-Forwarded-Proto value when it is "http" or "https".
struct Client {
    std::string address;
    std::string scheme = "http";
};

inline Client client_behind_proxies(
    const TrustedProxies& trusted,
    const std::string& peer,
    const std::vector<std::pair<std::string, std::string>>& headers) {
    Client client{peer};
    if (trusted.empty() || !trusted.contains(peer)) return client;
    const auto named = [](const std::string& a, std::string_view b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
        return true;
    };
    const auto trim = [](std::string s) {
        const auto a = s.find_first_not_of(" \t");
        if (a == std::string::npos) return std::string();
        return s.substr(a, s.find_last_not_of(" \t") - a + 1);
    };
    std::vector<std::string> hops;  // every X-Forwarded-For line, in order, split at commas
    std::string proto;
    for (const auto& [name, value] : headers) {
        if (named(name, "x-forwarded-proto")) proto = value;
        if (!named(name, "x-forwarded-for")) continue;
        std::size_t from = 0;
        for (auto comma = value.find(',');; comma = value.find(',', from)) {
            hops.push_back(trim(value.substr(from, comma - from)));
            if (comma == std::string::npos) break;
            from = comma + 1;
        }
    }
    for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
        IpAddress ip;
        // A hop that is not an address stops the walk: the nearest trusted proxy is all we know.
        if (!IpAddress::parse(*it, ip)) break;
        client.address = *it;
        if (!trusted.contains(*it)) break;
    }
    proto = trim(proto.substr(proto.rfind(',') == std::string::npos ? 0 : proto.rfind(',') + 1));
    for (auto& ch : proto) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (proto == "https" || proto == "http") client.scheme = proto;
    return client;
}

}  // namespace lo::http
