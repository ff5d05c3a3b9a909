-- localoffer: foreign keys off
-- A fourth role, commissioner, who reads the insights pages only (issue 19, docs/insights.md).
-- SQLite cannot change a CHECK constraint in place, so the users table is made again with the
-- wider one, following SQLite's own procedure for such changes: the runner turns foreign keys
-- off for this migration (the line above), so dropping the old table does not cascade to
-- sessions and links, and checks every foreign key again before it commits.
CREATE TABLE users_new (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'provider', 'commissioner')),
    password_hash TEXT NOT NULL DEFAULT '',  -- '' until the person sets one
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    INTEGER NOT NULL
);
INSERT INTO users_new (id, email, role, password_hash, active, created_at)
    SELECT id, email, role, password_hash, active, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
