-- Accounts for staff turnover and personal data kept only as long as promised (docs/privacy.md).
--
-- A deleted account leaves a pseudonym ("Former editor 7") in its place: the audit log and the
-- history of services still show that the same person did those things, without saying who.
-- The number comes from this table's rowid, so a pseudonym is never given out twice.
CREATE TABLE former_accounts (
    number     INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    TEXT NOT NULL UNIQUE,  -- the deleted account's random id, still on history rows
    pseudonym  TEXT NOT NULL,
    deleted_at INTEGER NOT NULL       -- Unix seconds
);

-- The audit log and service versions stay append-only for what happened, when and to what.
-- Only who did it may be replaced (by a pseudonym, when an account is deleted or a person's
-- data is erased), and the network address may be blanked once its retention period is over.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OF id, at, actor_id, action, detail ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

DROP TRIGGER service_versions_no_update;
CREATE TRIGGER service_versions_no_update
BEFORE UPDATE OF service_id, number, snapshot, user_id, at, changed_fields, reason, source
ON service_versions
BEGIN SELECT RAISE(ABORT, 'service versions are append-only'); END;
