// Publishing a service: the one way the admin changes the live record (an editor's save, an
// approved change request, a restored version). The live record and its new version are
// written together, so history never misses a published change.
#pragma once

#include <optional>
#include <string>

#include "domain/moderation.hpp"
#include "storage/store.hpp"

namespace lo::storage {

struct Publisher {
    std::string user_id;
    std::string user_email;
};

// Saves `service` as the live record and appends a version with the fields that changed. Call it
// inside Store::transaction() with the transaction's store, so the save and the version are one
// write. A service that is live but has no version yet (loaded by the demo or an import) first
// gets version 1 holding the record as it was, so the history starts from what the site showed.
// Returns the new version, or nothing when the live record already was exactly this (nothing is
// written). Throws ValidationFailed or Conflict from the save, as ServiceRepository::save does.
std::optional<domain::ServiceVersion> publish(Store& tx,
                                              const domain::Service& service,
                                              const Publisher& by,
                                              domain::VersionSource source,
                                              const std::string& reason);
// The same for a service the caller has checked already (the admin's form): the rules do not
// run again. Throws Conflict.
std::optional<domain::ServiceVersion> publish(Store& tx,
                                              const domain::Checked<domain::Service>& service,
                                              const Publisher& by,
                                              domain::VersionSource source,
                                              const std::string& reason);

}  // namespace lo::storage
