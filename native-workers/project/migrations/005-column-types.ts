/**
 * Schema 5: richer column types (date, datetime, categorical, id) and, per column, the date
 * format the source used and the column's name in the source (before a rename). SQLite
 * cannot change a CHECK constraint in place, so dataset_columns is rebuilt.
 */
export const migration005 = `
CREATE TABLE dataset_columns_v5 (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('integer', 'number', 'boolean', 'date', 'datetime', 'categorical', 'text', 'id')),
  format TEXT,
  source_name TEXT,
  PRIMARY KEY (dataset_id, position)
) STRICT;
INSERT INTO dataset_columns_v5 (dataset_id, position, name, type) SELECT dataset_id, position, name, type FROM dataset_columns;
DROP TABLE dataset_columns;
ALTER TABLE dataset_columns_v5 RENAME TO dataset_columns;
`;
