/**
 * Schema 3: tabular training. A training run is a `runs` row (kind 'train')
 * plus its plan and summary here, one row per fold (-1 = the final refit on
 * the test split) with the exact row membership and the validation
 * predictions, and the fitted model (preprocessing + learner) as JSON.
 * `refit` holds what the refit adds to the plots until the final job merges
 * it into `plots`, which is only ever a finished run's complete plot data.
 * Row indices count dataset rows in rowid order.
 */
export const migration003 = `
CREATE TABLE train_runs (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  summary TEXT NOT NULL,
  plots TEXT,
  refit TEXT,
  test_rows BLOB
) STRICT;

CREATE TABLE train_folds (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  fold INTEGER NOT NULL,
  summary TEXT NOT NULL,
  train_rows BLOB NOT NULL,
  validation_rows BLOB NOT NULL,
  predictions BLOB,
  importance BLOB,
  PRIMARY KEY (run_id, fold)
) STRICT;

CREATE TABLE train_models (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  model TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
`;
