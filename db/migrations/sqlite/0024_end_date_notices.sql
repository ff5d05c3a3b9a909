-- The note to a provider before a service's end date (issue 18, item 6) is recorded beside the
-- review reminders, once per service per end date: review_reminders gains the kind 'ending',
-- whose review_due column holds the end date. SQLite cannot change a CHECK, so the table is
-- made again with the rows it had.
CREATE TABLE review_reminders_new (
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    review_due TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('reminder', 'escalation', 'ending')),
    sent_at    INTEGER NOT NULL,
    recipients INTEGER NOT NULL,
    PRIMARY KEY (service_id, review_due, kind)
) WITHOUT ROWID;
INSERT INTO review_reminders_new (service_id, review_due, kind, sent_at, recipients)
    SELECT service_id, review_due, kind, sent_at, recipients FROM review_reminders;
DROP TABLE review_reminders;
ALTER TABLE review_reminders_new RENAME TO review_reminders;
