-- Search words: the SEND words and acronyms and the everyday words families type, each mapped
-- to the words services use (docs/search.md, "Search words"). Editors change them in the admin
-- ("Search words"); migrate and serve load db/seeds/send-synonyms.tsv and
-- db/seeds/everyday-words.tsv into them while the version below is still 0.
CREATE TABLE search_words (
    id         INTEGER PRIMARY KEY,
    list       TEXT NOT NULL CHECK (list IN ('send', 'everyday')),
    term       TEXT NOT NULL CHECK (term <> ''),
    expansions TEXT NOT NULL CHECK (expansions <> ''),  -- separated by '|', as in the seed files
    category   TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,                            -- RFC 3339
    updated_by TEXT NOT NULL DEFAULT ''                  -- e-mail address; '' for the seed files
);
-- A term once in each list (case ignored); the same term may be in both.
CREATE UNIQUE INDEX search_words_by_term ON search_words (list, lower(term));

-- One number raised by every change to search_words, in the same transaction (the triggers
-- below, so no write path can forget). The search service compares it before each search and
-- reloads the words when it moved; cached answers name the version they were worked out with.
CREATE TABLE search_words_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO search_words_version (id, version) VALUES (1, 0);

CREATE TRIGGER search_words_inserted AFTER INSERT ON search_words BEGIN
    UPDATE search_words_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER search_words_updated AFTER UPDATE ON search_words BEGIN
    UPDATE search_words_version SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER search_words_deleted AFTER DELETE ON search_words BEGIN
    UPDATE search_words_version SET version = version + 1 WHERE id = 1;
END;
