/**
 * Schema: image classification. An image set is a folder (or CSV) of labelled
 * pictures: every file gets a row with its content hash, size and status, so
 * corrupt, refused and duplicate images stay listed with the reason rather than
 * vanishing. The split is stored per image (seeded), so every run of a set uses
 * the same test images. Embeddings are cached per backbone and image content:
 * the same picture imported twice, or in another set, is embedded once.
 */
export const migration010 = `
CREATE TABLE image_sets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  spec TEXT NOT NULL,
  classes TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('importing', 'ready', 'failed')),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE images (
  id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL REFERENCES image_sets(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  label TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  width INTEGER,
  height INTEGER,
  status TEXT NOT NULL CHECK (status IN ('ok', 'corrupt', 'duplicate', 'refused')),
  issue TEXT,
  split TEXT CHECK (split IN ('train', 'validation', 'test')),
  thumbnail BLOB
) STRICT;
CREATE INDEX images_set ON images(set_id, status);

CREATE TABLE image_embeddings (
  backbone_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (backbone_id, sha256)
) WITHOUT ROWID, STRICT;

CREATE TABLE image_runs (
  run_id INTEGER PRIMARY KEY,
  set_id INTEGER NOT NULL,
  summary TEXT NOT NULL
) STRICT;

CREATE TABLE image_models (
  run_id INTEGER NOT NULL,
  phase INTEGER NOT NULL,
  backbone TEXT NOT NULL,
  classes TEXT NOT NULL,
  head TEXT NOT NULL,
  model_json TEXT,
  weights BLOB,
  PRIMARY KEY (run_id, phase)
) STRICT;
`;
