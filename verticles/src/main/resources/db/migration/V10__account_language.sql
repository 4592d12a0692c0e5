-- Issue #22: the interface in the account's language. The web layer checks the value against the languages the
-- browser has catalogs for; the database holds any well-formed tag, so adding a language needs no migration.
ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT 'en'
  CHECK (language ~ '^[a-z]{2,3}(-[A-Z]{2})?$');
