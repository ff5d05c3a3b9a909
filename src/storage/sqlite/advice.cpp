// Advice pages in SQLite: the Local Offer's articles for families, written in Markdown.
#include "domain/dates.hpp"
#include "storage/sqlite/query.hpp"
#include "storage/sqlite/repositories.hpp"

namespace lo::storage::sqlite {
namespace {

constexpr const char kUpsertAdvice[] =
    "INSERT INTO advice_pages (id, slug, title, summary, body_markdown, position, source, "
    "last_modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET "
    "slug = ?2, title = ?3, summary = ?4, body_markdown = ?5, position = ?6, source = ?7, "
    "last_modified = ?8";
constexpr const char kSelectAdviceBySlug[] =
    "SELECT id, slug, title, summary, body_markdown, position, source, last_modified "
    "FROM advice_pages WHERE slug = ?1";
constexpr const char kSelectAdvice[] =
    "SELECT id, slug, title, summary, body_markdown, position, source, last_modified "
    "FROM advice_pages WHERE id = ?1";
constexpr const char kListAdvice[] =
    "SELECT id, slug, title, summary, body_markdown, position, source, last_modified "
    "FROM advice_pages ORDER BY position, title COLLATE NOCASE";
constexpr const char kAdviceSlugTaken[] = "SELECT 1 FROM advice_pages WHERE slug = ?1 AND id <> ?2";

constexpr const char kDeleteAdvice[] = "DELETE FROM advice_pages WHERE id = ?1";
// A live page's address is its own again, whatever a deleted page there once left behind.
constexpr const char kForgetRedirectFrom[] = "DELETE FROM advice_redirects WHERE from_slug = ?1";
// Addresses that led to the page being deleted lead on to its target (NULL: the advice list).
constexpr const char kMoveRedirects[] =
    "UPDATE advice_redirects SET to_page_id = NULLIF(?2, '') WHERE to_page_id = ?1";
constexpr const char kAddRedirect[] =
    "INSERT INTO advice_redirects (from_slug, to_page_id, created_at) VALUES (?1, NULLIF(?2, ''), "
    "?3) ON CONFLICT (from_slug) DO UPDATE SET to_page_id = NULLIF(?2, ''), created_at = ?3";
constexpr const char kSelectRedirect[] =
    "SELECT IFNULL(p.slug, '') FROM advice_redirects r LEFT JOIN advice_pages p "
    "ON p.id = r.to_page_id WHERE r.from_slug = ?1";
constexpr const char kRedirectsTo[] =
    "SELECT from_slug FROM advice_redirects WHERE to_page_id = ?1 ORDER BY from_slug";

domain::AdvicePage read_advice(const Statement& st) {
    return {st.text(0), st.text(1), st.text(2),
            st.text(3), st.text(4), static_cast<int>(st.integer(5)),
            st.text(6), st.text(7)};
}

class Advice final : public AdviceRepository {
public:
    explicit Advice(ConnectionSource& source) : source_(source) {}

    std::optional<domain::AdvicePage> find_by_slug(const std::string& slug) override {
        return read(source_, [&](Connection& c) {
            return optional_row(c, kSelectAdviceBySlug, read_advice, slug);
        });
    }

    std::optional<domain::AdvicePage> find(const std::string& id) override {
        return read(source_,
                    [&](Connection& c) { return optional_row(c, kSelectAdvice, read_advice, id); });
    }

    std::vector<domain::AdvicePage> list() override {
        return read(source_, [](Connection& c) { return rows(c, kListAdvice, read_advice); });
    }

    using AdviceRepository::save;
    void save(const domain::Checked<domain::AdvicePage>& checked) override {
        const auto& p = *checked;
        source_.with_write([&](Connection& c) {
            if (auto old = optional_row(c, kSelectAdvice, read_advice, p.id)) {
                old->last_modified = p.last_modified;
                if (*old == p) return;
            }
            if (exists(c, kAdviceSlugTaken, p.slug, p.id))
                throw Conflict("Another advice page already uses the web address /advice/" +
                               p.slug + ". Choose a different one.");
            run(c, kUpsertAdvice, p.id, p.slug, p.title, p.summary, p.body_markdown, p.position,
                p.source, domain::now_rfc3339());
            run(c, kForgetRedirectFrom, p.slug);
        });
    }

    bool remove(const std::string& id, const std::string& target_page_id) override {
        bool removed = false;
        source_.with_write([&](Connection& c) {
            const auto page = optional_row(c, kSelectAdvice, read_advice, id);
            if (!page) return;
            if (target_page_id == id)
                throw Conflict(
                    "A deleted page cannot lead to itself. Choose another advice page "
                    "or the list of advice pages.");
            if (!target_page_id.empty() && !exists(c, kSelectAdvice, target_page_id))
                throw Conflict(
                    "The page chosen for its old address no longer exists. Choose "
                    "another advice page or the list of advice pages.");
            run(c, kMoveRedirects, id, target_page_id);
            run(c, kAddRedirect, page->slug, target_page_id, domain::now_rfc3339());
            run(c, kDeleteAdvice, id);
            removed = true;
        });
        return removed;
    }

    std::optional<std::string> redirect_for(const std::string& slug) override {
        return read(source_, [&](Connection& c) {
            return optional_row(
                c, kSelectRedirect, [](const Statement& st) { return st.text(0); }, slug);
        });
    }

    std::vector<std::string> redirects_to(const std::string& page_id) override {
        return read(source_, [&](Connection& c) { return strings(c, kRedirectsTo, page_id); });
    }

private:
    ConnectionSource& source_;
};

}  // namespace

std::unique_ptr<AdviceRepository> make_advice_repository(ConnectionSource& source) {
    return std::make_unique<Advice>(source);
}

}  // namespace lo::storage::sqlite
