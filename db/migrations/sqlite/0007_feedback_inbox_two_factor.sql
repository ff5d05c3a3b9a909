-- The editors' feedback inbox and "You said, we did" (SEND Regulations 2014 reg 56), and optional
-- two-factor sign-in with an authenticator app (TOTP, RFC 6238) for admin accounts.

-- "Report a problem with this page" becomes a flag instead of a prefix on the comment.
ALTER TABLE feedback ADD COLUMN problem INTEGER NOT NULL DEFAULT 0 CHECK (problem IN (0, 1));
UPDATE feedback SET problem = 1, comment = substr(comment, 19)
 WHERE comment LIKE 'Problem reported: %';
CREATE INDEX feedback_by_page ON feedback (page);

-- What an editor (or, for a problem on their service, a provider) did with a piece of feedback.
-- No row means the feedback is new. public_comment is the comment as published, edited so it
-- identifies no one; the original comment in feedback is never published.
CREATE TABLE feedback_responses (
    feedback_id    TEXT PRIMARY KEY REFERENCES feedback (id) ON DELETE CASCADE,
    state          TEXT NOT NULL CHECK (state IN ('new', 'in_progress', 'responded', 'published')),
    response       TEXT NOT NULL DEFAULT '',
    public_comment TEXT NOT NULL DEFAULT '',
    theme          TEXT NOT NULL DEFAULT '',
    fixed          INTEGER NOT NULL DEFAULT 0 CHECK (fixed IN (0, 1)),
    updated_at     TEXT NOT NULL,              -- RFC 3339
    updated_by     TEXT NOT NULL DEFAULT '',   -- e-mail address of the person who saved it
    published_at   TEXT NOT NULL DEFAULT ''    -- RFC 3339, '' until first published
) WITHOUT ROWID;
CREATE INDEX feedback_responses_by_state ON feedback_responses (state);

-- Two-factor sign-in. secret is the base32 TOTP key: it is never logged or shown again after
-- set-up. enabled_at is NULL while the person is still confirming their first code. last_step is
-- the newest 30-second step whose code was accepted, so each code works only once.
CREATE TABLE two_factor (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret     TEXT NOT NULL,
    enabled_at INTEGER,
    last_step  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Single-use recovery codes, stored as SHA-256 of the user id and the code.
CREATE TABLE two_factor_recovery_codes (
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   INTEGER,
    PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;

-- A sign-in waiting for its code: the password was right, for this (anonymous) session.
CREATE TABLE two_factor_challenges (
    session_hash TEXT PRIMARY KEY REFERENCES sessions (id_hash) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    next         TEXT NOT NULL DEFAULT '/admin',
    created_at   INTEGER NOT NULL
) WITHOUT ROWID;
