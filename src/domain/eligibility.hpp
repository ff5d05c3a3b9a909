// The eligibility checker's rules ("Check what support your child could get"): given a child's
// age, needs, where they live and whether they have an EHC plan, which services they are likely
// to be able to get, each with the reasons, and which are close but not yet, each with why.
// Pure: no I/O. The caller resolves the place to a point and passes the council's areas.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"

namespace lo::domain {

enum class EhcPlanAnswer { Yes, No, NotSure };

struct GeoPoint {
    double latitude = 0;
    double longitude = 0;
};

// A named area a service can cover ("Oxfordshire"), as a circle.
struct CoverageArea {
    std::string name;
    GeoPoint centre;
    double radius_miles = 0;
};

// A term of the send-needs taxonomy. parent_code is "" for a top-level need.
struct NeedTerm {
    std::string id;
    std::string code;
    std::string name;
    std::string parent_code;
};

struct EligibilityAnswers {
    int age = 0;                     // years, 0 to 25
    std::vector<std::string> needs;  // need codes; empty when the family is not sure
    std::string place_label;         // "OX26", "OX26 6BL", "Bicester, Oxfordshire"
    GeoPoint place;
    EhcPlanAnswer ehc_plan = EhcPlanAnswer::NotSure;
};

// A service with the coordinates of its venues (the caller reads its locations).
struct ServiceForCheck {
    const Service* service = nullptr;
    std::vector<GeoPoint> venues;
};

struct Assessment {
    const Service* service = nullptr;
    std::vector<std::string> reasons;  // why it fits: "Age 4 is within 0 to 18", "Covers OX26"
    std::vector<std::string> why_not;  // why not yet: "Needs an EHC plan", "Ages 5 to 19 only"
    // How to get it when someone else must refer the child: "Needs a referral from your GP,
    // nursery or school". A referral route is the way in, never a reason the child cannot.
    std::string next_step;
    std::vector<std::string> matched_needs;  // names of the child's needs it supports
    std::optional<double> venue_miles;       // to the nearest venue
    bool covers_place = true;                // false: it does not reach where the child lives
};

struct EligibilityResult {
    std::vector<Assessment> likely;  // every check passed
    std::vector<Assessment> close;   // exactly one check failed, and it covers the place
    int left_out = 0;  // relevant to the needs, but elsewhere or two or more checks failed
};

// A venue further than this from the family, for a service without named areas, is too far.
inline constexpr double kNearbyMiles = 15.0;

// Great-circle distance in miles.
double distance_miles(GeoPoint a, GeoPoint b);

// Assesses one service. Returns nothing when the service is not relevant: it is closed for good,
// it is only for needs the child does not have, or the family named needs and the service lists
// none (a complaints line is no answer to "speech and talking").
std::optional<Assessment> assess_service(const EligibilityAnswers& answers,
                                         const ServiceForCheck& service,
                                         const std::vector<CoverageArea>& areas,
                                         const std::vector<NeedTerm>& needs);

// The needs a service must list to help with the family's chosen needs, as assess_service
// decides it: each need chosen, its parent and its children. So a caller reads only the services
// that list one of them, not the whole directory. Empty when none is chosen (every service can
// help).
std::vector<std::string> candidate_need_codes(const std::vector<std::string>& chosen,
                                              const std::vector<NeedTerm>& needs);

// Assesses every service: likely first (most needs matched, then nearest, then by name), then
// close (same order). A service that does not reach the child's home is never "close": it is
// counted in left_out.
EligibilityResult check_eligibility(const EligibilityAnswers& answers,
                                    const std::vector<ServiceForCheck>& services,
                                    const std::vector<CoverageArea>& areas,
                                    const std::vector<NeedTerm>& needs);

}  // namespace lo::domain
