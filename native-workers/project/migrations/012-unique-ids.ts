/**
 * Schema 12: ids are never reused. A dataset's id names its row table (ds_<id>), a stream's its
 * readings table, a run's id is what a worker writes to and a registered version points at, an
 * image set's id keys its images: with plain INTEGER PRIMARY KEY, deleting the newest row hands
 * its id to the next one, so a late cleanup or a stale reference for the old one hits the new.
 * AUTOINCREMENT cannot be added in place, so the four tables are rebuilt (the migration runs with
 * foreign keys off, as SQLite's rebuild recipe requires, so the drop cascades nothing), and each
 * sequence starts past the highest id still referenced anywhere.
 */
export const migration012 = `
CREATE TABLE datasets_v12 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('importing', 'ready', 'failed')),
  table_name TEXT NOT NULL UNIQUE,
  row_count INTEGER NOT NULL DEFAULT 0,
  quarantined_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  error TEXT
) STRICT;
INSERT INTO datasets_v12 SELECT id, name, source, status, table_name, row_count, quarantined_count, created_at, error FROM datasets;
DROP TABLE datasets;
ALTER TABLE datasets_v12 RENAME TO datasets;

CREATE TABLE streams_v12 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  protocol TEXT,
  fields TEXT NOT NULL DEFAULT '[]',
  pipeline TEXT NOT NULL,
  device_time_field TEXT,
  table_name TEXT NOT NULL,
  reading_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;
INSERT INTO streams_v12 SELECT id, name, source, protocol, fields, pipeline, device_time_field, table_name, reading_count, created_at FROM streams;
DROP TABLE streams;
ALTER TABLE streams_v12 RENAME TO streams;

CREATE TABLE runs_v12 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  spec TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  error TEXT,
  result TEXT
) STRICT;
INSERT INTO runs_v12 SELECT id, kind, spec, status, created_at, started_at, finished_at, error, result FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v12 RENAME TO runs;

CREATE TABLE image_sets_v12 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  spec TEXT NOT NULL,
  classes TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('importing', 'ready', 'failed')),
  created_at TEXT NOT NULL
) STRICT;
INSERT INTO image_sets_v12 SELECT id, name, source, spec, classes, status, created_at FROM image_sets;
DROP TABLE image_sets;
ALTER TABLE image_sets_v12 RENAME TO image_sets;

-- Ids already gone may still be named elsewhere (a registered version's run, an image run's set):
-- the sequences start past them too. A row table left by a deleted dataset is not counted: its
-- name is all that is left of it, and recovery or the delete dropped it.
DELETE FROM sqlite_sequence WHERE name IN ('datasets', 'streams', 'runs', 'image_sets');
INSERT INTO sqlite_sequence (name, seq) SELECT 'datasets', max(
  coalesce((SELECT max(id) FROM datasets), 0),
  coalesce((SELECT max(dataset_id) FROM lineage), 0),
  coalesce((SELECT max(dataset_id) FROM watched_folders), 0),
  coalesce((SELECT max(dataset_id) FROM source_files), 0));
INSERT INTO sqlite_sequence (name, seq) SELECT 'streams', coalesce((SELECT max(id) FROM streams), 0);
INSERT INTO sqlite_sequence (name, seq) SELECT 'runs', max(
  coalesce((SELECT max(id) FROM runs), 0),
  coalesce((SELECT max(run_id) FROM model_versions), 0),
  coalesce((SELECT max(run_id) FROM image_runs), 0));
INSERT INTO sqlite_sequence (name, seq) SELECT 'image_sets', max(
  coalesce((SELECT max(id) FROM image_sets), 0),
  coalesce((SELECT max(set_id) FROM image_runs), 0));
`;
