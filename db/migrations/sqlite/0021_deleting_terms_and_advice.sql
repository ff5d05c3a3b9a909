-- Deleting taxonomy terms and advice pages (docs/admin.md, "Deleting terms and advice pages").

-- A deleted advice page's address, and where it leads now: another advice page (by id, so the
-- redirect follows that page if its address changes later) or, when to_page_id is NULL, the
-- list of advice pages. Deleting a page that others lead to moves them on to its own target,
-- so a redirect never points at another redirect; the foreign key keeps that honest.
CREATE TABLE advice_redirects (
    from_slug  TEXT PRIMARY KEY,
    to_page_id TEXT REFERENCES advice_pages (id),
    created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX advice_redirects_by_target ON advice_redirects (to_page_id);

-- The search index reads the terms when it rebuilds (0003_search.sql, 0008_search_new_terms.sql),
-- so a deleted term asks for a rebuild too, or its filter and facet would outlive it. Deleted
-- advice pages and services already reach the index (search_advice_deleted,
-- search_service_deleted).
CREATE TRIGGER search_term_deleted AFTER DELETE ON taxonomy_terms BEGIN
    INSERT INTO search_changes (kind, id) VALUES ('all', OLD.id);
END;
