/**
 * Schema (issue #7): saved database connections and the state of datasets fed
 * by a database or an API. No secret is ever stored here: `secret_ref` says
 * where the password is found (an env variable, a credentials file, the OS
 * keychain), never what it is.
 */
export const migration009 = `
CREATE TABLE connections (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('postgres', 'mysql', 'sqlite')),
  config TEXT NOT NULL,
  secret_ref TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE source_state (
  dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('db', 'http')),
  spec TEXT NOT NULL,
  watermark TEXT,
  position TEXT,
  status TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'resumable')),
  schedule_minutes REAL,
  last_refresh_at TEXT
) STRICT;
`;
