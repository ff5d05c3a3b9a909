// Retiring a term that services use: every service is filed under another term instead, with a
// version and an audit entry each, and then the term is deleted (docs/admin.md, "Deleting terms
// and advice pages"). A term nobody uses is deleted with TaxonomyRepository::remove_term alone.
#pragma once

#include <string>
#include <vector>

#include "storage/publishing.hpp"
#include "storage/store.hpp"

namespace lo::storage {

struct TermMove {
    std::string from_term_id;
    std::string to_term_id;      // a term of the same taxonomy
    Publisher by;                // who, for the versions and the audit log
    std::string remote_address;  // for the audit log
    int review_months = 12;      // the site's, for the domain rules each service is saved under
};

// Files every service under move.from_term_id under move.to_term_id instead (a service already
// under both just loses the old one), publishing each with a version and recording a
// "service_term_moved" audit entry, then deletes the old term with a "term_deleted" entry.
// Call it inside Store::transaction() with the transaction's store, so all of it is one write.
// Returns the ids of the services moved. Throws Conflict when either term is missing, they are
// the same or in different taxonomies, the old term has child terms or open changes, or a
// service breaks the domain rules (naming it: it must be corrected first).
std::vector<std::string> move_services_and_remove_term(Store& tx, const TermMove& move);

}  // namespace lo::storage
