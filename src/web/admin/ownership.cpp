// Ownership checks on the service form's ids (web/admin/ownership.hpp).
#include "web/admin/ownership.hpp"

#include <algorithm>
#include <set>

#include "domain/model.hpp"
#include "http/request.hpp"
#include "web/admin/moderation.hpp"

namespace lo::web::admin::ownership {
namespace {

void add_all(std::set<std::string>& to, const std::vector<std::string>& ids) {
    to.insert(ids.begin(), ids.end());
}

// The places a provider may link: those of the service as stored and as in their open change
// request (new places typed there are saved with it, unlinked), and every place a service of
// one of their organisations uses.
std::set<std::string> provider_places(Visit& visit, const domain::Service& stored) {
    std::set<std::string> usable;
    add_all(usable, stored.location_ids);
    if (!stored.id.empty())
        if (const auto open = moderation::open_request_of(visit, stored.id))
            add_all(usable, open->proposed.location_ids);
    for (const auto& org : visit.principal.user.organisation_ids) {
        storage::ServiceFilter filter;
        filter.organisation_id = org;
        filter.only_published = false;
        for (const auto& s : visit.ctx.store.services().list(filter, {10000, 0}))
            add_all(usable, s.location_ids);
    }
    return usable;
}

// The terms a provider may tag: the category and SEND-need terms the form offers, and the ones
// the service already has.
std::set<std::string> provider_terms(Visit& visit, const domain::Service& stored) {
    std::set<std::string> usable(stored.term_ids.begin(), stored.term_ids.end());
    auto& taxonomies = visit.ctx.store.taxonomies();
    for (const auto code : {domain::kCategoriesTaxonomy, domain::kNeedsTaxonomy})
        if (const auto t = taxonomies.find_taxonomy_by_code(std::string(code)))
            for (const auto& term : taxonomies.terms(t->id)) usable.insert(term.id);
    return usable;
}

// Removes the ids of `ids` that are not in `usable`; true when any was.
bool drop(std::vector<std::string>& ids,
          const std::set<std::string>& usable,
          const std::set<std::string>& posted) {
    const auto before = ids.size();
    std::erase_if(ids,
                  [&](const std::string& id) { return posted.count(id) && !usable.count(id); });
    return ids.size() != before;
}

}  // namespace

domain::ValidationErrors drop_unusable_ids(Visit& visit,
                                           const domain::Service& stored,
                                           domain::Service& service) {
    domain::ValidationErrors errors;
    const auto form = visit.request.form();
    const auto posted_places = http::form_values(form, "location_ids");
    const std::set<std::string> places(posted_places.begin(), posted_places.end());
    std::set<std::string> usable_places;
    if (visit.principal.is_editor()) {
        for (const auto& l : visit.ctx.store.locations().find_many(posted_places))
            usable_places.insert(l.id);
    } else {
        usable_places = provider_places(visit, stored);
    }
    if (drop(service.location_ids, usable_places, places))
        errors.push_back({"location_ids",
                          "You cannot use that place. Choose one of your organisation's places, "
                          "or add a new place below."});
    if (!visit.principal.is_editor()) {
        const auto posted_terms = http::form_values(form, "term_ids");
        const std::set<std::string> terms(posted_terms.begin(), posted_terms.end());
        if (drop(service.term_ids, provider_terms(visit, stored), terms))
            errors.push_back({"term_ids",
                              "You cannot use that category or need. Choose from the ones "
                              "listed."});
    }
    return errors;
}

}  // namespace lo::web::admin::ownership
