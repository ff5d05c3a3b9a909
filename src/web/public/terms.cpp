// Browsing by taxonomy: /categories and /needs list the top-level terms; a term's page lists its
// sub-terms and, a page at a time, the services filed under it or anything below it.
#include "web/public/listing.hpp"
#include "web/public/pages.hpp"

#include <map>

#include "domain/validation.hpp"
#include "http/error.hpp"
#include "web/format.hpp"
#include "web/page.hpp"
#include "web/public/needs_browse.hpp"
#include "web/term_counts.hpp"

namespace lo::web::public_ {
namespace {

// The words and addresses that differ between the two browse trees.
struct TermKind {
    std::string_view taxonomy_code;
    std::string base_path;    // "/categories"
    std::string index_title;  // "Services by category"
    std::string intro;
    std::string not_found;  // the 404 message
    std::string sub_heading;
    std::string empty;  // when no service is filed under the term
    Section section;
    std::string_view search_group;  // the search filter for a term: ?need= or ?category=
};

const TermKind kCategories{
    domain::kCategoriesTaxonomy,
    "/categories",
    "Services by category",
    "Choose the kind of support you are looking for.",
    "We could not find that category. It may have been renamed or removed.",
    "More specific categories",
    "There are no services in this category yet.",
    Section::Categories,
    "category",
};

const TermKind kNeeds{
    domain::kNeedsTaxonomy,
    "/needs",
    "Services by need",
    "Choose what your child needs help with. Your child does not need a diagnosis to use most "
    "services.",
    "We could not find that area of need. It may have been renamed or removed.",
    "More specific needs",
    "There are no services for this need yet.",
    Section::Needs,
    "need",
};

http::Response index(Context& ctx, const TermKind& kind) {
    auto model = page_model(ctx, kind.index_title, kind.section, Place::SectionPage);
    add_breadcrumb(model, "Home", "/");
    model["intro"] = kind.intro;
    model["terms"] = term_links(ctx, kind.taxonomy_code, kind.base_path, true);
    model["term_tag"] = "h2";
    // Needs start with the words parents use; the formal areas of need come second.
    if (kind.section == Section::Needs) {
        model["term_tag"] = "h3";
        model["family_needs"] = family_needs(ctx);
        model["has_family_needs"] = !model["family_needs"].empty();
        model["terms_heading"] = "The four areas of special educational need";
    }
    return render_page(ctx, "public/terms/index", model);
}

http::Response show(Context& ctx, const http::Request& req, const TermKind& kind) {
    const auto code = req.param("code");
    auto& taxonomies = ctx.store.taxonomies();
    if (!domain::is_valid_slug(code)) throw http::HttpError(404, kind.not_found);
    const auto term = taxonomies.find_term_by_code(std::string(kind.taxonomy_code), code);
    if (!term) throw http::HttpError(404, kind.not_found);
    if (auto redirect = filtered_search_redirect(req, kind.search_group, term->code))
        return *redirect;

    storage::ServiceFilter filter;
    filter.term_id = term->id;
    auto& services = ctx.store.services();
    // The services under the term that are not defunct: the same number the index pages show
    // beside it, kept until the store changes (counting them again read every service's terms,
    // 27 ms a page at 10k services).
    const auto pages = paginate(req, count_of(*term_counts(ctx, term->taxonomy_id), term->id));
    const auto list = services.list(filter, {pages.per_page, pages.offset()});

    auto model = page_model(ctx, term->name + page_of_text(pages), kind.section);
    model["heading"] = term->name;
    add_breadcrumb(model, "Home", "/");
    add_breadcrumb(model, kind.index_title, kind.base_path);
    // Ancestors, outermost first. The depth cap guards against a cycle in bad data.
    std::vector<domain::TaxonomyTerm> ancestors;
    for (auto parent = term->parent_id; !parent.empty() && ancestors.size() < 10;) {
        const auto t = taxonomies.find_term(parent);
        if (!t) break;
        ancestors.insert(ancestors.begin(), *t);
        parent = t->parent_id;
    }
    for (const auto& a : ancestors) add_breadcrumb(model, a.name, kind.base_path + "/" + a.code);

    model["description"] = paragraphs(term->description);
    const auto counts = term_counts(ctx, term->taxonomy_id);
    auto children = nlohmann::json::array();
    for (const auto& t : taxonomies.terms(term->taxonomy_id)) {
        if (t.parent_id != term->id) continue;
        const auto n = count_of(*counts, t.id);
        children.push_back({{"name", t.name},
                            {"href", kind.base_path + "/" + t.code},
                            {"count_text", count_text(n, "service", "services")}});
    }
    model["has_children"] = !children.empty();
    model["children"] = children;
    model["sub_heading"] = kind.sub_heading;
    model["services"] = service_cards(ctx.store, list);
    model["has_services"] = !list.empty();
    model["count_text"] = count_text(pages.total, "service", "services");
    model["empty"] = kind.empty;
    model["pagination"] = pagination_model(pages, kind.base_path + "/" + term->code);
    model["filter"] = browse_filter_form(req, kind.search_group, term->code);
    if (kind.section == Section::Needs && list.empty())
        model["empty_help"] = empty_need_help(ctx.store, *term);
    return render_page(ctx, "public/terms/show", model);
}

}  // namespace

http::Response categories_index(Context& ctx, const http::Request&) {
    return index(ctx, kCategories);
}
http::Response category_show(Context& ctx, const http::Request& req) {
    return show(ctx, req, kCategories);
}
http::Response needs_index(Context& ctx, const http::Request&) {
    return index(ctx, kNeeds);
}
http::Response need_show(Context& ctx, const http::Request& req) {
    return show(ctx, req, kNeeds);
}

}  // namespace lo::web::public_
