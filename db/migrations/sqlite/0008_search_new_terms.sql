-- A term added in the admin must be usable in search filters and facets at once. The index
-- reads the terms when it rebuilds, so a new term asks for a rebuild, as a changed one does
-- (0003_search.sql). Loading the seeds on a fresh install adds terms before any index exists.
CREATE TRIGGER search_term_inserted AFTER INSERT ON taxonomy_terms BEGIN
    INSERT INTO search_changes (kind, id) VALUES ('all', NEW.id);
END;
