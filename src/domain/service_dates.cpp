#include "domain/service_dates.hpp"

namespace lo::domain {

ServiceListing service_listing(const Service& s, const Date& today) {
    ServiceListing out;
    out.status = s.status;
    if (s.status == ServiceStatus::Defunct || s.status == ServiceStatus::Inactive)
        out.listed = false;
    if (const auto start = parse_date(s.start_date); start && today < *start) {
        out.listed = false;
        out.notice = "Starts on " + long_date(*start);
        out.heading = "Not started yet";
        return out;
    }
    if (const auto end = parse_date(s.end_date); end && today > *end) {
        out.listed = false;
        out.notice = "This service ended on " + long_date(*end);
        out.heading = "Ended";
        return out;
    }
    if (s.status == ServiceStatus::TemporarilyClosed) {
        const auto reopens = parse_date(s.reopening_date);
        if (reopens && today >= *reopens) {
            out.status = ServiceStatus::Active;  // reopened on its date, with no one editing it
            return out;
        }
        out.notice = reopens ? "Closed until " + long_date(*reopens) : "Temporarily closed";
        if (!s.closed_reason.empty()) out.notice += ": " + s.closed_reason;
        out.heading = std::string(label(ServiceStatus::TemporarilyClosed));
    }
    return out;
}

bool listed_on(const Service& s, const Date& today) {
    return service_listing(s, today).listed;
}

}  // namespace lo::domain
