/**
 * Schema 18 (017 is another branch's; they are merged in numeric order): results that came back from a
 * cluster executor (SLURM, Kubernetes, AWS Batch). A cluster job's result is a file that may arrive twice
 * (a requeued job runs again, a poll reads a result twice); its token is stored in the same transaction as
 * what it merges, so the second arrival finds the token and merges nothing.
 */
export const migration018 = `
CREATE TABLE cluster_merges (
  token TEXT PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
  job_kind TEXT NOT NULL,
  executor TEXT NOT NULL,
  merged_at TEXT NOT NULL
) STRICT;
`;
