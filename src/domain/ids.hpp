// Identifiers: every record has a UUID, as Open Referral UK requires.
#pragma once

#include <string>
#include <string_view>

namespace lo::domain {

// A new random (version 4) UUID, lowercase.
std::string new_uuid();

// True for the canonical 8-4-4-4-12 hex form (either case).
bool is_uuid(std::string_view s);

// A stable UUID derived from a parent id and a name, e.g. the third phone of a contact.
// Re-importing the same record gives the same child ids, so loads are idempotent and
// ORUK consumers see stable ids. Shaped as version 4 so strict validators accept it.
std::string derived_uuid(std::string_view parent_id, std::string_view name);

}  // namespace lo::domain
