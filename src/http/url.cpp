// Percent-encoding, query strings and UTF-8 checks.
#include "http/url.hpp"

namespace lo::http {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view in, bool plus_as_space) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) return std::nullopt;
            const int hi = hex_value(in[i + 1]);
            const int lo = hex_value(in[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_as_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string percent_encode(std::string_view in) {
    static constexpr char kHexDigits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(in.size());
    for (const char ch : in) {
        const auto c = static_cast<unsigned char>(ch);
        if (is_unreserved(c)) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(kHexDigits[c >> 4]);
            out.push_back(kHexDigits[c & 0x0F]);
        }
    }
    return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view qs) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!qs.empty()) {
        const std::size_t amp = qs.find('&');
        const std::string_view piece = qs.substr(0, amp);
        qs = amp == std::string_view::npos ? std::string_view{} : qs.substr(amp + 1);
        if (piece.empty()) continue;

        const std::size_t eq = piece.find('=');
        auto key = percent_decode(piece.substr(0, eq), true);
        auto value = eq == std::string_view::npos ? std::optional<std::string>{std::string{}}
                                                  : percent_decode(piece.substr(eq + 1), true);
        if (!key || !value || !is_valid_utf8(*key) || !is_valid_utf8(*value)) return std::nullopt;
        out.emplace_back(std::move(*key), std::move(*value));
    }
    return out;
}

bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        // The allowed range of the second byte is what rules out overlongs (E0, F0), surrogates
        // (ED) and code points above U+10FFFF (F4); see the table in RFC 3629 section 4.
        unsigned char second_min = 0x80;
        unsigned char second_max = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0) second_min = 0xA0;
            if (c == 0xED) second_max = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0) second_min = 0x90;
            if (c == 0xF4) second_max = 0x8F;
        } else {
            return false;  // continuation byte without a lead, C0/C1 overlongs, or F5..FF
        }
        if (i + length > s.size()) return false;
        const auto second = static_cast<unsigned char>(s[i + 1]);
        if (second < second_min || second > second_max) return false;
        for (std::size_t k = 2; k < length; ++k) {
            const auto next = static_cast<unsigned char>(s[i + k]);
            if (next < 0x80 || next > 0xBF) return false;
        }
        i += length;
    }
    return true;
}

std::string_view target_path(std::string_view target) {
    // Absolute form is what a client sends through a proxy; RFC 9112 section 3.2.2 says a server
    // must accept it.
    const std::size_t scheme_end = target.find("://");
    if (!target.empty() && target.front() != '/' && scheme_end != std::string_view::npos) {
        const std::size_t path_start = target.find_first_of("/?", scheme_end + 3);
        if (path_start == std::string_view::npos || target[path_start] == '?') return "/";
        target.remove_prefix(path_start);
    }
    return target.substr(0, target.find('?'));
}

}  // namespace lo::http
