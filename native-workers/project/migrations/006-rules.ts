/**
 * Schema (C, rules): validation rules saved with a dataset, one row per saved version, and
 * structured quarantine entries — the failed rules as JSON (`issues`: [{rule, column, message}],
 * '[]' once a re-validation found the row passes) and the record's values as text (`fields`,
 * a JSON list) so a value can be fixed and the row re-validated and promoted.
 */
export const migration006 = `
ALTER TABLE quarantine ADD COLUMN issues TEXT;
ALTER TABLE quarantine ADD COLUMN fields TEXT;
CREATE INDEX quarantine_by_dataset ON quarantine (dataset_id, id);

CREATE TABLE dataset_rules (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  rules TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (dataset_id, version)
) STRICT;
`;
