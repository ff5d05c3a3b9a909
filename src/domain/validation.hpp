// Domain rules. Validation is a value, not an exception: each check returns every problem found,
// keyed by field, in plain English written for the person fixing the record.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/model.hpp"

namespace lo::domain {

struct FieldError {
    std::string field;    // "max_age", "contacts[0].phones[1].number"
    std::string message;  // "Maximum age must be the same as or more than the minimum age"
    bool operator==(const FieldError&) const = default;
};
using ValidationErrors = std::vector<FieldError>;

inline constexpr int kMinAge = 0;
inline constexpr int kMaxAge = 25;
inline constexpr std::size_t kMaxNameLength = 200;
inline constexpr std::size_t kMaxSummaryLength = 300;
inline constexpr std::size_t kMaxTextLength = 20000;
// Urgent help is read in a crisis: a few lines (who to ring, when), not an article.
inline constexpr std::size_t kMaxUrgentHelpLength = 600;

ValidationErrors validate(const Organisation& organisation);
ValidationErrors validate(const Location& location);
ValidationErrors validate(const Service& service);
ValidationErrors validate(const Taxonomy& taxonomy);
ValidationErrors validate(const TaxonomyTerm& term);
ValidationErrors validate(const AdvicePage& page);

// Fills what a record can work out for itself before it is saved: review_due from last_checked
// (12 months by default), stable ids for child records that arrived without one, and web
// addresses with their scheme in lowercase ("HTTPS://" is stored as "https://").
void complete(Service& service, int review_months = 12);
void complete(Location& location);
void complete(Organisation& organisation);

bool is_valid_email(std::string_view s);
bool is_valid_web_address(std::string_view s);  // http:// or https:// (any case) with a host
// "ox39du" -> "OX3 9DU"; nullopt when it is not shaped like a UK postcode.
std::optional<std::string> normalise_postcode(std::string_view s);
// "OX26" from "OX26 6BL" or "ox26"; nullopt when not shaped like an outward code.
std::optional<std::string> normalise_outcode(std::string_view s);
bool is_valid_phone(std::string_view s);  // UK style: digits, spaces, +, brackets, 7-15 digits
bool is_valid_slug(std::string_view s);
// "GB", "UK", "United Kingdom" (any case) and the empty string: the UK rules apply.
bool is_uk_country(std::string_view country);  // lowercase letters, digits and single hyphens

// Lowercase, hyphen-separated, ASCII-only version of a title, for URLs.
std::string slugify(std::string_view title);

// The lines of a text, each trimmed of spaces, tabs and carriage returns; blank lines dropped.
// How lists typed one per line are read (how-to-access steps, languages).
std::vector<std::string> nonblank_lines(std::string_view text);

}  // namespace lo::domain
