-- "Is this page useful?" answers and "what were you trying to do?" comments from the public site.
-- No IP address, cookie or user agent is kept; comments have e-mail addresses and phone numbers
-- removed before they reach this table (domain/feedback.cpp).
CREATE TABLE feedback (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    page       TEXT NOT NULL,
    useful     INTEGER CHECK (useful IS NULL OR useful IN (0, 1)),
    comment    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_by_created ON feedback (created_at);
