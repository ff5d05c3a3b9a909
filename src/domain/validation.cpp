// Field-level validation of every record the Local Offer stores, and record completion.
#include "domain/validation.hpp"

#include <set>

#include <atomic>
#include <cctype>

#include "domain/dates.hpp"
#include "domain/ids.hpp"
#include "domain/repair.hpp"
#include "domain/rule_counts.hpp"

namespace lo::domain {
namespace {

bool blank(std::string_view s) {
    for (char c : s)
        if (!std::isspace(static_cast<unsigned char>(c))) return false;
    return true;
}

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

class Checker {
public:
    void add(std::string field, std::string message) {
        errors_.push_back({std::move(field), std::move(message)});
    }
    void required(std::string_view field, std::string_view value, std::string_view message) {
        if (blank(value)) add(std::string(field), std::string(message));
    }
    void max_length(std::string_view field,
                    std::string_view value,
                    std::size_t max,
                    std::string_view what) {
        if (value.size() > max)
            add(std::string(field),
                std::string(what) + " must be " + std::to_string(max) + " characters or fewer");
    }
    void id(std::string_view field, std::string_view value) {
        if (!is_uuid(value))
            add(std::string(field),
                "The id must be a UUID, like 3f2504e0-4f89-41d3-9a0c-0305e82c3301");
    }
    void optional_id(std::string_view field, std::string_view value) {
        if (!value.empty()) id(field, value);
    }
    void email(std::string_view field, std::string_view value) {
        if (!value.empty() && !is_valid_email(value))
            add(std::string(field),
                "Enter an email address in the correct format, like name@example.org.uk");
    }
    void url(std::string_view field, std::string_view value) {
        if (!value.empty() && !is_valid_web_address(value))
            add(std::string(field),
                "Enter a web address that starts with https:// or http://, like "
                "https://www.example.org.uk");
    }
    void phone(std::string_view field, std::string_view value) {
        if (!is_valid_phone(value))
            add(std::string(field), "Enter a phone number, like 01865 123456 or +44 1865 123456");
    }
    void date(std::string_view field, std::string_view value, std::string_view what) {
        if (!value.empty() && !parse_date(value))
            add(std::string(field),
                std::string(what) +
                    " must be a real date in the format YYYY-MM-DD, like 2026-03-31");
    }
    ValidationErrors take() { return std::move(errors_); }

private:
    ValidationErrors errors_;
};

bool valid_time(std::string_view t) {
    return t.size() == 5 && is_digit(t[0]) && is_digit(t[1]) && t[2] == ':' && is_digit(t[3]) &&
           is_digit(t[4]) && (t[0] - '0') * 10 + (t[1] - '0') < 24 && t[3] < '6';
}

std::string at(std::string_view list, std::size_t i) {
    return std::string(list) + "[" + std::to_string(i) + "]";
}

}  // namespace

bool is_valid_email(std::string_view s) {
    if (s.size() > 254) return false;
    const auto at_pos = s.find('@');
    if (at_pos == std::string_view::npos || at_pos == 0 || s.find('@', at_pos + 1) != s.npos)
        return false;
    const auto local = s.substr(0, at_pos), domain = s.substr(at_pos + 1);
    for (char c : local)
        if (std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == ',' ||
            c == '"')
            return false;
    const auto dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.back() == '.' ||
        domain.find("..") != std::string_view::npos)
        return false;
    for (char c : domain)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return false;
    return true;
}

bool is_valid_web_address(std::string_view s) {
    // The scheme is case-insensitive (RFC 3986 3.1): "HTTPS://" is as good as "https://".
    const auto starts_with = [&](std::string_view scheme) {
        if (s.size() < scheme.size()) return false;
        for (std::size_t i = 0; i < scheme.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(s[i])) != scheme[i]) return false;
        return true;
    };
    std::string_view rest;
    if (starts_with("https://"))
        rest = s.substr(8);
    else if (starts_with("http://"))
        rest = s.substr(7);
    else
        return false;
    const auto end = rest.find_first_of("/?#");
    const auto host = rest.substr(0, end);
    if (host.empty() || host.find('.') == std::string_view::npos || host.front() == '.' ||
        host.back() == '.')
        return false;
    for (char c : host)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == ':'))
            return false;
    for (char c : s)
        if (std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == '"')
            return false;
    return true;
}

std::optional<std::string> normalise_outcode(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == ' ') continue;
        out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    // A9, A99, AA9, AA99, A9A, AA9A
    if (out.size() < 2 || out.size() > 4 || !is_upper(out[0])) return std::nullopt;
    std::size_t i = 1;
    if (is_upper(out[i])) ++i;
    if (i >= out.size() || !is_digit(out[i])) return std::nullopt;
    ++i;
    if (i < out.size() && (is_digit(out[i]) || is_upper(out[i]))) ++i;
    if (i != out.size()) return std::nullopt;
    return out;
}

std::optional<std::string> normalise_postcode(std::string_view s) {
    std::string compact;
    for (char c : s) {
        if (c == ' ') continue;
        compact.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    if (compact.size() < 5 || compact.size() > 7) return std::nullopt;
    const auto inward = compact.substr(compact.size() - 3);
    if (!is_digit(inward[0]) || !is_upper(inward[1]) || !is_upper(inward[2])) return std::nullopt;
    const auto outward = normalise_outcode(compact.substr(0, compact.size() - 3));
    if (!outward) return std::nullopt;
    return *outward + " " + inward;
}

bool is_valid_phone(std::string_view s) {
    int digits = 0;
    for (char c : s) {
        if (is_digit(c))
            ++digits;
        else if (c != ' ' && c != '+' && c != '(' && c != ')' && c != '-')
            return false;
    }
    return digits >= 3 && digits <= 15 && (s.empty() || s.find('+') == s.npos || s[0] == '+');
}

bool is_uk_country(std::string_view country) {
    std::string c;
    for (char ch : country)
        if (ch != ' ' && ch != '.')
            c.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
    return c.empty() || c == "GB" || c == "UK" || c == "GBR" || c == "UNITEDKINGDOM" ||
           c == "GREATBRITAIN" || c == "ENGLAND";
}

bool is_valid_slug(std::string_view s) {
    if (s.empty() || s.front() == '-' || s.back() == '-' || s.size() > 100) return false;
    char prev = 0;
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '-')) return false;
        if (c == '-' && prev == '-') return false;
        prev = c;
    }
    return true;
}

std::vector<std::string> nonblank_lines(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const auto line = text.substr(start, end - start);
        const auto first = line.find_first_not_of(" \t\r");
        if (first != std::string_view::npos)
            out.emplace_back(line.substr(first, line.find_last_not_of(" \t\r") - first + 1));
        start = end + 1;
    }
    return out;
}

std::string slugify(std::string_view title) {
    std::string out;
    for (char c : title) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) && u < 128) {
            out.push_back(static_cast<char>(std::tolower(u)));
        } else if (c == '\'') {
            continue;  // "children's" -> "childrens"
        } else if (!out.empty() && out.back() != '-') {
            out.push_back('-');
        }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

ValidationErrors validate(const Organisation& o) {
    Checker c;
    c.id("id", o.id);
    c.required("name", o.name, "Enter the organisation's name");
    c.max_length("name", o.name, kMaxNameLength, "The organisation's name");
    c.max_length("description", o.description, kMaxTextLength, "The description");
    c.url("url", o.url);
    c.email("email", o.email);
    if (!o.phone.empty()) c.phone("phone", o.phone);
    return c.take();
}

ValidationErrors validate(const Location& l) {
    Checker c;
    c.id("id", l.id);
    if (blank(l.name) && blank(l.address_1))
        c.add("name", "Enter a name for the place or the first line of its address");
    c.max_length("name", l.name, kMaxNameLength, "The name of the place");
    if (l.latitude.has_value() != l.longitude.has_value())
        c.add(l.latitude ? "longitude" : "latitude",
              "Enter both latitude and longitude, or neither");
    if (l.country.empty()) {
        if (!l.postcode.empty() && !normalise_postcode(l.postcode))
            c.add("postcode", "Enter a real UK postcode, like OX3 9DU");
        if (l.latitude && (*l.latitude < 49.0 || *l.latitude > 61.0))
            c.add("latitude", "Latitude must be between 49 and 61 for a place in the UK");
        if (l.longitude && (*l.longitude < -8.7 || *l.longitude > 2.0))
            c.add("longitude", "Longitude must be between -8.7 and 2 for a place in the UK");
    } else {
        // A place outside the UK: its own postcode format, anywhere on Earth.
        if (l.country.size() != 2 || !is_upper(l.country[0]) || !is_upper(l.country[1]) ||
            is_uk_country(l.country))
            c.add("country",
                  "Enter the country as a two-letter code other than GB, like US or IE, or "
                  "leave it empty for a place in the UK");
        if (l.latitude && (*l.latitude < -90.0 || *l.latitude > 90.0))
            c.add("latitude", "Latitude must be between -90 and 90");
        if (l.longitude && (*l.longitude < -180.0 || *l.longitude > 180.0))
            c.add("longitude", "Longitude must be between -180 and 180");
        c.max_length("postcode", l.postcode, 20, "The postal code");
    }
    for (std::size_t i = 0; i < l.accessibility.size(); ++i)
        c.required(at("accessibility", i), l.accessibility[i],
                   "Describe the accessibility feature, or remove the empty line");
    return c.take();
}

namespace {
std::atomic<long> service_validations_run{0};
}  // namespace

long service_validations() {
    return service_validations_run.load();
}

// The start, end and reopening dates (domain/service_dates.hpp). "Reopening in the future" is
// the form's rule, not the record's: a closure whose date has passed must still save.
void check_listing_dates(Checker& c, const Service& s) {
    c.date("start_date", s.start_date, "The start date");
    c.date("end_date", s.end_date, "The end date");
    c.date("reopening_date", s.reopening_date, "The reopening date");
    c.max_length("closed_reason", s.closed_reason, kMaxSummaryLength, "Why it is closed");
    const auto start = parse_date(s.start_date);
    const auto end = parse_date(s.end_date);
    if (start && end && *end < *start)
        c.add("end_date", "The end date must be the same as or after the start date");
}

ValidationErrors validate(const Service& s) {
    ++service_validations_run;
    Checker c;
    c.id("id", s.id);
    if (blank(s.organisation_id))
        c.add("organisation_id", "Choose the organisation that provides this service");
    else
        c.id("organisation_id", s.organisation_id);
    c.required("name", s.name, "Enter the service name");
    c.max_length("name", s.name, kMaxNameLength, "The service name");
    c.max_length("summary", s.summary, kMaxSummaryLength, "The summary");
    c.max_length("description", s.description, kMaxTextLength, "The description");
    c.max_length("eligibility", s.eligibility, kMaxTextLength, "Who the service is for");
    c.max_length("urgent_help", s.urgent_help, kMaxUrgentHelpLength, "Urgent help");
    c.url("url", s.url);
    c.url("referral_url", s.referral_url);
    c.email("email", s.email);
    const auto check_age = [&](const char* field, const std::optional<int>& age, const char* what) {
        if (age && (*age < kMinAge || *age > kMaxAge))
            c.add(field, std::string(what) + " must be between 0 and 25 years");
    };
    check_age("min_age", s.min_age, "Minimum age");
    check_age("max_age", s.max_age, "Maximum age");
    if (s.min_age && s.max_age && *s.max_age < *s.min_age)
        c.add("max_age", "Maximum age must be the same as or more than the minimum age");
    for (std::size_t i = 0; i < s.how_to_access.size(); ++i)
        c.required(at("how_to_access", i), s.how_to_access[i],
                   "Write this step, or remove the empty step");
    if (!s.free && s.costs.empty())
        c.add("costs", "Add at least one cost, or mark the service as free");
    for (std::size_t i = 0; i < s.costs.size(); ++i) {
        const auto& cost = s.costs[i];
        if (blank(cost.option) && !cost.amount && blank(cost.amount_description))
            c.add(at("costs", i) + ".option", "Describe the cost, or remove it");
        if (cost.amount && *cost.amount < 0)
            c.add(at("costs", i) + ".amount", "The amount must be 0 or more");
    }
    for (std::size_t i = 0; i < s.languages.size(); ++i)
        c.required(at("languages", i), s.languages[i].name,
                   "Enter the language, or remove the empty line");
    c.date("last_checked", s.last_checked, "The date the service was last checked");
    c.date("review_due", s.review_due, "The review date");
    if (const auto checked = parse_date(s.last_checked); checked) {
        if (const auto due = parse_date(s.review_due); due && *due < *checked)
            c.add("review_due", "The review date must be on or after the date it was last checked");
    }
    check_listing_dates(c, s);
    for (std::size_t i = 0; i < s.location_ids.size(); ++i)
        c.id(at("location_ids", i), s.location_ids[i]);
    for (std::size_t i = 0; i < s.contacts.size(); ++i) {
        const auto& contact = s.contacts[i];
        const auto base = at("contacts", i);
        if (blank(contact.name) && blank(contact.title) && contact.phones.empty() &&
            contact.emails.empty())
            c.add(base + ".name", "Give the contact a name, a phone number or an email address");
        for (std::size_t j = 0; j < contact.phones.size(); ++j)
            c.phone(base + "." + at("phones", j) + ".number", contact.phones[j].number);
        for (std::size_t j = 0; j < contact.emails.size(); ++j) {
            if (!is_valid_email(contact.emails[j]))
                c.add(base + "." + at("emails", j),
                      "Enter an email address in the correct format, like name@example.org.uk");
        }
    }
    for (std::size_t i = 0; i < s.schedules.size(); ++i) {
        const auto& sch = s.schedules[i];
        const auto base = at("schedules", i);
        if (sch.days.empty()) c.add(base + ".days", "Choose at least one day");
        if (!valid_time(sch.opens_at))
            c.add(base + ".opens_at", "Enter the opening time in 24-hour format, like 09:00");
        if (!valid_time(sch.closes_at))
            c.add(base + ".closes_at", "Enter the closing time in 24-hour format, like 17:30");
        if (valid_time(sch.opens_at) && valid_time(sch.closes_at) && sch.closes_at <= sch.opens_at)
            c.add(base + ".closes_at", "The closing time must be after the opening time");
    }
    for (std::size_t i = 0; i < s.closures.size(); ++i) {
        if (!parse_date(s.closures[i].date))
            c.add(at("closures", i) + ".date",
                  "The closure date must be a real date in the format YYYY-MM-DD, like 2026-12-25");
    }
    for (std::size_t i = 0; i < s.service_areas.size(); ++i)
        c.required(at("service_areas", i), s.service_areas[i].name,
                   "Enter the area, or remove the empty line");
    for (std::size_t i = 0; i < s.term_ids.size(); ++i) c.id(at("term_ids", i), s.term_ids[i]);
    return c.take();
}

ValidationErrors validate(const Taxonomy& t) {
    Checker c;
    c.id("id", t.id);
    c.required("name", t.name, "Enter the taxonomy's name");
    if (!is_valid_slug(t.code))
        c.add("code", "The code must use only lowercase letters, numbers and hyphens");
    c.url("uri", t.uri);
    return c.take();
}

ValidationErrors validate(const TaxonomyTerm& t) {
    Checker c;
    c.id("id", t.id);
    c.id("taxonomy_id", t.taxonomy_id);
    c.optional_id("parent_id", t.parent_id);
    if (!t.parent_id.empty() && t.parent_id == t.id)
        c.add("parent_id", "A term cannot be its own parent");
    c.required("name", t.name, "Enter the term's name");
    c.max_length("name", t.name, kMaxNameLength, "The term's name");
    if (!is_valid_slug(t.code))
        c.add("code", "The code must use only lowercase letters, numbers and hyphens");
    return c.take();
}

ValidationErrors validate(const AdvicePage& p) {
    Checker c;
    c.id("id", p.id);
    c.required("title", p.title, "Enter the page title");
    c.max_length("title", p.title, kMaxNameLength, "The title");
    if (!is_valid_slug(p.slug))
        c.add("slug",
              "The web address ending must use only lowercase letters, numbers and hyphens");
    c.max_length("summary", p.summary, kMaxSummaryLength, "The summary");
    c.required("body_markdown", p.body_markdown, "Write the page content");
    c.max_length("body_markdown", p.body_markdown, 200000, "The page content");
    return c.take();
}

namespace {

// A child record's id derived from what it is ("closure/2026-12-25"), so ids stay the same
// when a feed is loaded again. Two children with the same key (two closures on one day, a
// language or an area listed twice) would share an id and the save would fail on the
// database's unique key, losing the whole service: the second and later get their position
// added, which is just as stable while the list keeps its order.
class ChildIds {
public:
    explicit ChildIds(const std::string& parent) : parent_(parent) {}
    std::string operator()(const std::string& key, std::size_t position) {
        auto id = derived_uuid(parent_, key);
        if (!used_.insert(id).second) {
            id = derived_uuid(parent_, key + "/" + std::to_string(position));
            used_.insert(id);
        }
        return id;
    }

private:
    const std::string& parent_;
    std::set<std::string> used_;
};

}  // namespace

void complete(Service& s, int review_months) {
    // Stored with the scheme in lowercase, so links and the ORUK feed never depend on its case.
    s.url = lowercase_scheme(s.url);
    s.referral_url = lowercase_scheme(s.referral_url);
    if (s.review_due.empty()) {
        if (const auto checked = parse_date(s.last_checked))
            s.review_due = to_string(add_months(*checked, review_months));
    }
    for (std::size_t i = 0; i < s.costs.size(); ++i)
        if (s.costs[i].id.empty()) s.costs[i].id = derived_uuid(s.id, "cost/" + std::to_string(i));
    ChildIds language_ids(s.id);
    for (std::size_t i = 0; i < s.languages.size(); ++i)
        if (s.languages[i].id.empty())
            s.languages[i].id = language_ids("language/" + s.languages[i].name, i);
    for (std::size_t i = 0; i < s.contacts.size(); ++i) {
        auto& contact = s.contacts[i];
        if (contact.id.empty()) contact.id = derived_uuid(s.id, "contact/" + std::to_string(i));
        for (std::size_t j = 0; j < contact.phones.size(); ++j)
            if (contact.phones[j].id.empty())
                contact.phones[j].id = derived_uuid(contact.id, "phone/" + std::to_string(j));
    }
    for (std::size_t i = 0; i < s.schedules.size(); ++i)
        if (s.schedules[i].id.empty())
            s.schedules[i].id = derived_uuid(s.id, "schedule/" + std::to_string(i));
    ChildIds closure_ids(s.id);
    for (std::size_t i = 0; i < s.closures.size(); ++i)
        if (s.closures[i].id.empty())
            s.closures[i].id = closure_ids("closure/" + s.closures[i].date, i);
    ChildIds area_ids(s.id);
    for (std::size_t i = 0; i < s.service_areas.size(); ++i)
        if (s.service_areas[i].id.empty())
            s.service_areas[i].id = area_ids("area/" + s.service_areas[i].name, i);
}

void complete(Location& l) {
    if (const auto pc = normalise_postcode(l.postcode)) l.postcode = *pc;
}

void complete(Organisation& o) {
    o.url = lowercase_scheme(o.url);
}

}  // namespace lo::domain
