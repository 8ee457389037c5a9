/**
 * Schema 4: the model registry and served predictions. A version copies the
 * run's model document at registration, so it never changes afterwards;
 * stage changes are kept as events (promote, roll back); every prediction
 * served is logged for monitoring.
 */
export const migration004 = `
CREATE TABLE registered_models (
  name TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE model_versions (
  name TEXT NOT NULL REFERENCES registered_models(name) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  run_id INTEGER NOT NULL,
  stage TEXT NOT NULL DEFAULT 'none' CHECK (stage IN ('none', 'staging', 'production')),
  model TEXT NOT NULL,
  summary TEXT NOT NULL,
  card TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (name, version)
) STRICT;

CREATE TABLE stage_events (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  stage TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;

CREATE TABLE predictions (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  at REAL NOT NULL,
  input TEXT NOT NULL,
  output TEXT NOT NULL,
  latency_ms REAL NOT NULL
) STRICT;
CREATE INDEX predictions_by_model ON predictions (name, version, at);
`;
