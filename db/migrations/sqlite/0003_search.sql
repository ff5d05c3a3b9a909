-- Search support (docs/search.md): a change feed the search indexer follows, the gazetteer that
-- turns a postcode or place name into a point, and daily search counts with nothing personal.

-- Every committed change to something the search index shows, in order. Triggers fill it, so no
-- write path can forget; the indexer applies rows after the sequence number its index records.
CREATE TABLE search_changes (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('service', 'advice', 'all')),
    id   TEXT NOT NULL
);

CREATE TRIGGER search_service_inserted AFTER INSERT ON services BEGIN
    INSERT INTO search_changes (kind, id) VALUES ('service', NEW.id);
END;
CREATE TRIGGER search_service_updated AFTER UPDATE ON services BEGIN
    INSERT INTO search_changes (kind, id) VALUES ('service', NEW.id);
END;
CREATE TRIGGER search_service_deleted AFTER DELETE ON services BEGIN
    INSERT INTO search_changes (kind, id) VALUES ('service', OLD.id);
END;
-- A venue's coordinates or an organisation's name are indexed with each service that uses them.
CREATE TRIGGER search_location_updated AFTER UPDATE ON locations BEGIN
    INSERT INTO search_changes (kind, id)
        SELECT 'service', service_id FROM service_at_locations WHERE location_id = NEW.id;
END;
CREATE TRIGGER search_organisation_updated AFTER UPDATE ON organisations BEGIN
    INSERT INTO search_changes (kind, id)
        SELECT 'service', id FROM services WHERE organisation_id = NEW.id;
END;
-- Renaming or moving a term changes the words and filters of many services: rebuild.
CREATE TRIGGER search_term_updated AFTER UPDATE ON taxonomy_terms BEGIN
    INSERT INTO search_changes (kind, id) VALUES ('all', NEW.id);
END;
CREATE TRIGGER search_advice_inserted AFTER INSERT ON advice_pages BEGIN
    INSERT INTO search_changes (kind, id) VALUES ('advice', NEW.id);
END;
CREATE TRIGGER search_advice_updated AFTER UPDATE ON advice_pages BEGIN
    INSERT INTO search_changes (kind, id) VALUES ('advice', NEW.id);
END;
CREATE TRIGGER search_advice_deleted AFTER DELETE ON advice_pages BEGIN
    INSERT INTO search_changes (kind, id) VALUES ('advice', OLD.id);
END;

-- Postcode units ("OX26 6BL"), in normal single-space form, with WGS84 coordinates.
CREATE TABLE gazetteer_postcodes (
    postcode  TEXT PRIMARY KEY,
    latitude  REAL NOT NULL,
    longitude REAL NOT NULL
) WITHOUT ROWID;

-- Outward codes ("OX26"): district centroids.
CREATE TABLE gazetteer_outcodes (
    outcode   TEXT PRIMARY KEY,
    latitude  REAL NOT NULL,
    longitude REAL NOT NULL
) WITHOUT ROWID;

-- Place names. name_key is the lowercased name with punctuation folded, for lookups.
-- rank: 0 city, 1 town, 2 anything else (used to order a choice between places of one name).
CREATE TABLE gazetteer_places (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    name_key  TEXT NOT NULL,
    county    TEXT NOT NULL DEFAULT '',
    latitude  REAL NOT NULL,
    longitude REAL NOT NULL,
    rank      INTEGER NOT NULL DEFAULT 2,
    UNIQUE (name_key, county)
);
CREATE INDEX gazetteer_places_by_key ON gazetteer_places (name_key);

-- The areas services say they cover ("Oxfordshire"), as a centre and a radius in miles: an
-- approximation good enough to tell whether a searched place is inside the area.
CREATE TABLE gazetteer_areas (
    name         TEXT PRIMARY KEY,
    latitude     REAL NOT NULL,
    longitude    REAL NOT NULL,
    radius_miles REAL NOT NULL CHECK (radius_miles > 0)
) WITHOUT ROWID;

-- Search counts per day: how many searches, how many found nothing, how often each filter was
-- used. No query text, no address, no cookie: nothing here can identify a person.
CREATE TABLE search_daily_counts (
    day    TEXT NOT NULL,  -- YYYY-MM-DD (UTC)
    metric TEXT NOT NULL,  -- "searches", "zero_results", "filter:age", "filter:location"...
    count  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, metric)
) WITHOUT ROWID;
