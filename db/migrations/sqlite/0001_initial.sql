-- The Local Offer's store of record. Shapes follow Open Referral UK 3.0 (docs/architecture.md),
-- with SEND fields on services. Child rows belong to their parent and go with it (ON DELETE CASCADE).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (key, value) VALUES ('generation', '0');

CREATE TABLE organisations (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description   TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL
);

CREATE TABLE locations (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    address_1     TEXT NOT NULL DEFAULT '',
    address_2     TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    county        TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    latitude      REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
    longitude     REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
    hide_address  INTEGER NOT NULL DEFAULT 0 CHECK (hide_address IN (0, 1)),
    source        TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL
);

CREATE TABLE location_accessibility (
    id          TEXT PRIMARY KEY,
    location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    description TEXT NOT NULL
);
CREATE INDEX location_accessibility_by_location ON location_accessibility (location_id, position);

CREATE TABLE services (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    summary         TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
    url             TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    min_age         INTEGER CHECK (min_age IS NULL OR min_age BETWEEN 0 AND 25),
    max_age         INTEGER CHECK (max_age IS NULL OR max_age BETWEEN 0 AND 25),
    eligibility     TEXT NOT NULL DEFAULT '',
    referral_url    TEXT NOT NULL DEFAULT '',
    free            INTEGER NOT NULL DEFAULT 1 CHECK (free IN (0, 1)),
    waiting_time    TEXT NOT NULL DEFAULT '',
    last_modified   TEXT NOT NULL,
    last_checked    TEXT NOT NULL DEFAULT '',
    review_due      TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT '',
    CHECK (min_age IS NULL OR max_age IS NULL OR min_age <= max_age)
);
CREATE INDEX services_by_organisation ON services (organisation_id);
CREATE INDEX services_by_name ON services (name COLLATE NOCASE);
CREATE INDEX services_by_last_modified ON services (last_modified);

CREATE TABLE service_referral_routes (
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    route      TEXT NOT NULL CHECK (route IN ('self', 'gp', 'health_professional', 'school',
                                              'social_worker', 'ehc_plan')),
    position   INTEGER NOT NULL,
    PRIMARY KEY (service_id, route)
) WITHOUT ROWID;

CREATE TABLE service_access_steps (
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    step       TEXT NOT NULL,
    PRIMARY KEY (service_id, position)
) WITHOUT ROWID;

CREATE TABLE service_delivery_modes (
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    mode       TEXT NOT NULL CHECK (mode IN ('in_person', 'online', 'phone', 'home_visit')),
    position   INTEGER NOT NULL,
    PRIMARY KEY (service_id, mode)
) WITHOUT ROWID;

CREATE TABLE service_languages (
    id         TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL
);
CREATE INDEX service_languages_by_service ON service_languages (service_id, position);

CREATE TABLE cost_options (
    id                 TEXT PRIMARY KEY,
    service_id         TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    option             TEXT NOT NULL DEFAULT '',
    amount             REAL,
    amount_description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cost_options_by_service ON cost_options (service_id, position);

CREATE TABLE service_at_locations (
    id          TEXT PRIMARY KEY,
    service_id  TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    location_id TEXT NOT NULL REFERENCES locations (id),
    position    INTEGER NOT NULL,
    UNIQUE (service_id, location_id)
);
CREATE INDEX service_at_locations_by_location ON service_at_locations (location_id);

CREATE TABLE contacts (
    id         TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contacts_by_service ON contacts (service_id, position);

CREATE TABLE contact_phones (
    id          TEXT PRIMARY KEY,
    contact_id  TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    number      TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_phones_by_contact ON contact_phones (contact_id, position);

CREATE TABLE contact_emails (
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    email      TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

CREATE TABLE schedules (
    id          TEXT PRIMARY KEY,
    service_id  TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    byday       TEXT NOT NULL,
    opens_at    TEXT NOT NULL,
    closes_at   TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX schedules_by_service ON schedules (service_id, position);

CREATE TABLE closures (
    id          TEXT PRIMARY KEY,
    service_id  TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX closures_by_service ON closures (service_id, date);

CREATE TABLE service_areas (
    id         TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL
);
CREATE INDEX service_areas_by_service ON service_areas (service_id, position);

CREATE TABLE taxonomies (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    uri         TEXT NOT NULL DEFAULT '',
    version     TEXT NOT NULL DEFAULT ''
);

CREATE TABLE taxonomy_terms (
    id          TEXT PRIMARY KEY,
    taxonomy_id TEXT NOT NULL REFERENCES taxonomies (id),
    parent_id   TEXT REFERENCES taxonomy_terms (id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (taxonomy_id, code)
);
CREATE INDEX taxonomy_terms_by_parent ON taxonomy_terms (parent_id);

CREATE TABLE service_taxonomy_terms (
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    term_id    TEXT NOT NULL REFERENCES taxonomy_terms (id),
    PRIMARY KEY (service_id, term_id)
) WITHOUT ROWID;
CREATE INDEX service_taxonomy_terms_by_term ON service_taxonomy_terms (term_id);

CREATE TABLE advice_pages (
    id            TEXT PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    body_markdown TEXT NOT NULL,
    position      INTEGER NOT NULL DEFAULT 0,
    source        TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL
);
