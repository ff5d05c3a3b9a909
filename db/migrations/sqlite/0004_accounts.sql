-- Accounts for the admin (docs/admin.md): people, their role and organisations, server-side
-- sessions, one-time set-password links, sign-in throttling and an append-only audit log.
-- Session ids and link tokens are stored only as SHA-256 hashes; passwords only as Argon2id.
-- Times are Unix seconds (UTC) unless named *_at_text.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'provider')),
    password_hash TEXT NOT NULL DEFAULT '',  -- '' until the person sets one
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    INTEGER NOT NULL
);

-- Which organisations a provider may edit.
CREATE TABLE user_organisations (
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (user_id, organisation_id)
) WITHOUT ROWID;

-- A browser's session. user_id is NULL before sign-in (the session then only carries the CSRF
-- token of the sign-in and set-password forms); signing in replaces it with a new id.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen);

-- Single-use, expiring links: set a first password, or reset a forgotten one.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('set_password', 'reset_password')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX account_tokens_by_user ON account_tokens (user_id);

-- Failed sign-ins per e-mail address and per network address, for throttling and lockout.
CREATE TABLE sign_in_failures (
    key           TEXT PRIMARY KEY,  -- 'email:<lowercase address>' or 'ip:<address>'
    failures      INTEGER NOT NULL,
    first_failure INTEGER NOT NULL,
    locked_until  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- What people did in the admin. Rows are never changed or removed.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,      -- RFC 3339
    actor_id       TEXT NOT NULL DEFAULT '',
    actor_email    TEXT NOT NULL DEFAULT '',
    action         TEXT NOT NULL,      -- 'sign_in', 'sign_in_failed', 'user_added', ...
    subject        TEXT NOT NULL DEFAULT '',
    detail         TEXT NOT NULL DEFAULT '',
    remote_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_at ON audit_log (at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
