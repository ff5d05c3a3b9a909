// Taxonomies and their terms in SQLite: the categories and SEND needs services are filed under.
#include <functional>
#include <map>
#include <set>

#include "storage/sqlite/query.hpp"
#include "storage/sqlite/repositories.hpp"

namespace lo::storage::sqlite {
namespace {

constexpr const char kUpsertTaxonomy[] =
    "INSERT INTO taxonomies (id, code, name, description, uri, version) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6) ON CONFLICT (id) DO UPDATE SET code = ?2, name = ?3, description = ?4, uri = ?5, "
    "version = ?6";
constexpr const char kListTaxonomies[] =
    "SELECT id, code, name, description, uri, version FROM taxonomies ORDER BY name";
constexpr const char kSelectTaxonomy[] =
    "SELECT id, code, name, description, uri, version FROM taxonomies WHERE id = ?1";
constexpr const char kSelectTaxonomyByCode[] =
    "SELECT id, code, name, description, uri, version FROM taxonomies WHERE code = ?1";
constexpr const char kTaxonomyCodeTaken[] = "SELECT 1 FROM taxonomies WHERE code = ?1 AND id <> ?2";
constexpr const char kUpsertTerm[] =
    "INSERT INTO taxonomy_terms (id, taxonomy_id, parent_id, code, name, description, position) "
    "VALUES (?1, ?2, NULLIF(?3, ''), ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET "
    "taxonomy_id = ?2, parent_id = NULLIF(?3, ''), code = ?4, name = ?5, description = ?6, "
    "position = ?7";
constexpr const char kSelectTerm[] =
    "SELECT id, taxonomy_id, IFNULL(parent_id, ''), code, name, description, position "
    "FROM taxonomy_terms WHERE id = ?1";
constexpr const char kSelectTermByCode[] =
    "SELECT t.id, t.taxonomy_id, IFNULL(t.parent_id, ''), t.code, t.name, t.description, "
    "t.position FROM taxonomy_terms t JOIN taxonomies x ON x.id = t.taxonomy_id "
    "WHERE x.code = ?1 AND t.code = ?2";
constexpr const char kSelectTerms[] =
    "SELECT id, taxonomy_id, IFNULL(parent_id, ''), code, name, description, position "
    "FROM taxonomy_terms WHERE taxonomy_id = ?1 ORDER BY position, name COLLATE NOCASE";
constexpr const char kTermCodeTaken[] =
    "SELECT 1 FROM taxonomy_terms WHERE taxonomy_id = ?1 AND code = ?2 AND id <> ?3";
constexpr const char kTermParent[] =
    "SELECT IFNULL(parent_id, ''), taxonomy_id FROM taxonomy_terms WHERE id = ?1";
constexpr const char kTermCounts[] =
    "WITH RECURSIVE tree(ancestor, id) AS (SELECT id, id FROM taxonomy_terms "
    "WHERE taxonomy_id = ?1 UNION SELECT tree.ancestor, t.id FROM taxonomy_terms t "
    "JOIN tree ON t.parent_id = tree.id) "
    "SELECT tree.ancestor, COUNT(DISTINCT st.service_id) FROM tree "
    "JOIN service_taxonomy_terms st ON st.term_id = tree.id "
    "JOIN services s ON s.id = st.service_id AND s.status <> 'defunct' " LO_WITHIN_DATES(
        "?2") " GROUP BY tree.ancestor";

constexpr const char kTermServiceCount[] =
    "SELECT COUNT(*) FROM service_taxonomy_terms WHERE term_id = ?1";
constexpr const char kTermChildCount[] = "SELECT COUNT(*) FROM taxonomy_terms WHERE parent_id = ?1";
// Change requests keep the proposed service as JSON (domain/service_json.cpp), its terms in
// "term_ids"; only drafts and those waiting for approval can still be published.
constexpr const char kTermOpenChangeCount[] =
    "SELECT COUNT(*) FROM change_requests WHERE state IN ('draft', 'pending') AND EXISTS "
    "(SELECT 1 FROM json_each(proposed, '$.term_ids') WHERE value = ?1)";
constexpr const char kTermServiceIds[] =
    "SELECT service_id FROM service_taxonomy_terms WHERE term_id = ?1 ORDER BY service_id";
constexpr const char kDeleteTerm[] = "DELETE FROM taxonomy_terms WHERE id = ?1";

TermUse read_use(Connection& c, const std::string& id) {
    return {single_integer(c, kTermServiceCount, id), single_integer(c, kTermChildCount, id),
            single_integer(c, kTermOpenChangeCount, id)};
}

std::string plural(std::int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Why the term cannot be deleted yet, and what to do first, in one message.
std::string in_use_message(const TermUse& use) {
    std::string out = "This term cannot be deleted yet.";
    if (use.services > 0)
        out += " " + plural(use.services, "service uses", "services use") +
               " it: move them to another term first.";
    if (use.child_terms > 0)
        out += " " + plural(use.child_terms, "term is", "terms are") +
               " placed below it: move or delete them first.";
    if (use.open_changes > 0)
        out += " " + plural(use.open_changes, "proposed change uses", "proposed changes use") +
               " it: approve or reject them first.";
    return out;
}

domain::Taxonomy read_taxonomy(const Statement& st) {
    return {st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5)};
}

domain::TaxonomyTerm read_term(const Statement& st) {
    return {st.text(0),
            st.text(1),
            st.text(2),
            st.text(3),
            st.text(4),
            st.text(5),
            static_cast<int>(st.integer(6))};
}

// Depth-first, so each parent is followed by its children; a term whose parent is not in the
// list is placed at the top.
std::vector<domain::TaxonomyTerm> in_tree_order(const std::vector<domain::TaxonomyTerm>& flat) {
    std::map<std::string, std::vector<const domain::TaxonomyTerm*>> children;
    std::set<std::string> ids;
    for (const auto& t : flat) ids.insert(t.id);
    for (const auto& t : flat)
        children[ids.count(t.parent_id) ? t.parent_id : std::string()].push_back(&t);
    std::vector<domain::TaxonomyTerm> out;
    std::set<std::string> placed;
    std::function<void(const std::string&)> visit = [&](const std::string& parent) {
        for (const auto* t : children[parent]) {
            if (!placed.insert(t->id).second) continue;
            out.push_back(*t);
            visit(t->id);
        }
    };
    visit("");
    return out;
}

// Throws Conflict when placing term under its parent would make a loop, the parent does not
// exist or belongs to another taxonomy.
void check_parent(Connection& c, const domain::TaxonomyTerm& t) {
    // Walk up from the new parent: reaching this term again would make a loop.
    std::string cursor = t.parent_id;
    for (int depth = 0; !cursor.empty(); ++depth) {
        if (cursor == t.id || depth > 64)
            throw Conflict("A term cannot be placed under one of its own sub-terms.");
        Query parent(c, kTermParent, cursor);
        if (!parent.next()) throw Conflict("The parent term " + cursor + " does not exist.");
        if (depth == 0 && parent.row().text(1) != t.taxonomy_id)
            throw Conflict("The parent term belongs to a different taxonomy.");
        cursor = parent.row().text(0);
    }
}

class Taxonomies final : public TaxonomyRepository {
public:
    explicit Taxonomies(ConnectionSource& source) : source_(source) {}

    std::vector<domain::Taxonomy> taxonomies() override {
        return read(source_, [](Connection& c) { return rows(c, kListTaxonomies, read_taxonomy); });
    }

    std::optional<domain::Taxonomy> find_taxonomy(const std::string& id) override {
        return read(source_, [&](Connection& c) {
            return optional_row(c, kSelectTaxonomy, read_taxonomy, id);
        });
    }

    std::optional<domain::Taxonomy> find_taxonomy_by_code(const std::string& code) override {
        return read(source_, [&](Connection& c) {
            return optional_row(c, kSelectTaxonomyByCode, read_taxonomy, code);
        });
    }

    std::optional<domain::TaxonomyTerm> find_term(const std::string& id) override {
        return read(source_,
                    [&](Connection& c) { return optional_row(c, kSelectTerm, read_term, id); });
    }

    std::optional<domain::TaxonomyTerm> find_term_by_code(const std::string& taxonomy_code,
                                                          const std::string& term_code) override {
        return read(source_, [&](Connection& c) {
            return optional_row(c, kSelectTermByCode, read_term, taxonomy_code, term_code);
        });
    }

    std::vector<domain::TaxonomyTerm> terms(const std::string& taxonomy_id) override {
        return in_tree_order(read(
            source_, [&](Connection& c) { return rows(c, kSelectTerms, read_term, taxonomy_id); }));
    }

    std::vector<std::pair<std::string, std::int64_t>> service_counts(
        const std::string& taxonomy_id) override {
        return read(source_, [&](Connection& c) {
            return rows(
                c, kTermCounts,
                [](const Statement& st) { return std::pair(st.text(0), st.integer(1)); },
                taxonomy_id, listing_day());
        });
    }

    using TaxonomyRepository::save_taxonomy;
    void save_taxonomy(const domain::Checked<domain::Taxonomy>& checked) override {
        const auto& t = *checked;
        source_.with_write([&](Connection& c) {
            if (exists(c, kTaxonomyCodeTaken, t.code, t.id))
                throw Conflict("Another taxonomy already uses the code \"" + t.code +
                               "\". Choose a different code.");
            if (optional_row(c, kSelectTaxonomy, read_taxonomy, t.id) == t) return;
            run(c, kUpsertTaxonomy, t.id, t.code, t.name, t.description, t.uri, t.version);
        });
    }

    using TaxonomyRepository::save_term;
    void save_term(const domain::Checked<domain::TaxonomyTerm>& checked) override {
        const auto& t = *checked;
        source_.with_write([&](Connection& c) {
            if (!exists(c, kSelectTaxonomy, t.taxonomy_id))
                throw Conflict("The taxonomy " + t.taxonomy_id + " does not exist.");
            if (exists(c, kTermCodeTaken, t.taxonomy_id, t.code, t.id))
                throw Conflict("Another term in this taxonomy already uses the code \"" + t.code +
                               "\". Choose a different code.");
            check_parent(c, t);
            if (optional_row(c, kSelectTerm, read_term, t.id) == t) return;
            run(c, kUpsertTerm, t.id, t.taxonomy_id, t.parent_id, t.code, t.name, t.description,
                t.position);
        });
    }

    TermUse term_use(const std::string& term_id) override {
        return read(source_, [&](Connection& c) { return read_use(c, term_id); });
    }

    std::vector<std::string> service_ids_with_term(const std::string& term_id) override {
        return read(source_, [&](Connection& c) { return strings(c, kTermServiceIds, term_id); });
    }

    bool remove_term(const std::string& id) override {
        bool removed = false;
        source_.with_write([&](Connection& c) {
            if (!exists(c, kSelectTerm, id)) return;
            // Checked again here, inside the write: a service may have been filed under the
            // term since the editor looked.
            if (const auto use = read_use(c, id); use.in_use()) throw Conflict(in_use_message(use));
            run(c, kDeleteTerm, id);
            removed = true;
        });
        return removed;
    }

private:
    ConnectionSource& source_;
};

}  // namespace

std::unique_ptr<TaxonomyRepository> make_taxonomy_repository(ConnectionSource& source) {
    return std::make_unique<Taxonomies>(source);
}

}  // namespace lo::storage::sqlite
