/**
 * Schema (#17): recommender runs. A run's spec and result stay in `runs` (kind recs-train);
 * `recs_runs` keeps the summary by run for listing, and the trained model — trained on all the
 * interactions, with the users' histories serving needs — is its JSON (`recs_models.meta`)
 * plus one BLOB per typed array (factors, neighbour lists, histories), so listing runs never
 * reads megabytes of factors.
 */
export const migration015 = `
CREATE TABLE recs_runs (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  dataset_id INTEGER NOT NULL,
  model TEXT NOT NULL,
  summary TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE recs_models (
  run_id INTEGER PRIMARY KEY REFERENCES recs_runs(run_id) ON DELETE CASCADE,
  meta TEXT NOT NULL
) STRICT;

CREATE TABLE recs_model_arrays (
  run_id INTEGER NOT NULL REFERENCES recs_models(run_id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  dtype TEXT NOT NULL CHECK (dtype IN ('f64', 'i32')),
  data BLOB NOT NULL,
  PRIMARY KEY (run_id, name)
) STRICT;
`;
