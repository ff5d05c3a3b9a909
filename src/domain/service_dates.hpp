// The dates that run the directory (issue 18): a service's start date, end date, and "temporarily
// closed" with a reason and a reopening date. One pure rule decides, for a given day in the
// council's time zone (Europe/London), whether a service is listed and what families are told.
#pragma once

#include <string>

#include "domain/dates.hpp"
#include "domain/model.hpp"

namespace lo::domain {

struct ServiceListing {
    // Shown in search, category lists, the sitemap and the Open Referral feed.
    bool listed = true;
    // The status families see today: TemporarilyClosed only between the closure being set and
    // its reopening date; a closure whose reopening date has come shows as Active.
    ServiceStatus status = ServiceStatus::Active;
    // What families see near the top of the page and in a search result; empty when there is
    // nothing to say. "Starts on 1 September 2027", "Closed until 4 January 2027: <reason>",
    // "This service ended on 31 March 2027".
    std::string notice;
    // The notice's heading on the service page: "Not started yet", "Ended", "Temporarily closed".
    std::string heading;
};

// The rule. start_date is the first day the service is listed; end_date the last (a service
// ending on 31 March is gone from 00:00 UK time on 1 April); reopening_date the first day a
// temporarily closed service is open again. Dates that do not parse are ignored, so a bad
// import never hides a service.
ServiceListing service_listing(const Service& s, const Date& today);

// Whether the public lists show the service today: not defunct or inactive, and within its dates.
bool listed_on(const Service& s, const Date& today);

}  // namespace lo::domain
