// Authorisation by ownership for the ids a service form carries (issue 15): a provider may link
// only places their organisations already use and tag only the categories and needs the form
// offers them; anything else is refused with "You cannot use that place" and is neither shown
// nor linked. Editors may use any place or term that exists. The service itself is checked by
// services.cpp (find_visible: 403 "You cannot edit this service").
#pragma once

#include "domain/model.hpp"
#include "domain/validation.hpp"
#include "web/admin/admin.hpp"

namespace lo::web::admin::ownership {

// Removes from `service` (just read from the form) every posted place and term id this person may
// not use, and returns one error per kind refused. `stored` is the service before the form was
// read (empty for a new one): its own places and terms stay usable.
domain::ValidationErrors drop_unusable_ids(Visit& visit,
                                           const domain::Service& stored,
                                           domain::Service& service);

}  // namespace lo::web::admin::ownership
