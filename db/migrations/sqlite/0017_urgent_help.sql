-- Urgent help (issue 14): what to do in a crisis (crisis lines, 999, NHS 111), set by an editor
-- and shown in a warning at the top of the service page. Empty for most services.
ALTER TABLE services ADD COLUMN urgent_help TEXT NOT NULL DEFAULT '';
