// Admin taxonomies: the category and SEND-need lists families filter by, and forms to add,
// change and delete their terms (editors and administrators). A term in use is not deleted: its
// services are moved to another term first, each with a version (storage/term_moves.hpp).
#include <algorithm>
#include <map>
#include <string>

#include "domain/ids.hpp"
#include "domain/validation.hpp"
#include "http/error.hpp"
#include "http/url.hpp"
#include "storage/term_moves.hpp"
#include "web/admin/admin.hpp"
#include "web/format.hpp"
#include "web/page.hpp"

namespace lo::web::admin::taxonomies {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

domain::Taxonomy find_taxonomy(Visit& visit) {
    auto t = visit.ctx.store.taxonomies().find_taxonomy(visit.request.param("id"));
    if (!t)
        throw http::HttpError(
            404, "We could not find that list of categories or needs. Go back to Taxonomies.");
    return *t;
}

domain::TaxonomyTerm find_term(Visit& visit, const domain::Taxonomy& taxonomy) {
    auto t = visit.ctx.store.taxonomies().find_term(visit.request.param("term"));
    if (!t || t->taxonomy_id != taxonomy.id)
        throw http::HttpError(404,
                              "We could not find that term. Go back to " + taxonomy.name + ".");
    return *t;
}

std::string taxonomy_href(const domain::Taxonomy& t) {
    return "/admin/taxonomies/" + t.id;
}

std::string term_href(const domain::Taxonomy& taxonomy, const domain::TaxonomyTerm& term) {
    return taxonomy_href(taxonomy) + "/terms/" + term.id;
}

// The term and every term below it, so the parent list never offers a loop.
std::vector<std::string> subtree(const std::vector<domain::TaxonomyTerm>& terms,
                                 const std::string& root) {
    std::vector<std::string> out{root};
    for (std::size_t i = 0; i < out.size(); ++i)
        for (const auto& t : terms)
            if (t.parent_id == out[i] && std::find(out.begin(), out.end(), t.id) == out.end())
                out.push_back(t.id);
    return out;
}

// Nested items for templates/admin/taxonomies/tree.mustache.
nlohmann::json tree(const std::vector<domain::TaxonomyTerm>& terms,
                    const std::map<std::string, std::int64_t>& counts,
                    const domain::Taxonomy& taxonomy,
                    const std::string& parent_id,
                    int depth) {
    auto items = nlohmann::json::array();
    if (depth > 32) return items;
    for (const auto& t : terms) {
        if (t.parent_id != parent_id) continue;
        const auto count = counts.count(t.id) ? counts.at(t.id) : 0;
        auto children = tree(terms, counts, taxonomy, t.id, depth + 1);
        items.push_back({{"name", t.name},
                         {"code", t.code},
                         {"usage", "used by " + (count == 0 ? std::string("no published services")
                                                            : count_text(count, "published service",
                                                                         "published services"))},
                         {"edit_href", taxonomy_href(taxonomy) + "/terms/" + t.id + "/edit"},
                         {"children", children},
                         {"has_children", !children.empty()}});
    }
    return items;
}

// Each term's name in a list of options: "Health: Speech and language therapy" for a term below
// another, so two terms of one name under different parents can be told apart.
std::map<std::string, std::string> option_labels(const std::vector<domain::TaxonomyTerm>& terms) {
    std::map<std::string, std::string> names;
    for (const auto& t : terms) names[t.id] = t.name;
    std::map<std::string, std::string> out;
    for (const auto& t : terms)
        out[t.id] = t.parent_id.empty() || !names.count(t.parent_id)
                        ? t.name
                        : names[t.parent_id] + ": " + t.name;
    return out;
}

nlohmann::json form_model(Visit& visit,
                          const domain::Taxonomy& taxonomy,
                          const domain::TaxonomyTerm& term,
                          bool is_new) {
    auto model = admin_page_model(
        visit, is_new ? "Add a term to " + taxonomy.name : "Edit " + term.name, "taxonomies");
    add_breadcrumb(model, "Taxonomies", "/admin/taxonomies");
    add_breadcrumb(model, taxonomy.name, taxonomy_href(taxonomy));
    model["is_new"] = is_new;
    model["taxonomy"] = {{"name", taxonomy.name}, {"href", taxonomy_href(taxonomy)}};
    model["action"] =
        is_new ? taxonomy_href(taxonomy) + "/terms" : taxonomy_href(taxonomy) + "/terms/" + term.id;
    model["term"] = {{"name", term.name}, {"code", term.code}, {"description", term.description}};
    const auto terms = visit.ctx.store.taxonomies().terms(taxonomy.id);
    const auto excluded = is_new ? std::vector<std::string>{} : subtree(terms, term.id);
    const auto labels = option_labels(terms);
    auto parents = nlohmann::json::array();
    parents.push_back(
        {{"id", ""}, {"name", "None: a top-level term"}, {"selected", term.parent_id.empty()}});
    for (const auto& t : terms) {
        if (std::find(excluded.begin(), excluded.end(), t.id) != excluded.end()) continue;
        parents.push_back(
            {{"id", t.id}, {"name", labels.at(t.id)}, {"selected", t.id == term.parent_id}});
    }
    model["parents"] = parents;
    if (!is_new) model["delete_href"] = term_href(taxonomy, term) + "/delete";
    return model;
}

// The "Are you sure" page, or why the term cannot be deleted yet and what to do first.
nlohmann::json delete_model(Visit& visit,
                            const domain::Taxonomy& taxonomy,
                            const domain::TaxonomyTerm& term,
                            const std::string& chosen) {
    auto model = admin_page_model(visit, "Delete " + term.name, "taxonomies");
    add_breadcrumb(model, "Taxonomies", "/admin/taxonomies");
    add_breadcrumb(model, taxonomy.name, taxonomy_href(taxonomy));
    const auto use = visit.ctx.store.taxonomies().term_use(term.id);
    model["taxonomy"] = {{"name", taxonomy.name}, {"href", taxonomy_href(taxonomy)}};
    model["term"] = {{"name", term.name}, {"code", term.code}};
    model["action"] = term_href(taxonomy, term) + "/delete";
    model["edit_href"] = term_href(taxonomy, term) + "/edit";
    model["unused"] = !use.in_use();
    if (use.services > 0)
        model["services"] = {
            {"text", count_text(use.services, "service uses", "services use") + " this term"},
            {"link_text", use.services == 1
                              ? std::string("See the service")
                              : "See the " + std::to_string(use.services) + " services"},
            {"href", "/admin/services?category=" + http::percent_encode(term.id)}};
    if (use.child_terms > 0)
        model["children"] = count_text(use.child_terms, "term is", "terms are") +
                            " placed below it. Move them under another term, or delete them, "
                            "first.";
    if (use.open_changes > 0)
        model["open_changes"] =
            count_text(use.open_changes, "proposed change", "proposed changes") +
            " (drafts or waiting for approval) would file a service under it. Approve or reject "
            "them first.";
    // Moving is offered only when the services are all that keep the term.
    if (use.services > 0 && use.child_terms == 0 && use.open_changes == 0) {
        auto targets = nlohmann::json::array();
        targets.push_back({{"id", ""}, {"name", "Choose a term"}, {"selected", chosen.empty()}});
        const auto terms = visit.ctx.store.taxonomies().terms(taxonomy.id);
        const auto labels = option_labels(terms);
        for (const auto& t : terms)
            if (t.id != term.id)
                targets.push_back(
                    {{"id", t.id}, {"name", labels.at(t.id)}, {"selected", t.id == chosen}});
        model["move"] = {{"targets", targets},
                         {"button", "Move " + count_text(use.services, "service", "services") +
                                        " and delete " + term.name}};
    }
    return model;
}

http::Response save(Visit& visit,
                    const domain::Taxonomy& taxonomy,
                    domain::TaxonomyTerm term,
                    bool is_new) {
    const auto form = visit.request.form();
    term.name = trim(http::form_value(form, "name"));
    term.code = trim(http::form_value(form, "code"));
    term.description = trim(http::form_value(form, "description"));
    term.parent_id = trim(http::form_value(form, "parent_id"));
    if (is_new && term.code.empty()) term.code = domain::slugify(term.name);
    if (is_new) {
        // The same id every install would give this code (as the seeds do), unless that id is
        // already used by a term whose code has since changed.
        term.id = domain::derived_uuid(taxonomy.id, "term/" + term.code);
        if (term.code.empty() || visit.ctx.store.taxonomies().find_term(term.id))
            term.id = domain::new_uuid();
        term.position = static_cast<int>(visit.ctx.store.taxonomies().terms(taxonomy.id).size());
    }
    auto errors = domain::validate(term);
    errors.erase(
        std::remove_if(errors.begin(), errors.end(),
                       [](const auto& e) { return e.field == "id" || e.field == "taxonomy_id"; }),
        errors.end());
    for (auto& e : errors)
        if (e.field == "code")
            e.message =
                "Enter a code using only lowercase letters, numbers and single hyphens, like "
                "speech-and-language-therapy";
    if (errors.empty()) {
        if (const auto other =
                visit.ctx.store.taxonomies().find_term_by_code(taxonomy.code, term.code);
            other && other->id != term.id)
            errors.push_back({"code", "The code " + term.code + " is already used by " +
                                          other->name + ". Choose a different code."});
    }
    if (errors.empty()) {
        try {
            visit.ctx.store.transaction([&](storage::Store& tx) {
                tx.taxonomies().save_term(term);
                auth::AuditEntry e{0,
                                   {},
                                   visit.principal.user.id,
                                   visit.principal.user.email,
                                   is_new ? "term_created" : "term_updated",
                                   term.id,
                                   (taxonomy.name + ": " + term.name).substr(0, 200),
                                   visit.request.remote_address};
                tx.audit().record(e);
            });
            return http::Response::redirect(taxonomy_href(taxonomy) + "?saved=1");
        } catch (const storage::ValidationFailed& e) {
            errors = e.errors();
        } catch (const storage::Conflict& e) {
            // The store re-checks the code and the parent inside the transaction.
            const std::string message = e.what();
            errors.push_back(
                {message.find("code") != std::string::npos ? "code" : "parent_id", message});
        }
    }
    auto model = form_model(visit, taxonomy, term, is_new);
    add_errors(model, errors);
    return render_page(visit.ctx, "admin/taxonomies/term_form", model, 422);
}

}  // namespace

http::Response index(Visit& visit) {
    auto model = admin_page_model(visit, "Taxonomies", "taxonomies");
    auto rows = nlohmann::json::array();
    for (const auto& t : visit.ctx.store.taxonomies().taxonomies()) {
        const auto count =
            static_cast<std::int64_t>(visit.ctx.store.taxonomies().terms(t.id).size());
        rows.push_back({{"name", t.name},
                        {"description", t.description},
                        {"href", taxonomy_href(t)},
                        {"count", count_text(count, "term", "terms")}});
    }
    model["taxonomies"] = rows;
    return render_page(visit.ctx, "admin/taxonomies/index", model);
}

http::Response show(Visit& visit) {
    const auto taxonomy = find_taxonomy(visit);
    auto model = admin_page_model(visit, taxonomy.name, "taxonomies");
    add_breadcrumb(model, "Taxonomies", "/admin/taxonomies");
    const auto terms = visit.ctx.store.taxonomies().terms(taxonomy.id);
    std::map<std::string, std::int64_t> counts;
    for (const auto& [id, n] : visit.ctx.store.taxonomies().service_counts(taxonomy.id))
        counts[id] = n;
    model["taxonomy"] = {{"name", taxonomy.name},
                         {"description", taxonomy.description},
                         {"new_term_href", taxonomy_href(taxonomy) + "/terms/new"}};
    model["items"] = tree(terms, counts, taxonomy, "", 0);
    model["has_terms"] = !terms.empty();
    if (visit.request.query_value("saved")) model["notice"] = "The term has been saved.";
    if (const auto name = visit.request.query_value("deleted"); name && !name->empty()) {
        std::string notice = name->substr(0, 200) + " has been deleted.";
        if (const auto moved = visit.request.query_value("moved"); moved && !moved->empty())
            notice += " Its services were moved to " + moved->substr(0, 200) + ".";
        model["notice"] = notice;
    }
    return render_page(visit.ctx, "admin/taxonomies/show", model);
}

http::Response new_term_form(Visit& visit) {
    const auto taxonomy = find_taxonomy(visit);
    domain::TaxonomyTerm term;
    term.taxonomy_id = taxonomy.id;
    // "Add a term under this one" links pass the parent.
    if (auto parent = visit.request.query_value("parent"))
        if (auto p = visit.ctx.store.taxonomies().find_term(*parent);
            p && p->taxonomy_id == taxonomy.id)
            term.parent_id = p->id;
    return render_page(visit.ctx, "admin/taxonomies/term_form",
                       form_model(visit, taxonomy, term, true));
}

http::Response create_term(Visit& visit) {
    const auto taxonomy = find_taxonomy(visit);
    domain::TaxonomyTerm term;
    term.taxonomy_id = taxonomy.id;
    return save(visit, taxonomy, std::move(term), true);
}

http::Response edit_term(Visit& visit) {
    const auto taxonomy = find_taxonomy(visit);
    const auto term = find_term(visit, taxonomy);
    return render_page(visit.ctx, "admin/taxonomies/term_form",
                       form_model(visit, taxonomy, term, false));
}

http::Response update_term(Visit& visit) {
    const auto taxonomy = find_taxonomy(visit);
    auto term = find_term(visit, taxonomy);
    return save(visit, taxonomy, std::move(term), false);
}

http::Response confirm_delete_term(Visit& visit) {
    const auto taxonomy = find_taxonomy(visit);
    const auto term = find_term(visit, taxonomy);
    return render_page(visit.ctx, "admin/taxonomies/delete_term",
                       delete_model(visit, taxonomy, term, ""));
}

// Deletes an unused term; with move_to, first moves its services to that term. Everything
// happens in one transaction, so a refusal leaves every service as it was.
http::Response delete_term(Visit& visit) {
    const auto taxonomy = find_taxonomy(visit);
    const auto term = find_term(visit, taxonomy);
    const auto move_to = http::form_value(visit.request.form(), "move_to");
    const auto use = visit.ctx.store.taxonomies().term_use(term.id);
    domain::ValidationErrors errors;
    std::string moved_to;
    if (use.services > 0 && move_to.empty()) {
        errors.push_back({"move_to", "Choose the term to move the " +
                                         count_text(use.services, "service", "services") +
                                         " to, or go back and leave " + term.name + " as it is"});
    } else {
        try {
            visit.ctx.store.transaction([&](storage::Store& tx) {
                if (use.services > 0) {
                    storage::move_services_and_remove_term(
                        tx, {term.id,
                             move_to,
                             {visit.principal.user.id, visit.principal.user.email},
                             visit.request.remote_address,
                             visit.ctx.site.review_months});
                    moved_to = tx.taxonomies().find_term(move_to)->name;
                    return;
                }
                if (!tx.taxonomies().remove_term(term.id))
                    throw http::HttpError(
                        404, "We could not find that term. Go back to " + taxonomy.name + ".");
                tx.audit().record({0,
                                   {},
                                   visit.principal.user.id,
                                   visit.principal.user.email,
                                   "term_deleted",
                                   term.id,
                                   (taxonomy.name + ": " + term.name).substr(0, 200),
                                   visit.request.remote_address});
            });
            std::string to =
                taxonomy_href(taxonomy) + "?deleted=" + http::percent_encode(term.name);
            if (!moved_to.empty()) to += "&moved=" + http::percent_encode(moved_to);
            return http::Response::redirect(to);
        } catch (const storage::Conflict& e) {
            errors.push_back({use.services > 0 ? "move_to" : "in-use", e.what()});
        }
    }
    auto model = delete_model(visit, taxonomy, term, move_to);
    add_errors(model, errors);
    return render_page(visit.ctx, "admin/taxonomies/delete_term", model, 422);
}

}  // namespace lo::web::admin::taxonomies
