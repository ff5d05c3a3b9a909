-- The Open Referral list pages (/openreferral/services, the exporters) walk services in name
-- order, skip defunct ones and count them. With the id and status in the name index, SQLite
-- pages and counts from the index alone instead of reading every service's row with its long
-- description (bench/README.md, "Import and the Open Referral API").
DROP INDEX services_by_name;
CREATE INDEX services_by_name ON services (name COLLATE NOCASE, id, status);
