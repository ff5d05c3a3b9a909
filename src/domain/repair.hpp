// Safe repairs of the web addresses and e-mail addresses that real feeds get slightly wrong. A
// value is repaired only when what was meant is certain (a person reading it would agree at
// once); anything else is left to the caller, which drops it. Imports report every step.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lo::domain {

// One thing done to a value: what was wrong with it, and the short name of the repair.
struct RepairStep {
    std::string problem;  // "has no https:// or http:// at the start"
    std::string repair;   // "scheme added"
    bool operator==(const RepairStep&) const = default;
};

struct Repaired {
    std::string value;
    std::vector<RepairStep> steps;  // empty when the value was already right
};

// The value with spaces, tabs, line breaks and no-break spaces (U+00A0) trimmed from both ends.
std::string trim_spaces(std::string_view s);

// "HTTPS://Example.org/A" -> "https://Example.org/A": only the scheme is lowercased, because
// the scheme is case-insensitive (RFC 3986 3.1) and the rest of the address may not be.
std::string lowercase_scheme(std::string_view address);

// True when s (up to the first /, ? or #) is certainly a host name: dot-separated labels of
// letters, digits and hyphens, ending in a two-letter country code or a common generic
// top-level domain, or starting with "www.". "Warmley Community Centre" and "St.John" are not.
bool is_clear_host(std::string_view s);

// Repairs: spaces around, "mailto:" in front, a dot after the domain ("a@b.org.uk.").
// nullopt: not an e-mail address even after those repairs. A blank value gives "".
std::optional<Repaired> repair_email(std::string_view raw);

// Repairs: spaces around, a scheme in capitals ("HTTPS://"), "http:" without its "//"
// ("http:www.x.org", "https:/x.org"), no scheme on a clear host ("www.x.org" gets https://),
// a dot after the host ("https://x.org."), and {, }, |, \, ^ and ` (percent-encoded).
// nullopt: not a web address even after those repairs. A blank value gives "".
std::optional<Repaired> repair_web_address(std::string_view raw);

}  // namespace lo::domain
