-- Moderation and history of services (docs/admin.md, "Moderation and history").
-- A change request holds a proposed service record outside the `services` table, so nothing a
-- provider does reaches the public site, the search index or the ORUK API until an editor
-- approves it. Every published change appends a full snapshot to service_versions.
-- Snapshots are JSON written by domain/service_json.cpp. Times are RFC 3339 text.

CREATE TABLE change_requests (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id      TEXT NOT NULL,   -- no foreign key: a proposed new service is not live yet
    organisation_id TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('create', 'update')),
    state           TEXT NOT NULL CHECK (state IN ('draft', 'pending', 'approved', 'rejected', 'withdrawn')),
    proposed        TEXT NOT NULL,   -- the whole proposed service as JSON
    base            TEXT,            -- the live record when the request was made (NULL for create)
    base_last_modified TEXT NOT NULL DEFAULT '',
    author_id       TEXT NOT NULL,
    author_email    TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',  -- what the author changed and why
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at      TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX change_requests_by_state ON change_requests (state, updated_at);
CREATE INDEX change_requests_by_service ON change_requests (service_id);
CREATE INDEX change_requests_by_organisation ON change_requests (organisation_id);

CREATE TABLE service_versions (
    service_id     TEXT NOT NULL,
    number         INTEGER NOT NULL CHECK (number >= 1),
    snapshot       TEXT NOT NULL,    -- the whole published service as JSON
    user_id        TEXT NOT NULL DEFAULT '',
    user_email     TEXT NOT NULL DEFAULT '',
    at             TEXT NOT NULL,
    changed_fields TEXT NOT NULL DEFAULT '',  -- comma-separated field keys (domain/diff.hpp)
    reason         TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL CHECK (source IN ('initial', 'admin', 'approval', 'restore', 'import')),
    PRIMARY KEY (service_id, number)
) WITHOUT ROWID;
-- Versions are history: never changed or removed.
CREATE TRIGGER service_versions_no_update BEFORE UPDATE ON service_versions
BEGIN SELECT RAISE(ABORT, 'service versions are append-only'); END;
CREATE TRIGGER service_versions_no_delete BEFORE DELETE ON service_versions
BEGIN SELECT RAISE(ABORT, 'service versions are append-only'); END;
