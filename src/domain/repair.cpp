// Safe repairs of web and e-mail addresses: each step is one a person would agree is certainly
// what was meant, and is recorded so that imports can say what they changed.
#include "domain/repair.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "domain/validation.hpp"

namespace lo::domain {
namespace {

bool is_ascii_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Generic top-level domains common enough on UK voluntary and council sites that a bare name
// ending in one is certainly a host. Two-letter endings (country codes) are accepted anyway.
constexpr std::array kGenericDomains = {
    "academy", "app",    "art",        "biz",       "blog",  "care",     "center",  "charity",
    "church",  "club",   "com",        "community", "coop",  "cymru",    "dev",     "edu",
    "events",  "family", "foundation", "fund",      "gov",   "group",    "health",  "help",
    "info",    "life",   "live",       "london",    "media", "net",      "network", "news",
    "ngo",     "online", "org",        "page",      "scot",  "services", "site",    "social",
    "space",   "store",  "support",    "team",      "tech",  "today",    "wales",   "website",
    "works",   "world",  "xyz"};

bool is_label(std::string_view label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
        return false;
    return std::all_of(label.begin(), label.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    });
}

// "https:" or "http:" at the start, in any case: the length of the scheme, or 0.
std::size_t web_scheme_length(std::string_view s) {
    const auto colon = s.find(':');
    if (colon == std::string_view::npos) return 0;
    const auto scheme = lower(s.substr(0, colon));
    return scheme == "http" || scheme == "https" ? colon : 0;
}

void percent_encode_unsafe(std::string& s, std::vector<RepairStep>& steps) {
    static const std::string_view unsafe = "{}|\\^`";
    if (s.find_first_of(unsafe) == std::string::npos) return;
    std::string out;
    for (char c : s) {
        if (unsafe.find(c) == std::string_view::npos) {
            out.push_back(c);
            continue;
        }
        static const char* hex = "0123456789ABCDEF";
        out += '%';
        out += hex[static_cast<unsigned char>(c) >> 4];
        out += hex[static_cast<unsigned char>(c) & 15];
    }
    s = std::move(out);
    steps.push_back({"has characters a web address cannot hold ({, }, |, \\, ^ or `)",
                     "characters percent-encoded"});
}

// Puts the "//" back after "http:" or "https:" ("http:www.x.org", "https:/x.org").
void add_missing_slashes(std::string& s,
                         std::size_t scheme_length,
                         std::vector<RepairStep>& steps) {
    std::size_t slashes = 0;
    while (scheme_length + 1 + slashes < s.size() && s[scheme_length + 1 + slashes] == '/')
        ++slashes;
    if (slashes >= 2) return;
    const auto scheme = s.substr(0, scheme_length);
    s = scheme + "://" + s.substr(scheme_length + 1 + slashes);
    steps.push_back({"is missing the // after " + scheme + ":", "// added after the scheme"});
}

// "www.x.org." -> "www.x.org": the full stop of a sentence after a bare host (removed later).
std::string_view without_full_stop(std::string_view s) {
    if (s.ends_with('.') && s.find_first_of("/?#") == std::string_view::npos) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string trim_spaces(std::string_view s) {
    // A no-break space is the two bytes C2 A0 in UTF-8; real feeds paste them around values.
    const auto space_at_start = [&](std::size_t i) -> std::size_t {
        if (is_ascii_space(static_cast<unsigned char>(s[i]))) return 1;
        if (static_cast<unsigned char>(s[i]) == 0xC2 && i + 1 < s.size() &&
            static_cast<unsigned char>(s[i + 1]) == 0xA0)
            return 2;
        return 0;
    };
    const auto space_at_end = [&](std::size_t end) -> std::size_t {
        if (is_ascii_space(static_cast<unsigned char>(s[end - 1]))) return 1;
        if (static_cast<unsigned char>(s[end - 1]) == 0xA0 && end >= 2 &&
            static_cast<unsigned char>(s[end - 2]) == 0xC2)
            return 2;
        return 0;
    };
    std::size_t start = 0, end = s.size();
    while (start < end)
        if (const auto n = space_at_start(start))
            start += n;
        else
            break;
    while (end > start)
        if (const auto n = space_at_end(end))
            end -= n;
        else
            break;
    return std::string(s.substr(start, end - start));
}

std::string lowercase_scheme(std::string_view address) {
    std::string out(address);
    const auto length = web_scheme_length(out);
    for (std::size_t i = 0; i < length; ++i)
        out[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[i])));
    return out;
}

bool is_clear_host(std::string_view s) {
    auto host = s.substr(0, s.find_first_of("/?#"));
    if (const auto colon = host.find(':'); colon != std::string_view::npos) {
        const auto port = host.substr(colon + 1);
        if (port.empty() || !std::all_of(port.begin(), port.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c));
            }))
            return false;
        host = host.substr(0, colon);
    }
    std::vector<std::string_view> labels;
    for (std::size_t start = 0;;) {
        const auto dot = host.find('.', start);
        labels.push_back(host.substr(start, dot == std::string_view::npos ? dot : dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    if (labels.size() < 2 || !std::all_of(labels.begin(), labels.end(), is_label)) return false;
    const auto ending = lower(labels.back());
    if (!std::all_of(ending.begin(), ending.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
        return false;
    return ending.size() == 2 || lower(labels.front()) == "www" ||
           std::find(kGenericDomains.begin(), kGenericDomains.end(), ending) !=
               kGenericDomains.end();
}

std::optional<Repaired> repair_email(std::string_view raw) {
    Repaired r{trim_spaces(raw), {}};
    if (r.value.empty()) return r;
    if (r.value.size() != raw.size()) r.steps.push_back({"has spaces around it", "spaces removed"});
    if (lower(r.value.substr(0, 7)) == "mailto:") {
        r.value = trim_spaces(r.value.substr(7));
        r.steps.push_back({"starts with mailto:", "mailto: removed"});
    }
    if (!is_valid_email(r.value) && r.value.ends_with('.') &&
        r.value.find('@') != std::string::npos &&
        is_valid_email(std::string_view(r.value).substr(0, r.value.size() - 1))) {
        r.value.pop_back();
        r.steps.push_back({"ends with a dot after the domain", "trailing dot removed"});
    }
    if (!is_valid_email(r.value)) return std::nullopt;
    return r;
}

std::optional<Repaired> repair_web_address(std::string_view raw) {
    Repaired r{trim_spaces(raw), {}};
    if (r.value.empty()) return r;
    if (r.value.size() != raw.size()) r.steps.push_back({"has spaces around it", "spaces removed"});
    if (const auto length = web_scheme_length(r.value)) {
        if (const auto lowered = lowercase_scheme(r.value); lowered != r.value) {
            r.value = lowered;
            r.steps.push_back({"has its scheme in capitals", "scheme made lowercase"});
        }
        add_missing_slashes(r.value, length, r.steps);
    } else if (r.value.find("://") == std::string::npos &&
               is_clear_host(without_full_stop(r.value))) {
        r.value = "https://" + r.value;
        r.steps.push_back({"has no https:// or http:// at the start", "scheme added"});
    }
    // "https://www.x.org." (a sentence's full stop): the dot ends the host, never part of it.
    if (const auto host = r.value.find("://");
        host != std::string::npos && r.value.ends_with('.') &&
        r.value.find_first_of("/?#", host + 3) == std::string::npos) {
        r.value.pop_back();
        r.steps.push_back({"ends with a dot", "trailing dot removed"});
    }
    percent_encode_unsafe(r.value, r.steps);
    if (!is_valid_web_address(r.value)) return std::nullopt;
    return r;
}

}  // namespace lo::domain
