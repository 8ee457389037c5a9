/**
 * Schema: cleansing recipes, versioned per source (a file-name pattern, see sourceKeyOf), and
 * every application of a version to a dataset with its counts. The per-step detail is in the
 * `recipe` lineage event written in the same transaction.
 */
export const migration007 = `
CREATE TABLE recipes (
  id INTEGER PRIMARY KEY,
  source_key TEXT NOT NULL,
  version INTEGER NOT NULL,
  recipe TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (source_key, version)
) STRICT;

CREATE TABLE recipe_applications (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  recipe_id INTEGER NOT NULL REFERENCES recipes(id),
  trigger TEXT NOT NULL CHECK (trigger IN ('import', 'manual')),
  rows_changed INTEGER NOT NULL,
  rows_dropped INTEGER NOT NULL,
  cells_changed INTEGER NOT NULL,
  summary TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;

CREATE INDEX recipe_applications_dataset ON recipe_applications (dataset_id);
`;
