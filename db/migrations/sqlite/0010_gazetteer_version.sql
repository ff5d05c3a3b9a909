-- The gazetteer's version: one number that every gazetteer import raises, in the same
-- transaction. Cached search answers name the version they were worked out with, so a
-- postcode or place imported while the server runs is used at once (docs/search.md,
-- "The answer cache").
CREATE TABLE gazetteer_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO gazetteer_version (id, version) VALUES (1, 0);
