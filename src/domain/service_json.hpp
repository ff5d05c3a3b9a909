// A whole service record as JSON text, every field and child record included, for the snapshots
// that moderation and history keep (change_requests, service_versions). This is our own storage
// form, not Open Referral UK: src/interchange maps to and from ORUK.
#pragma once

#include <stdexcept>
#include <string>

#include "domain/model.hpp"

namespace lo::domain {

std::string to_json_text(const Service& service);

// Reads what to_json_text wrote. Missing keys keep their defaults, so snapshots written before a
// field existed still load. Throws std::invalid_argument when the text is not a JSON object.
Service service_from_json_text(const std::string& text);

}  // namespace lo::domain
