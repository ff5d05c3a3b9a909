// The eligibility checker's rules. Three checks per service (age, place, EHC plan), after the
// needs decide whether the service is relevant at all; the referral route is the next step.
#include "domain/eligibility.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "domain/validation.hpp"

namespace lo::domain {
namespace {

std::string join(const std::vector<std::string>& items, const std::string& last) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? " " + last + " " : ", ";
        out += items[i];
    }
    return out;
}

std::string lower_name(const std::string& name) {
    // "Autism" -> "autism", but "ADHD" stays "ADHD".
    if (name.size() >= 2 && std::isupper(static_cast<unsigned char>(name[0])) &&
        std::islower(static_cast<unsigned char>(name[1]))) {
        auto out = name;
        out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
        return out;
    }
    return name;
}

bool same_name(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string miles_text(double miles) {
    if (miles < 1) return "less than a mile";
    const auto whole = static_cast<long>(std::lround(miles));
    return std::to_string(whole) + (whole == 1 ? " mile" : " miles");
}

std::string age_span(int lo, int hi) {
    return lo == hi ? "Age " + std::to_string(lo) + " only"
                    : "Ages " + std::to_string(lo) + " to " + std::to_string(hi) + " only";
}

// Who can refer, for "Needs a referral from ...". A family asks the people it already sees: a
// GP or school route is named as "your GP, nursery or school" whatever else the service accepts.
std::string referral_step(const std::vector<ReferralRoute>& routes) {
    const auto has = [&routes](ReferralRoute r) {
        return std::find(routes.begin(), routes.end(), r) != routes.end();
    };
    if (has(ReferralRoute::Gp) || has(ReferralRoute::School))
        return "Needs a referral from your GP, nursery or school";
    std::vector<std::string> who;
    if (has(ReferralRoute::HealthProfessional)) who.push_back("a health professional");
    if (has(ReferralRoute::SocialWorker)) who.push_back("a social worker");
    return who.empty() ? std::string{} : "Needs a referral from " + join(who, "or");
}

// The needs taxonomy by id and by code, made once per check (not once per service: at 100k
// services that was five million map inserts per result page).
struct Needs {
    explicit Needs(const std::vector<NeedTerm>& terms) {
        for (const auto& t : terms) {
            by_id[t.id] = &t;
            by_code[t.code] = &t;
        }
    }
    std::map<std::string, const NeedTerm*> by_id;
    std::map<std::string, const NeedTerm*> by_code;
};

// The names of the child's needs the service supports ("autism"), or nullopt when the service
// is only for other needs, or lists no needs at all while the family named some. When the family
// is not sure of the needs, every service is relevant.
std::optional<std::vector<std::string>> matched_needs(const EligibilityAnswers& answers,
                                                      const Service& s,
                                                      const Needs& needs) {
    std::set<std::string> service_codes;
    for (const auto& id : s.term_ids)
        if (auto it = needs.by_id.find(id); it != needs.by_id.end())
            service_codes.insert(it->second->code);
    std::vector<std::string> names;
    if (answers.needs.empty()) return names;
    if (service_codes.empty()) return std::nullopt;
    for (const auto& code : answers.needs) {
        const auto it = needs.by_code.find(code);
        if (it == needs.by_code.end()) continue;
        const NeedTerm& chosen = *it->second;
        bool match = service_codes.count(chosen.code) > 0 ||
                     (!chosen.parent_code.empty() && service_codes.count(chosen.parent_code) > 0);
        for (const auto& sc : service_codes) {
            if (match) break;
            const auto st = needs.by_code.find(sc);
            match = st != needs.by_code.end() && st->second->parent_code == chosen.code;
        }
        if (match) names.push_back(lower_name(chosen.name));
    }
    if (names.empty()) return std::nullopt;
    return names;
}

}  // namespace

double distance_miles(GeoPoint a, GeoPoint b) {
    constexpr double kEarthMiles = 3958.8;
    constexpr double kRad = 3.14159265358979323846 / 180.0;
    const double dlat = (b.latitude - a.latitude) * kRad;
    const double dlon = (b.longitude - a.longitude) * kRad;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(a.latitude * kRad) * std::cos(b.latitude * kRad) *
                         std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * kEarthMiles * std::asin(std::min(1.0, std::sqrt(h)));
}

namespace {

std::optional<Assessment> assess(const EligibilityAnswers& answers,
                                 const ServiceForCheck& input,
                                 const std::vector<CoverageArea>& areas,
                                 const Needs& needs) {
    const Service& s = *input.service;
    if (s.status == ServiceStatus::Defunct || s.status == ServiceStatus::Inactive)
        return std::nullopt;
    const auto matched = matched_needs(answers, s, needs);
    if (!matched) return std::nullopt;

    Assessment a;
    a.service = &s;
    a.matched_needs = *matched;
    if (!matched->empty()) a.reasons.push_back("Helps with " + join(*matched, "and"));

    // Age.
    const int lo = s.min_age.value_or(kMinAge);
    const int hi = s.max_age.value_or(kMaxAge);
    if (answers.age >= lo && answers.age <= hi)
        a.reasons.push_back("Age " + std::to_string(answers.age) + " is within " +
                            std::to_string(lo) + " to " + std::to_string(hi));
    else
        a.why_not.push_back(age_span(lo, hi));

    // Place.
    for (const auto& v : input.venues) {
        const auto d = distance_miles(answers.place, v);
        if (!a.venue_miles || d < *a.venue_miles) a.venue_miles = d;
    }
    const auto& where = answers.place_label;
    std::string covering;
    bool any_known = false;
    for (const auto& name : s.service_areas) {
        for (const auto& area : areas) {
            if (!same_name(area.name, name.name)) continue;
            any_known = true;
            if (covering.empty() && distance_miles(answers.place, area.centre) <= area.radius_miles)
                covering = area.name;
        }
    }
    std::vector<std::string> area_names;
    for (const auto& name : s.service_areas) area_names.push_back(name.name);
    const bool remote_only =
        !s.delivery_modes.empty() &&
        std::all_of(s.delivery_modes.begin(), s.delivery_modes.end(), [](DeliveryMode m) {
            return m == DeliveryMode::Online || m == DeliveryMode::Phone;
        });
    if (!covering.empty()) {
        a.reasons.push_back("Covers " + where +
                            (same_name(covering, where) ? std::string{} : " (" + covering + ")"));
    } else if (any_known) {
        a.why_not.push_back("Only covers " + join(area_names, "and") + ", not " + where);
        a.covers_place = false;
    } else if (!area_names.empty()) {
        a.reasons.push_back("Covers " + join(area_names, "and") +
                            ": ask the service if this includes " + where);
    } else if (remote_only) {
        a.reasons.push_back("Online or by phone, so you can use it from " + where);
    } else if (a.venue_miles) {
        if (*a.venue_miles <= kNearbyMiles) {
            a.reasons.push_back("Has a venue " + miles_text(*a.venue_miles) + " from " + where);
        } else {
            a.why_not.push_back("Its nearest venue is " + miles_text(*a.venue_miles) + " from " +
                                where);
            a.covers_place = false;
        }
    }

    // EHC plan, then how to get it.
    const auto& routes = s.referral_routes;
    const auto has = [&routes](ReferralRoute r) {
        return std::find(routes.begin(), routes.end(), r) != routes.end();
    };
    if (has(ReferralRoute::EhcPlan)) {
        switch (answers.ehc_plan) {
            case EhcPlanAnswer::Yes:
                a.reasons.push_back("Your child has an EHC plan");
                break;
            case EhcPlanAnswer::No:
                a.why_not.push_back("Needs an EHC plan");
                break;
            case EhcPlanAnswer::NotSure:
                a.why_not.push_back(
                    "Needs an EHC plan (you said you are not sure if your child has one)");
                break;
        }
    }
    if (has(ReferralRoute::Self))
        a.reasons.push_back("You can refer yourself");
    else
        a.next_step = referral_step(routes);

    if (s.status == ServiceStatus::TemporarilyClosed) a.why_not.push_back("Temporarily closed");
    return a;
}

}  // namespace

std::optional<Assessment> assess_service(const EligibilityAnswers& answers,
                                         const ServiceForCheck& input,
                                         const std::vector<CoverageArea>& areas,
                                         const std::vector<NeedTerm>& need_terms) {
    return assess(answers, input, areas, Needs(need_terms));
}

std::vector<std::string> candidate_need_codes(const std::vector<std::string>& chosen,
                                              const std::vector<NeedTerm>& need_terms) {
    const std::set<std::string> wanted(chosen.begin(), chosen.end());
    std::set<std::string> codes;
    for (const auto& t : need_terms) {
        if (wanted.contains(t.code) || wanted.contains(t.parent_code)) codes.insert(t.code);
        if (wanted.contains(t.code) && !t.parent_code.empty()) codes.insert(t.parent_code);
    }
    return {codes.begin(), codes.end()};
}

EligibilityResult check_eligibility(const EligibilityAnswers& answers,
                                    const std::vector<ServiceForCheck>& services,
                                    const std::vector<CoverageArea>& areas,
                                    const std::vector<NeedTerm>& needs) {
    EligibilityResult result;
    const Needs by(needs);
    for (const auto& s : services) {
        auto a = assess(answers, s, areas, by);
        if (!a) continue;
        if (a->why_not.empty())
            result.likely.push_back(std::move(*a));
        else if (a->why_not.size() == 1 && a->covers_place)
            result.close.push_back(std::move(*a));
        else
            ++result.left_out;
    }
    const auto order = [](const Assessment& x, const Assessment& y) {
        if (x.matched_needs.size() != y.matched_needs.size())
            return x.matched_needs.size() > y.matched_needs.size();
        const double dx = x.venue_miles.value_or(0), dy = y.venue_miles.value_or(0);
        if (dx != dy) return dx < dy;
        return x.service->name < y.service->name;
    };
    std::stable_sort(result.likely.begin(), result.likely.end(), order);
    std::stable_sort(result.close.begin(), result.close.end(), order);
    return result;
}

}  // namespace lo::domain
