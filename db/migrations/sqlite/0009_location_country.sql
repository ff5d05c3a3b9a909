-- Places outside the United Kingdom (imported or harvested from other directories, such as the
-- Open211 Miami package): their ISO 3166-1 alpha-2 country code. Empty means the UK, where the
-- UK postcode and coordinate rules apply (docs/import-format.md, "Places outside the UK").
ALTER TABLE locations ADD COLUMN country TEXT NOT NULL DEFAULT '';
