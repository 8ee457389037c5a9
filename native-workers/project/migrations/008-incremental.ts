/**
 * Schema: watched folders and the fingerprints (size, mtime, sha256) of every file seen in
 * them, so a file is ingested once and skipped with a reason after that.
 */
export const migration008 = `
CREATE TABLE watched_folders (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE source_files (
  folder_id INTEGER NOT NULL REFERENCES watched_folders(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  sha256 TEXT,
  status TEXT NOT NULL CHECK (status IN ('ingested', 'appended', 'skipped', 'waiting', 'importing', 'failed')),
  reason TEXT,
  dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (folder_id, name)
) STRICT;
`;
