// The Local Offer's data model: Open Referral UK 3.0 objects (service, organisation, location,
// contact, schedule, cost option, taxonomy term) extended with what families need to know about
// SEND services: who it is for, how to get it, and how fresh the record is. No I/O in here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lo::domain {

enum class ServiceStatus { Active, Inactive, Defunct, TemporarilyClosed };

// How a family gets to a service. EhcPlan means the service is only for children with an EHC plan.
enum class ReferralRoute { Self, Gp, HealthProfessional, School, SocialWorker, EhcPlan };

enum class DeliveryMode { InPerson, Online, Phone, HomeVisit };

enum class Weekday { Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday };

struct Organisation {
    std::string id;
    std::string name;
    std::string description;
    std::string url;
    std::string email;
    std::string phone;
    std::string source;         // provenance: "demo", "import:oruk:<file>", "harvest:<name>"
    std::string last_modified;  // RFC 3339, set by the store

    bool operator==(const Organisation&) const = default;
};

struct Location {
    std::string id;
    std::string name;
    std::string description;
    std::string address_1;
    std::string address_2;
    std::string city;
    std::string county;
    std::string postcode;
    std::optional<double> latitude;
    std::optional<double> longitude;
    // ISO 3166-1 alpha-2 code of a place outside the United Kingdom ("US"); empty for the UK.
    // UK rules (postcode shape, UK latitude and longitude) apply only to UK places. Places
    // outside the UK come from imports and harvests of other directories (docs/import-format.md).
    std::string country;
    // Home-based providers (childminders, home visiting teams) do not publish their address:
    // the public site shows only the town and the postcode district.
    bool hide_address = false;
    std::vector<std::string> accessibility;  // "Step-free access", "Hearing loop", ...
    std::string source;
    std::string last_modified;

    bool operator==(const Location&) const = default;
};

struct Phone {
    std::string id;
    std::string number;
    std::string description;

    bool operator==(const Phone&) const = default;
};

struct Contact {
    std::string id;
    std::string name;
    std::string title;
    std::vector<Phone> phones;
    std::vector<std::string> emails;

    bool operator==(const Contact&) const = default;
};

// A weekly opening pattern: the listed days, between opens_at and closes_at ("HH:MM", local time).
struct RegularSchedule {
    std::string id;
    std::vector<Weekday> days;
    std::string opens_at;
    std::string closes_at;
    std::string description;

    bool operator==(const RegularSchedule&) const = default;
};

// A date on which the weekly pattern does not apply: a bank holiday closure, a training day.
struct Closure {
    std::string id;
    std::string date;  // YYYY-MM-DD
    std::string description;

    bool operator==(const Closure&) const = default;
};

struct CostOption {
    std::string id;
    std::string option;
    std::optional<double> amount;  // pounds
    std::string amount_description;

    bool operator==(const CostOption&) const = default;
};

struct Language {
    std::string id;
    std::string name;

    bool operator==(const Language&) const = default;
};

struct ServiceArea {
    std::string id;
    std::string name;  // "Oxfordshire", "Waltham Forest"

    bool operator==(const ServiceArea&) const = default;
};

struct Service {
    std::string id;
    std::string organisation_id;
    std::string name;
    std::string summary;  // one sentence shown in lists
    std::string description;
    ServiceStatus status = ServiceStatus::Active;
    std::string url;
    std::string email;
    std::optional<int> min_age;  // years
    std::optional<int> max_age;  // years, inclusive
    std::string eligibility;
    // What to do in a crisis (crisis lines, 999, NHS 111), set by an editor: shown in a warning
    // at the top of the service page, before anything else.
    std::string urgent_help;
    // The dates that run the directory (domain/service_dates.hpp has the rule), all YYYY-MM-DD
    // or empty: the first and last day the service is listed, and for a temporarily closed
    // service why, and the first day it is open again.
    std::string start_date;
    std::string end_date;
    std::string closed_reason;
    std::string reopening_date;

    std::vector<ReferralRoute> referral_routes;
    std::string referral_url;
    std::vector<std::string> how_to_access;  // steps, in order

    bool free = true;
    std::vector<CostOption> costs;
    std::vector<Language> languages;
    std::vector<DeliveryMode> delivery_modes;
    std::string waiting_time;

    std::string last_modified;  // RFC 3339, set by the store on every save
    std::string last_checked;   // YYYY-MM-DD: when someone last confirmed the record is right
    std::string review_due;     // YYYY-MM-DD: defaults to 12 months after last_checked

    std::vector<std::string> location_ids;
    std::vector<Contact> contacts;
    std::vector<RegularSchedule> schedules;
    std::vector<Closure> closures;
    std::vector<ServiceArea> service_areas;
    std::vector<std::string> term_ids;  // taxonomy terms: categories and SEND needs

    std::string source;

    bool operator==(const Service&) const = default;
};

struct Taxonomy {
    std::string id;
    std::string code;  // "categories", "send-needs"
    std::string name;
    std::string description;
    std::string uri;
    std::string version;

    bool operator==(const Taxonomy&) const = default;
};

struct TaxonomyTerm {
    std::string id;
    std::string taxonomy_id;
    std::string parent_id;  // empty for a top-level term
    std::string code;       // stable slug used in URLs: "speech-and-language-therapy"
    std::string name;
    std::string description;
    int position = 0;

    bool operator==(const TaxonomyTerm&) const = default;
};

struct AdvicePage {
    std::string id;
    std::string slug;
    std::string title;
    std::string summary;
    std::string body_markdown;
    int position = 0;
    std::string source;
    std::string last_modified;

    bool operator==(const AdvicePage&) const = default;
};

// The well-known taxonomy codes.
inline constexpr std::string_view kCategoriesTaxonomy = "categories";
inline constexpr std::string_view kNeedsTaxonomy = "send-needs";

// Enum <-> stable code (used in storage, JSON and URLs) and plain-English label (used on pages).
std::string_view to_code(ServiceStatus v);
std::string_view to_code(ReferralRoute v);
std::string_view to_code(DeliveryMode v);
std::string_view to_code(Weekday v);  // "MO".."SU" as in iCalendar and ORUK schedules
std::optional<ServiceStatus> service_status_from_code(std::string_view code);
std::optional<ReferralRoute> referral_route_from_code(std::string_view code);
std::optional<DeliveryMode> delivery_mode_from_code(std::string_view code);
std::optional<Weekday> weekday_from_code(std::string_view code);

std::string_view label(ServiceStatus v);        // "Open", "Temporarily closed"
std::string_view label(ReferralRoute v);        // "You can refer yourself", "Needs a GP referral"
std::string_view label(DeliveryMode v);         // "In person", "Online"
std::string_view label(Weekday v);              // "Monday"
std::string_view short_label(ReferralRoute v);  // "Self-referral", "GP referral"

// Who a service is for, in a few words, for its card in a list: "For: Autism; Hearing
// impairment; Speech, language and communication needs; 2 more" (the first three needs by name,
// then how many more). Semicolons, because need names have commas and "and" of their own.
// Empty when there are no needs.
std::string who_for_text(std::vector<std::string> need_names);

inline constexpr ReferralRoute kAllReferralRoutes[] = {
    ReferralRoute::Self,   ReferralRoute::Gp,           ReferralRoute::HealthProfessional,
    ReferralRoute::School, ReferralRoute::SocialWorker, ReferralRoute::EhcPlan};
inline constexpr DeliveryMode kAllDeliveryModes[] = {DeliveryMode::InPerson, DeliveryMode::Online,
                                                     DeliveryMode::Phone, DeliveryMode::HomeVisit};

}  // namespace lo::domain
