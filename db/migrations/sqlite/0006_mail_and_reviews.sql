-- E-mail and the review cycle (docs/admin.md): every message the site sends is kept in the
-- outbox; review reminders record what was sent so a daily run never sends twice; "This is
-- still accurate" links are single-use tokens stored as SHA-256 hashes. Times are Unix seconds.

-- Every e-mail, sent or waiting. Without SMTP settings messages stay here for administrators to
-- read at /admin/outbox; with them they are sent, and failures are retried by the next run.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at      INTEGER NOT NULL,
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,   -- may carry one-time links: never logged
    kind            TEXT NOT NULL DEFAULT '',  -- 'password_reset', 'review_reminder', ...
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_attempt_at INTEGER,
    sent_at         INTEGER,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_unsent ON outbox (sent_at, attempts);

-- "This is still accurate" links in review reminders. One link per recipient; using one
-- records the check and makes every other link for the same review period stop working.
CREATE TABLE review_tokens (
    token_hash TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    review_due TEXT NOT NULL,      -- YYYY-MM-DD: the review period the link was sent for
    recipient  TEXT NOT NULL DEFAULT '',  -- the e-mail address it was sent to (for the audit log)
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX review_tokens_by_service ON review_tokens (service_id);

-- What the reminder run has sent, once per service and review period.
CREATE TABLE review_reminders (
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    review_due TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('reminder', 'escalation')),
    sent_at    INTEGER NOT NULL,
    recipients INTEGER NOT NULL,
    PRIMARY KEY (service_id, review_due, kind)
) WITHOUT ROWID;

-- Jobs that run once per calendar day (UTC), so restarts do not run them again.
CREATE TABLE daily_runs (
    name     TEXT PRIMARY KEY,
    last_day TEXT NOT NULL,  -- YYYY-MM-DD
    at       INTEGER NOT NULL
) WITHOUT ROWID;
