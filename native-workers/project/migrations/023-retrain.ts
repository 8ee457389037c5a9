/**
 * Schema (#16.8): retraining deployed models. `retrain_settings` is a model's
 * opt-ins (an alert starts a retrain; a winning challenger is promoted) and
 * the metric a challenger must win on; `retrains` is each retrain's history:
 * the champion version, the training run and challenger version it made, the
 * side-by-side comparison (JSON) and whether it was promoted.
 */
export const migration023 = `
CREATE TABLE retrain_settings (
  name TEXT PRIMARY KEY,
  on_alert INTEGER NOT NULL CHECK (on_alert IN (0, 1)),
  auto_promote INTEGER NOT NULL CHECK (auto_promote IN (0, 1)),
  metric TEXT,
  data TEXT,
  updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE retrains (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  champion INTEGER NOT NULL,
  source TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN ('user', 'alert')),
  run_id INTEGER,
  challenger INTEGER,
  status TEXT NOT NULL CHECK (status IN ('training', 'compared', 'failed', 'cancelled')),
  comparison TEXT,
  promoted INTEGER NOT NULL DEFAULT 0 CHECK (promoted IN (0, 1)),
  error TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT
) STRICT;
CREATE INDEX retrains_name ON retrains (name, id);
`;
