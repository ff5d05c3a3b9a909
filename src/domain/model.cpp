// Stable codes and plain-English labels for the model's enumerations.
#include "domain/model.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace lo::domain {
namespace {

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view code) {
    for (const auto& [value, c] : table)
        if (c == code) return value;
    return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view find(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
    for (const auto& [v, c] : table)
        if (v == value) return c;
    return {};
}

constexpr std::array<std::pair<ServiceStatus, std::string_view>, 4> kStatusCodes{{
    {ServiceStatus::Active, "active"},
    {ServiceStatus::Inactive, "inactive"},
    {ServiceStatus::Defunct, "defunct"},
    {ServiceStatus::TemporarilyClosed, "temporarily closed"},
}};
constexpr std::array<std::pair<ServiceStatus, std::string_view>, 4> kStatusLabels{{
    {ServiceStatus::Active, "Open"},
    {ServiceStatus::Inactive, "Not running at the moment"},
    {ServiceStatus::Defunct, "Closed"},
    {ServiceStatus::TemporarilyClosed, "Temporarily closed"},
}};
constexpr std::array<std::pair<ReferralRoute, std::string_view>, 6> kRouteCodes{{
    {ReferralRoute::Self, "self"},
    {ReferralRoute::Gp, "gp"},
    {ReferralRoute::HealthProfessional, "health_professional"},
    {ReferralRoute::School, "school"},
    {ReferralRoute::SocialWorker, "social_worker"},
    {ReferralRoute::EhcPlan, "ehc_plan"},
}};
constexpr std::array<std::pair<ReferralRoute, std::string_view>, 6> kRouteLabels{{
    {ReferralRoute::Self, "You can contact this service yourself"},
    {ReferralRoute::Gp, "Your GP can refer you"},
    {ReferralRoute::HealthProfessional,
     "A health professional can refer you (for example a health visitor, school nurse or "
     "paediatrician)"},
    {ReferralRoute::School, "Your child's school, college or nursery can refer you"},
    {ReferralRoute::SocialWorker, "A social worker can refer you"},
    {ReferralRoute::EhcPlan, "Your child needs an education, health and care (EHC) plan"},
}};
constexpr std::array<std::pair<ReferralRoute, std::string_view>, 6> kRouteShortLabels{{
    {ReferralRoute::Self, "Self-referral"},
    {ReferralRoute::Gp, "GP referral"},
    {ReferralRoute::HealthProfessional, "Health professional referral"},
    {ReferralRoute::School, "School or setting referral"},
    {ReferralRoute::SocialWorker, "Social worker referral"},
    {ReferralRoute::EhcPlan, "EHC plan needed"},
}};
constexpr std::array<std::pair<DeliveryMode, std::string_view>, 4> kModeCodes{{
    {DeliveryMode::InPerson, "in_person"},
    {DeliveryMode::Online, "online"},
    {DeliveryMode::Phone, "phone"},
    {DeliveryMode::HomeVisit, "home_visit"},
}};
constexpr std::array<std::pair<DeliveryMode, std::string_view>, 4> kModeLabels{{
    {DeliveryMode::InPerson, "In person"},
    {DeliveryMode::Online, "Online"},
    {DeliveryMode::Phone, "By phone"},
    {DeliveryMode::HomeVisit, "Home visits"},
}};
constexpr std::array<std::pair<Weekday, std::string_view>, 7> kDayCodes{{
    {Weekday::Monday, "MO"},
    {Weekday::Tuesday, "TU"},
    {Weekday::Wednesday, "WE"},
    {Weekday::Thursday, "TH"},
    {Weekday::Friday, "FR"},
    {Weekday::Saturday, "SA"},
    {Weekday::Sunday, "SU"},
}};
constexpr std::array<std::pair<Weekday, std::string_view>, 7> kDayLabels{{
    {Weekday::Monday, "Monday"},
    {Weekday::Tuesday, "Tuesday"},
    {Weekday::Wednesday, "Wednesday"},
    {Weekday::Thursday, "Thursday"},
    {Weekday::Friday, "Friday"},
    {Weekday::Saturday, "Saturday"},
    {Weekday::Sunday, "Sunday"},
}};

}  // namespace

std::string_view to_code(ServiceStatus v) {
    return find(kStatusCodes, v);
}
std::string_view to_code(ReferralRoute v) {
    return find(kRouteCodes, v);
}
std::string_view to_code(DeliveryMode v) {
    return find(kModeCodes, v);
}
std::string_view to_code(Weekday v) {
    return find(kDayCodes, v);
}
std::optional<ServiceStatus> service_status_from_code(std::string_view c) {
    return lookup(kStatusCodes, c);
}
std::optional<ReferralRoute> referral_route_from_code(std::string_view c) {
    return lookup(kRouteCodes, c);
}
std::optional<DeliveryMode> delivery_mode_from_code(std::string_view c) {
    return lookup(kModeCodes, c);
}
std::optional<Weekday> weekday_from_code(std::string_view c) {
    return lookup(kDayCodes, c);
}
std::string_view label(ServiceStatus v) {
    return find(kStatusLabels, v);
}
std::string_view label(ReferralRoute v) {
    return find(kRouteLabels, v);
}
std::string_view label(DeliveryMode v) {
    return find(kModeLabels, v);
}
std::string_view label(Weekday v) {
    return find(kDayLabels, v);
}
std::string_view short_label(ReferralRoute v) {
    return find(kRouteShortLabels, v);
}

std::string who_for_text(std::vector<std::string> need_names) {
    if (need_names.empty()) return {};
    std::sort(need_names.begin(), need_names.end());
    const std::size_t shown = std::min<std::size_t>(3, need_names.size());
    std::string text = "For: ";
    for (std::size_t i = 0; i < shown; ++i) text += (i ? "; " : "") + need_names[i];
    if (need_names.size() > shown)
        text += "; " + std::to_string(need_names.size() - shown) + " more";
    return text;
}

}  // namespace lo::domain
