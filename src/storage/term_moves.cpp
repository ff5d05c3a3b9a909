// move_services_and_remove_term(): retire a term that services use (term_moves.hpp).
#include "storage/term_moves.hpp"

#include <algorithm>

namespace lo::storage {
namespace {

// "Categories: Health", as the audit log names terms (web/admin/taxonomies.cpp).
std::string term_label(Store& tx, const domain::TaxonomyTerm& term) {
    const auto taxonomy = tx.taxonomies().find_taxonomy(term.taxonomy_id);
    return ((taxonomy ? taxonomy->name + ": " : std::string()) + term.name).substr(0, 200);
}

}  // namespace

std::vector<std::string> move_services_and_remove_term(Store& tx, const TermMove& move) {
    const auto from = tx.taxonomies().find_term(move.from_term_id);
    const auto to = tx.taxonomies().find_term(move.to_term_id);
    if (!from) throw Conflict("The term to delete no longer exists. Go back to the taxonomy.");
    if (!to || to->id == from->id || to->taxonomy_id != from->taxonomy_id)
        throw Conflict("Choose another term of the same list to move the services to.");
    // Only the services can be moved here; child terms and open changes are refused by
    // remove_term() below, but asking first leaves no service half-moved in the message.
    if (auto use = tx.taxonomies().term_use(from->id); use.child_terms > 0 || use.open_changes > 0)
        throw Conflict(use.child_terms > 0
                           ? "This term has terms placed below it. Move or delete them first."
                           : "Proposed changes use this term. Approve or reject them first.");
    const auto from_label = term_label(tx, *from);
    const auto to_label = term_label(tx, *to);
    const auto reason = "Moved from " + from->name + " to " + to->name + " to delete " + from->name;
    std::vector<std::string> moved;
    for (const auto& id : tx.taxonomies().service_ids_with_term(from->id)) {
        auto service = tx.services().find(id);
        if (!service) continue;
        auto& terms = service->term_ids;
        const bool had_target = std::find(terms.begin(), terms.end(), to->id) != terms.end();
        if (had_target)
            terms.erase(std::remove(terms.begin(), terms.end(), from->id), terms.end());
        else
            std::replace(terms.begin(), terms.end(), from->id, to->id);
        auto result = domain::check(*service, move.review_months);
        if (!result.record) {
            // Named, so the editor knows which service to correct; nothing has been moved.
            auto problem = result.errors.front().message;
            if (!problem.empty() && problem.back() == '.') problem.pop_back();
            throw Conflict("\"" + service->name + "\" could not be moved: " + problem +
                           ". Correct the service, then try again.");
        }
        publish(tx, *result.record, move.by, domain::VersionSource::Admin, reason);
        tx.audit().record({0,
                           {},
                           move.by.user_id,
                           move.by.user_email,
                           "service_term_moved",
                           service->id,
                           (from_label + " to " + to_label).substr(0, 200),
                           move.remote_address});
        moved.push_back(service->id);
    }
    if (!tx.taxonomies().remove_term(from->id))
        throw Conflict("The term to delete no longer exists. Go back to the taxonomy.");
    tx.audit().record({0,
                       {},
                       move.by.user_id,
                       move.by.user_email,
                       "term_deleted",
                       from->id,
                       from_label,
                       move.remote_address});
    return moved;
}

}  // namespace lo::storage
