-- Single sign-on with OpenID Connect (docs/single-sign-on.md): one row for each sign-in that has
-- left for the council's identity provider and not yet come back. The row is taken (deleted) when
-- the provider answers, so an answer can be used once; rows older than ten minutes are removed
-- whenever a new sign-in starts. Nothing here names a person.
CREATE TABLE sso_logins (
    state_hash   TEXT PRIMARY KEY,  -- SHA-256 of the state sent to the provider
    browser_hash TEXT NOT NULL,     -- SHA-256 of the id in the browser's cookie that started it
    nonce        TEXT NOT NULL,     -- must come back inside the ID token
    verifier     TEXT NOT NULL,     -- the PKCE code verifier, sent with the code
    next         TEXT NOT NULL,     -- the admin page to open afterwards
    created_at   INTEGER NOT NULL
);
CREATE INDEX sso_logins_created ON sso_logins (created_at);
