-- Lanes edited in the browser: the whole lane as the configuration's JSON (LaneConfig), and who
-- edited it last. A lane with edited_by set is the database's: the configuration file no longer
-- overwrites it at start. A lane never edited follows the file, as before.
ALTER TABLE lanes ADD COLUMN config jsonb;
ALTER TABLE lanes ADD COLUMN edited_by text;
ALTER TABLE lanes ADD COLUMN edited_at timestamptz;
