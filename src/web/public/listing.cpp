// Shared page-model pieces: service cards and taxonomy term links with counts.
#include "web/public/listing.hpp"

#include <cstdint>
#include <map>

#include "domain/dates.hpp"
#include "web/format.hpp"
#include "web/term_counts.hpp"

namespace lo::web::public_ {

std::string service_path(const std::string& id) {
    return "/services/" + id;
}
std::string organisation_path(const std::string& id) {
    return "/organisations/" + id;
}

NeedNames need_names(storage::Store& store) {
    NeedNames names;
    auto& repo = store.taxonomies();
    if (const auto needs = repo.find_taxonomy_by_code(std::string(domain::kNeedsTaxonomy)))
        for (const auto& t : repo.terms(needs->id)) names[t.id] = t.name;
    return names;
}

nlohmann::json service_card(const domain::Service& s, const NeedNames& needs) {
    auto facts = nlohmann::json::array();
    if (auto ages = age_range(s.min_age, s.max_age); !ages.empty()) facts.push_back(ages);
    facts.push_back(s.free ? "Free" : "There is a cost");
    for (auto r : s.referral_routes) facts.push_back(std::string(domain::short_label(r)));
    std::vector<std::string> for_needs;
    for (const auto& id : s.term_ids)
        if (const auto it = needs.find(id); it != needs.end()) for_needs.push_back(it->second);
    if (auto who = domain::who_for_text(std::move(for_needs)); !who.empty()) facts.push_back(who);
    if (const auto checked = domain::parse_date(s.last_checked))
        facts.push_back("Last checked: " + domain::long_date(*checked));
    return {
        {"name", s.name},
        {"href", service_path(s.id)},
        {"summary", s.summary},
        {"facts", facts},
        {"status_label", s.status == domain::ServiceStatus::Active
                             ? std::string{}
                             : std::string(domain::label(s.status))},
        {"updated", long_date_text(s.last_modified)},
    };
}

nlohmann::json service_cards(storage::Store& store, const std::vector<domain::Service>& services) {
    const auto needs = need_names(store);
    auto out = nlohmann::json::array();
    for (const auto& s : services) out.push_back(service_card(s, needs));
    return out;
}

nlohmann::json term_links(Context& ctx,
                          std::string_view taxonomy_code,
                          std::string_view base_path,
                          bool with_children) {
    auto out = nlohmann::json::array();
    auto& repo = ctx.store.taxonomies();
    const auto taxonomy = repo.find_taxonomy_by_code(std::string(taxonomy_code));
    if (!taxonomy) return out;
    const auto counts = term_counts(ctx, taxonomy->id);
    const auto link = [&](const domain::TaxonomyTerm& t) {
        const auto n = count_of(*counts, t.id);
        return nlohmann::json{{"name", t.name},
                              {"href", std::string(base_path) + "/" + t.code},
                              {"description", t.description},
                              {"count", n},
                              {"count_text", count_text(n, "service", "services")},
                              {"children", nlohmann::json::array()}};
    };
    const auto terms = repo.terms(taxonomy->id);
    std::map<std::string, std::size_t> top_index;  // term id -> position in out
    for (const auto& t : terms) {
        if (t.parent_id.empty()) {
            top_index[t.id] = out.size();
            out.push_back(link(t));
        } else if (with_children) {
            if (const auto it = top_index.find(t.parent_id); it != top_index.end())
                out[it->second]["children"].push_back(link(t));
        }
    }
    for (auto& item : out) item["has_children"] = !item["children"].empty();
    return out;
}

}  // namespace lo::web::public_
