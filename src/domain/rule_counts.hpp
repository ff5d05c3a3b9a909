// How often the domain rules have run in this process. Tests count them to show that a record
// is checked once on its way to the store, not again by every layer it passes through.
#pragma once

namespace lo::domain {

// Calls of validate(const Service&) so far.
long service_validations();

}  // namespace lo::domain
