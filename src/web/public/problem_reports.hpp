// E-mail to the people who look after a service when a family reports a problem with its page
// (docs/admin.md, "Feedback inbox"). Called by feedback_create after the report is stored.
#pragma once

#include <cstdint>

#include "domain/feedback.hpp"

namespace lo::web {
struct Context;
}

namespace lo::web::public_ {

// Who is told: the active provider accounts of the service's organisation or, when it has none,
// the Local Offer team (active editors and administrators). The e-mail names the service and
// links to the report in the feedback inbox; it does not quote the report, so nothing a family
// wrote travels by e-mail. At most one e-mail a day for each service page: later reports wait in
// the inbox the e-mail points to. Feedback that is not a problem on a service page is ignored.
// Returns how many messages were queued. now: Unix seconds.
int notify_problem_report(Context& ctx, const domain::Feedback& feedback, std::int64_t now);

}  // namespace lo::web::public_
